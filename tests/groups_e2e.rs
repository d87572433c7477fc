//! Issue 12, merge groups through the real binary against `pddtui sim`. In a pseudo-terminal: the filter
//! word finds the simulator's orders of one buyer address, `m` selects them, and one tracking number ships
//! them in one parcel — the simulator records that number on each of them, and nowhere else. On the
//! command line: a number one order of the group shipped with is the others' too, and nobody else's.

mod bin_support;

use bin_support::pty::Term;
use bin_support::{command_as, output_text, sim_order, unshipped};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// The simulator's unshipped orders by buyer address, where two or more share one and all can ship.
fn groups(sim: &bin_support::Sim, shop: &bin_support::Shop) -> Vec<Vec<String>> {
    let mut by: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for o in unshipped(shop) {
        let sn = o["order_sn"].as_str().unwrap().to_string();
        let held = sim_order(sim, &sn);
        if let Some(id) = held["order"]["open_address_id"].as_str() {
            by.entry(id.to_string()).or_default().push(sn);
        }
    }
    by.into_values().filter(|g| g.len() > 1).collect()
}

#[test]
fn a_merge_group_ships_in_one_parcel_with_one_number() {
    let sim = bin_support::start_sim(40, 11, &[]);
    let shop = bin_support::fw199_shop(&sim);
    let groups = groups(&sim, &shop);
    assert_eq!(groups.len(), 1, "{groups:?}");
    let group = &groups[0];
    let shippable = |sn: &String| {
        let o = &sim_order(&sim, sn)["order"];
        o["refund_status"] == 1 && o["risk_control_status"] == 0
    };
    assert!(group.iter().all(shippable), "{group:?}");
    let mut term = Term::open(&shop, &[]);
    term.wait_for(&group[0]);

    term.send("/");
    term.send("合单");
    term.send("\r");
    term.wait_for("[合1]");
    term.send("m");
    term.wait_for(&format!("已选中合单组 1:{} 单", group.len()));
    term.send("s");
    // A courier preset by a note or the last one used lands with the courier list: settle, then go back to
    // the courier field if the focus moved on.
    term.settle(Duration::from_millis(1200), Duration::from_secs(8));
    if !term.screen().contains("▶快递公司") {
        term.send("\x1b[Z");
    }
    term.wait_for("一个包裹");
    term.wait_for("YTO");
    term.send("yto");
    term.send("\r");
    term.send("YT7770001112223");
    term.send("\r");
    term.wait_for("y 确认发货");
    term.send("y");

    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let held: Vec<_> = group.iter().map(|sn| sim_order(&sim, sn)).collect();
        if held.iter().all(|h| h["order"]["order_status"] == 2) {
            for h in &held {
                assert_eq!(h["order"]["tracking_number"], "YT7770001112223", "{h}");
                assert_eq!(h["order"]["logistics_id"], 85);
                assert_eq!(h["ship_count"], 1);
            }
            break;
        }
        assert!(Instant::now() < deadline, "not all shipped: {held:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    // Nobody outside the group got the number.
    for o in unshipped(&shop) {
        assert_ne!(o["tracking_number"], "YT7770001112223");
    }
    // A key within a second of the dialog closing by itself is held back: wait before quitting.
    term.settle(Duration::from_millis(1200), Duration::from_secs(8));
    term.send("q");
    let status = term.wait_exit(Duration::from_secs(3));
    assert!(status.success(), "{status:?}");
}

#[test]
fn the_cli_shares_a_number_within_the_group_and_refuses_it_elsewhere() {
    let sim = bin_support::start_sim(40, 11, &[]);
    let shop = bin_support::fw199_shop(&sim);
    let groups = groups(&sim, &shop);
    let group = &groups[0];
    let other = unshipped(&shop)
        .iter()
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .find(|sn| {
            let o = &sim_order(&sim, sn)["order"];
            !group.contains(sn) && o["refund_status"] == 1 && o["risk_control_status"] == 0
        })
        .unwrap();
    let ship = |sn: &str| {
        command_as(
            &shop,
            "alice",
            &[
                "ship",
                sn,
                "--courier",
                "85",
                "--tracking",
                "YT7770001112224",
            ],
        )
        .output()
        .unwrap()
    };
    for sn in group {
        let out = ship(sn);
        assert!(out.status.success(), "{sn}: {}", output_text(&out));
        let held = sim_order(&sim, sn);
        assert_eq!(held["order"]["tracking_number"], "YT7770001112224");
    }
    // An order of another address: refused before sending, naming an order of the group.
    let out = ship(&other);
    assert!(!out.status.success());
    let text = output_text(&out);
    assert!(text.contains("already used"), "{text}");
    assert!(group.iter().any(|sn| text.contains(sn.as_str())), "{text}");
    assert_eq!(sim_order(&sim, &other)["order"]["order_status"], 1);
}

/// Issue 12: `pddtui ship --csv` lets the rows of one buyer address share a number (one parcel) and
/// ships them; a later file giving that number to an order of another address is refused up front,
/// naming an order of the group.
#[test]
fn a_csv_shares_a_number_within_the_group_and_refuses_it_elsewhere() {
    let sim = bin_support::start_sim(40, 11, &[]);
    let shop = bin_support::fw199_shop(&sim);
    let groups = groups(&sim, &shop);
    let group = &groups[0];
    let other = unshipped(&shop)
        .iter()
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .find(|sn| {
            let o = &sim_order(&sim, sn)["order"];
            !group.contains(sn) && o["refund_status"] == 1 && o["risk_control_status"] == 0
        })
        .unwrap();
    let number = "YT7770001112226";
    let run = |name: &str, sns: &[String]| {
        let file = shop.dir.path().join(name);
        let mut text = String::from("order_sn,courier,tracking_number\n");
        for sn in sns {
            text.push_str(&format!("{sn},YTO,{number}\n"));
        }
        std::fs::write(&file, text).unwrap();
        command_as(&shop, "alice", &["ship", "--csv", file.to_str().unwrap()])
            .output()
            .unwrap()
    };
    let out = run("group.csv", group);
    assert!(out.status.success(), "{}", output_text(&out));
    for sn in group {
        let held = sim_order(&sim, sn);
        assert_eq!(held["order"]["tracking_number"], number, "{sn}");
    }
    let out = run("other.csv", std::slice::from_ref(&other));
    assert!(!out.status.success());
    let text = output_text(&out);
    assert!(group.iter().any(|sn| text.contains(sn.as_str())), "{text}");
    assert_eq!(sim_order(&sim, &other)["order"]["order_status"], 1);
}
