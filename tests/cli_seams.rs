//! The CLI at the seams between processes, the journal and the gateway: a claim that outlives a slow
//! request, tracking numbers compared in one normal form everywhere, every field sent validated.

mod bin_support;

use bin_support::{
    Shop, Sim, command_as as command, output_text as text, set_faults, shop_with, sim_get,
    sim_order,
};
use serde_json::{Value, json};
use std::process::Output;
use std::time::Duration;

/// A shop on `sim` whose claims hold `claim_secs` without renewal, answers awaited 30 s.
fn shop(sim: &Sim, claim_secs: u64) -> Shop {
    shop_with(&format!(
        "claim_secs = {claim_secs}\nrequest_timeout_secs = 30\n\
         [profiles.main]\ngateway = \"fw199\"\nbase_url = \"{url}\"\nappid = \"demo-app\"\n\
         seller_nick = \"demo-shop\"\nsecret_env = \"J_SECRET\"\n",
        url = sim.url
    ))
}

fn run(shop: &Shop, args: &[&str]) -> Output {
    command(shop, "alice", args).output().unwrap()
}

/// `n` unshipped orders that may ship, in the CLI's order.
fn shippable(sim: &Sim, shop: &Shop, n: usize) -> Vec<String> {
    let out = run(shop, &["orders", "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<String> = list
        .iter()
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .filter(|sn| {
            let o = &sim_order(sim, sn)["order"];
            o["refund_status"] == 1 && o["risk_control_status"] == 0 && o["order_status"] == 1
        })
        .take(n)
        .collect();
    assert_eq!(found.len(), n);
    found
}

fn ship(shop: &Shop, sn: &str, number: &str, extra: &[&str]) -> Output {
    let mut args = vec!["ship", sn, "--courier", "85", "--tracking", number];
    args.extend_from_slice(extra);
    run(shop, &args)
}

/// How many shipping calls (first or modify) reached the gateway.
fn ship_calls(sim: &Sim) -> usize {
    let v = sim_get(sim, "/__sim/requests");
    let all = v.as_array().cloned().unwrap_or_default();
    all.iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.contains("logistices/onlinesend"))
        })
        .count()
}

#[test]
fn a_claim_outlives_a_request_slower_than_its_lease() {
    let sim = bin_support::start_sim(60, 31, &[]);
    let shop = shop(&sim, 2);
    let sn = shippable(&sim, &shop, 1).remove(0);
    let first = ship(&shop, &sn, "YT5100000000001", &[]);
    assert!(first.status.success(), "{}", text(&first));
    // Every answer now takes three times the claim's lease.
    set_faults(&sim, json!({"latency_ms": 6000}));
    let modify = |user: &str, number: &str| {
        command(
            &shop,
            user,
            &[
                "ship",
                &sn,
                "--courier",
                "85",
                "--tracking",
                number,
                "--modify",
            ],
        )
        .spawn()
        .unwrap()
    };
    // alice reads the order (6 s), claims it and sends (6 s more); bob reads it from t=3 s and tries to
    // claim at t≈9 s, when alice's modify is in flight and her first lease (2 s) long past.
    let a = modify("alice", "YT5100000000002");
    std::thread::sleep(Duration::from_secs(3));
    let b = modify("bob", "YT5100000000003");
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert_eq!(a.status.code(), Some(0), "{}", text(&a));
    assert_eq!(b.status.code(), Some(1), "{}", text(&b));
    assert!(
        text(&b).contains("in progress by alice"),
        "bob must be refused while alice's modify is in flight: {}",
        text(&b)
    );
    set_faults(&sim, json!({}));
    let truth = sim_order(&sim, &sn);
    assert_eq!(truth["order"]["tracking_number"], "YT5100000000002");
    // The journal's last word on the order is alice's number, and only two shipping calls were made.
    let out = run(&shop, &["journal", "--json", "--order", &sn]);
    let entries: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let ok: Vec<&Value> = entries.iter().filter(|e| e["state"] == "ok").collect();
    assert_eq!(ok.len(), 2, "{entries:?}");
    assert_eq!(ok[1]["number"], "YT5100000000002", "{entries:?}");
    assert_eq!(ship_calls(&sim), 2);
}

#[test]
fn a_number_is_the_same_number_whatever_its_case_width_or_blanks() {
    let sim = bin_support::start_sim(60, 32, &[]);
    let shop = shop(&sim, 120);
    let orders = shippable(&sim, &shop, 6);
    let out = ship(&shop, &orders[0], "YT9300000000001", &[]);
    assert!(out.status.success(), "{}", text(&out));
    // Lower case, full width (as a Chinese input method types), mixed, surrounding blanks: all refused
    // as the number already used by the first order, and nothing is sent.
    for (i, variant) in [
        "yt9300000000001",
        "ＹＴ９３００００００００００１",
        "Yt9300000000001",
        " yT9300000000001\u{3000}",
    ]
    .iter()
    .enumerate()
    {
        let sn = &orders[i + 1];
        let out = ship(&shop, sn, variant, &[]);
        assert_eq!(out.status.code(), Some(1), "{variant:?}: {}", text(&out));
        let t = text(&out);
        assert!(
            t.contains(sn) && t.contains(&orders[0]),
            "{variant:?}: the refusal names both orders: {t}"
        );
        assert_eq!(sim_order(&sim, sn)["ship_count"], 0, "{variant:?}");
    }
    assert_eq!(ship_calls(&sim), 1);
    // Allowed on purpose, the full-width number goes out in its ASCII form.
    let out = ship(
        &shop,
        &orders[5],
        "ＹＴ９３００００００００００１",
        &["--allow-duplicate-number"],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        sim_order(&sim, &orders[5])["order"]["tracking_number"],
        "YT9300000000001"
    );
}

#[test]
fn a_csv_batch_compares_numbers_in_the_same_normal_form() {
    let sim = bin_support::start_sim(60, 33, &[]);
    let shop = shop(&sim, 120);
    let orders = shippable(&sim, &shop, 3);
    let file = shop.dir.path().join("batch.csv");
    std::fs::write(
        &file,
        format!(
            "order_sn,courier,tracking_number\n{},85,YT9400000000001\n{},85,yt9400000000001\n\
             {},85,ＹＴ９４００００００００００１\n",
            orders[0], orders[1], orders[2]
        ),
    )
    .unwrap();
    let out = run(&shop, &["ship", "--csv", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    let dups = t
        .lines()
        .filter(|l| l.contains("appears more than once"))
        .count();
    assert_eq!(
        dups, 3,
        "each of the three lines is named as a duplicate: {t}"
    );
    assert!(
        t.contains("also line 2, 3") || t.contains("also line 2,3"),
        "{t}"
    );
    assert_eq!(ship_calls(&sim), 0);
}

#[test]
fn every_field_sent_is_validated_and_named_without_echoing_it_whole() {
    let sim = bin_support::start_sim(60, 34, &[]);
    let shop = shop(&sim, 120);
    let sn = shippable(&sim, &shop, 1).remove(0);
    let long = format!("{}\u{1b}[2J", "7".repeat(500));
    for bad in [
        long.as_str(),
        "RA 77",
        "地址1",
        "\u{1b}]0;pwned\u{7}",
        "12\u{202e}34",
    ] {
        let out = ship(&shop, &sn, "YT9500000000001", &["--refund-address", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", text(&out));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&sn), "names the order: {err}");
        assert!(err.contains("refund address"), "names the field: {err}");
        assert!(!err.contains('\u{1b}'), "no raw escape: {err:?}");
        assert!(
            err.lines().count() == 1 && err.len() < 300,
            "one short line: {err:?}"
        );
    }
    let fine = ship(
        &shop,
        &sn,
        "YT9500000000001",
        &["--refund-address", " 102938475610 "],
    );
    assert!(fine.status.success(), "{}", text(&fine));
    let calls = sim_get(&sim, "/__sim/requests");
    let sent: Vec<&Value> = calls
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"].as_str().is_some_and(|p| p.contains("onlinesend")))
        .collect();
    assert_eq!(sent.len(), 1, "only the valid shipment was sent: {sent:?}");
    // Flag names are checked like every other field: a control character never reaches the gateway.
    let out = run(
        &shop,
        &[
            "note",
            &sn,
            "--text",
            "ok",
            "--tag",
            "1",
            "--tag-name",
            "红\u{1b}",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}
