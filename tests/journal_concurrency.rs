//! Several `pddtui` processes sharing one data dir: the same order shipped by two at once goes out once
//! (the other is refused as in progress), and many writers at once never meet SQLITE_BUSY.

mod bin_support;

use bin_support::{Shop, Sim, command_as as command, output_text as text, shop_with, sim_order};
use serde_json::Value;
use std::process::Output;

fn shop(sim: &Sim) -> Shop {
    shop_with(&format!(
        "[profiles.main]\ngateway = \"fw199\"\nbase_url = \"{url}\"\nappid = \"demo-app\"\n\
         seller_nick = \"demo-shop\"\nsecret_env = \"J_SECRET\"\n",
        url = sim.url
    ))
}

fn no_busy(o: &Output) {
    let t = text(o).to_lowercase();
    assert!(
        !t.contains("busy") && !t.contains("locked"),
        "SQLite contention leaked out: {t}"
    );
}

fn shippable(sim: &Sim, shop: &Shop, n: usize) -> Vec<String> {
    let out = command(shop, "alice", &["orders", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    list.iter()
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .filter(|sn| {
            let o = &sim_order(sim, sn)["order"];
            o["refund_status"] == 1 && o["risk_control_status"] == 0 && o["order_status"] == 1
        })
        .take(n)
        .collect()
}

#[test]
fn the_same_order_shipped_by_two_processes_goes_out_once() {
    let sim = bin_support::start_sim(60, 21, &["--latency-ms", "1000"]);
    let shop = shop(&sim);
    let sn = shippable(&sim, &shop, 1).remove(0);
    let ship = |user: &str, number: &str| {
        command(
            &shop,
            user,
            &["ship", &sn, "--courier", "85", "--tracking", number],
        )
        .spawn()
        .unwrap()
    };
    let a = ship("alice", "YT1234567890123");
    let b = ship("bob", "YT1234567890124");
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    no_busy(&a);
    no_busy(&b);
    let (won, lost, loser) = match (a.status.code(), b.status.code()) {
        (Some(0), Some(1)) => (&a, &b, "alice"),
        (Some(1), Some(0)) => (&b, &a, "bob"),
        other => panic!("{other:?}\n{}\n{}", text(&a), text(&b)),
    };
    assert!(text(won).contains(&sn));
    assert!(
        text(lost).contains(&format!("in progress by {loser}")),
        "{}",
        text(lost)
    );
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 1);
}

#[test]
fn many_writers_at_once_never_see_sqlite_busy() {
    let sim = bin_support::start_sim(80, 22, &[]);
    let shop = shop(&sim);
    let orders = shippable(&sim, &shop, 8);
    assert_eq!(orders.len(), 8);
    // All start on a data dir whose journal does not exist yet.
    let mut children = Vec::new();
    for (i, sn) in orders.iter().enumerate() {
        let user = format!("op{i}");
        let number = format!("YT12345678901{i:02}");
        children.push(
            command(
                &shop,
                &user,
                &["ship", sn, "--courier", "85", "--tracking", &number],
            )
            .spawn()
            .unwrap(),
        );
        children.push(
            command(&shop, &user, &["note", sn, "--text", "checked"])
                .spawn()
                .unwrap(),
        );
        children.push(command(&shop, &user, &["journal"]).spawn().unwrap());
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        no_busy(&out);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    }
    for sn in &orders {
        assert_eq!(sim_order(&sim, sn)["ship_count"], 1);
    }
    let out = command(&shop, "alice", &["journal", "--json"])
        .output()
        .unwrap();
    let entries: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(entries.len(), 16);
    assert!(entries.iter().all(|e| e["state"] == "ok"), "{entries:?}");
}
