//! Whole orders as last read from the gateway, on disk (`details.sqlite3`, 0600), one row per shop and order
//! number: the queue keeps only compact rows in memory, and the detail screen and the waybill read the whole
//! order from here when the gateway cannot be asked (pddshuju has no detail call; the gateway may be down).
//! A sync offers every order it reads; only one whose `updated_at` changed is written (a refresh of 100,000
//! orders that changed little writes little), and afterwards what the sync no longer saw is dropped; a
//! refresh drops at once the orders it saw leave the queue (`forget`).

use super::detail_codec::Codec;
use super::model::StoreError;
use super::sqlite::{create_private, locked, retrying};
use crate::domain::Order;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const FILE_NAME: &str = "details.sqlite3";

/// A shop is a number in each row, its name once in `shops`; the row is found by (shop, order number)
/// without a second index (WITHOUT ROWID); the body is the compressed order (`detail_codec`).
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS shops (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS details (
    shop INTEGER NOT NULL,
    order_sn TEXT NOT NULL,
    updated_at INTEGER,
    body BLOB NOT NULL,
    PRIMARY KEY (shop, order_sn)
) WITHOUT ROWID;
";

/// The table of the first format (JSON text, the shop's name in every row, 4.7 KB an order): a cache, so
/// it is dropped rather than converted, and the next sync fills the new table.
const OLD_TABLE: &str = "orders";

#[derive(Debug, Clone)]
pub struct DetailStore {
    conn: Arc<Mutex<Connection>>,
    shop: i64,
    codec: Arc<Codec>,
}

impl DetailStore {
    /// Opens (or creates) the store of `shop` in `data_dir`.
    pub fn open(data_dir: &Path, shop: &str) -> Result<DetailStore, StoreError> {
        std::fs::create_dir_all(data_dir)?;
        let path = data_dir.join(FILE_NAME);
        create_private(&path)?;
        let conn = retrying(|| connect(&path))?;
        let shop = retrying(|| shop_id(&conn, shop))?;
        Ok(DetailStore {
            conn: Arc::new(Mutex::new(conn)),
            shop,
            codec: Arc::new(Codec::new()?),
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
        // Compressed before the lock is taken: a reader of one order never waits for a page's compression.
        let mut packer = self.codec.packer()?;
        let bodies: Vec<(&str, Option<i64>, Vec<u8>)> = orders
            .into_iter()
            .filter_map(|o| match packer.pack(o) {
                Ok(b) => Some((o.order_sn.as_str(), o.updated_at.map(|t| t.as_second()), b)),
                Err(e) => {
                    tracing::warn!("cannot store the detail of {}: {e}", o.order_sn);
                    None
                }
            })
            .collect();
        self.with(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            {
                let mut st = tx.prepare_cached(
                    "INSERT INTO details (shop, order_sn, updated_at, body) VALUES (?1, ?2, ?3, ?4) \
                     ON CONFLICT (shop, order_sn) DO UPDATE \
                     SET updated_at = excluded.updated_at, body = excluded.body \
                     WHERE details.updated_at IS NOT excluded.updated_at \
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
                    "DELETE FROM details WHERE shop = ?1 AND order_sn = ?2 \
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

    /// The whole order, as last read; `None` when never read; an error naming the order when its stored
    /// copy cannot be read (damaged, or written with a dictionary this program does not have).
    pub fn get(&self, order_sn: &str) -> Result<Option<Order>, StoreError> {
        let body: Option<Vec<u8>> = self.with(|conn| {
            Ok(conn
                .query_row(
                    "SELECT body FROM details WHERE shop = ?1 AND order_sn = ?2",
                    params![self.shop, order_sn],
                    |r| r.get(0),
                )
                .optional()?)
        })?;
        body.map(|b| self.codec.unpack(order_sn, &b).map_err(StoreError::Db))
            .transpose()
    }

    /// After a whole sync: drops the orders it did not see (shipped or closed meanwhile); how many.
    pub fn keep_only(&self, seen: &[String]) -> Result<usize, StoreError> {
        let gone = self.with(|conn| {
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
                "DELETE FROM details WHERE shop = ?1 \
                 AND order_sn NOT IN (SELECT order_sn FROM temp.seen)",
                [self.shop],
            )?;
            tx.execute_batch("DELETE FROM temp.seen;")?;
            tx.commit()?;
            Ok(gone)
        })?;
        if gone > 0 {
            // The pages the dropped orders held go back to the disk (auto_vacuum = INCREMENTAL).
            if let Err(e) = self.with(|conn| Ok(conn.execute_batch("PRAGMA incremental_vacuum;")?))
            {
                tracing::warn!("cannot give back the detail store's free pages: {e}");
            }
        }
        Ok(gone)
    }

    /// How many changes the store's connection has made since it was opened (rows written or deleted).
    pub fn changes(&self) -> Result<u64, StoreError> {
        self.with(|conn| Ok(conn.total_changes()))
    }
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(15))?;
    // Only takes effect on a new (empty) file: freed pages can be given back without a whole VACUUM.
    conn.execute_batch("PRAGMA auto_vacuum=INCREMENTAL;")?;
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        let _: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    }
    // A cache: losing the last writes to a power cut only means reading them again. The WAL is cut back
    // after a checkpoint, so a whole sync does not leave a file as large as itself beside the store.
    conn.execute_batch("PRAGMA synchronous=NORMAL; PRAGMA journal_size_limit=4194304;")?;
    conn.execute_batch(SCHEMA)?;
    drop_old_table(&conn)?;
    Ok(conn)
}

/// Drops the first format's table, and gives its space back to the disk (it may be a GB); a VACUUM that
/// cannot run now (another process reading) is tried again at the next start.
fn drop_old_table(conn: &Connection) -> Result<(), StoreError> {
    let exists = |conn: &Connection| -> rusqlite::Result<bool> {
        conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [OLD_TABLE],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)
    };
    let freed: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    let vacuum = if exists(conn)? {
        conn.execute_batch(&format!("DROP TABLE IF EXISTS {OLD_TABLE};"))?;
        tracing::info!("dropped the detail store's old format; the next sync fills the new one");
        true
    } else {
        // A drop whose VACUUM could not run before; an INCREMENTAL store gives pages back by itself.
        let auto: i64 = conn.query_row("PRAGMA auto_vacuum", [], |r| r.get(0))?;
        auto == 0 && freed > 0
    };
    if vacuum {
        // A new file from here on gives freed pages back (auto_vacuum needs a VACUUM to change).
        if let Err(e) = conn.execute_batch("PRAGMA auto_vacuum=INCREMENTAL; VACUUM;") {
            tracing::warn!("cannot shrink the detail store now: {e}");
        }
    }
    Ok(())
}

/// The number standing for `shop` in this file.
fn shop_id(conn: &Connection, shop: &str) -> Result<i64, StoreError> {
    conn.execute("INSERT OR IGNORE INTO shops (name) VALUES (?1)", [shop])?;
    Ok(conn.query_row("SELECT id FROM shops WHERE name = ?1", [shop], |r| r.get(0))?)
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

    fn sim_orders(n: usize) -> Vec<Order> {
        let now = jiff::Timestamp::from_second(1_795_000_000).unwrap();
        crate::sim::shop::generate(7, n, now)
    }

    /// Writes `details.dict` again from the simulator's orders (a big shop's, spread over its whole range,
    /// with the seed order of the gateway's documentation). Run after the order's shape changed; the codec
    /// byte (`ZSTD_DICT_1`) must then change too, with the old dictionary kept to read old bodies.
    #[test]
    #[ignore]
    fn train() {
        let now = jiff::Timestamp::from_second(1_795_000_000).unwrap();
        let mut samples = Vec::new();
        for seed in [1u64, 2, 3, 4] {
            let shop = crate::sim::shop::Shop::new(seed, 1_000_000, now);
            for k in 0..5_000 {
                samples.push(serde_json::to_vec(&shop.order(k * 199 + seed as usize)).unwrap());
            }
        }
        for _ in 0..50 {
            samples.push(serde_json::to_vec(&crate::domain::order::seed_order()).unwrap());
        }
        let dict = zstd::dict::from_samples(&samples, 16 * 1024).unwrap();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/details.dict");
        std::fs::write(&path, &dict).unwrap();
        println!("{} bytes to {}", dict.len(), path.display());
    }

    #[test]
    fn the_simulators_orders_come_back_exactly_and_small() {
        let dir = tempfile::tempdir().unwrap();
        let s = DetailStore::open(dir.path(), "sim/a").unwrap();
        let orders = sim_orders(500);
        s.put(&orders).unwrap();
        for o in &orders {
            assert_eq!(s.get(&o.order_sn).unwrap().as_ref(), Some(o));
        }
        let bytes: i64 = s
            .with(|c| Ok(c.query_row("SELECT sum(length(body)) FROM details", [], |r| r.get(0))?))
            .unwrap();
        let json: usize = orders
            .iter()
            .map(|o| serde_json::to_vec(o).unwrap().len())
            .sum();
        let each = bytes as usize / orders.len();
        // Whole data dir ≤ 1.2 KB an order (issue 15): the body is most of it.
        assert!(
            each < 700,
            "{each} bytes an order stored ({} as JSON)",
            json / orders.len()
        );
    }

    #[test]
    fn hostile_text_comes_back_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let s = DetailStore::open(dir.path(), "sim/a").unwrap();
        let mut o = crate::domain::order::seed_order();
        o.remark =
            "易碎 🧧🎁 \"quoted\" back\\slash \u{1b}[31mred\u{1b}[0m \u{0} \u{202e}rtl\n\ttab"
                .into();
        o.buyer_memo = "长".repeat(20_000) + "👍🏽";
        o.remark_tag_name = "\u{ffff}\u{fffd}\u{200b}".into();
        o.receiver_name = "~AgAAAA==~1~~".into();
        o.item_list[0].goods_name = "【双11】 \\u0041 {\"json\": [1,2]}".into();
        o.extra.insert(
            "nested".into(),
            serde_json::json!({"a": [1.5, -0.0, 1e300, null, true, "🙂"], "b": {"c": "\u{7f}"}}),
        );
        s.put([&o]).unwrap();
        assert_eq!(s.get(&o.order_sn).unwrap(), Some(o));
    }

    #[test]
    fn a_damaged_or_foreign_body_is_an_error_naming_the_order() {
        let dir = tempfile::tempdir().unwrap();
        let s = DetailStore::open(dir.path(), "sim/a").unwrap();
        let orders = sim_orders(3);
        s.put(&orders).unwrap();
        // A dictionary of another id (a later program's): zstd refuses it rather than read garbage.
        let mut other = crate::store::detail_codec::DICT.to_vec();
        other[4] ^= 0x5a;
        let foreign = zstd::bulk::Compressor::with_dictionary(3, &other)
            .and_then(|mut z| z.compress(&serde_json::to_vec(&orders[1]).unwrap()))
            .unwrap();
        let bodies: [Vec<u8>; 4] = [
            vec![],
            vec![9, 1, 2, 3],
            vec![1, 1, 2, 3],
            [vec![1], foreign].concat(),
        ];
        for body in bodies {
            s.with(|c| {
                Ok(c.execute(
                    "UPDATE details SET body = ?1 WHERE order_sn = ?2",
                    params![body, orders[1].order_sn],
                )?)
            })
            .unwrap();
            let e = s.get(&orders[1].order_sn).unwrap_err().to_string();
            assert!(e.contains(&orders[1].order_sn), "{body:?}: {e}");
        }
        // One flipped bit inside a good body: the checksum sees it.
        let mut good = s
            .with(|c| {
                Ok(c.query_row(
                    "SELECT body FROM details WHERE order_sn = ?1",
                    [&orders[0].order_sn],
                    |r| r.get::<_, Vec<u8>>(0),
                )?)
            })
            .unwrap();
        let mid = good.len() / 2;
        good[mid] ^= 0x10;
        s.with(|c| {
            Ok(c.execute(
                "UPDATE details SET body = ?1 WHERE order_sn = ?2",
                params![good, orders[0].order_sn],
            )?)
        })
        .unwrap();
        assert!(s.get(&orders[0].order_sn).is_err());
        assert_eq!(
            s.get(&orders[2].order_sn).unwrap().as_ref(),
            Some(&orders[2])
        );
    }

    #[test]
    fn a_store_of_the_first_format_is_dropped_and_its_space_given_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(
                "PRAGMA journal_mode=WAL; CREATE TABLE orders (shop TEXT NOT NULL, order_sn TEXT NOT NULL, \
                 updated_at INTEGER, body TEXT NOT NULL, PRIMARY KEY (shop, order_sn));",
            )
            .unwrap();
            for o in sim_orders(300) {
                c.execute(
                    "INSERT INTO orders VALUES ('sim/a', ?1, 1, ?2)",
                    params![o.order_sn, serde_json::to_string(&o).unwrap()],
                )
                .unwrap();
            }
        }
        let before = std::fs::metadata(&path).unwrap().len();
        let s = DetailStore::open(dir.path(), "sim/a").unwrap();
        let orders = sim_orders(2);
        assert_eq!(
            s.get(&orders[0].order_sn).unwrap(),
            None,
            "refilled by the next sync"
        );
        s.put(&orders).unwrap();
        assert_eq!(
            s.get(&orders[0].order_sn).unwrap().as_ref(),
            Some(&orders[0])
        );
        let tables: i64 = s
            .with(|c| {
                Ok(c.query_row(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'orders'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        assert_eq!(tables, 0);
        drop(s);
        let after = std::fs::metadata(&path).unwrap().len();
        assert!(after < before / 4, "{before} bytes before, {after} after");
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
