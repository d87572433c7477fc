//! The workstation in team mode, in a real pseudo-terminal: the team database goes down while the
//! operator ships — the refusal is on screen, nothing is sent, the queue stays readable — and once
//! it is back the next attempt works without a restart (the pool reconnects by itself).

mod bin_support;
mod pg_support;
mod team_support;

use bin_support::pty::Term;
use bin_support::sim_order;
use pg_support::PgServer;
use portable_pty::CommandBuilder;
use std::time::Duration;
use team_support::{SECRET, init_and_pick, team_shop};

/// Ship dialog on `sn` from the queue: filter, open, courier YTO, number, confirm.
fn ship(term: &mut Term, sn: &str, number: &str) {
    term.send("/");
    term.send(sn);
    term.send("\r");
    term.send("s");
    // A courier the order's note names is preset, with focus on the number: back to the courier then.
    term.settle(Duration::from_millis(1200), Duration::from_secs(8));
    let screen = term.screen();
    if !screen.contains("▶courier") {
        term.send("\x1b[Z");
    }
    term.wait_for("YTO");
    term.send("yto");
    term.send("\r");
    term.send(number);
    term.send("\r");
    term.wait_for("y ships");
    term.send("y");
}

#[test]
fn a_team_database_down_at_a_ship_refuses_it_on_screen_and_the_next_attempt_works_once_it_is_back()
{
    let mut pg = PgServer::start();
    let url = pg.create_db("tui_down");
    let sim = bin_support::start_sim(30, 31, &["--secret", SECRET]);
    let shop = team_shop(&sim, "");
    let sns = init_and_pick(&sim, &shop, &url, 2);

    let mut cmd = CommandBuilder::new(bin_support::bin());
    cmd.arg("--config");
    cmd.arg(&shop.config);
    cmd.arg("--data-dir");
    cmd.arg(shop.dir.path().join("host-a"));
    cmd.args(["--lang", "en"]);
    cmd.env("PDDTUI_DATABASE_URL", &url);
    cmd.env("PDDTUI_OPERATOR", "alice");
    cmd.env("PDDTUI_HOST", "host-a");
    let mut term = Term::spawn(&shop, cmd);
    term.wait_for(&sns[0]);

    pg.stop();
    ship(&mut term, &sns[0], "YT8800000000001");
    let screen = term.wait_for("team database unreachable");
    assert!(
        screen.contains(&format!("127.0.0.1:{}/tui_down", pg.port)),
        "{screen}"
    );
    assert!(
        !screen.contains("postgres://"),
        "the URL is not shown: {screen}"
    );
    assert_eq!(
        sim_order(&sim, &sns[0])["ship_count"],
        0,
        "nothing was sent"
    );
    // The queue stays readable from the local cache.
    term.send("\x1b");
    term.send("\x1b");
    term.send("/");
    term.send(&sns[1]);
    term.send("\r");
    term.wait_for(&sns[1]);

    pg.start_again();
    term.send("\x1b");
    ship(&mut term, &sns[0], "YT8800000000001");
    term.wait_for(&format!("shipped {}", sns[0]));
    assert_eq!(sim_order(&sim, &sns[0])["ship_count"], 1);
    assert_eq!(
        pg.value("tui_down", "SELECT string_agg(state, ',') FROM ops"),
        "ok"
    );
    term.send("\x1b");
    term.send("\x1b");
    term.send("q");
    let status = term.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "{status:?}");
}
