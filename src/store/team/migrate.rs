//! The team schema, in versioned migrations: `pddtui team init` (and every workstation at start)
//! applies the ones not yet applied, each in its own transaction, under an advisory lock so that two
//! hosts starting at once do not race. Applying twice changes nothing.

use super::{TeamDb, pg_error};
use crate::store::model::StoreError;

/// Every migration, in order; a released one is never edited, only followed by another.
pub const MIGRATIONS: &[(i32, &str, &str)] = &[
    (
        1,
        "journal, claims, waybills, workstations, sync leases",
        "
CREATE TABLE ops (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    operator TEXT NOT NULL,
    profile TEXT NOT NULL,
    kind TEXT NOT NULL,
    order_sn TEXT NOT NULL,
    logistics_id BIGINT,
    number TEXT,
    number_key TEXT,
    params TEXT NOT NULL,
    state TEXT NOT NULL,
    error TEXT,
    result TEXT,
    outcome_at BIGINT,
    host TEXT NOT NULL,
    pid BIGINT NOT NULL,
    fence BIGINT
);
CREATE INDEX ops_order ON ops(order_sn);
CREATE INDEX ops_number_key ON ops(number_key);
CREATE TABLE claims (
    order_sn TEXT PRIMARY KEY,
    operator TEXT NOT NULL,
    host TEXT NOT NULL,
    pid BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    fence BIGINT NOT NULL DEFAULT 1
);
CREATE TABLE waybills (
    order_sn TEXT PRIMARY KEY,
    out_trade_no TEXT NOT NULL,
    number TEXT,
    number_key TEXT
);
CREATE INDEX waybills_number_key ON waybills(number_key);
CREATE TABLE workstations (
    host TEXT NOT NULL,
    pid BIGINT NOT NULL,
    operator TEXT NOT NULL,
    profile TEXT NOT NULL,
    since BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    PRIMARY KEY (host, pid)
);
CREATE TABLE sync_leases (
    profile TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    pid BIGINT NOT NULL,
    operator TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    fence BIGINT NOT NULL DEFAULT 1
);
",
    ),
    (
        2,
        "live updates: NOTIFY pddtui on claims and outcomes",
        super::listen::NOTIFY_TRIGGERS,
    ),
    (
        3,
        "the shared queue of each shop: order rows and sync marks",
        "
CREATE TABLE sync_orders (
    profile TEXT NOT NULL,
    order_sn TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at BIGINT,
    in_queue BOOLEAN NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    seq BIGINT NOT NULL,
    PRIMARY KEY (profile, order_sn)
);
CREATE INDEX sync_orders_seq ON sync_orders(profile, seq);
CREATE TABLE sync_marks (
    profile TEXT PRIMARY KEY,
    mark BIGINT,
    synced_at BIGINT,
    seq BIGINT NOT NULL DEFAULT 0,
    fence BIGINT NOT NULL DEFAULT 0
);
",
    ),
    (
        4,
        "fences from a sequence; claim + intent of a shipment in one call",
        super::fenced::SHIP_FUNCTIONS,
    ),
    (
        5,
        "the shared queue forgets orders long out of it",
        "ALTER TABLE sync_marks ADD COLUMN pruned BIGINT NOT NULL DEFAULT 0;",
    ),
];

/// An arbitrary key for the advisory lock that serialises migrations.
const LOCK: i64 = 0x7064_6474_7569; // "pddtui"

/// Applies the migrations not yet applied; returns the versions it applied (empty when up to date).
pub async fn migrate_async(db: TeamDb) -> Result<Vec<i32>, StoreError> {
    db.run(|mut conn| async move {
        let tx = conn.transaction().await.map_err(pg_error)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK])
            .await
            .map_err(pg_error)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                 version INTEGER PRIMARY KEY,
                 name TEXT NOT NULL,
                 applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
             )",
        )
        .await
        .map_err(pg_error)?;
        let have: Vec<i32> = tx
            .query("SELECT version FROM schema_migrations", &[])
            .await
            .map_err(pg_error)?
            .iter()
            .map(|r| r.get(0))
            .collect();
        if let Some(newer) = have.iter().find(|v| !MIGRATIONS.iter().any(|m| m.0 == **v)) {
            return Err(StoreError::Db(format!(
                "the team database has schema version {newer}, newer than this pddtui knows \
                 (up to {}): update pddtui",
                latest()
            )));
        }
        let mut applied = Vec::new();
        for (version, name, sql) in MIGRATIONS {
            if have.contains(version) {
                continue;
            }
            tx.batch_execute(sql).await.map_err(pg_error)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                &[version, name],
            )
            .await
            .map_err(pg_error)?;
            applied.push(*version);
        }
        tx.commit().await.map_err(pg_error)?;
        Ok(applied)
    })
    .await
}

/// `migrate_async` from synchronous code.
pub fn migrate(db: &TeamDb) -> Result<Vec<i32>, StoreError> {
    db.block(migrate_async(db.clone()))
}

/// The newest schema version this build knows.
pub fn latest() -> i32 {
    MIGRATIONS.last().map(|m| m.0).unwrap_or(0)
}

/// The schema version of the database (0 when pddtui never made it).
pub async fn version_async(db: TeamDb) -> Result<i32, StoreError> {
    db.run(|conn| async move {
        let exists = conn
            .query_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])
            .await
            .map_err(pg_error)?
            .get::<_, bool>(0);
        if !exists {
            return Ok(0);
        }
        let row = conn
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                &[],
            )
            .await
            .map_err(pg_error)?;
        Ok(row.get::<_, i32>(0))
    })
    .await
}

/// Refuses a database whose schema is not this build's: older (run `pddtui team init`) or newer
/// (update pddtui). Nothing is changed.
pub fn check(db: &TeamDb) -> Result<(), StoreError> {
    let have = db.block(version_async(db.clone()))?;
    let want = latest();
    if have < want {
        return Err(StoreError::Db(format!(
            "the team database {} has schema version {have}, this pddtui needs {want}: run \
             `pddtui team init`",
            db.where_()
        )));
    }
    if have > want {
        return Err(StoreError::Db(format!(
            "the team database {} has schema version {have}, newer than this pddtui knows \
             (up to {want}): update pddtui",
            db.where_()
        )));
    }
    Ok(())
}
