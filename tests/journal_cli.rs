//! `pddtui journal` and the journal's refusals through the real binary: a tracking number used twice,
//! a conflict found by reconciliation, the CSV export, the file's mode and the absence of secrets.

mod bin_support;

use bin_support::{BIN, Shop, Sim, shop_with, sim_order};
use pddtui::domain::ShipRequest;
use pddtui::store::{Journal, ShipEntry, ShipState};
use serde_json::Value;
use std::process::{Command, Output, Stdio};

const SECRET: &str = "planted-Secret-4711";

fn shop(sim: &Sim) -> Shop {
    shop_with(&format!(
        "[profiles.main]\ngateway = \"fw199\"\nbase_url = \"{url}\"\nappid = \"demo-app\"\n\
         seller_nick = \"demo-shop\"\nsecret = \"{SECRET}\"\n\n[profiles.main.waybill]\n\
         base_url = \"{url}\"\nclient_id = \"demo-client\"\nclient_secret = \"{SECRET}\"\nptemp_id = \"1696\"\n",
        url = sim.url
    ))
}

fn run_in(shop: &Shop, data: &std::path::Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(data)
        .args(["--lang", "en"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn run(shop: &Shop, args: &[&str]) -> Output {
    run_in(shop, &shop.data, args)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn start() -> (Sim, Shop) {
    let sim = bin_support::start_sim(60, 31, &["--secret", SECRET]);
    let shop = shop(&sim);
    (sim, shop)
}

fn shippable(sim: &Sim, shop: &Shop, n: usize) -> Vec<String> {
    let out = run(shop, &["orders", "--json"]);
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

fn ship(shop: &Shop, sn: &str, number: &str, extra: &[&str]) -> Output {
    let mut args = vec!["ship", sn, "--courier", "85", "--tracking", number];
    args.extend_from_slice(extra);
    run(shop, &args)
}

#[test]
fn a_number_used_for_another_order_is_refused_before_sending() {
    let (sim, shop) = start();
    let sns = shippable(&sim, &shop, 2);
    let (first, second) = (&sns[0], &sns[1]);
    let out = ship(&shop, first, "YT1234567890123", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let dup = ship(&shop, second, "YT1234567890123", &[]);
    assert_eq!(dup.status.code(), Some(1), "{}", text(&dup));
    let err = String::from_utf8_lossy(&dup.stderr).to_string();
    assert!(
        err.contains(first.as_str()) && err.contains(second.as_str()),
        "{err}"
    );
    assert_eq!(sim_order(&sim, second)["ship_count"], 0);
    let anyway = ship(
        &shop,
        second,
        "YT1234567890123",
        &["--allow-duplicate-number"],
    );
    assert_eq!(anyway.status.code(), Some(0), "{}", text(&anyway));
    assert_eq!(sim_order(&sim, second)["ship_count"], 1);
}

#[test]
fn a_shipment_found_with_another_number_is_a_conflict() {
    let (sim, shop) = start();
    let sn = shippable(&sim, &shop, 1).remove(0);
    // This host journalled number A with an unknown outcome; meanwhile the order went out with B.
    let journal = Journal::open(&shop.data).unwrap().with_profile("main");
    // Built the only way there is: through validation, against a list holding its courier.
    let couriers = [pddtui::domain::Courier {
        id: 85,
        code: "YTO".into(),
        name: String::new(),
        available: 1,
    }];
    let input = pddtui::domain::validate::ShipInput {
        order_sn: &sn,
        courier_id: 85,
        tracking: "YT1111111111111",
        imei: "",
        refund_address_id: None,
        modify: false,
    };
    let req: ShipRequest = pddtui::domain::validate::ship(&input, &couriers)
        .unwrap()
        .request;
    journal
        .record(&ShipEntry::new(&req, ShipState::Unknown, None))
        .unwrap();
    let elsewhere = shop.dir.path().join("elsewhere");
    let b = run_in(
        &shop,
        &elsewhere,
        &[
            "ship",
            &sn,
            "--courier",
            "85",
            "--tracking",
            "YT2222222222222",
        ],
    );
    assert_eq!(b.status.code(), Some(0), "{}", text(&b));

    let rec = run(&shop, &["journal", "--reconcile"]);
    assert_eq!(rec.status.code(), Some(1), "{}", text(&rec));
    let t = text(&rec);
    assert!(t.contains("conflict"), "{t}");
    assert!(
        t.contains("YT1111111111111") && t.contains("YT2222222222222"),
        "{t}"
    );
    // It stays until the operator settles the order.
    let again = run(&shop, &["journal", "--reconcile"]);
    assert_eq!(again.status.code(), Some(1), "{}", text(&again));
    let fix = ship(&shop, &sn, "YT3333333333333", &["--modify"]);
    assert_eq!(fix.status.code(), Some(0), "{}", text(&fix));
    let clear = run(&shop, &["journal", "--reconcile"]);
    assert_eq!(clear.status.code(), Some(0), "{}", text(&clear));
}

#[test]
fn trail_filters_and_csv_neutralises_formulas() {
    let (sim, shop) = start();
    let sns = shippable(&sim, &shop, 2);
    assert!(
        ship(&shop, &sns[0], "YT1234567890123", &[])
            .status
            .success()
    );
    let note = run(&shop, &["note", &sns[1], "--text", "=HYPERLINK(1)"]);
    assert!(note.status.success(), "{}", text(&note));

    let all = run(&shop, &["journal", "--json"]);
    let entries: Vec<Value> = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["kind"], "ship");
    assert_eq!(entries[1]["kind"], "note");
    assert!(
        entries
            .iter()
            .all(|e| e["profile"] == "main" && e["state"] == "ok")
    );

    let one = run(&shop, &["journal", "--json", "--order", &sns[1]]);
    let entries: Vec<Value> = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(entries.len(), 1);
    let future = run(&shop, &["journal", "--json", "--since", "2999-01-01"]);
    let entries: Vec<Value> = serde_json::from_slice(&future.stdout).unwrap();
    assert!(entries.is_empty());
    let bad = run(&shop, &["journal", "--since", "yesterday"]);
    assert_eq!(bad.status.code(), Some(2));

    let csv = run(&shop, &["journal", "--csv"]);
    let body = String::from_utf8_lossy(&csv.stdout).to_string();
    assert!(body.contains("'=HYPERLINK(1)"), "{body}");
    assert!(!body.contains(",=HYPERLINK"), "{body}");
    let table = run(&shop, &["journal"]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("85/YT1234567890123"));
}

#[test]
fn the_journal_is_private_and_holds_no_secret() {
    let (sim, shop) = start();
    let sn = shippable(&sim, &shop, 1).remove(0);
    assert!(ship(&shop, &sn, "YT1234567890123", &[]).status.success());
    assert!(run(&shop, &["note", &sn, "--text", "ok"]).status.success());
    let wb = run(&shop, &["waybill", &sn]);
    assert!(wb.status.success(), "{}", text(&wb));
    // A failed call keeps its error text in the journal: it must not carry the secret either.
    let refused = ship(&shop, &sn, "YT1234567890124", &["--allow-duplicate-number"]);
    assert_eq!(refused.status.code(), Some(1));

    let path = shop.data.join("journal.sqlite3");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    for name in [
        "journal.sqlite3",
        "journal.sqlite3-wal",
        "journal.sqlite3-shm",
    ] {
        let bytes = std::fs::read(shop.data.join(name)).unwrap_or_default();
        let hay = String::from_utf8_lossy(&bytes);
        assert!(!hay.contains(SECRET), "{name} holds the secret");
    }
    let dump = run(&shop, &["journal", "--json"]);
    let t = text(&dump);
    assert!(!t.contains(SECRET));
    assert!(t.contains("\"waybill\""), "{t}");
}

#[test]
fn an_interception_is_waited_out_and_tried_once_more() {
    let sim = bin_support::start_sim(
        60,
        32,
        &[
            "--secret",
            SECRET,
            "--intercept-rate",
            "1",
            "--intercept-secs",
            "1",
        ],
    );
    let shop = shop(&sim);
    let sn = shippable(&sim, &shop, 1).remove(0);
    let started = std::time::Instant::now();
    let out = ship(&shop, &sn, "YT1234567890123", &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(started.elapsed() >= std::time::Duration::from_secs(1));
    assert!(
        text(&out).contains("retrying once in 1 s"),
        "{}",
        text(&out)
    );
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 0);
    let trail = run(&shop, &["journal", "--json"]);
    let entries: Vec<Value> = serde_json::from_slice(&trail.stdout).unwrap();
    assert_eq!(entries.len(), 1, "one intent, one outcome: {entries:?}");
    assert_eq!(entries[0]["state"], "failed");
}
