//! Issue 12 with the real binary in a pseudo-terminal against `pddtui sim`: a selection holding an order in
//! after-sale names it with its reason and ships the others; the simulator never receives the blocked one.

mod bin_support;

use bin_support::pty::Term;
use bin_support::{fw199_shop, sim_order, sim_post, start_sim, unshipped};
use std::time::Duration;

/// Unshipped orders with nothing that blocks them, as the CLI lists them.
fn shippable(orders: &[serde_json::Value]) -> Vec<String> {
    orders
        .iter()
        .filter(|o| {
            o["refund_status"] == 1 && o["risk_control_status"] == 0 && o["order_status"] == 1
        })
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .collect()
}

/// Selects `sn`: filtered to it, Space, the filter cleared (the selection stays).
fn select(term: &mut Term, sn: &str, nth: usize) {
    term.send("/");
    term.send(sn);
    term.send("\r");
    term.send(" ");
    term.wait_for(&format!("{nth} selected"));
    term.send("\x1b");
    term.settle(Duration::from_millis(300), Duration::from_secs(3));
}

#[test]
fn a_selection_with_an_after_sale_order_ships_the_others_only() {
    let sim = start_sim(40, 11, &[]);
    let shop = fw199_shop(&sim);
    let ok = shippable(&unshipped(&shop));
    let (a, b, c) = (ok[0].clone(), ok[1].clone(), ok[2].clone());
    // The buyer asks for after-sale on `b` while the operator works.
    let mut order = sim_order(&sim, &b)["order"].clone();
    order["refund_status"] = 2.into();
    order["after_sales_status"] = 1.into();
    sim_post(&sim, "/__sim/orders", order);

    let mut term = Term::open(&shop, &["--lang", "en"]);
    term.wait_for(&a);
    for (i, sn) in [&a, &b, &c].into_iter().enumerate() {
        select(&mut term, sn, i + 1);
    }
    term.send("s");
    term.wait_for("must not ship");
    // The couriers and memos arrive after it opened: a key right after such a change is held back.
    term.settle(Duration::from_millis(1200), Duration::from_secs(8));
    let screen = term.screen();
    assert!(
        screen.contains(&b) && screen.contains("after-sale in progress"),
        "{screen}"
    );
    assert!(screen.contains("ship the 2 others"), "{screen}");
    term.send("y");
    term.wait_for("IMEI/serial");
    term.settle(Duration::from_millis(1200), Duration::from_secs(8));
    let screen = term.screen();
    assert!(
        screen.contains(&format!("not shipped: {b}")),
        "the form names the order left out: {screen}"
    );
    if !screen.contains("圆通快递 YTO 85") {
        if !screen.contains("▶courier") {
            term.send("\x1b[Z");
        }
        term.send("yto");
        term.send("\r");
        term.wait_for("圆通快递 YTO 85");
    }
    term.send("YT5100000000001");
    term.send("\r");
    term.send("YT5100000000002");
    term.send("\r");
    term.wait_for("y ships");
    term.send("y");
    term.wait_for("shipped 2 orders");

    for sn in [&a, &c] {
        assert_eq!(sim_order(&sim, sn)["ship_count"], 1, "{sn} shipped");
    }
    let blocked = sim_order(&sim, &b);
    assert_eq!(
        blocked["ship_count"], 0,
        "the after-sale order was never sent"
    );
    assert_eq!(blocked["order"]["order_status"], 1);
    // Still selected, and not shipped.
    assert!(term.screen().contains("1 selected"));
    term.settle(Duration::from_millis(1200), Duration::from_secs(8));
    term.send("q");
    term.wait_exit(Duration::from_secs(3));
}
