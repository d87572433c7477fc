//! Two workstations of one team, each the real binary in its own pty with its own data dir and
//! operator, on one simulated shop and one throwaway PostgreSQL: both are online in `team status`
//! while they run and gone after; a flag set on one and a claim taken elsewhere show on the other's
//! screen without a refresh (the figure is printed; the bound is a generous 5 s); a note saved on one while the other edits it stops the
//! other's save with both notes on screen, nothing overwritten.

mod bin_support;
mod pg_support;
mod team_support;

use bin_support::pty::Term;
use bin_support::{BIN, Shop, sim_order, start_sim};
use pg_support::PgServer;
use portable_pty::CommandBuilder;
use serde_json::Value;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use team_support::{SECRET, team_shop};

fn cli(shop: &Shop, url: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(BIN)
        .arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(shop.dir.path().join("cli"))
        .args(["--lang", "en"])
        .args(args)
        .env("PDDTUI_DATABASE_URL", url)
        .env("PDDTUI_OPERATOR", "cli")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    out.stdout
}

/// The workstation as `operator` on its own data dir, 160 columns wide (the claim's words fit).
fn workstation(shop: &Shop, url: &str, operator: &str) -> Term {
    let mut cmd = CommandBuilder::new(bin_support::bin());
    cmd.arg("--config");
    cmd.arg(&shop.config);
    cmd.arg("--data-dir");
    cmd.arg(shop.dir.path().join(operator));
    cmd.args(["--lang", "en"]);
    cmd.env("PDDTUI_DATABASE_URL", url);
    cmd.env("PDDTUI_OPERATOR", operator);
    let term = Term::spawn(shop, cmd);
    term.resize(30, 160);
    term
}

fn wait_until(term: &Term, what: &str, within: Duration, done: impl Fn(&str) -> bool) -> Instant {
    let deadline = Instant::now() + within;
    loop {
        let s = term.screen();
        if done(&s) {
            return Instant::now();
        }
        assert!(Instant::now() < deadline, "{what} never came; screen:\n{s}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The queue row of `sn` shows flag `letter` (the column just before the order number).
fn flagged(screen: &str, sn: &str, letter: char) -> bool {
    screen.lines().any(|l| {
        l.split_once(sn)
            .is_some_and(|(before, _)| before.trim_end().ends_with(letter))
    })
}

fn operators_online(shop: &Shop, url: &str) -> Vec<String> {
    let st: Value = serde_json::from_slice(&cli(shop, url, &["team", "status", "--json"])).unwrap();
    let mut ops: Vec<String> = st["workstations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["operator"].as_str().unwrap().to_string())
        .collect();
    ops.sort();
    ops
}

#[test]
fn a_flag_or_claim_on_one_workstation_shows_on_the_other_without_a_refresh() {
    let pg = PgServer::start();
    let url = pg.create_db("two");
    let sim = start_sim(20, 3, &["--secret", SECRET]);
    let shop = team_shop(&sim, "refresh_secs = 3600");
    cli(&shop, &url, &["team", "init"]);
    let listed: Vec<Value> =
        serde_json::from_slice(&cli(&shop, &url, &["orders", "--json"])).unwrap();
    let sn = listed[0]["order_sn"].as_str().unwrap().to_string();

    let mut a = workstation(&shop, &url, "alice");
    let mut b = workstation(&shop, &url, "bob");
    for t in [&mut a, &mut b] {
        wait_until(t, "the first sync", Duration::from_secs(60), |s| {
            s.contains("synced ") && !s.contains("not synced") && !s.contains("syncing")
        });
        // Only the order of the test in the queue.
        t.send("/");
        t.send(&sn);
        t.send("\r");
        wait_until(t, "the order", Duration::from_secs(5), |s| s.contains(&sn));
    }
    assert!(
        pg_support::wait_until(Duration::from_secs(15), || operators_online(&shop, &url)
            == ["alice", "bob"]),
        "{:?}",
        operators_online(&shop, &url)
    );
    assert!(!flagged(&b.screen(), &sn, 'R'), "{}", b.screen());

    // A flag set on alice's workstation.
    let pressed = Instant::now();
    a.send("1");
    let on_a = wait_until(
        &a,
        "the flag on alice's screen",
        Duration::from_secs(10),
        |s| flagged(s, &sn, 'R'),
    );
    let on_b = wait_until(
        &b,
        "the flag on bob's screen",
        Duration::from_secs(5),
        |s| flagged(s, &sn, 'R'),
    );
    // A claim taken by a third workstation (another host), then let go.
    let claimed = Instant::now();
    pg.psql(
        "two",
        &format!(
            "INSERT INTO claims (order_sn, operator, host, pid, expires_at) VALUES \
             ('{sn}', 'carol', 'host-c', 1, EXTRACT(EPOCH FROM now())::BIGINT + 120)"
        ),
    );
    let claim_on_b = wait_until(
        &b,
        "carol's claim on bob's screen",
        Duration::from_secs(5),
        |s| s.contains("in progress by carol"),
    );
    let released = Instant::now();
    pg.psql(
        "two",
        &format!("DELETE FROM claims WHERE order_sn = '{sn}'"),
    );
    let release_on_b = wait_until(
        &b,
        "the release on bob's screen",
        Duration::from_secs(5),
        |s| !s.contains("in progress by carol"),
    );
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    eprintln!(
        "flag: key to alice's screen {:.0} ms, alice's screen to bob's {:.0} ms; claim (psql returned) \
         to bob's screen {:.0} ms; release {:.0} ms",
        ms(on_a - pressed),
        ms(on_b.saturating_duration_since(on_a)),
        ms(claim_on_b.saturating_duration_since(claimed)),
        ms(release_on_b.saturating_duration_since(released)),
    );
    // Heard within the waits' 5 s, far below any refresh: how fast is `cargo bench --bench team`'s
    // figure (a connection to a listener); the line above is the pty's end-to-end figure, for the README.

    // Alice opens the note editor and types; meanwhile bob saves a note on the same order.
    a.send("n");
    a.send("alice text");
    b.send("n");
    b.send("bob text");
    b.send("\r");
    assert!(
        pg_support::wait_until(Duration::from_secs(10), || {
            sim_order(&sim, &sn)["order"]["remark"]
                .as_str()
                .is_some_and(|r| r.contains("bob text"))
        }),
        "bob's note saved: {}\n{}",
        sim_order(&sim, &sn),
        b.screen()
    );
    // Alice is told at once, and her save shows both notes; nothing of hers is sent.
    wait_until(
        &a,
        "the news on alice's editor",
        Duration::from_secs(5),
        |s| s.contains("bob just changed its note"),
    );
    a.send("\r");
    wait_until(&a, "the conflict", Duration::from_secs(10), |s| {
        s.contains("backend") && s.contains("bob text") && s.contains("alice text")
    });
    std::thread::sleep(Duration::from_millis(500));
    let remark = sim_order(&sim, &sn)["order"]["remark"].to_string();
    assert!(
        remark.contains("bob text") && !remark.contains("alice text"),
        "{remark}"
    );
    // Back to the editor, and out of it, her text given up.
    a.send("\x1b");
    a.send("\x1b");
    a.send("y");
    wait_until(&a, "the editor closed", Duration::from_secs(5), |s| {
        !s.contains("alice text")
    });

    for t in [&mut a, &mut b] {
        t.send("\x1b");
        t.send("q");
        let status = t.wait_exit(Duration::from_secs(10));
        assert!(status.success(), "{status:?}");
    }
    assert_eq!(operators_online(&shop, &url), Vec::<String>::new());
}
