//! The incremental refresh end to end: the real binary in a pty on a simulated shop. After the first full
//! sync, a change made elsewhere shows at the next `r` and at the next timed refresh, for a handful of
//! gateway requests; a restart on the cache refreshes incrementally; a first sync that fails says so.

mod bin_support;

use bin_support::pty::Term;
use bin_support::{Shop, Sim, cli, sim_get, sim_order, sim_post, sim_reset_requests, start_sim};
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

/// A shop on `sim` refreshing every `refresh_secs`.
fn shop_refreshing(sim: &Sim, refresh_secs: u64) -> Shop {
    bin_support::shop_with(&format!(
        "refresh_secs = {refresh_secs}\n[profiles.demo]\ngateway = \"fw199\"\nbase_url = \"{}\"\n\
         appid = \"demo-app\"\nseller_nick = \"demo-shop\"\nsecret = \"demo-secret\"\n",
        sim.url
    ))
}

/// Two unshipped orders of the shop, as the CLI lists them.
fn two_unshipped(shop: &Shop) -> (String, String) {
    let listed = bin_support::unshipped(shop);
    assert!(listed.len() > 100, "{}", listed.len());
    let sn = |i: usize| listed[i]["order_sn"].as_str().unwrap().to_string();
    (sn(listed.len() / 2), sn(listed.len() / 3))
}

/// Waits until the header says when the queue last synced (not from the cache, not syncing, not failing).
fn wait_synced(term: &Term, what: &str, within: Duration) -> String {
    wait_until(term, what, within, |s| {
        let header = s.lines().next().unwrap_or_default();
        header.contains("synced ")
            && !header.contains("not synced")
            && !header.contains("cached")
            && !header.contains("failing")
            && !header.contains("syncing")
    })
}

/// Filters the queue by `word`, checking the keys arrived (a key right after a redraw can be lost).
fn filter(term: &mut Term, word: &str) {
    for _ in 0..3 {
        term.send("/");
        term.send(word);
        if term.screen().contains(word) {
            term.send("\r");
            return;
        }
        term.send("\x1b");
    }
    panic!("the filter never took {word:?}; screen:\n{}", term.screen());
}

/// Ships an order behind the workstation's back (as another tool would): its planted copy says shipped,
/// with `remark`.
fn ship_elsewhere(sim: &Sim, sn: &str, remark: &str) {
    let mut order = sim_order(sim, sn)["order"].clone();
    order["order_status"] = 2.into();
    order["remark"] = remark.into();
    sim_post(sim, "/__sim/orders", order);
}

#[test]
fn a_restart_on_the_cache_refreshes_incrementally_and_shows_what_changed_while_closed() {
    let sim = start_sim(3_000, 11, &[]);
    let shop = shop_refreshing(&sim, 3600);
    let (noted, shipped) = two_unshipped(&shop);
    let mut term = Term::open(&shop, &["--lang", "en"]);
    wait_synced(&term, "the first sync", Duration::from_secs(120));
    // The cache (with its mark) is written off the UI thread after the sync; give it a moment.
    std::thread::sleep(Duration::from_millis(800));
    term.send("q");
    assert!(term.wait_exit(Duration::from_secs(5)).success());
    drop(term);
    assert!(
        shop.data.join("queue-rows.bin").exists(),
        "no cache written"
    );

    // While the workstation is closed: one order noted in the backend, one shipped by another tool.
    sim_post(
        &sim,
        &format!("/__sim/orders/{noted}/note"),
        json!({ "note": "e2erestart 改发顺丰" }),
    );
    ship_elsewhere(&sim, &shipped, "e2erestart 已在别处发货");
    sim_reset_requests(&sim);

    let mut term = Term::open(&shop, &["--lang", "en"]);
    wait_synced(
        &term,
        "the refresh after the restart",
        Duration::from_secs(30),
    );
    filter(&mut term, "e2erestart");
    let screen = wait_until(&term, "the noted order", Duration::from_secs(5), |s| {
        s.contains(&noted)
    });
    assert!(
        !screen.contains(&shipped),
        "the order shipped elsewhere left the queue:\n{screen}"
    );
    let counts = gateway_counts(&sim);
    let asked = |path: &str| {
        counts
            .iter()
            .find(|(p, _)| p == path)
            .map_or(0, |(_, n)| *n)
    };
    eprintln!("restart on the cache of a 3,000-order shop: {counts:?}");
    assert_eq!(
        asked("/gateway/pdd/order/list"),
        0,
        "no full list at start: {counts:?}"
    );
    assert!(
        (1..=5).contains(&asked("/gateway/pdd/order/list/increment")),
        "the increment is asked: {counts:?}"
    );
    term.send("\x1b");
    term.send("q");
    assert!(term.wait_exit(Duration::from_secs(5)).success());
}

#[test]
fn a_change_made_elsewhere_shows_at_the_next_timed_refresh() {
    const EVERY: u64 = 5;
    let sim = start_sim(3_000, 13, &[]);
    let shop = shop_refreshing(&sim, EVERY);
    let (noted, shipped) = two_unshipped(&shop);
    let mut term = Term::open(&shop, &["--lang", "en"]);
    wait_synced(&term, "the first sync", Duration::from_secs(120));
    // A filter that matches nothing yet: the orders appear (or not) as the timed refresh brings them.
    filter(&mut term, "e2etimed");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!term.screen().contains(&noted));
    sim_reset_requests(&sim);

    sim_post(
        &sim,
        &format!("/__sim/orders/{noted}/note"),
        json!({ "note": "e2etimed 改发顺丰" }),
    );
    ship_elsewhere(&sim, &shipped, "e2etimed 已在别处发货");
    let changed_at = Instant::now();
    // No key is pressed: only the timed refresh can bring it.
    let screen = wait_until(
        &term,
        "the change at the timed refresh",
        Duration::from_secs(EVERY + 10),
        |s| s.contains(&noted),
    );
    let took = changed_at.elapsed();
    let counts = gateway_counts(&sim);
    eprintln!(
        "timed refresh every {EVERY} s, 3,000-order shop: the change on screen after {took:?}; {counts:?}"
    );
    assert!(
        took <= Duration::from_secs(EVERY + 5),
        "shown after {took:?}, more than the interval + 5 s"
    );
    assert!(!screen.contains(&shipped), "{screen}");
    assert!(
        counts
            .iter()
            .all(|(p, _)| p == "/gateway/pdd/order/list/increment"),
        "only the increment is asked: {counts:?}"
    );
    term.send("\x1b");
    term.send("q");
    assert!(term.wait_exit(Duration::from_secs(5)).success());
}

#[test]
fn a_first_sync_that_fails_with_no_cache_says_why_on_screen_and_in_the_log() {
    let sim = start_sim(200, 17, &["--auth-expired"]);
    let shop = shop_refreshing(&sim, 3600);
    let mut term = Term::open(&shop, &["--lang", "en"]);
    let screen = wait_until(&term, "the failure", Duration::from_secs(30), |s| {
        s.contains("sync failing since") && s.contains("sync failed: authorization")
    });
    assert!(!screen.contains("not synced"), "{screen}");
    // The log is written by a thread of its own: it may lag the screen a little.
    let in_log = |log: &str| {
        log.lines()
            .any(|l| l.contains("WARN") && l.contains("sync failed") && l.contains("授权"))
    };
    let deadline = Instant::now() + Duration::from_secs(5);
    let log = loop {
        let log = std::fs::read_to_string(shop.data.join("pddtui.log")).unwrap_or_default();
        if in_log(&log) || Instant::now() > deadline {
            break log;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(in_log(&log), "not in the log:\n{log}");
    // Fixed on the gateway's side: the next refresh (`r`) fills the queue and clears the failure.
    bin_support::set_faults(&sim, json!({}));
    term.send("r");
    let first = cli(&shop, &["orders", "--json"]);
    let listed: Vec<Value> = serde_json::from_slice(&first).unwrap();
    let sn = listed[0]["order_sn"].as_str().unwrap().to_string();
    let screen = wait_synced(&term, "the sync after the fix", Duration::from_secs(30));
    assert!(screen.contains(&sn), "{screen}");
    assert!(!screen.contains("sync failed"), "{screen}");
    term.send("q");
    assert!(term.wait_exit(Duration::from_secs(5)).success());
}
