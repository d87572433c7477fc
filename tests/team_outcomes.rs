//! Team mode on a real PostgreSQL: the outcome of a note or a waybill number the gateway has answered is
//! never lost when the workstation's connection is killed or the database restarts meanwhile; when the
//! database stays away, the operation stays pending and is checked (a note read back, a waybill taken
//! again under the same `out_trade_no`, which gives the same number), never sent again blindly.

mod bin_support;
mod pg_support;
mod team_support;

use bin_support::{Shop, Sim, set_faults, shop_with, sim_get, sim_order};
use pddtui::api::{fw199, waybill};
use pg_support::PgServer;
use serde_json::json;
use std::process::Child;
use std::time::Duration;
use team_support::{SECRET, init_and_pick, intent_written, run_as, spawn_as, states, text};

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

/// A team of one shop on a fresh database, and one order that may ship.
struct Scene {
    pg: PgServer,
    db: &'static str,
    url: String,
    sim: Sim,
    shop: Shop,
    sn: String,
}

/// Alice runs `pddtui KIND SN EXTRA…` (`note` or `waybill`, named as its journal kind) on a fresh
/// database `db`, the simulator answering after `latency_ms`; returned once the intent is written and
/// the request is on its way.
fn alice_sends(
    db: &'static str,
    seed: u64,
    top: &str,
    latency_ms: u64,
    kind: &str,
    extra: &[&str],
) -> (Scene, Child) {
    let pg = PgServer::start();
    let url = pg.create_db(db);
    let sim = bin_support::start_sim(20, seed, &["--secret", SECRET]);
    let shop = shop(&sim, top);
    let sn = init_and_pick(&sim, &shop, &url, 1).remove(0);
    set_faults(&sim, json!({ "latency_ms": latency_ms }));
    let mut args = vec![kind, sn.as_str()];
    args.extend_from_slice(extra);
    let alice = spawn_as(&shop, &url, "host-a", "alice", &args);
    intent_written(&pg, db, kind, &sn);
    let scene = Scene {
        pg,
        db,
        url,
        sim,
        shop,
        sn,
    };
    (scene, alice)
}

/// Alice's note, with `fault` striking the database between its intent and the gateway's answer: sent
/// once, journalled as done, and alice told it was written.
fn a_note_in_flight(db: &'static str, seed: u64, fault: impl FnOnce(&mut PgServer)) {
    let (mut t, alice) = alice_sends(db, seed, "", 1500, "note", &["--text", "改地址"]);
    fault(&mut t.pg);
    let out = alice.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("note updated"), "{}", text(&out));
    assert_eq!(states(&t.pg, db, "note"), "ok");
    assert_eq!(sim_order(&t.sim, &t.sn)["order"]["remark"], "改地址");
    assert_eq!(sent(&t.sim, fw199::PATH_NOTE, &t.sn), 1, "sent once");
}

#[test]
fn a_connection_killed_while_a_note_is_in_flight_loses_no_outcome() {
    a_note_in_flight("note_killed", 31, |pg| kill_connections(pg, "note_killed"));
}

#[test]
fn a_database_restart_while_a_note_is_in_flight_loses_no_outcome() {
    a_note_in_flight("note_restart", 32, |pg| {
        pg.stop();
        // The gateway applies the note while the database is down: the outcome waits for it.
        std::thread::sleep(Duration::from_secs(3));
        pg.start_again();
    });
}

#[test]
fn a_note_whose_outcome_cannot_be_written_stays_pending_and_is_read_back_not_sent_again() {
    let (mut t, alice) = alice_sends(
        "note_gone",
        33,
        "claim_secs = 3",
        1000,
        "note",
        &["--text", "改地址"],
    );
    t.pg.stop();
    let out = alice.wait_with_output().unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("was sent, but its outcome could not be journalled")
            && said.contains("journal --reconcile"),
        "{said}"
    );
    assert_eq!(sim_order(&t.sim, &t.sn)["order"]["remark"], "改地址");

    t.pg.start_again();
    assert_eq!(states(&t.pg, t.db, "note"), "intent", "left pending");
    set_faults(&t.sim, json!({}));
    let check = bob_reconciles(&t);
    assert!(check.status.success(), "{}", text(&check));
    assert!(text(&check).contains("applied"), "{}", text(&check));
    assert_eq!(states(&t.pg, t.db, "note"), "ok", "read back: applied");
    assert_eq!(sent(&t.sim, fw199::PATH_NOTE, &t.sn), 1, "never sent again");
}

/// Bob, on another host, checks what is pending (`pddtui journal --reconcile`).
fn bob_reconciles(t: &Scene) -> std::process::Output {
    run_as(
        &t.shop,
        &t.url,
        "host-b",
        "bob",
        &["journal", "--reconcile"],
    )
}

/// The waybill number journalled for the scene's order ('' when none).
fn journalled_number(t: &Scene) -> String {
    let sql = format!(
        "SELECT COALESCE(number, '') FROM waybills WHERE order_sn = '{}'",
        t.sn
    );
    t.pg.value(t.db, &sql)
}

#[test]
fn a_database_restart_while_a_waybill_is_taken_records_its_number() {
    let (mut t, alice) = alice_sends("wb_restart", 34, "", 1500, "waybill", &[]);
    t.pg.stop();
    std::thread::sleep(Duration::from_secs(4));
    t.pg.start_again();
    let out = alice.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let number = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(number.starts_with("YT"), "{}", text(&out));
    assert_eq!(states(&t.pg, t.db, "waybill"), "ok");
    assert_eq!(journalled_number(&t), number, "the number is journalled");
    assert_eq!(
        t.pg.value(
            t.db,
            "SELECT COALESCE(result, '') FROM ops WHERE kind = 'waybill'"
        ),
        number
    );
    // Asked again, the journal answers: no new waybill is taken.
    set_faults(&t.sim, json!({}));
    let again = run_as(&t.shop, &t.url, "host-b", "bob", &["waybill", &t.sn]);
    assert!(again.status.success(), "{}", text(&again));
    assert_eq!(String::from_utf8_lossy(&again.stdout).trim(), number);
    assert_eq!(
        sent(&t.sim, waybill::PATH_SAVE_TRADE, &t.sn),
        1,
        "taken once"
    );
}

#[test]
fn a_waybill_whose_number_cannot_be_written_is_taken_again_with_the_same_number() {
    let (mut t, alice) = alice_sends("wb_gone", 35, "claim_secs = 3", 1000, "waybill", &[]);
    t.pg.stop();
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

    t.pg.start_again();
    assert_eq!(states(&t.pg, t.db, "waybill"), "intent", "left pending");
    set_faults(&t.sim, json!({}));
    // The service cannot be asked which numbers it gave: reconciling says to take it again.
    let check = bob_reconciles(&t);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    assert!(
        text(&check).contains(&format!(
            "taking it again (pddtui waybill {}) gives the same number",
            t.sn
        )),
        "{}",
        text(&check)
    );
    assert_eq!(states(&t.pg, t.db, "waybill"), "unknown");
    let again = run_as(&t.shop, &t.url, "host-a", "alice", &["waybill", &t.sn]);
    assert!(again.status.success(), "{}", text(&again));
    assert_eq!(
        String::from_utf8_lossy(&again.stdout).trim(),
        number,
        "the same number"
    );
    assert_eq!(
        states(&t.pg, t.db, "waybill"),
        "ok",
        "the pending call is settled, not a second one begun"
    );
    assert_eq!(journalled_number(&t), number);
}
