//! For the library-level tests: a shipment request built the only way there is (through validation, against
//! a courier list holding YTO, 85), and the demo shop's fw199 client on a simulator.
#![allow(dead_code)]

use pddtui::domain::ShipRequest;

/// A first shipment (`modify` false) or a change of number (`modify` true) of `sn` with YTO.
pub fn yto_as(sn: &str, number: &str, modify: bool) -> ShipRequest {
    let couriers = [pddtui::domain::Courier {
        id: 85,
        code: String::new(),
        name: String::new(),
        available: 1,
    }];
    let input = pddtui::domain::validate::ShipInput {
        order_sn: sn,
        courier_id: 85,
        tracking: number,
        imei: "",
        refund_address_id: None,
        modify,
    };
    pddtui::domain::validate::ship(&input, &couriers)
        .unwrap()
        .request
}

/// A first shipment of `sn` with YTO.
pub fn yto(sn: &str, number: &str) -> ShipRequest {
    yto_as(sn, number, false)
}

/// The demo shop's fw199 client on the simulator at `base_url`, with these timeouts.
pub fn demo_gateway(base_url: String, http: pddtui::api::HttpOptions) -> pddtui::api::Gateway {
    use pddtui::{api::fw199, sim};
    pddtui::api::Gateway::Fw199(
        fw199::Client::new(
            fw199::Config {
                base_url,
                appid: sim::DEMO_FW199_APPID.into(),
                seller_nick: sim::DEMO_FW199_SELLER_NICK.into(),
                secret: pddtui::api::Secret::new(sim::DEMO_FW199_SECRET),
            },
            http,
        )
        .unwrap(),
    )
}
