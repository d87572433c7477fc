//! `pddtui orders` in a team reads the shop's shared queue (issue 14: one sync per shop): while the queue
//! a leader wrote is fresh it is printed and the gateway is asked nothing; stale or empty, the command
//! takes the sync lease and brings it up to date (or, another workstation leading, reads the gateway on
//! its own cache); `--full` lists as the leader or is refused naming the one that leads; with the database
//! down the command still answers from the gateway and says why. Every step says in stderr where the rows
//! came from. Real binary against `pddtui sim`, a throwaway PostgreSQL, the simulator's requests counted.

mod bin_support;
mod pg_support;
mod team_support;

use bin_support::{Shop, Sim, sim_get, sim_post, start_sim};
use pg_support::PgServer;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::process::Output;
use team_support::{SECRET, run_as, team_shop, text};

const LIST: &str = "/gateway/pdd/order/list";
const INCREMENT: &str = "/gateway/pdd/order/list/increment";

/// Requests the simulator has answered on `path` so far.
fn count(sim: &Sim, path: &str) -> u64 {
    sim_get(sim, "/__sim/requests/counts")[path]
        .as_u64()
        .unwrap_or(0)
}

fn gateway_asked(sim: &Sim) -> (u64, u64) {
    (count(sim, LIST), count(sim, INCREMENT))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// `orders --json` (and `extra`) as `operator` on `host`: the command's output and the order numbers.
fn orders(shop: &Shop, url: &str, host: &str, extra: &[&str]) -> (Output, BTreeSet<String>) {
    let mut args = vec!["orders", "--json"];
    args.extend_from_slice(extra);
    let out = run_as(shop, url, host, host, &args);
    assert!(out.status.success(), "{}", text(&out));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let sns = list
        .iter()
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .collect();
    (out, sns)
}

fn remark_of(out: &Output, sn: &str) -> Value {
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    list.iter()
        .find(|o| o["order_sn"] == sn)
        .map(|o| o["remark"].clone())
        .unwrap_or(Value::Null)
}

fn setup(pg: &PgServer, db: &str, seed: u64) -> (Sim, Shop, String) {
    let url = pg.create_db(db);
    let sim = start_sim(200, seed, &["--secret", SECRET]);
    let shop = team_shop(&sim, "");
    let init = run_as(&shop, &url, "host-a", "alice", &["team", "init"]);
    assert!(init.status.success(), "{}", text(&init));
    (sim, shop, url)
}

/// Makes the shared queue's last sync an hour old.
fn age_shared_queue(pg: &PgServer, db: &str) {
    let out = pg.psql(db, "UPDATE sync_marks SET synced_at = synced_at - 3600");
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn a_fresh_shared_queue_is_printed_without_asking_the_gateway() {
    let pg = PgServer::start();
    let (sim, shop, url) = setup(&pg, "fresh", 31);

    // The first command of the team finds the shared queue empty: it takes the lease, lists the shop
    // and writes it for the team, then gives the lease up.
    let (first, listed) = orders(&shop, &url, "host-a", &[]);
    assert!(count(&sim, LIST) >= 1, "the empty shared queue is listed");
    assert!(
        stderr(&first).contains("led the shop's sync"),
        "{}",
        stderr(&first)
    );
    assert!(listed.len() > 20, "{}", listed.len());
    assert_eq!(
        pg.value("fresh", "SELECT COUNT(*) FROM sync_orders WHERE in_queue"),
        listed.len().to_string()
    );
    assert_eq!(
        pg.value(
            "fresh",
            "SELECT COUNT(*) FROM sync_leases WHERE expires_at > extract(epoch from now())::bigint"
        ),
        "0",
        "the lease was given up"
    );

    // Another host (its data dir has no cache) reads the same queue from the team, asking the gateway
    // nothing: no list, no increment.
    let before = gateway_asked(&sim);
    let (second, read) = orders(&shop, &url, "host-b", &[]);
    assert_eq!(gateway_asked(&sim), before, "{}", stderr(&second));
    assert_eq!(read, listed);
    assert!(
        stderr(&second).contains("team's shared queue"),
        "{}",
        stderr(&second)
    );
    // The table too, with its count line.
    let out = run_as(&shop, &url, "host-c", "carol", &["orders"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(gateway_asked(&sim), before, "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&read.len().to_string()),
        "{}",
        text(&out)
    );
}

#[test]
fn a_stale_shared_queue_is_refreshed_by_the_command_as_leader_and_full_lists_for_the_team() {
    let pg = PgServer::start();
    let (sim, shop, url) = setup(&pg, "stale", 32);
    let (_, listed) = orders(&shop, &url, "host-a", &[]);
    let sn = listed.iter().nth(listed.len() / 2).unwrap().clone();
    sim_post(
        &sim,
        &format!("/__sim/orders/{sn}/note"),
        json!({ "note": "改地址 from the backend" }),
    );

    // Stale, with no leader: host-b takes the lease and asks only what changed since the shared mark.
    age_shared_queue(&pg, "stale");
    let (lists, increments) = gateway_asked(&sim);
    let (out, read) = orders(&shop, &url, "host-b", &[]);
    assert_eq!(count(&sim, LIST), lists, "no list: {}", stderr(&out));
    let asked = count(&sim, INCREMENT) - increments;
    assert!((1..=5).contains(&asked), "{asked} increment requests");
    assert_eq!(read, listed);
    assert_eq!(remark_of(&out, &sn), json!("改地址 from the backend"));
    assert!(
        stderr(&out).contains("led the shop's sync"),
        "{}",
        stderr(&out)
    );
    // What it fetched is the team's now: the next host reads it without the gateway.
    let before = gateway_asked(&sim);
    let (out, _) = orders(&shop, &url, "host-c", &[]);
    assert_eq!(gateway_asked(&sim), before, "{}", stderr(&out));
    assert_eq!(remark_of(&out, &sn), json!("改地址 from the backend"));

    // `--full` with the lease free: listed again for the team.
    let (lists, _) = gateway_asked(&sim);
    let (out, read) = orders(&shop, &url, "host-c", &["--full"]);
    assert!(count(&sim, LIST) > lists, "{}", stderr(&out));
    assert_eq!(read, listed);
    assert!(
        stderr(&out).contains("led the shop's sync"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn another_leader_holding_a_stale_queue_sends_the_command_to_the_gateway_and_refuses_full() {
    let pg = PgServer::start();
    let (sim, shop, url) = setup(&pg, "theirs", 33);
    let (_, listed) = orders(&shop, &url, "host-a", &[]);
    // Zoe's workstation on host-z leads (its lease runs for ten minutes) but has not synced for an hour.
    age_shared_queue(&pg, "theirs");
    let out = pg.psql(
        "theirs",
        "UPDATE sync_leases SET host = 'host-z', pid = 1, operator = 'zoe', \
         expires_at = extract(epoch from now())::bigint + 600",
    );
    assert!(out.status.success(), "{out:?}");

    let (lists, increments) = gateway_asked(&sim);
    let (out, read) = orders(&shop, &url, "host-b", &[]);
    assert!(
        gateway_asked(&sim) != (lists, increments),
        "the gateway is read"
    );
    assert_eq!(read, listed);
    let err = stderr(&out);
    assert!(err.contains("zoe") && err.contains("host-z"), "{err}");
    assert!(err.contains("gateway"), "{err}");

    // `--full` would list the shop a second time beside its leader: a usage error naming it.
    let (lists, _) = gateway_asked(&sim);
    let out = run_as(&shop, &url, "host-b", "bob", &["orders", "--full"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(stderr(&out).contains("zoe"), "{}", text(&out));
    assert_eq!(count(&sim, LIST), lists, "nothing listed");
}

#[test]
fn with_the_team_database_down_the_command_reads_the_gateway_and_says_so() {
    let mut pg = PgServer::start();
    let (sim, shop, url) = setup(&pg, "down", 34);
    let (_, listed) = orders(&shop, &url, "host-a", &[]);
    pg.stop();
    let (lists, increments) = gateway_asked(&sim);
    let (out, read) = orders(&shop, &url, "host-b", &[]);
    assert!(gateway_asked(&sim) != (lists, increments));
    assert_eq!(read, listed);
    let err = stderr(&out);
    assert!(err.contains("team database unreachable"), "{err}");
    assert!(err.contains("gateway"), "{err}");
}
