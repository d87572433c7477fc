//! The team's PostgreSQL journal keeps every rule the SQLite journal keeps (tests/journal_suite), on a
//! throwaway server: the last word per order, numbers used once unless shared in a parcel, many writers
//! on many connections, the history's order.

mod journal_suite;
mod pg_support;
mod ship_support;

use journal_suite::Open;
use pddtui::api::Secret;
use pddtui::store::Journal;
use pddtui::store::team::{Config, TeamDb, migrate};
use pg_support::PgServer;
use std::sync::Arc;

/// A fresh database on `pg` with the team schema; `open` makes a new pool on it each time.
fn team(pg: &PgServer, name: &str) -> Open {
    let config = Config::at(Secret::new(pg.create_db(name)));
    migrate::migrate(&TeamDb::new(&config).unwrap()).unwrap();
    Arc::new(move || Journal::open_team(&config).unwrap())
}

#[test]
fn pending_is_the_last_word_per_order_and_survives_reopening() {
    let pg = PgServer::start();
    journal_suite::pending_is_the_last_word_per_order_and_survives_reopening(&team(&pg, "t1"));
}

#[test]
fn a_check_writes_only_over_a_pending_outcome() {
    let pg = PgServer::start();
    journal_suite::a_check_writes_only_over_a_pending_outcome(&team(&pg, "t_settle"));
}

#[test]
fn a_number_used_for_another_order_is_refused_unless_allowed() {
    let pg = PgServer::start();
    journal_suite::a_number_used_for_another_order_is_refused_unless_allowed(&team(&pg, "t2"));
}

#[test]
fn a_number_is_shared_only_with_the_orders_named() {
    let pg = PgServer::start();
    journal_suite::a_number_is_shared_only_with_the_orders_named(&team(&pg, "t3"));
}

#[test]
fn writers_on_many_connections_never_collide() {
    let pg = PgServer::start();
    journal_suite::writers_on_many_connections_never_collide(&team(&pg, "t4"));
}

#[test]
fn record_keeps_the_old_shape_of_entries() {
    let pg = PgServer::start();
    journal_suite::record_keeps_the_old_shape_of_entries(&team(&pg, "t5"));
}

#[test]
fn history_puts_what_needs_the_operator_first_then_the_newest() {
    let pg = PgServer::start();
    journal_suite::history_puts_what_needs_the_operator_first_then_the_newest(&team(&pg, "t6"));
}

#[test]
fn a_schema_not_made_is_refused_with_what_to_run() {
    let pg = PgServer::start();
    let config = Config::at(Secret::new(pg.create_db("t7")));
    let err = Journal::open_team(&config).unwrap_err().to_string();
    assert!(err.contains("pddtui team init"), "{err}");
    // Migrating twice applies nothing the second time.
    let db = TeamDb::new(&config).unwrap();
    let all: Vec<i32> = migrate::MIGRATIONS.iter().map(|m| m.0).collect();
    assert_eq!(migrate::migrate(&db).unwrap(), all);
    assert_eq!(migrate::migrate(&db).unwrap(), Vec::<i32>::new());
    Journal::open_team(&config).unwrap();
}
