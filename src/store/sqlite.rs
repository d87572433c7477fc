//! The journal in SQLite (`journal.sqlite3` in the data dir): WAL, `synchronous=FULL`, a long busy
//! timeout and `BEGIN IMMEDIATE` for every write, so several processes share it without SQLITE_BUSY.

use super::backend::{Duplicates, JournalBackend, PENDING_ONLY};
use super::identity;
use super::model::{
    Actor, Claim, Filter, NewOp, OpEntry, OpKind, OpOutcome, Refusal, ShipState, StoreError,
};
use super::waybills::WaybillEntry;
use crate::domain::validate::number_key;
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const FILE_NAME: &str = "journal.sqlite3";

/// Writers wait this long for each other; a write holds the lock for milliseconds.
const BUSY_TIMEOUT: Duration = Duration::from_secs(15);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS ops (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    user TEXT NOT NULL,
    profile TEXT NOT NULL,
    kind TEXT NOT NULL,
    order_sn TEXT NOT NULL,
    logistics_id INTEGER,
    number TEXT,
    params TEXT NOT NULL,
    state TEXT NOT NULL,
    error TEXT,
    result TEXT,
    outcome_at INTEGER,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ops_order ON ops(order_sn);
CREATE INDEX IF NOT EXISTS ops_number ON ops(number);
CREATE TABLE IF NOT EXISTS claims (
    order_sn TEXT PRIMARY KEY,
    user TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS waybills (
    order_sn TEXT PRIMARY KEY,
    out_trade_no TEXT NOT NULL,
    number TEXT
);
";

const COLUMNS: &str = "id, at, user, profile, kind, order_sn, logistics_id, number, params, state, \
                       error, result, outcome_at";

#[derive(Debug)]
pub struct SqliteJournal {
    conn: Mutex<Connection>,
}

impl SqliteJournal {
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(data_dir)?;
        let path = data_dir.join(FILE_NAME);
        create_private(&path)?;
        let conn = retrying(|| connect(&path))?;
        Ok(SqliteJournal {
            conn: Mutex::new(conn),
        })
    }

    /// Opens the journal of a data dir that cannot be written, only to read it: nothing is created or
    /// migrated. Where SQLite cannot make the WAL's shared-memory file beside it, the journal is read as it
    /// was last checkpointed (SQLite's `immutable`), which after a clean exit is all of it.
    pub fn open_reading(data_dir: &Path) -> Result<Self, StoreError> {
        use rusqlite::OpenFlags;
        let path = data_dir.join(FILE_NAME);
        if !path.is_file() {
            return Err(StoreError::Db(format!("no journal at {}", path.display())));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let readable = |conn: Connection| -> rusqlite::Result<Connection> {
            conn.busy_timeout(BUSY_TIMEOUT)?;
            conn.query_row("SELECT COUNT(*) FROM ops", [], |r| r.get::<_, i64>(0))?;
            Ok(conn)
        };
        let conn = match Connection::open_with_flags(&path, flags).and_then(readable) {
            Ok(conn) => conn,
            Err(e) => {
                tracing::debug!("journal read-only: {e}; reading it as last checkpointed");
                let abs = std::path::absolute(&path)?;
                let url = url::Url::from_file_path(&abs)
                    .map_err(|()| StoreError::Db(format!("journal path {}", abs.display())))?;
                let uri = format!("{url}?immutable=1");
                Connection::open_with_flags(uri, flags).and_then(readable)?
            }
        };
        Ok(SqliteJournal {
            conn: Mutex::new(conn),
        })
    }

    /// Runs `f` on the connection; a busy database (past SQLite's own wait) is tried again.
    fn with<T>(
        &self,
        f: impl FnMut(&mut Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        locked(&self.conn, "journal", f)
    }
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let mut conn = Connection::open(path)?;
    // The busy timeout first: switching to WAL itself may wait for another process.
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        let _: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    }
    // FULL: a committed intent survives a power cut, not only a killed process.
    conn.execute_batch("PRAGMA synchronous=FULL;")?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(SCHEMA)?;
    add_number_keys(&tx)?;
    tx.commit()?;
    Ok(conn)
}

/// Numbers are compared by `validate::number_key` (case, blanks and width folded), kept in a column of
/// its own so that the comparison has an index. Journals written before it get the column filled here.
fn add_number_keys(tx: &rusqlite::Transaction<'_>) -> Result<(), StoreError> {
    for table in ["ops", "waybills"] {
        let has: i64 = tx.query_row(
            &format!("SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = 'number_key'"),
            [],
            |r| r.get(0),
        )?;
        if has > 0 {
            continue;
        }
        tx.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN number_key TEXT"))?;
        let numbers: Vec<(i64, String)> = tx
            .prepare(&format!(
                "SELECT rowid, number FROM {table} WHERE number IS NOT NULL"
            ))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut update = tx.prepare(&format!(
            "UPDATE {table} SET number_key = ?2 WHERE rowid = ?1"
        ))?;
        for (rowid, number) in numbers {
            update.execute(params![rowid, number_key(&number)])?;
        }
    }
    tx.execute_batch(
        "CREATE INDEX IF NOT EXISTS ops_number_key ON ops(number_key);
         CREATE INDEX IF NOT EXISTS waybills_number_key ON waybills(number_key);",
    )?;
    Ok(())
}

/// Runs `f` on the shared connection of `what`; a busy database (past SQLite's own wait) is tried again.
pub(super) fn locked<T>(
    conn: &Mutex<Connection>,
    what: &str,
    mut f: impl FnMut(&mut Connection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let mut guard = conn
        .lock()
        .map_err(|_| StoreError::Db(format!("{what} lock poisoned")))?;
    retrying(|| f(&mut guard))
}

/// SQLite answers "busy" without calling its busy handler in a few cases (switching to WAL, recovering
/// a WAL another process left, the last connection checkpointing on close); those are waited out here.
pub(super) fn retrying<T>(mut f: impl FnMut() -> Result<T, StoreError>) -> Result<T, StoreError> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    let mut pause = Duration::from_millis(5);
    loop {
        match f() {
            Err(StoreError::Busy(m)) if Instant::now() < deadline => {
                tracing::debug!("journal busy, waiting: {m}");
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(200));
            }
            other => return other,
        }
    }
}

/// Creates the file private to the user (0600) before SQLite opens it; its WAL and shared-memory files
/// take the same mode. An existing file keeps its mode, so a group-shared journal stays shared.
pub(super) fn create_private(path: &Path) -> Result<(), StoreError> {
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path)?;
    Ok(())
}

fn entry(r: &Row<'_>) -> rusqlite::Result<OpEntry> {
    let kind: String = r.get(4)?;
    let params: String = r.get(8)?;
    let state: String = r.get(9)?;
    Ok(OpEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        user: r.get(2)?,
        profile: r.get(3)?,
        kind: OpKind::from_code(&kind).unwrap_or(OpKind::Ship),
        order_sn: r.get(5)?,
        logistics_id: r.get(6)?,
        number: r.get(7)?,
        params: serde_json::from_str(&params).unwrap_or(serde_json::Value::Null),
        // An unreadable state is treated as unknown: it must be checked, never trusted.
        state: ShipState::from_code(&state).unwrap_or(ShipState::Unknown),
        error: r.get(10)?,
        result: r.get(11)?,
        outcome_at: r.get(12)?,
    })
}

/// The last other order that used `number`, leaving out the orders it may be shared with.
fn used_by(
    conn: &Connection,
    number: &str,
    order_sn: &str,
    shared_with: &[String],
) -> rusqlite::Result<Option<String>> {
    Ok(users_of(conn, number, order_sn)?
        .into_iter()
        .find(|sn| !shared_with.contains(sn)))
}

/// Every other order that used `number`, the latest first, each once.
fn users_of(conn: &Connection, number: &str, order_sn: &str) -> rusqlite::Result<Vec<String>> {
    // A failed or conflicting shipment did not put the number on its order.
    let mut stmt = conn.prepare(
        "SELECT order_sn FROM (
             SELECT order_sn, id FROM ops WHERE kind IN ('ship', 'modify') AND number_key = ?1
                 AND order_sn <> ?2 AND state NOT IN ('failed', 'conflict')
             UNION ALL
             SELECT order_sn, 0 FROM waybills WHERE number_key = ?1 AND order_sn <> ?2
         ) ORDER BY id DESC",
    )?;
    let mut rows = stmt.query(params![number_key(number), order_sn])?;
    let mut out: Vec<String> = Vec::new();
    while let Some(r) = rows.next()? {
        let sn: String = r.get(0)?;
        if !out.contains(&sn) {
            out.push(sn);
        }
    }
    Ok(out)
}

/// A claim still holds: unexpired, and its process not known to be gone.
fn in_force(c: &Claim, now: i64) -> bool {
    c.expires_at > now && !(c.host == identity::host() && identity::process_gone(c.pid))
}

fn claim_row(r: &Row<'_>) -> rusqlite::Result<Claim> {
    Ok(Claim {
        order_sn: r.get(0)?,
        user: r.get(1)?,
        host: r.get(2)?,
        pid: r.get(3)?,
        expires_at: r.get(4)?,
    })
}

impl SqliteJournal {
    /// Writes the outcome of operation `id` where `only` (empty, or `PENDING_ONLY`) holds; true when
    /// written.
    fn write_outcome(
        &self,
        id: i64,
        outcome: OpOutcome<'_>,
        only: &str,
    ) -> Result<bool, StoreError> {
        self.with(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let n = tx.execute(
                &format!(
                    "UPDATE ops SET state = ?2, error = ?3, result = COALESCE(?4, result), \
                     outcome_at = ?5 WHERE id = ?1{only}"
                ),
                params![
                    id,
                    outcome.state().code(),
                    outcome.error(),
                    outcome.result(),
                    jiff::Timestamp::now().as_second()
                ],
            )?;
            tx.commit()?;
            Ok(n > 0)
        })
    }
}

impl JournalBackend for SqliteJournal {
    fn begin(&self, actor: &Actor, op: &NewOp, dup: Duplicates) -> Result<i64, StoreError> {
        self.with(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let shared_with: &[String] = match &dup {
                Duplicates::SharedWith(sns) => sns,
                _ => &[],
            };
            let checked =
                dup != Duplicates::Allow && matches!(op.kind, OpKind::Ship | OpKind::Modify);
            if checked
                && let Some(number) = &op.number
                && let Some(other) = used_by(&tx, number, &op.order_sn, shared_with)?
            {
                return Err(Refusal::DuplicateNumber {
                    order_sn: op.order_sn.clone(),
                    number: number.clone(),
                    other_order: other,
                }
                .into());
            }
            tx.execute(
                "INSERT INTO ops (at, user, profile, kind, order_sn, logistics_id, number, params, \
                 state, host, pid, number_key) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'intent', ?9, ?10, ?11)",
                params![
                    jiff::Timestamp::now().as_second(),
                    actor.user,
                    actor.profile,
                    op.kind.code(),
                    op.order_sn,
                    op.logistics_id,
                    op.number,
                    op.params.to_string(),
                    identity::host(),
                    identity::pid(),
                    op.number.as_deref().map(number_key),
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(id)
        })
    }

    fn finish(&self, id: i64, outcome: OpOutcome<'_>) -> Result<(), StoreError> {
        self.write_outcome(id, outcome, "").map(|_| ())
    }

    fn settle(&self, id: i64, outcome: OpOutcome<'_>) -> Result<bool, StoreError> {
        self.write_outcome(id, outcome, PENDING_ONLY)
    }

    fn entries(&self, filter: &Filter) -> Result<Vec<OpEntry>, StoreError> {
        self.with(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {COLUMNS} FROM ops WHERE (?1 IS NULL OR at >= ?1) \
                 AND (?2 IS NULL OR order_sn = ?2) ORDER BY id"
            ))?;
            let rows = stmt.query_map(params![filter.since, filter.order_sn], entry)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// A cursor over the rows: a journal of 100,000 entries is printed in the memory of one. A busy
    /// database met midway is read again after the last entry handed out, never from the start.
    fn each_entry(
        &self,
        filter: &Filter,
        each: &mut dyn FnMut(OpEntry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut after = i64::MIN;
        self.with(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {COLUMNS} FROM ops WHERE (?1 IS NULL OR at >= ?1) \
                 AND (?2 IS NULL OR order_sn = ?2) AND id > ?3 ORDER BY id"
            ))?;
            let mut rows = stmt.query(params![filter.since, filter.order_sn, after])?;
            while let Some(row) = rows.next()? {
                let e = entry(row)?;
                after = e.id;
                each(e)?;
            }
            Ok(())
        })
    }

    fn latest(&self) -> Result<Vec<OpEntry>, StoreError> {
        self.with(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {COLUMNS} FROM ops WHERE id IN (SELECT MAX(id) FROM ops GROUP BY order_sn, \
                 CASE kind WHEN 'modify' THEN 'ship' ELSE kind END) ORDER BY id"
            ))?;
            let rows = stmt.query_map([], entry)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    fn recent(&self, limit: usize) -> Result<Vec<OpEntry>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.with(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {COLUMNS} FROM ops ORDER BY id DESC LIMIT ?1"
            ))?;
            let rows = stmt.query_map(params![limit], entry)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }

    fn count(&self) -> Result<u64, StoreError> {
        self.with(|conn| {
            let n: i64 = conn.query_row("SELECT COUNT(*) FROM ops", [], |r| r.get(0))?;
            Ok(n.unsigned_abs())
        })
    }

    fn number_used_by(&self, number: &str, order_sn: &str) -> Result<Option<String>, StoreError> {
        self.with(|conn| Ok(used_by(conn, number, order_sn, &[])?))
    }

    fn number_users(&self, number: &str, order_sn: &str) -> Result<Vec<String>, StoreError> {
        self.with(|conn| Ok(users_of(conn, number, order_sn)?))
    }

    fn claim(&self, claim: &Claim, now: i64) -> Result<(), StoreError> {
        self.with(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let held = tx
                .query_row(
                    "SELECT order_sn, user, host, pid, expires_at FROM claims WHERE order_sn = ?1",
                    params![claim.order_sn],
                    claim_row,
                )
                .optional()?;
            if let Some(h) = held {
                let mine = h.host == claim.host && h.pid == claim.pid;
                if !mine && in_force(&h, now) {
                    return Err(Refusal::InProgress(h).into());
                }
            }
            tx.execute(
                "INSERT OR REPLACE INTO claims (order_sn, user, host, pid, expires_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    claim.order_sn,
                    claim.user,
                    claim.host,
                    claim.pid,
                    claim.expires_at
                ],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    fn release(&self, order_sn: &str, host: &str, pid: u32) -> Result<(), StoreError> {
        self.with(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "DELETE FROM claims WHERE order_sn = ?1 AND host = ?2 AND pid = ?3",
                params![order_sn, host, pid],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    fn claims(&self, now: i64) -> Result<Vec<Claim>, StoreError> {
        self.with(|conn| {
            let mut stmt = conn.prepare(
                "SELECT order_sn, user, host, pid, expires_at FROM claims ORDER BY order_sn",
            )?;
            let rows = stmt.query_map([], claim_row)?;
            let all = rows.collect::<Result<Vec<_>, _>>()?;
            Ok(all.into_iter().filter(|c| in_force(c, now)).collect())
        })
    }

    fn waybill(&self, order_sn: &str) -> Result<Option<WaybillEntry>, StoreError> {
        self.with(|conn| {
            Ok(conn
                .query_row(
                    "SELECT order_sn, out_trade_no, number FROM waybills WHERE order_sn = ?1",
                    params![order_sn],
                    |r| {
                        Ok(WaybillEntry {
                            order_sn: r.get(0)?,
                            out_trade_no: r.get(1)?,
                            number: r.get(2)?,
                        })
                    },
                )
                .optional()?)
        })
    }

    fn put_waybill(&self, e: &WaybillEntry) -> Result<(), StoreError> {
        self.with(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT OR REPLACE INTO waybills (order_sn, out_trade_no, number, number_key) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    e.order_sn,
                    e.out_trade_no,
                    e.number,
                    e.number.as_deref().map(number_key)
                ],
            )?;
            tx.commit()?;
            Ok(())
        })
    }
}
