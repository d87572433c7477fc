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

/// Each fault's start: a server with the database `db`, a simulator, a team shop (`config` at the top of
/// its configuration), `picks` unshipped orders, and every gateway answer `latency_ms` late.
struct Scene {
    pg: PgServer,
    db: &'static str,
    url: String,
    sim: bin_support::Sim,
    shop: bin_support::Shop,
    sns: Vec<String>,
}

impl Scene {
    fn start(db: &'static str, seed: u64, config: &str, picks: usize, latency_ms: u64) -> Scene {
        let pg = PgServer::start();
        let url = pg.create_db(db);
        let sim = bin_support::start_sim(20, seed, &["--secret", SECRET]);
        let shop = team_shop(&sim, config);
        let sns = init_and_pick(&sim, &shop, &url, picks);
        set_faults(&sim, json!({ "latency_ms": latency_ms }));
        Scene {
            pg,
            db,
            url,
            sim,
            shop,
            sns,
        }
    }

    /// Alice (host-a) starts shipping order `k` with `number`; returns once her intent is journalled.
    fn alice_ships(&self, k: usize, number: &str) -> std::process::Child {
        let sn = &self.sns[k];
        let alice = spawn_as(
            &self.shop,
            &self.url,
            "host-a",
            "alice",
            &ship_args(sn, number),
        );
        intent_written(&self.pg, self.db, "ship", sn);
        alice
    }

    /// `who` on `host` ships order `k` with `number`, to the end.
    fn ship(&self, host: &str, who: &str, k: usize, number: &str) -> std::process::Output {
        run_as(
            &self.shop,
            &self.url,
            host,
            who,
            &ship_args(&self.sns[k], number),
        )
    }

    fn ship_count(&self, k: usize) -> serde_json::Value {
        sim_order(&self.sim, &self.sns[k])["ship_count"].clone()
    }

    fn states(&self) -> String {
        states(&self.pg, self.db, "ship")
    }

    fn claims(&self) -> String {
        claims(&self.pg, self.db)
    }
}

#[test]
fn a_connection_killed_in_the_middle_of_a_shipment_loses_no_outcome() {
    let s = Scene::start("killed", 21, "", 1, 1500);
    let alice = s.alice_ships(0, "YT8400000000001");
    let killed = s.pg.value(
        s.db,
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity \
         WHERE application_name = 'pddtui'",
    );
    assert_ne!(
        killed, "0",
        "the workstation's connection was there to kill"
    );
    let out = alice.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(s.ship_count(0), 1);
    assert_eq!(
        s.states(),
        "ok",
        "the outcome was written on a new connection"
    );
    assert_eq!(s.claims(), "0");
}

#[test]
fn a_workstation_stopped_past_its_lease_is_taken_over_and_the_order_ships_once() {
    // The CLI reads the couriers and the order (each one latency) before it claims: the lease
    // outlasts that.
    let s = Scene::start("stopped", 22, "claim_secs = 12", 1, 2500);
    let alice = s.alice_ships(0, "YT8500000000001");
    let pid = alice.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-STOP", &pid])
            .status()
            .unwrap()
            .success()
    );

    // While alice's lease runs, bob is refused and told who has the order.
    let early = s.ship("host-b", "bob", 0, "YT8500000000001");
    assert_eq!(early.status.code(), Some(1), "{}", text(&early));
    assert!(
        text(&early).contains("in progress by alice on host host-a"),
        "{}",
        text(&early)
    );

    // Alice stands still past her lease: bob takes the order over, reads back her pending shipment
    // instead of sending again, and finds it applied.
    let lapsed = format!(
        "SELECT COUNT(*) FROM claims WHERE order_sn = '{}' \
         AND expires_at <= EXTRACT(EPOCH FROM clock_timestamp())::BIGINT",
        s.sns[0]
    );
    assert!(wait_until(Duration::from_secs(20), || s
        .pg
        .value(s.db, &lapsed)
        == "1"));
    let bob = s.ship("host-b", "bob", 0, "YT8500000000001");
    assert!(bob.status.success(), "{}", text(&bob));
    assert_eq!(s.ship_count(0), 1);
    assert_eq!(s.claims(), "0", "bob let go of the order");

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
    assert_eq!(s.ship_count(0), 1);
    assert_eq!(s.states(), "ok");
    assert_eq!(s.claims(), "0", "no claim held forever");
}

#[test]
fn a_database_restart_while_a_shipment_is_in_flight_loses_no_outcome() {
    let mut s = Scene::start("restart", 23, "", 2, 1500);
    let alice = s.alice_ships(0, "YT8600000000001");
    s.pg.stop();
    // The gateway answers while the database is down: the outcome waits for it, it is not dropped.
    std::thread::sleep(Duration::from_secs(3));
    s.pg.start_again();
    let out = alice.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(s.states(), "ok");
    assert_eq!(s.claims(), "0");

    // Between shipments: the next one works on fresh connections, without anyone restarting anything.
    s.pg.restart();
    let next = s.ship("host-a", "alice", 1, "YT8600000000002");
    assert!(next.status.success(), "{}", text(&next));
    for k in 0..2 {
        assert_eq!(s.ship_count(k), 1);
    }
    assert_eq!(s.states(), "ok,ok");
}

#[test]
fn a_database_gone_past_the_lease_leaves_the_intent_which_is_read_back_not_sent_again() {
    let mut s = Scene::start("gone", 24, "claim_secs = 3", 1, 1000);
    let alice = s.alice_ships(0, "YT8700000000001");
    s.pg.stop();
    let out = alice.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("was sent, but its outcome could not be journalled"),
        "{}",
        text(&out)
    );
    assert_eq!(s.ship_count(0), 1);

    s.pg.start_again();
    assert_eq!(s.states(), "intent", "left as it was: pending");
    // The claim lapses with its lease; whoever ships the order next reads it back first.
    std::thread::sleep(Duration::from_secs(3));
    set_faults(&s.sim, json!({}));
    let bob = s.ship("host-b", "bob", 0, "YT8700000000001");
    assert!(bob.status.success(), "{}", text(&bob));
    assert_eq!(s.ship_count(0), 1, "never sent again");
    assert_eq!(s.states(), "ok");
    assert_eq!(s.claims(), "0");
}
