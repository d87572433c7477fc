//! Times decode as Beijing time even on a host set to another zone. A binary of its own, because it
//! changes the process environment (TZ) before anything reads it.

use pddtui::api::fw199::model::Envelope;
use pddtui::api::pddshuju::model::SyncOrder;
use pddtui::domain::Order;
use pddtui::domain::time::format_beijing;

#[test]
fn beijing_times_whatever_the_host_zone() {
    // SAFETY: the only test of this binary, run before any other thread reads the environment.
    unsafe { std::env::set_var("TZ", "America/New_York") };
    let body = include_str!("fixtures/fw199_order_detail_seed003.json");
    let order: Order = serde_json::from_str::<Envelope<Order>>(body)
        .unwrap()
        .data
        .unwrap();
    // 2021-03-17 19:16:30 in Beijing (UTC+8) is 11:16:30 UTC, not 23:16:30 UTC (New York, UTC-4).
    assert_eq!(order.confirm_time.unwrap().as_second(), 1_615_979_790);
    assert_eq!(
        order.last_ship_time.unwrap().as_second(),
        1_615_979_790 + 2 * 86_400
    );
    assert_eq!(
        format_beijing(order.confirm_time.unwrap()),
        "2021-03-17 19:16:30"
    );
    let synced: SyncOrder = serde_json::from_value(serde_json::json!({
        "order_sn": "210317-001532562392221", "confirm_time": "2021-03-17 19:16:30"
    }))
    .unwrap();
    let o = synced.into_order().unwrap();
    assert_eq!(o.confirm_time.unwrap().as_second(), 1_615_979_790);
}
