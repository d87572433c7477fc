//! Team mode on a real PostgreSQL: the outcome of a note or a waybill number the gateway has answered is
//! never lost when the workstation's connection is killed or the database restarts meanwhile; when the
//! database stays away, the operation stays pending and is checked (a note read back, a waybill taken
//! again under the same `out_trade_no`, which gives the same number), never sent again blindly.

mod bin_support;
mod pg_support;
mod team_support;

use bin_support::{Shop, Sim, set_faults, shop_with, sim_get, sim_order};
use pddtui::api::{fw199, waybill};
use pg_support::{PgServer, wait_until};
use serde_json::json;
use std::time::Duration;
use team_support::{SECRET, init_and_pick, run_as, spawn_as, text};

/// A fw199 shop with the waybill service, both on `sim`, `[team]` from `PDDTUI_DATABASE_URL`, and
/// `top` (such as `claim_secs = 3`) before the tables.
fn shop(sim: &Sim, top: &str) -> Shop {
    shop_with(&format!(
        "{top}\n[team]\ndatabase_url_env = \"PDDTUI_DATABASE_URL\"\n\n\
         [profiles.main]\ngateway = \"fw199\"\nbase_url = \"{url}\"\nappid = \"demo-app\"\n\
         seller_nick = \"demo-shop\"\nsecret = \"{SECRET}\"\n\n\
         [profiles.main.waybill]\nbase_url = \"{url}\"\nclient_id = \"demo-client\"\n\
         client_secret = \"{SECRET}\"\nptemp_id = \"1696\"\n",
        url = sim.url
    ))
}

/// Waits until an operation of `kind` on `sn` has its intent written; the request leaves right after
/// and the simulator holds it for its latency.
fn intent_written(pg: &PgServer, db: &str, kind: &str, sn: &str) {
    let sql = format!(
        "SELECT COUNT(*) FROM ops WHERE order_sn = '{sn}' AND kind = '{kind}' AND state = 'intent'"
    );
    assert!(
        wait_until(Duration::from_secs(30), || pg.value(db, &sql) == "1"),
        "no {kind} intent for {sn}"
    );
    std::thread::sleep(Duration::from_millis(300));
}

/// The states of the operations of `kind`, oldest first.
fn states(pg: &PgServer, db: &str, kind: &str) -> String {
    pg.value(
        db,
        &format!(
            "SELECT COALESCE(string_agg(state, ',' ORDER BY id), '') FROM ops WHERE kind = '{kind}'"
        ),
    )
}

/// How many requests the simulator received on `path` for `sn`.
fn sent(sim: &Sim, path: &str, sn: &str) -> usize {
    sim_get(sim, "/__sim/requests")
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"] == path && r["order_sn"] == sn)
        .count()
}

fn kill_connections(pg: &PgServer, db: &str) {
    let killed = pg.value(
        db,
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity \
         WHERE application_name = 'pddtui'",
    );
    assert_ne!(
        killed, "0",
        "the workstation's connection was there to kill"
    );
}

#[test]
fn a_connection_killed_while_a_note_is_in_flight_loses_no_outcome() {
    let pg = PgServer::start();
    let url = pg.create_db("note_killed");
    let sim = bin_support::start_sim(20, 31, &["--secret", SECRET]);
    let shop = shop(&sim, "");
    let sn = init_and_pick(&sim, &shop, &url, 1).remove(0);
    set_faults(&sim, json!({"latency_ms": 1500}));

    let alice = spawn_as(
        &shop,
        &url,
        "host-a",
        "alice",
        &["note", &sn, "--text", "改地址"],
    );
    intent_written(&pg, "note_killed", "note", &sn);
    kill_connections(&pg, "note_killed");
    let out = alice.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("note updated"), "{}", text(&out));
    assert_eq!(states(&pg, "note_killed", "note"), "ok");
    assert_eq!(sim_order(&sim, &sn)["order"]["remark"], "改地址");
    assert_eq!(sent(&sim, fw199::PATH_NOTE, &sn), 1, "sent once");
}

#[test]
fn a_database_restart_while_a_note_is_in_flight_loses_no_outcome() {
    let mut pg = PgServer::start();
    let url = pg.create_db("note_restart");
    let sim = bin_support::start_sim(20, 32, &["--secret", SECRET]);
    let shop = shop(&sim, "");
    let sn = init_and_pick(&sim, &shop, &url, 1).remove(0);
    set_faults(&sim, json!({"latency_ms": 1500}));

    let alice = spawn_as(
        &shop,
        &url,
        "host-a",
        "alice",
        &["note", &sn, "--text", "改地址"],
    );
    intent_written(&pg, "note_restart", "note", &sn);
    pg.stop();
    // The gateway applies the note while the database is down: the outcome waits for it.
    std::thread::sleep(Duration::from_secs(3));
    pg.start_again();
    let out = alice.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("note updated"), "{}", text(&out));
    assert_eq!(states(&pg, "note_restart", "note"), "ok");
    assert_eq!(sim_order(&sim, &sn)["order"]["remark"], "改地址");
    assert_eq!(sent(&sim, fw199::PATH_NOTE, &sn), 1, "sent once");
}

#[test]
fn a_note_whose_outcome_cannot_be_written_stays_pending_and_is_read_back_not_sent_again() {
    let mut pg = PgServer::start();
    let url = pg.create_db("note_gone");
    let sim = bin_support::start_sim(20, 33, &["--secret", SECRET]);
    let shop = shop(&sim, "claim_secs = 3");
    let sn = init_and_pick(&sim, &shop, &url, 1).remove(0);
    set_faults(&sim, json!({"latency_ms": 1000}));

    let alice = spawn_as(
        &shop,
        &url,
        "host-a",
        "alice",
        &["note", &sn, "--text", "改地址"],
    );
    intent_written(&pg, "note_gone", "note", &sn);
    pg.stop();
    let out = alice.wait_with_output().unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("was sent, but its outcome could not be journalled")
            && said.contains("journal --reconcile"),
        "{said}"
    );
    assert_eq!(sim_order(&sim, &sn)["order"]["remark"], "改地址");

    pg.start_again();
    assert_eq!(states(&pg, "note_gone", "note"), "intent", "left pending");
    set_faults(&sim, json!({}));
    let check = run_as(&shop, &url, "host-b", "bob", &["journal", "--reconcile"]);
    assert!(check.status.success(), "{}", text(&check));
    assert!(text(&check).contains("applied"), "{}", text(&check));
    assert_eq!(states(&pg, "note_gone", "note"), "ok", "read back: applied");
    assert_eq!(sent(&sim, fw199::PATH_NOTE, &sn), 1, "never sent again");
}

#[test]
fn a_database_restart_while_a_waybill_is_taken_records_its_number() {
    let mut pg = PgServer::start();
    let url = pg.create_db("wb_restart");
    let sim = bin_support::start_sim(20, 34, &["--secret", SECRET]);
    let shop = shop(&sim, "");
    let sn = init_and_pick(&sim, &shop, &url, 1).remove(0);
    set_faults(&sim, json!({"latency_ms": 1500}));

    let alice = spawn_as(&shop, &url, "host-a", "alice", &["waybill", &sn]);
    intent_written(&pg, "wb_restart", "waybill", &sn);
    pg.stop();
    std::thread::sleep(Duration::from_secs(4));
    pg.start_again();
    let out = alice.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let number = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(number.starts_with("YT"), "{}", text(&out));
    assert_eq!(states(&pg, "wb_restart", "waybill"), "ok");
    assert_eq!(
        pg.value(
            "wb_restart",
            &format!("SELECT COALESCE(number, '') FROM waybills WHERE order_sn = '{sn}'")
        ),
        number,
        "the number is journalled"
    );
    assert_eq!(
        pg.value(
            "wb_restart",
            "SELECT COALESCE(result, '') FROM ops WHERE kind = 'waybill'"
        ),
        number
    );
    // Asked again, the journal answers: no new waybill is taken.
    set_faults(&sim, json!({}));
    let again = run_as(&shop, &url, "host-b", "bob", &["waybill", &sn]);
    assert!(again.status.success(), "{}", text(&again));
    assert_eq!(String::from_utf8_lossy(&again.stdout).trim(), number);
    assert_eq!(sent(&sim, waybill::PATH_SAVE_TRADE, &sn), 1, "taken once");
}

#[test]
fn a_waybill_whose_number_cannot_be_written_is_taken_again_with_the_same_number() {
    let mut pg = PgServer::start();
    let url = pg.create_db("wb_gone");
    let sim = bin_support::start_sim(20, 35, &["--secret", SECRET]);
    let shop = shop(&sim, "claim_secs = 3");
    let sn = init_and_pick(&sim, &shop, &url, 1).remove(0);
    set_faults(&sim, json!({"latency_ms": 1000}));

    let alice = spawn_as(&shop, &url, "host-a", "alice", &["waybill", &sn]);
    intent_written(&pg, "wb_gone", "waybill", &sn);
    pg.stop();
    let out = alice.wait_with_output().unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("could not be journalled"), "{said}");
    // The operator is told the number, and that taking it again gives the same one.
    let number = said
        .split_whitespace()
        .find(|w| w.starts_with("YT"))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_ascii_alphanumeric())
                .to_string()
        })
        .unwrap_or_else(|| panic!("no number in: {said}"));

    pg.start_again();
    assert_eq!(states(&pg, "wb_gone", "waybill"), "intent", "left pending");
    set_faults(&sim, json!({}));
    let again = run_as(&shop, &url, "host-a", "alice", &["waybill", &sn]);
    assert!(again.status.success(), "{}", text(&again));
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).trim(),
        number,
        "the same number"
    );
    assert_eq!(
        states(&pg, "wb_gone", "waybill"),
        "ok",
        "the pending call is settled, not a second one begun"
    );
    assert_eq!(
        pg.value(
            "wb_gone",
            &format!("SELECT COALESCE(number, '') FROM waybills WHERE order_sn = '{sn}'")
        ),
        number
    );
}
