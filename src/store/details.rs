//! Whole orders as last read from the gateway, on disk (`details.sqlite3`, 0600), one row per shop and order
//! number: the queue keeps only compact rows in memory, and the detail screen and the waybill read the whole
//! order from here when the gateway cannot be asked (pddshuju has no detail call; the gateway may be down).
//! A sync writes every order it reads, tagged with its generation, and then drops what it no longer saw.

use super::model::StoreError;
use super::sqlite::{create_private, retrying};
use crate::domain::Order;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const FILE_NAME: &str = "details.sqlite3";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS details (
    shop TEXT NOT NULL,
    order_sn TEXT NOT NULL,
    generation INTEGER NOT NULL,
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
        mut f: impl FnMut(&mut Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut guard = self
            .conn
            .lock()
            .map_err(|_| StoreError::Db("detail store lock poisoned".into()))?;
        retrying(|| f(&mut guard))
    }

    /// Stores (or replaces) these orders, read by the sync of `generation`.
    pub fn put(&self, generation: i64, orders: &[Order]) -> Result<(), StoreError> {
        let bodies: Vec<(&str, String)> = orders
            .iter()
            .filter_map(|o| {
                serde_json::to_string(o)
                    .ok()
                    .map(|b| (o.order_sn.as_str(), b))
            })
            .collect();
        self.with(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            {
                let mut st = tx.prepare_cached(
                    "INSERT OR REPLACE INTO details (shop, order_sn, generation, body) \
                     VALUES (?1, ?2, ?3, ?4)",
                )?;
                for (sn, body) in &bodies {
                    st.execute(params![self.shop, sn, generation, body])?;
                }
            }
            tx.commit()?;
            Ok(())
        })
    }

    /// The whole order, as last read; `None` when never read or unreadable.
    pub fn get(&self, order_sn: &str) -> Result<Option<Order>, StoreError> {
        let body: Option<String> = self.with(|conn| {
            Ok(conn
                .query_row(
                    "SELECT body FROM details WHERE shop = ?1 AND order_sn = ?2",
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

    /// After a whole sync of `generation`: drops the orders it did not see (shipped or closed elsewhere).
    pub fn keep_only(&self, generation: i64) -> Result<usize, StoreError> {
        self.with(|conn| {
            Ok(conn.execute(
                "DELETE FROM details WHERE shop = ?1 AND generation < ?2",
                params![self.shop, generation],
            )?)
        })
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

    fn order(sn: &str, remark: &str) -> Order {
        Order {
            order_sn: sn.into(),
            remark: remark.into(),
            ..Order::default()
        }
    }

    #[test]
    fn stores_per_shop_replaces_and_drops_what_a_sync_no_longer_saw() {
        let dir = tempfile::tempdir().unwrap();
        let a = DetailStore::open(dir.path(), "fw199/a").unwrap();
        let b = DetailStore::open(dir.path(), "fw199/b").unwrap();
        a.put(1, &[order("sn-1", "one"), order("sn-2", "two")])
            .unwrap();
        assert_eq!(a.get("sn-1").unwrap().unwrap().remark, "one");
        assert!(b.get("sn-1").unwrap().is_none(), "another shop's order");
        a.put(2, &[order("sn-1", "one again")]).unwrap();
        assert_eq!(a.keep_only(2).unwrap(), 1);
        assert_eq!(a.get("sn-1").unwrap().unwrap().remark, "one again");
        assert!(a.get("sn-2").unwrap().is_none());
        let mode = std::fs::metadata(dir.path().join(FILE_NAME))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
