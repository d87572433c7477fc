//! Shared by the team claim and fault tests: a shop on the simulator with `[team]` from
//! `PDDTUI_DATABASE_URL`, the binary run as an operator on a "host" of its own (own data dir,
//! `PDDTUI_HOST`). The relay counting round trips is in `pg_support::relay` (the team bench uses it too).
#![allow(dead_code)]

use crate::bin_support::{BIN, Shop, Sim, shop_with, sim_order};
use crate::pg_support::{PgServer, wait_until};
use serde_json::Value;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

pub const SECRET: &str = "planted-Secret-4711";

/// A config with one fw199 profile on `sim`, `[team]` from `PDDTUI_DATABASE_URL`, and `top` (top-level
/// keys such as `claim_secs = 3`) before the tables.
pub fn team_shop(sim: &Sim, top: &str) -> Shop {
    shop_with(&format!(
        "{top}\n[team]\ndatabase_url_env = \"PDDTUI_DATABASE_URL\"\n\n\
         [profiles.main]\ngateway = \"fw199\"\nbase_url = \"{url}\"\nappid = \"demo-app\"\n\
         seller_nick = \"demo-shop\"\nsecret = \"{SECRET}\"\n",
        url = sim.url
    ))
}

/// The binary as `operator` on host `host` (its own data dir inside the shop's dir), with the team URL.
pub fn command_as(shop: &Shop, url: &str, host: &str, operator: &str, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(shop.dir.path().join(host))
        .args(["--lang", "en"])
        .args(args)
        .env("PDDTUI_DATABASE_URL", url)
        .env("PDDTUI_OPERATOR", operator)
        .env("PDDTUI_HOST", host)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

pub fn run_as(shop: &Shop, url: &str, host: &str, operator: &str, args: &[&str]) -> Output {
    command_as(shop, url, host, operator, args)
        .output()
        .unwrap()
}

pub fn spawn_as(shop: &Shop, url: &str, host: &str, operator: &str, args: &[&str]) -> Child {
    command_as(shop, url, host, operator, args).spawn().unwrap()
}

pub fn ship_args<'a>(sn: &'a str, number: &'a str) -> Vec<&'a str> {
    vec!["ship", sn, "--courier", "85", "--tracking", number]
}

pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `pddtui team init` on a fresh database, then `n` orders that may ship.
pub fn init_and_pick(sim: &Sim, shop: &Shop, url: &str, n: usize) -> Vec<String> {
    let init = run_as(shop, url, "host-a", "alice", &["team", "init"]);
    assert!(init.status.success(), "{}", text(&init));
    pick(sim, shop, url, n)
}

/// `n` orders that may ship (no refund, no risk hold, unshipped), as alice's CLI lists them.
pub fn pick(sim: &Sim, shop: &Shop, url: &str, n: usize) -> Vec<String> {
    let out = run_as(shop, url, "host-a", "alice", &["orders", "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let picked: Vec<String> = list
        .iter()
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .filter(|sn| {
            let o = &sim_order(sim, sn)["order"];
            o["refund_status"] == 1 && o["risk_control_status"] == 0 && o["order_status"] == 1
        })
        .take(n)
        .collect();
    assert_eq!(picked.len(), n, "not enough shippable orders");
    picked
}

/// Waits until the operation of `kind` on `sn` has its intent written in database `db`; the request
/// leaves right after, and the simulator holds it for its latency.
pub fn intent_written(pg: &PgServer, db: &str, kind: &str, sn: &str) {
    let sql = format!(
        "SELECT COUNT(*) FROM ops WHERE order_sn = '{sn}' AND kind = '{kind}' AND state = 'intent'"
    );
    assert!(
        wait_until(Duration::from_secs(30), || pg.value(db, &sql) == "1"),
        "no {kind} intent for {sn}"
    );
    // Let the request leave.
    std::thread::sleep(Duration::from_millis(300));
}

/// The states of the journal's operations of `kind`, oldest first, joined by commas.
pub fn states(pg: &PgServer, db: &str, kind: &str) -> String {
    pg.value(
        db,
        &format!(
            "SELECT COALESCE(string_agg(state, ',' ORDER BY id), '') FROM ops WHERE kind = '{kind}'"
        ),
    )
}
