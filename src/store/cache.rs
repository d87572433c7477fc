//! The offline cache: the last synced queue and the details read, so the workstation starts at once and
//! stays readable with the gateway down. Also the atomic, private file write the workstation's state uses.

use crate::domain::Order;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::Arc;

pub const FILE_NAME: &str = "queue-cache.json";

/// What was last read from the gateway of one shop.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Cache {
    /// Which shop the orders belong to (gateway and shop name): another shop's cache is never shown.
    pub shop: String,
    /// Unix seconds of the sync the queue comes from.
    pub synced_at: i64,
    #[serde(default)]
    pub queue: Vec<Order>,
    /// Orders read in full (detail), by number.
    #[serde(default)]
    pub details: BTreeMap<String, Order>,
}

/// What the workstation hands to the writer: the queue is shared with the live list, not copied, so a
/// 100,000-order cache write costs no second copy of the orders.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub shop: String,
    pub synced_at: i64,
    pub queue: Arc<Vec<Order>>,
    pub details: BTreeMap<String, Order>,
}

/// The file's shape, borrowed: written straight to the file, never built as one big string.
#[derive(Serialize)]
struct CacheOut<'a> {
    shop: &'a str,
    synced_at: i64,
    queue: &'a [Order],
    details: &'a BTreeMap<String, Order>,
}

/// Saves a snapshot (atomically, 0600), streaming the JSON to the file.
pub fn save_snapshot(dir: &Path, s: &Snapshot) -> io::Result<()> {
    write_out(
        dir,
        &CacheOut {
            shop: &s.shop,
            synced_at: s.synced_at,
            queue: &s.queue,
            details: &s.details,
        },
    )
}

fn write_out(dir: &Path, out: &CacheOut<'_>) -> io::Result<()> {
    write_atomic_with(dir, FILE_NAME, |w| {
        serde_json::to_writer(w, out).map_err(io::Error::other)
    })
}

/// Reads the cache of `shop`; a missing, damaged or foreign file is no cache (logged), never an error.
pub fn load(dir: &Path, shop: &str) -> Option<Cache> {
    let path = dir.join(FILE_NAME);
    let text = std::fs::read_to_string(&path).ok()?;
    match serde_json::from_str::<Cache>(&text) {
        Ok(c) if c.shop == shop => Some(c),
        Ok(_) => None,
        Err(e) => {
            tracing::warn!("ignoring {}: {e}", path.display());
            None
        }
    }
}

pub fn save(dir: &Path, cache: &Cache) -> io::Result<()> {
    write_out(
        dir,
        &CacheOut {
            shop: &cache.shop,
            synced_at: cache.synced_at,
            queue: &cache.queue,
            details: &cache.details,
        },
    )
}

/// Writes `dir/name` so that a kill at any moment leaves either the old or the new file: a private (0600)
/// temp file, flushed to disk, renamed over the old one, then the folder synced.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(dir, name, |w| w.write_all(bytes))
}

/// Like `write_atomic`, with the content written by `fill` through a buffer.
pub fn write_atomic_with(
    dir: &Path,
    name: &str,
    fill: impl FnOnce(&mut BufWriter<&mut std::fs::File>) -> io::Result<()>,
) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    // One temp name per process and call, so two writers never share a half-written file.
    static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)?;
        {
            let mut w = BufWriter::new(&mut f);
            fill(&mut w)?;
            w.flush()?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, dir.join(name))?;
        // The rename itself must reach the disk too; a folder that cannot be synced is not fatal.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn round_trip_private_and_per_shop() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(dir.path(), "fw199/a").is_none());
        let mut c = Cache {
            shop: "fw199/a".into(),
            synced_at: 1_700_000_000,
            ..Default::default()
        };
        c.queue.push(Order {
            order_sn: "210317-000000000000001".into(),
            ..Default::default()
        });
        save(dir.path(), &c).unwrap();
        assert_eq!(load(dir.path(), "fw199/a"), Some(c));
        assert!(load(dir.path(), "fw199/b").is_none());
        let mode = std::fs::metadata(dir.path().join(FILE_NAME))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::write(dir.path().join(FILE_NAME), "{bad").unwrap();
        assert!(load(dir.path(), "fw199/a").is_none());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temp files left behind");
    }
}
