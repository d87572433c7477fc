//! Whole orders as last read from the gateway, on disk (`details.sqlite3`, 0600), one row per shop and order
//! number: the queue keeps only compact rows in memory, and the detail screen and the waybill read the whole
//! order from here when the gateway cannot be asked (pddshuju has no detail call; the gateway may be down).
//! A sync offers every order it reads; only one whose `updated_at` changed is written (a refresh of 100,000
//! orders that changed little writes little), and afterwards what the sync no longer saw is dropped; a
//! refresh drops at once the orders it saw leave the queue (`forget`).

use super::model::StoreError;
use super::sqlite::{create_private, locked, retrying};
use crate::domain::Order;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const FILE_NAME: &str = "details.sqlite3";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS orders (
    shop TEXT NOT NULL,
    order_sn TEXT NOT NULL,
    updated_at INTEGER,
    body TEXT NOT NULL,
    PRIMARY KEY (shop, order_sn)
);
";

#[derive(Debug, Clone)]
pub struct DetailStore {
    conn: Arc<Mutex<Connection>>,
    shop: String,
}

impl DetailStore {
    /// Opens (or creates) the store of `shop` in `data_dir`.
    pub fn open(data_dir: &Path, shop: &str) -> Result<DetailStore, StoreError> {
        std::fs::create_dir_all(data_dir)?;
        let path = data_dir.join(FILE_NAME);
        create_private(&path)?;
        let conn = retrying(|| connect(&path))?;
        Ok(DetailStore {
            conn: Arc::new(Mutex::new(conn)),
            shop: shop.to_string(),
        })
    }

    fn with<T>(
        &self,
        f: impl FnMut(&mut Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        locked(&self.conn, "detail store", f)
    }

    /// Stores these orders; one already stored with the same `updated_at` is left as it is (not written).
    pub fn put<'a>(&self, orders: impl IntoIterator<Item = &'a Order>) -> Result<(), StoreError> {
        let bodies: Vec<(&str, Option<i64>, String)> = orders
            .into_iter()
            .filter_map(|o| {
                serde_json::to_string(o)
                    .ok()
                    .map(|b| (o.order_sn.as_str(), o.updated_at.map(|t| t.as_second()), b))
            })
            .collect();
        self.with(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            {
                let mut st = tx.prepare_cached(
                    "INSERT INTO orders (shop, order_sn, updated_at, body) VALUES (?1, ?2, ?3, ?4) \
                     ON CONFLICT (shop, order_sn) DO UPDATE \
                     SET updated_at = excluded.updated_at, body = excluded.body \
                     WHERE orders.updated_at IS NOT excluded.updated_at \
                        OR excluded.updated_at IS NULL",
                )?;
                for (sn, updated, body) in &bodies {
                    st.execute(params![self.shop, sn, updated, body])?;
                }
            }
            tx.commit()?;
            Ok(())
        })
    }

    /// Drops these orders, each given with the `updated_at` of the copy that says it left the queue (shipped
    /// or closed elsewhere), unless the store holds a newer copy; how many were dropped.
    pub fn forget(&self, gone: &[(&str, Option<i64>)]) -> Result<usize, StoreError> {
        if gone.is_empty() {
            return Ok(0);
        }
        self.with(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut dropped = 0;
            {
                let mut st = tx.prepare_cached(
                    "DELETE FROM orders WHERE shop = ?1 AND order_sn = ?2 \
                     AND (?3 IS NULL OR updated_at IS NULL OR updated_at <= ?3)",
                )?;
                for (sn, updated) in gone {
                    dropped += st.execute(params![self.shop, sn, updated])?;
                }
            }
            tx.commit()?;
            Ok(dropped)
        })
    }

    /// The whole order, as last read; `None` when never read or unreadable.
    pub fn get(&self, order_sn: &str) -> Result<Option<Order>, StoreError> {
        let body: Option<String> = self.with(|conn| {
            Ok(conn
                .query_row(
                    "SELECT body FROM orders WHERE shop = ?1 AND order_sn = ?2",
                    params![self.shop, order_sn],
                    |r| r.get(0),
                )
                .optional()?)
        })?;
        Ok(body.and_then(|b| match serde_json::from_str(&b) {
            Ok(o) => Some(o),
            Err(e) => {
                tracing::warn!("unreadable cached detail of {order_sn}: {e}");
                None
            }
        }))
    }

    /// After a whole sync: drops the orders it did not see (shipped or closed meanwhile); how many.
    pub fn keep_only(&self, seen: &[String]) -> Result<usize, StoreError> {
        self.with(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS seen (order_sn TEXT PRIMARY KEY); \
                 DELETE FROM temp.seen;",
            )?;
            {
                let mut st = tx.prepare_cached("INSERT OR IGNORE INTO temp.seen VALUES (?1)")?;
                for sn in seen {
                    st.execute([sn])?;
                }
            }
            let gone = tx.execute(
                "DELETE FROM orders WHERE shop = ?1 \
                 AND order_sn NOT IN (SELECT order_sn FROM temp.seen)",
                [&self.shop],
            )?;
            tx.execute_batch("DELETE FROM temp.seen;")?;
            tx.commit()?;
            Ok(gone)
        })
    }

    /// How many changes the store's connection has made since it was opened (rows written or deleted).
    pub fn changes(&self) -> Result<u64, StoreError> {
        self.with(|conn| Ok(conn.total_changes()))
    }
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(15))?;
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        let _: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    }
    // A cache: losing the last writes to a power cut only means reading them again.
    conn.execute_batch("PRAGMA synchronous=NORMAL;")?;
    conn.execute_batch(SCHEMA)?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn order(sn: &str, remark: &str, updated: i64) -> Order {
        Order {
            order_sn: sn.into(),
            remark: remark.into(),
            updated_at: jiff::Timestamp::from_second(updated).ok(),
            ..Order::default()
        }
    }

    #[test]
    fn stores_per_shop_writes_only_changes_and_drops_what_a_sync_no_longer_saw() {
        let dir = tempfile::tempdir().unwrap();
        let a = DetailStore::open(dir.path(), "fw199/a").unwrap();
        let b = DetailStore::open(dir.path(), "fw199/b").unwrap();
        a.put(&[order("sn-1", "one", 10), order("sn-2", "two", 10)])
            .unwrap();
        assert_eq!(a.get("sn-1").unwrap().unwrap().remark, "one");
        assert!(b.get("sn-1").unwrap().is_none(), "another shop's order");
        // The same orders again (a refresh): nothing is written.
        let before = a.changes().unwrap();
        a.put(&[order("sn-1", "one", 10), order("sn-2", "two", 10)])
            .unwrap();
        assert_eq!(a.changes().unwrap(), before, "unchanged orders rewritten");
        // A changed one is.
        a.put(&[order("sn-1", "one again", 11)]).unwrap();
        assert_eq!(a.changes().unwrap(), before + 1);
        assert_eq!(a.keep_only(&["sn-1".to_string()]).unwrap(), 1);
        assert_eq!(a.get("sn-1").unwrap().unwrap().remark, "one again");
        assert!(a.get("sn-2").unwrap().is_none());
        b.put(&[order("sn-2", "b's", 1)]).unwrap();
        // Forgotten unless the store's copy is newer than the one that says the order left.
        a.put(&[order("sn-3", "three", 20)]).unwrap();
        assert_eq!(a.forget(&[("sn-3", Some(19))]).unwrap(), 0);
        assert_eq!(
            a.forget(&[("sn-3", Some(20)), ("sn-9", Some(1))]).unwrap(),
            1
        );
        assert!(a.get("sn-3").unwrap().is_none());
        assert_eq!(a.keep_only(&[]).unwrap(), 1);
        assert!(
            b.get("sn-2").unwrap().is_some(),
            "another shop's orders stay"
        );
        let mode = std::fs::metadata(dir.path().join(FILE_NAME))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
