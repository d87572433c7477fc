//! The incremental refresh end to end: the real binary in a pty on a 10,000-order simulated shop. After
//! the first full sync, a change made elsewhere shows at the next `r`, for a handful of gateway requests.

mod bin_support;

use bin_support::pty::Term;
use bin_support::{Sim, cli, sim_get, sim_post, sim_reset_requests, start_sim};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Waits up to `within` for the screen to satisfy `done` (a first sync of 10,000 orders takes a while in
/// debug builds).
fn wait_until(term: &Term, what: &str, within: Duration, done: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + within;
    loop {
        let s = term.screen();
        if done(&s) {
            return s;
        }
        assert!(Instant::now() < deadline, "{what} never came; screen:\n{s}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Requests per gateway path since the last reset.
fn gateway_counts(sim: &Sim) -> Vec<(String, u64)> {
    let counts = sim_get(sim, "/__sim/requests/counts");
    let Value::Object(map) = counts else {
        panic!("{counts}")
    };
    map.into_iter()
        .filter(|(path, _)| path.starts_with("/gateway/"))
        .map(|(path, n)| (path, n.as_u64().unwrap_or(0)))
        .collect()
}

#[test]
fn a_change_made_elsewhere_shows_at_the_next_refresh_for_a_few_requests() {
    let sim = start_sim(10_000, 7, &[]);
    // No timed refresh during the test: only `r` asks.
    let shop = bin_support::shop_with(&format!(
        "refresh_secs = 3600\n[profiles.demo]\ngateway = \"fw199\"\nbase_url = \"{}\"\nappid = \"demo-app\"\n\
         seller_nick = \"demo-shop\"\nsecret = \"demo-secret\"\n",
        sim.url
    ));
    let listed: Vec<Value> = serde_json::from_slice(&cli(&shop, &["orders", "--json"])).unwrap();
    assert!(listed.len() > 1_000, "{}", listed.len());
    let sn = listed[listed.len() / 2]["order_sn"]
        .as_str()
        .unwrap()
        .to_string();

    let mut term = Term::open(&shop, &["--lang", "en"]);
    // The first full sync has ended when the header says when it synced.
    wait_until(&term, "the first sync", Duration::from_secs(120), |s| {
        s.contains("synced ") && !s.contains("not synced") && !s.contains("syncing")
    });
    // A filter that matches nothing yet: the order appears once the refresh brings its new note.
    term.send("/");
    term.send("e2erefresh");
    term.send("\r");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!term.screen().contains(&sn));

    sim_reset_requests(&sim);
    sim_post(
        &sim,
        &format!("/__sim/orders/{sn}/note"),
        json!({ "note": "e2erefresh 改发顺丰" }),
    );
    let changed_at = Instant::now();
    term.send("r");
    wait_until(&term, "the changed order", Duration::from_secs(20), |s| {
        s.contains(&sn)
    });
    let took = changed_at.elapsed();
    let counts = gateway_counts(&sim);
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    eprintln!(
        "refresh of a 10,000-order shop, one change: {total} gateway requests {counts:?}, shown after {took:?}"
    );
    assert!(
        counts
            .iter()
            .all(|(p, _)| p == "/gateway/pdd/order/list/increment"),
        "only the increment is asked: {counts:?}"
    );
    assert!((1..=5).contains(&total), "{total} requests: {counts:?}");
    term.send("\x1b");
    term.send("q");
    let status = term.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "{status:?}");
}
