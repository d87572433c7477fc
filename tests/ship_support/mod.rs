//! A shipment request for the library-level tests, built the only way there is: through validation,
//! against a courier list holding YTO (85).
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
