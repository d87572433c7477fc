//! Team mode's live side on a real PostgreSQL (a throwaway server the test starts): a workstation
//! online in `team status` while it runs and gone when it closes; claims, releases, outcomes and notes
//! announced by the database and heard on another connection, and heard again after the
//! listening connection is killed or the server restarts.

mod pg_support;

use pddtui::api::Secret;
use pddtui::store::team::listen::{self, Event, What};
use pddtui::store::team::status::{ONLINE_SECS, status_async};
use pddtui::store::team::{Config, TeamDb, migrate, presence};
use pddtui::store::{Duplicates, Journal, NewOp, OpKind, OpOutcome};
use pg_support::{PgServer, wait_until};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

fn team(pg: &PgServer, name: &str) -> (Config, TeamDb) {
    let config = Config::at(Secret::new(pg.create_db(name)));
    let db = TeamDb::new(&config).unwrap();
    migrate::migrate(&db).unwrap();
    (config, db)
}

/// A listener whose events come to the receiver with the instant each was heard.
fn listener(db: &TeamDb) -> (listen::Listener, Receiver<(Event, Instant)>) {
    let (tx, rx) = channel();
    let l = listen::listen(db, move |ev| {
        let _ = tx.send((ev, Instant::now()));
    })
    .unwrap();
    (l, rx)
}

/// The next event that `want` takes, within `limit`.
fn next_where(
    rx: &Receiver<(Event, Instant)>,
    limit: Duration,
    want: impl Fn(&Event) -> bool,
) -> Option<(Event, Instant)> {
    let end = Instant::now() + limit;
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok((ev, at)) if want(&ev) => return Some((ev, at)),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

fn listening(rx: &Receiver<(Event, Instant)>) -> Option<i64> {
    match next_where(rx, Duration::from_secs(20), |e| {
        matches!(e, Event::Listening { .. })
    }) {
        Some((Event::Listening { lost_since }, _)) => lost_since,
        other => panic!("not listening: {other:?}"),
    }
}

fn heard(rx: &Receiver<(Event, Instant)>, what: What, sn: &str) -> Instant {
    let found = next_where(
        rx,
        Duration::from_secs(5),
        |e| matches!(e, Event::Notice(n) if n.what == what && n.order_sn == sn),
    );
    match found {
        Some((_, at)) => at,
        None => panic!("{what:?} of {sn} not heard"),
    }
}

fn status(db: &TeamDb) -> pddtui::store::team::status::TeamStatus {
    db.block(status_async(db.clone())).unwrap()
}

#[test]
fn a_workstation_is_online_while_it_runs_and_gone_when_it_closes() {
    let pg = PgServer::start();
    let (_, db) = team(&pg, "presence");
    let here = presence::join(&db, "王小明", "main").unwrap();
    assert!(wait_until(Duration::from_secs(10), || {
        status(&db)
            .workstations
            .iter()
            .any(|w| w.operator == "王小明" && w.profile == "main")
    }));
    let w = status(&db).workstations.remove(0);
    assert_eq!(w.host, pddtui::store::identity::host());
    assert_eq!(w.pid, i64::from(std::process::id()));
    assert!(w.since <= w.last_seen);
    drop(here);
    assert!(status(&db).workstations.is_empty(), "{:?}", status(&db));
}

/// A workstation killed without a clean exit leaves its row behind, no longer renewed: `team status`
/// stops listing it once it has not been seen for `ONLINE_SECS`, while a live one stays listed. The dead
/// one is the row a killed process leaves (last seen 25 s ago by the database's clock, never renewed).
#[test]
fn a_workstation_killed_without_closing_drops_out_of_status_after_its_presence_times_out() {
    let pg = PgServer::start();
    let (_, db) = team(&pg, "killed");
    let _here = presence::join(&db, "王小明", "main").unwrap();
    pg.psql(
        "killed",
        &format!(
            "INSERT INTO workstations (host, pid, operator, profile, since, last_seen) VALUES \
             ('host-dead', 4242, 'bob', 'main', EXTRACT(EPOCH FROM now())::BIGINT - 600, \
             EXTRACT(EPOCH FROM now())::BIGINT - {})",
            ONLINE_SECS - 5
        ),
    );
    let online = |db: &TeamDb| -> Vec<String> {
        status(db)
            .workstations
            .into_iter()
            .map(|w| w.operator)
            .collect()
    };
    assert!(wait_until(Duration::from_secs(10), || online(&db) == ["bob", "王小明"]));
    assert!(
        wait_until(Duration::from_secs(15), || online(&db) == ["王小明"]),
        "{:?}",
        status(&db)
    );
    // Its row stays (a status read changes nothing); it is only no longer taken as online.
    assert_eq!(
        pg.value(
            "killed",
            "SELECT COUNT(*) FROM workstations WHERE host = 'host-dead'"
        ),
        "1"
    );
}

#[test]
fn claims_outcomes_and_notes_are_heard_by_another_connection() {
    let pg = PgServer::start();
    let (config, db) = team(&pg, "heard");
    let (_l, rx) = listener(&db);
    assert_eq!(listening(&rx), None);
    let journal = Journal::open_team(&config).unwrap().with_profile("main");

    journal.claim("sn-1").unwrap();
    heard(&rx, What::Claim, "sn-1");
    // A renewal by the same holder is not news.
    journal.claim("sn-1").unwrap();
    journal.release("sn-1").unwrap();
    match next_where(&rx, Duration::from_secs(5), |e| {
        matches!(e, Event::Notice(_))
    }) {
        Some((Event::Notice(n), _)) => assert_eq!(n.what, What::Release, "{n:?}"),
        other => panic!("{other:?}"),
    }

    let note = NewOp {
        kind: OpKind::Note,
        order_sn: "sn-2".into(),
        logistics_id: None,
        number: None,
        params: serde_json::json!({ "note": "急", "tag": 1, "tag_name": "红色" }),
    };
    let id = journal.begin(&note, Duplicates::Allow).unwrap();
    journal.finish(id, OpOutcome::DONE).unwrap();
    match next_where(&rx, Duration::from_secs(5), |e| {
        matches!(e, Event::Notice(_))
    }) {
        Some((Event::Notice(n), _)) => {
            assert_eq!(n.what, What::Note, "the intent is not announced: {n:?}");
            assert_eq!(n.op_id, Some(id));
            assert_eq!(n.state.as_deref(), Some("ok"), "done");
            assert_eq!(n.profile.as_deref(), Some("main"));
            assert_eq!(n.host, pddtui::store::identity::host());
        }
        other => panic!("{other:?}"),
    }
    let ship = NewOp {
        kind: OpKind::Ship,
        order_sn: "sn-3".into(),
        logistics_id: Some(85),
        number: Some("YT7000000000001".into()),
        params: serde_json::json!({}),
    };
    let id = journal.begin(&ship, Duplicates::Refuse).unwrap();
    journal.finish(id, OpOutcome::DONE).unwrap();
    heard(&rx, What::Outcome, "sn-3");
}

/// Every claim and release made on one connection is heard by another's listener without a refresh,
/// each within 5 s (a correctness bound: how fast is measured by `cargo bench --bench team`).
#[test]
fn every_claim_and_release_is_heard_on_another_connection() {
    let pg = PgServer::start();
    let (config, db) = team(&pg, "latency");
    let (_l, rx) = listener(&db);
    listening(&rx);
    let journal = Journal::open_team(&config).unwrap();
    for i in 0..20 {
        let sn = format!("sn-{i}");
        journal.claim(&sn).unwrap();
        heard(&rx, What::Claim, &sn);
        journal.release(&sn).unwrap();
        heard(&rx, What::Release, &sn);
    }
}

#[test]
fn a_killed_connection_or_a_restart_is_followed_by_listening_again() {
    let mut pg = PgServer::start();
    let (config, db) = team(&pg, "again");
    let (_l, rx) = listener(&db);
    assert_eq!(listening(&rx), None);
    let journal = Journal::open_team(&config).unwrap();

    let killed = pg.value(
        "again",
        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'",
    );
    assert_eq!(killed, "1");
    assert!(
        next_where(&rx, Duration::from_secs(20), |e| matches!(
            e,
            Event::Lost(_)
        ))
        .is_some(),
        "the loss is told"
    );
    assert!(listening(&rx).is_some(), "listening again, since a time");
    journal.claim("after-kill").unwrap();
    heard(&rx, What::Claim, "after-kill");

    pg.restart();
    assert!(listening(&rx).is_some(), "listening after the restart");
    let deadline = Instant::now() + Duration::from_secs(20);
    // The pool's connections died with the server too: the first calls may find them gone.
    let mut last = journal.claim("after-restart");
    while last.is_err() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
        last = journal.claim("after-restart");
    }
    assert!(last.is_ok(), "no claim after the restart: {last:?}");
    heard(&rx, What::Claim, "after-restart");
}
