//! One sync per shop end to end: real workstations in ptys (each its own data dir and operator) on one
//! simulated shop and a throwaway PostgreSQL. Three workstations, two of them joining later, ask the
//! gateway's order list and increment about as often as one alone; when the leader is killed (-9) another
//! takes the sync over (the time printed; the target is lease + 5 s), and the queue stays fresh; a
//! workstation joining a fresh shared queue does not list the shop again.

mod bin_support;
mod pg_support;

use bin_support::pty::Term;
use bin_support::{BIN, Shop, Sim, sim_get, sim_post, sim_reset_requests, start_sim};
use pg_support::PgServer;
use portable_pty::CommandBuilder;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const LEASE_SECS: u64 = 6;
const REFRESH_SECS: u64 = 2;
/// How long each measured run lasts.
const RUN: Duration = Duration::from_secs(24);

fn team_shop(sim: &Sim) -> Shop {
    bin_support::shop_with(&format!(
        "refresh_secs = {REFRESH_SECS}\n\
         [team]\ndatabase_url_env = \"PDDTUI_DATABASE_URL\"\nsync_lease_secs = {LEASE_SECS}\n\n\
         [profiles.main]\ngateway = \"fw199\"\nbase_url = \"{url}\"\nappid = \"demo-app\"\n\
         seller_nick = \"demo-shop\"\nsecret = \"demo-secret\"\n",
        url = sim.url
    ))
}

fn team_init(shop: &Shop, url: &str) {
    let out = std::process::Command::new(BIN)
        .arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(shop.dir.path().join("init"))
        .args(["team", "init"])
        .env("PDDTUI_DATABASE_URL", url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// A workstation of the team: `host` is its own data dir, `operator` its operator.
fn workstation(shop: &Shop, url: &str, host: &str, operator: &str) -> Term {
    let mut cmd = CommandBuilder::new(bin_support::bin());
    cmd.arg("--config");
    cmd.arg(&shop.config);
    cmd.arg("--data-dir");
    cmd.arg(shop.dir.path().join(host));
    cmd.args(["--lang", "en"]);
    cmd.env("PDDTUI_DATABASE_URL", url);
    cmd.env("PDDTUI_OPERATOR", operator);
    Term::spawn(shop, cmd)
}

fn wait_screen(term: &Term, what: &str, within: Duration, done: impl Fn(&str) -> bool) {
    let deadline = Instant::now() + within;
    loop {
        let s = term.screen();
        if done(&s) {
            return;
        }
        assert!(Instant::now() < deadline, "{what} never came; screen:\n{s}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn synced(s: &str) -> bool {
    s.contains("synced ") && !s.contains("not synced") && !s.contains("syncing")
}

/// Order list and increment requests since the last reset.
fn list_requests(sim: &Sim) -> u64 {
    let counts = sim_get(sim, "/__sim/requests/counts");
    [
        "/gateway/pdd/order/list",
        "/gateway/pdd/order/list/increment",
    ]
    .iter()
    .map(|p| counts[p].as_u64().unwrap_or(0))
    .sum()
}

fn leader_pid(pg: &PgServer, db: &str) -> String {
    pg.value(db, "SELECT pid FROM sync_leases")
}

fn quit(mut term: Term) {
    term.send("q");
    let status = term.wait_exit(Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
}

#[test]
fn three_workstations_sync_the_shop_once_and_a_killed_leader_is_replaced() {
    let pg = PgServer::start();
    let sim = start_sim(400, 11, &[]);
    let shop = team_shop(&sim);
    let sn = pick_order(&sim);

    // One workstation alone, for RUN.
    let one = pg.create_db("one");
    team_init(&shop, &one);
    sim_reset_requests(&sim);
    let alone = workstation(&shop, &one, "solo", "sol");
    wait_screen(&alone, "the first sync", Duration::from_secs(60), synced);
    std::thread::sleep(RUN.saturating_sub(Duration::from_secs(1)));
    let requests_one = list_requests(&sim);
    quit(alone);

    // Three on a fresh database for as long: the second joins after a third of it, the third after two.
    let three = pg.create_db("three");
    team_init(&shop, &three);
    sim_reset_requests(&sim);
    let started = Instant::now();
    let a = workstation(&shop, &three, "a", "alice");
    wait_screen(&a, "alice's first sync", Duration::from_secs(60), synced);
    std::thread::sleep((RUN / 3).saturating_sub(started.elapsed()));
    let b = workstation(&shop, &three, "b", "bob");
    wait_screen(&b, "bob's first read", Duration::from_secs(30), synced);
    std::thread::sleep((RUN * 2 / 3).saturating_sub(started.elapsed()));
    let c = workstation(&shop, &three, "c", "carol");
    wait_screen(&c, "carol's first read", Duration::from_secs(30), synced);
    std::thread::sleep(RUN.saturating_sub(started.elapsed()));
    let requests_three = list_requests(&sim);
    eprintln!(
        "gateway order list + increment requests over {RUN:?}: 1 workstation {requests_one}, \
         3 workstations (2 joining) {requests_three}"
    );
    assert!(requests_one > 0);
    assert!(
        requests_three * 2 <= requests_one * 3,
        "3 workstations asked {requests_three}, 1 alone {requests_one}: more than 1.5×"
    );

    // Alice's workstation leads (she came first); it dies without a word.
    let terms = [a, b, c];
    let pids: Vec<String> = terms
        .iter()
        .map(|t| t.child.process_id().unwrap().to_string())
        .collect();
    let leader = leader_pid(&pg, "three");
    let dead = pids
        .iter()
        .position(|p| *p == leader)
        .expect("a workstation leads");
    unsafe {
        libc::kill(leader.parse().unwrap(), libc::SIGKILL);
    }
    let killed = Instant::now();
    // The issue's target is lease + 5 s (the figure printed below, for the README); the bound here is a
    // generous one, so that a loaded machine does not fail what works.
    let limit = Duration::from_secs(2 * LEASE_SECS + 15);
    let new_leader = loop {
        let now = leader_pid(&pg, "three");
        if now != leader {
            break now;
        }
        assert!(
            killed.elapsed() < limit,
            "no new leader {limit:?} after the kill"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let took = killed.elapsed();
    eprintln!("sync leader killed (-9), taken over after {took:?} (lease {LEASE_SECS} s)");
    assert!(pids.contains(&new_leader), "{new_leader} is one of ours");

    // The queue stays fresh: a note made in the merchant backend reaches both survivors.
    let mut survivors: Vec<Term> = terms
        .into_iter()
        .enumerate()
        .filter(|(i, _)| *i != dead)
        .map(|(_, t)| t)
        .collect();
    for t in &mut survivors {
        t.send("/");
        t.send("teamfresh");
        t.send("\r");
    }
    std::thread::sleep(Duration::from_millis(300));
    assert!(!survivors[0].screen().contains(&sn));
    sim_post(
        &sim,
        &format!("/__sim/orders/{sn}/note"),
        json!({ "note": "teamfresh 改发顺丰" }),
    );
    let changed = Instant::now();
    for t in &survivors {
        wait_screen(
            t,
            "the note made after the takeover",
            Duration::from_secs(3 * REFRESH_SECS + 10),
            |s| s.contains(&sn),
        );
    }
    eprintln!(
        "a change made after the takeover shown on both survivors after {:?}",
        changed.elapsed()
    );
    for mut t in survivors {
        t.send("\x1b");
        quit(t);
    }

    // Everyone gone (the lease given up on the way out); a workstation joining the fresh shared queue
    // leads, and asks only what changed since the shared mark: no list.
    sim_reset_requests(&sim);
    let d = workstation(&shop, &three, "d", "dave");
    wait_screen(&d, "dave's first sync", Duration::from_secs(30), synced);
    let counts = sim_get(&sim, "/__sim/requests/counts");
    eprintln!("a leader joining a fresh shared queue: {counts}");
    assert_eq!(
        counts["/gateway/pdd/order/list"].as_u64().unwrap_or(0),
        0,
        "{counts}"
    );
    assert!(
        counts["/gateway/pdd/order/list/increment"]
            .as_u64()
            .unwrap_or(0)
            >= 1,
        "{counts}"
    );
    assert_eq!(
        leader_pid(&pg, "three"),
        d.child.process_id().unwrap().to_string()
    );
    quit(d);
}

/// An unshipped order's number, listed by the CLI on a one-host config (before anything is counted).
fn pick_order(sim: &Sim) -> String {
    let plain = bin_support::fw199_shop(sim);
    let listed: Vec<Value> =
        serde_json::from_slice(&bin_support::cli(&plain, &["orders", "--json"])).unwrap();
    listed[listed.len() / 2]["order_sn"]
        .as_str()
        .unwrap()
        .to_string()
}
