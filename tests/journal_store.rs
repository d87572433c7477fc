//! The SQLite journal itself: the last word per order decides what is pending, claims of live processes
//! hold while dead or expired ones are ignored, numbers used twice are refused, writers never collide.

mod journal_suite;
mod ship_support;

use journal_suite::{A, B, req};
use pddtui::store::{
    Claim, Duplicates, Journal, JournalBackend, NewOp, Refusal, SqliteJournal, StoreError, identity,
};
use std::sync::Arc;

#[test]
fn pending_is_the_last_word_per_order_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let open: journal_suite::Open = Arc::new(move || Journal::open(&path).unwrap());
    journal_suite::pending_is_the_last_word_per_order_and_survives_reopening(&open);
}

#[test]
fn a_check_writes_only_over_a_pending_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let open: journal_suite::Open = Arc::new(move || Journal::open(&path).unwrap());
    journal_suite::a_check_writes_only_over_a_pending_outcome(&open);
}

#[test]
fn a_number_used_for_another_order_is_refused_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let open: journal_suite::Open = Arc::new(move || Journal::open(&path).unwrap());
    journal_suite::a_number_used_for_another_order_is_refused_unless_allowed(&open);
}

/// Issue 12 (merge groups): one parcel for the orders of one buyer address carries one number. The
/// orders the caller names may share it; any other order that used it still refuses it, waybills too.
#[test]
fn a_number_is_shared_only_with_the_orders_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let open: journal_suite::Open = Arc::new(move || Journal::open(&path).unwrap());
    journal_suite::a_number_is_shared_only_with_the_orders_named(&open);
}

fn foreign_claim(sn: &str, pid: u32, expires_at: i64) -> Claim {
    Claim {
        order_sn: sn.into(),
        user: "bob".into(),
        host: identity::host(),
        pid,
        expires_at,
    }
}

#[test]
fn claims_of_live_processes_hold_dead_or_expired_ones_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let backend = Arc::new(SqliteJournal::open(dir.path()).unwrap());
    let j = Journal::with_backend(backend.clone());
    let now = jiff::Timestamp::now().as_second();
    // pid 1 is always alive.
    backend.claim(&foreign_claim(A, 1, now + 60), now).unwrap();
    match j.claim(A) {
        Err(StoreError::Refused(Refusal::InProgress(c))) => assert_eq!(c.user, "bob"),
        other => panic!("{other:?}"),
    }
    assert_eq!(j.claims().unwrap().len(), 1);
    // Expired.
    backend
        .claim(&foreign_claim(B, 1, now - 1), now - 100)
        .unwrap();
    j.claim(B).unwrap();
    // Held by a process that is gone.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let c = "210317-000000000000003";
    backend
        .claim(&foreign_claim(c, dead, now + 60), now)
        .unwrap();
    j.claim(c).unwrap();
    // This process renews its own claim, and releases it.
    j.claim(c).unwrap();
    j.release(c).unwrap();
    j.release(B).unwrap();
    let left: Vec<String> = j
        .claims()
        .unwrap()
        .into_iter()
        .map(|c| c.order_sn)
        .collect();
    assert_eq!(left, vec![A.to_string()]);
}

#[test]
fn writers_on_many_connections_never_collide() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let open: journal_suite::Open = Arc::new(move || Journal::open(&path).unwrap());
    journal_suite::writers_on_many_connections_never_collide(&open);
}

#[test]
fn record_keeps_the_old_shape_of_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let open: journal_suite::Open = Arc::new(move || Journal::open(&path).unwrap());
    journal_suite::record_keeps_the_old_shape_of_entries(&open);
}

#[test]
fn a_journal_written_before_number_keys_compares_its_old_numbers_folded() {
    let dir = tempfile::tempdir().unwrap();
    // The journal as an earlier release wrote it: no number_key column.
    let conn = rusqlite::Connection::open(dir.path().join("journal.sqlite3")).unwrap();
    conn.execute_batch(
        "CREATE TABLE ops (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, user TEXT NOT NULL,
             profile TEXT NOT NULL, kind TEXT NOT NULL, order_sn TEXT NOT NULL, logistics_id INTEGER,
             number TEXT, params TEXT NOT NULL, state TEXT NOT NULL, error TEXT, result TEXT,
             outcome_at INTEGER, host TEXT NOT NULL, pid INTEGER NOT NULL);
         CREATE TABLE waybills (order_sn TEXT PRIMARY KEY, out_trade_no TEXT NOT NULL, number TEXT);
         INSERT INTO ops (at, user, profile, kind, order_sn, logistics_id, number, params, state, host, pid)
             VALUES (1, 'old', 'main', 'ship', '210317-000000000000001', 85, 'yt7000000000001', '{}', 'ok', 'h', 1);
         INSERT INTO waybills VALUES ('210317-000000000000002', 'x', 'sf 7000000000002');",
    )
    .unwrap();
    drop(conn);
    let j = Journal::open(dir.path()).unwrap();
    assert_eq!(
        j.number_used_by("YT7000000000001", B).unwrap().as_deref(),
        Some(A)
    );
    assert_eq!(
        j.number_used_by("ＳＦ7000000000002", A).unwrap().as_deref(),
        Some(B)
    );
    let refused = j.begin(
        &NewOp::ship(&req("210317-000000000000003", "Yt7000000000001")),
        Duplicates::Refuse,
    );
    assert!(
        matches!(refused, Err(StoreError::Refused(Refusal::DuplicateNumber { ref other_order, .. })) if other_order == A),
        "{refused:?}"
    );
}

#[test]
fn history_puts_what_needs_the_operator_first_then_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let open: journal_suite::Open = Arc::new(move || Journal::open(&path).unwrap());
    journal_suite::history_puts_what_needs_the_operator_first_then_the_newest(&open);
}
