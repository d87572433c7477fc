//! Faults of team mode on a real PostgreSQL, each with CLI processes as workstations: a connection
//! killed in the middle of a shipment, a workstation stopped past its lease, the database restarted or
//! gone while a shipment is in flight. No order is shipped twice, no outcome is lost, no claim is held
//! forever, and nothing is sent again blindly.

mod bin_support;
mod pg_support;
mod team_support;

use bin_support::{set_faults, sim_order};
use pg_support::{PgServer, wait_until};
use serde_json::json;
use std::time::Duration;
use team_support::{
    SECRET, init_and_pick, intent_written, run_as, ship_args, spawn_as, states, team_shop, text,
};

fn claims(pg: &PgServer, db: &str) -> String {
    pg.value(db, "SELECT COUNT(*) FROM claims")
}

#[test]
fn a_connection_killed_in_the_middle_of_a_shipment_loses_no_outcome() {
    let pg = PgServer::start();
    let url = pg.create_db("killed");
    let sim = bin_support::start_sim(20, 21, &["--secret", SECRET]);
    let shop = team_shop(&sim, "");
    let sn = init_and_pick(&sim, &shop, &url, 1).remove(0);
    set_faults(&sim, json!({"latency_ms": 1500}));

    let alice = spawn_as(
        &shop,
        &url,
        "host-a",
        "alice",
        &ship_args(&sn, "YT8400000000001"),
    );
    intent_written(&pg, "killed", "ship", &sn);
    let killed = pg.value(
        "killed",
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity \
         WHERE application_name = 'pddtui'",
    );
    assert_ne!(
        killed, "0",
        "the workstation's connection was there to kill"
    );
    let out = alice.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 1);
    assert_eq!(
        states(&pg, "killed", "ship"),
        "ok",
        "the outcome was written on a new connection"
    );
    assert_eq!(claims(&pg, "killed"), "0");
}

#[test]
fn a_workstation_stopped_past_its_lease_is_taken_over_and_the_order_ships_once() {
    let pg = PgServer::start();
    let url = pg.create_db("stopped");
    let sim = bin_support::start_sim(20, 22, &["--secret", SECRET]);
    // The CLI reads the couriers and the order (each one latency) before it claims: the lease
    // outlasts that.
    let shop = team_shop(&sim, "claim_secs = 12");
    let sn = init_and_pick(&sim, &shop, &url, 1).remove(0);
    set_faults(&sim, json!({"latency_ms": 2500}));

    let alice = spawn_as(
        &shop,
        &url,
        "host-a",
        "alice",
        &ship_args(&sn, "YT8500000000001"),
    );
    intent_written(&pg, "stopped", "ship", &sn);
    let pid = alice.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-STOP", &pid])
            .status()
            .unwrap()
            .success()
    );

    // While alice's lease runs, bob is refused and told who has the order.
    let early = run_as(
        &shop,
        &url,
        "host-b",
        "bob",
        &ship_args(&sn, "YT8500000000001"),
    );
    assert_eq!(early.status.code(), Some(1), "{}", text(&early));
    assert!(
        text(&early).contains("in progress by alice on host host-a"),
        "{}",
        text(&early)
    );

    // Alice stands still past her lease: bob takes the order over, reads back her pending shipment
    // instead of sending again, and finds it applied.
    let lapsed = format!(
        "SELECT COUNT(*) FROM claims WHERE order_sn = '{sn}' \
         AND expires_at <= EXTRACT(EPOCH FROM clock_timestamp())::BIGINT"
    );
    assert!(wait_until(Duration::from_secs(20), || pg
        .value("stopped", &lapsed)
        == "1"));
    let bob = run_as(
        &shop,
        &url,
        "host-b",
        "bob",
        &ship_args(&sn, "YT8500000000001"),
    );
    assert!(bob.status.success(), "{}", text(&bob));
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 1);
    assert_eq!(claims(&pg, "stopped"), "0", "bob let go of the order");

    // Alice goes on: she records her own outcome, and her lost claim does not come back.
    assert!(
        std::process::Command::new("kill")
            .args(["-CONT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let out = alice.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 1);
    assert_eq!(states(&pg, "stopped", "ship"), "ok");
    assert_eq!(claims(&pg, "stopped"), "0", "no claim held forever");
}

#[test]
fn a_database_restart_while_a_shipment_is_in_flight_loses_no_outcome() {
    let mut pg = PgServer::start();
    let url = pg.create_db("restart");
    let sim = bin_support::start_sim(20, 23, &["--secret", SECRET]);
    let shop = team_shop(&sim, "");
    let sns = init_and_pick(&sim, &shop, &url, 2);
    set_faults(&sim, json!({"latency_ms": 1500}));

    let alice = spawn_as(
        &shop,
        &url,
        "host-a",
        "alice",
        &ship_args(&sns[0], "YT8600000000001"),
    );
    intent_written(&pg, "restart", "ship", &sns[0]);
    pg.stop();
    // The gateway answers while the database is down: the outcome waits for it, it is not dropped.
    std::thread::sleep(Duration::from_secs(3));
    pg.start_again();
    let out = alice.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(states(&pg, "restart", "ship"), "ok");
    assert_eq!(claims(&pg, "restart"), "0");

    // Between shipments: the next one works on fresh connections, without anyone restarting anything.
    pg.restart();
    let next = run_as(
        &shop,
        &url,
        "host-a",
        "alice",
        &ship_args(&sns[1], "YT8600000000002"),
    );
    assert!(next.status.success(), "{}", text(&next));
    for sn in &sns {
        assert_eq!(sim_order(&sim, sn)["ship_count"], 1);
    }
    assert_eq!(states(&pg, "restart", "ship"), "ok,ok");
}

#[test]
fn a_database_gone_past_the_lease_leaves_the_intent_which_is_read_back_not_sent_again() {
    let mut pg = PgServer::start();
    let url = pg.create_db("gone");
    let sim = bin_support::start_sim(20, 24, &["--secret", SECRET]);
    let shop = team_shop(&sim, "claim_secs = 3");
    let sn = init_and_pick(&sim, &shop, &url, 1).remove(0);
    set_faults(&sim, json!({"latency_ms": 1000}));

    let alice = spawn_as(
        &shop,
        &url,
        "host-a",
        "alice",
        &ship_args(&sn, "YT8700000000001"),
    );
    intent_written(&pg, "gone", "ship", &sn);
    pg.stop();
    let out = alice.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("was sent, but its outcome could not be journalled"),
        "{}",
        text(&out)
    );
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 1);

    pg.start_again();
    assert_eq!(
        states(&pg, "gone", "ship"),
        "intent",
        "left as it was: pending"
    );
    // The claim lapses with its lease; whoever ships the order next reads it back first.
    std::thread::sleep(Duration::from_secs(3));
    set_faults(&sim, json!({}));
    let bob = run_as(
        &shop,
        &url,
        "host-b",
        "bob",
        &ship_args(&sn, "YT8700000000001"),
    );
    assert!(bob.status.success(), "{}", text(&bob));
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 1, "never sent again");
    assert_eq!(states(&pg, "gone", "ship"), "ok");
    assert_eq!(claims(&pg, "gone"), "0");
}
