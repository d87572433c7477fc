//! Issue 15 with the real binary in a pseudo-terminal against `pddtui sim`: over a queue of 30,000 orders
//! (a debug build filters it in tens of milliseconds) a filter is computed off the UI thread: `j` typed
//! right behind it moves the cursor, and the rows that end up on screen are the filter's.

mod bin_support;

use bin_support::pty::Term;
use bin_support::{fw199_shop, start_sim};
use std::time::{Duration, Instant};

/// Polls the screen until `ok` holds; panics after `within`.
fn wait_until(term: &Term, within: Duration, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + within;
    loop {
        let s = term.screen();
        if ok(&s) {
            return s;
        }
        assert!(Instant::now() < deadline, "{what}; screen:\n{s}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn keys_move_while_a_big_queue_is_filtered() {
    let sim = start_sim(30_000, 11, &[]);
    let shop = fw199_shop(&sim);
    let mut term = Term::open(&shop, &["--lang", "en"]);
    wait_until(
        &term,
        Duration::from_secs(240),
        "the queue is synced",
        |s| s.contains("synced ") && s.contains("unshipped 2"),
    );
    term.settle(Duration::from_millis(500), Duration::from_secs(30));
    // `j` typed right behind the filter, while the worker computes it.
    term.send("/memo\rjjj");
    let s = wait_until(&term, Duration::from_secs(30), "the filter's rows", |s| {
        // Neither the header's counts nor the filter's count are marked as being computed.
        let header = s.lines().nth(1).unwrap_or_default();
        s.lines()
            .any(|l| l.contains("/filter memo") && l.trim_end().ends_with(" matches)"))
            && !header.contains(" …")
    });
    let rows: Vec<&str> = s.lines().filter(|l| l.contains('¥')).collect();
    assert!(rows.len() > 5, "{s}");
    // Every row on screen has a buyer memo (badge M), and the cursor moved three rows down.
    for r in &rows {
        let marks = r.rsplit('¥').next().unwrap_or_default();
        assert!(marks.contains('M'), "a row without a memo: {r}\n{s}");
    }
    let cursor = rows.iter().position(|r| r.contains('▶'));
    assert_eq!(cursor, Some(3), "{s}");
}
