//! `kill -9` of a `pddtui ship` process in flight (gateway hanging, slow, or dropping the answer after
//! committing), then `journal --reconcile` and a second `ship`: journalled ok, shipped exactly once.

mod bin_support;

use bin_support::{BIN, Shop, Sim, set_faults, shop_with, sim_order};
use pddtui::store::{Filter, Journal, OpKind, ShipState};
use serde_json::{Value, json};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn shop(sim: &Sim) -> Shop {
    shop_with(&format!(
        "default_profile = \"main\"\n[profiles.main]\ngateway = \"fw199\"\nbase_url = \"{url}\"\n\
         appid = \"demo-app\"\nseller_nick = \"demo-shop\"\nsecret_env = \"J_SECRET\"\n\n\
         [profiles.gift]\ngateway = \"pddshuju\"\nbase_url = \"{url}\"\nownuser = \"demo-owner\"\n\
         state = \"demo-state\"\nsecret_env = \"J_SECRET\"\n",
        url = sim.url
    ))
}

fn command(shop: &Shop, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(&shop.data)
        .args(args)
        .env("J_SECRET", "demo-secret")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn run(shop: &Shop, args: &[&str]) -> Output {
    command(shop, args).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

/// A shippable order of the profile's own list, by the simulator's truth.
fn pick(sim: &Sim, shop: &Shop, profile: &str) -> String {
    let out = run(shop, &["--profile", profile, "orders", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    list.iter()
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .find(|sn| {
            let o = &sim_order(sim, sn)["order"];
            o["refund_status"] == 1 && o["risk_control_status"] == 0 && o["order_status"] == 1
        })
        .expect("a shippable order")
}

/// The journal's ship entries of one order, oldest first.
fn ships(shop: &Shop, sn: &str) -> Vec<(ShipState, i64)> {
    let j = Journal::open(&shop.data).unwrap();
    j.entries(&Filter {
        since: None,
        order_sn: Some(sn.to_string()),
    })
    .unwrap()
    .into_iter()
    .filter(|e| matches!(e.kind, OpKind::Ship | OpKind::Modify))
    .map(|e| (e.state, e.id))
    .collect()
}

/// Waits until the intent of `sn` is in the journal, then `extra` longer, and kills the process.
fn kill_after_intent(shop: &Shop, mut child: Child, sn: &str, extra: Duration) {
    let start = Instant::now();
    while ships(shop, sn).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no intent written"
        );
        if let Some(status) = child.try_wait().unwrap() {
            panic!("ship ended before its intent was seen: {status}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(extra);
    let pid = child.id() as libc::pid_t;
    // SAFETY: `pid` is our own child, not yet reaped, so the number cannot name another process.
    let rc = unsafe { libc::kill(pid, libc::SIGKILL) };
    assert_eq!(rc, 0);
    // Reap it: a zombie would still look alive to the next process checking the claim.
    child.wait().unwrap();
    let left = ships(shop, sn);
    assert!(
        matches!(
            left.last(),
            Some((ShipState::Intent | ShipState::Unknown, _))
        ),
        "killed before its outcome: {left:?}"
    );
}

/// After the crash: clear the faults, reconcile, ship again; the journal ends ok, shipped once.
fn recover(sim: &Sim, shop: &Shop, profile: &str, sn: &str) {
    set_faults(sim, json!({}));
    let rec = run(shop, &["--profile", profile, "journal", "--reconcile"]);
    let (out, err) = (text(&rec.stdout), text(&rec.stderr));
    assert_eq!(rec.status.code(), Some(0), "{out}\n{err}");
    let again = run(
        shop,
        &[
            "--profile",
            profile,
            "ship",
            sn,
            "--courier",
            "85",
            "--tracking",
            "YT1234567890123",
        ],
    );
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}{}",
        text(&again.stdout),
        text(&again.stderr)
    );
    let state = sim_order(sim, sn);
    assert_eq!(state["ship_count"], 1, "{state}");
    assert_eq!(state["order"]["tracking_number"], "YT1234567890123");
    let entries = ships(shop, sn);
    assert_eq!(
        entries.last().map(|e| e.0),
        Some(ShipState::Done),
        "{entries:?}"
    );
    let rec = run(shop, &["--profile", profile, "journal", "--reconcile"]);
    assert_eq!(rec.status.code(), Some(0), "{}", text(&rec.stderr));
}

fn spawn_ship(shop: &Shop, profile: &str, sn: &str) -> Child {
    command(
        shop,
        &[
            "--profile",
            profile,
            "ship",
            sn,
            "--courier",
            "85",
            "--tracking",
            "YT1234567890123",
        ],
    )
    .spawn()
    .unwrap()
}

/// The gateway hangs on the shipment. The pddshuju profile reads nothing before shipping, so the
/// simulator can hang from the start; the check reads the unshipped list back.
#[test]
fn killed_while_the_gateway_hangs() {
    let sim = bin_support::start_sim(60, 11, &[]);
    let shop = shop(&sim);
    let sn = pick(&sim, &shop, "gift");
    set_faults(&sim, json!({"hang": true}));
    let child = spawn_ship(&shop, "gift", &sn);
    kill_after_intent(&shop, child, &sn, Duration::from_millis(500));
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 0);
    recover(&sim, &shop, "gift", &sn);
}

/// The gateway takes 2 s for every call: killed while the shipment is on its way.
#[test]
fn killed_while_the_gateway_is_slow() {
    let sim = bin_support::start_sim(60, 12, &["--latency-ms", "2000"]);
    let shop = shop(&sim);
    let sn = pick(&sim, &shop, "main");
    let child = spawn_ship(&shop, "main", &sn);
    kill_after_intent(&shop, child, &sn, Duration::from_millis(500));
    // Whatever was on the wire lands (or not) before anyone checks.
    std::thread::sleep(Duration::from_millis(2500));
    recover(&sim, &shop, "main", &sn);
}

/// The gateway commits, then drops the connection; killed while reading the order back.
#[test]
fn killed_after_the_gateway_committed() {
    let sim = bin_support::start_sim(60, 13, &["--drop-after-commit", "--latency-ms", "1000"]);
    let shop = shop(&sim);
    let sn = pick(&sim, &shop, "main");
    let child = spawn_ship(&shop, "main", &sn);
    kill_after_intent(&shop, child, &sn, Duration::from_millis(1500));
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 1);
    recover(&sim, &shop, "main", &sn);
}
