//! Issue 12, "a gateway error is shown once": the real binary in a pseudo-terminal against `pddtui sim`.
//! The buyer asks for after-sale after the ship dialog read the order, so only the gateway knows: its
//! refusal (20004) reaches the screen once, never as `网关错误 20004:网关错误 20004:…`.

mod bin_support;

use bin_support::pty::Term;
use bin_support::{fw199_shop, sim_order, sim_post, start_sim, unshipped};
use std::time::Duration;

#[test]
fn a_gateway_refusal_reads_once_on_screen() {
    let sim = start_sim(30, 5, &[]);
    let shop = fw199_shop(&sim);
    let sn = unshipped(&shop)
        .iter()
        .find(|o| {
            o["refund_status"] == 1 && o["risk_control_status"] == 0 && o["order_status"] == 1
        })
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .unwrap();
    let mut term = Term::open(&shop, &[]);
    term.wait_for(&sn);
    term.send("/");
    term.send(&sn);
    term.send("\r");
    term.send("s");
    term.wait_for("运单号");
    // The order is read as the dialog opens; the couriers arrive: keys right after are held back.
    term.settle(Duration::from_millis(1200), Duration::from_secs(8));
    let mut order = sim_order(&sim, &sn)["order"].clone();
    order["refund_status"] = 2.into();
    order["after_sales_status"] = 1.into();
    sim_post(&sim, "/__sim/orders", order);
    if !term.screen().contains("圆通快递 YTO 85") {
        if !term.screen().contains("▶快递公司") {
            term.send("\x1b[Z");
        }
        term.send("yto");
        term.send("\r");
        term.wait_for("圆通快递 YTO 85");
    }
    term.send("YT5200000000001");
    term.send("\r");
    term.wait_for("确认发货");
    term.send("y");
    term.wait_for("20004");
    term.settle(Duration::from_millis(600), Duration::from_secs(5));
    let screen = term.screen();
    assert_eq!(
        screen.matches("20004").count(),
        1,
        "the refusal is shown once:\n{screen}"
    );
    assert!(screen.contains("订单售后中"), "{screen}");
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 0);
}
