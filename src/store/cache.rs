//! The offline cache of the queue: the rows of the last sync, so the workstation starts at once and stays
//! readable with the gateway down (whole orders are in `details`). Also the atomic, private file write the
//! workstation's state uses.

use crate::domain::OrderRow;
use crate::domain::row::{AddressGroup, Interner, Secs};
use crate::domain::search::RowTexts;
use crate::domain::{Fen, Flag};
use serde::{Deserialize, Serialize};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::Arc;

/// The queue's rows (postcard, a compact binary form of serde); the whole orders are in `details::FILE_NAME`.
pub const FILE_NAME: &str = "queue-rows.bin";
/// The earlier cache of whole orders (up to hundreds of MB): removed when the new one is written.
const OLD_FILES: [&str; 2] = ["queue-cache.json", "queue-rows.json"];
/// Bumped when a row's stored shape or the file's framing changes (5: a head of the first screen's rows, then
/// every row; 6: compact rows, 32-bit times, the search text from the list's arena; 7: the masked address
/// apart from the search text): an older file is then no cache.
const FORMAT: u32 = 7;

/// From how many rows a queue is big enough that building it leaves much memory free (see
/// `return_free_memory`).
pub const BIG_QUEUE: usize = 100_000;

/// Hands the memory freed while building a big queue back to the system: the orders a sync read (or the
/// file's bytes and decoded rows) leave free pages between the rows' small allocations, which the
/// allocator would otherwise keep resident (≈ 35 MiB at a million orders). glibc only; elsewhere nothing.
pub fn return_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim changes only the allocator's own state (it gives free pages back); no memory we
    // hold is touched.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Keeps the process's resident memory near what it holds (issue 15), set once at start: glibc's malloc
/// otherwise raises its mmap threshold (up to 32 MiB) once a big block is freed, and then keeps the big
/// transient blocks of a queue's build, sort or filter resident after they are freed (340 MiB instead of
/// 292 MiB with a million orders loaded). Here blocks of 256 KiB and more are mapped and unmapped on
/// their own, and the heap's free top is given back past 1 MiB. glibc only; elsewhere nothing.
pub fn keep_resident_low() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt takes plain integers and changes only the allocator's thresholds.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 << 10);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 20);
    }
}

/// The key a shop's cache (and detail store) is kept under: the gateway's name and the shop's.
pub fn key(gateway: &str, shop_name: &str) -> String {
    format!("{gateway}/{shop_name}")
}

/// What was last read from the gateway of one shop, as queue rows.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    /// Which shop the orders belong to (gateway and shop name): another shop's cache is never shown.
    pub shop: String,
    /// Unix seconds of the sync the queue comes from.
    pub synced_at: i64,
    /// Unix seconds up to which every change has been seen (`ops::sync`): a restart refreshes from here.
    pub mark: Option<i64>,
    pub rows: Vec<OrderRow>,
    /// The rows' search texts and masked addresses (`search::RowTexts`), in row order.
    pub texts: RowTexts,
    /// What made the rows share their goods texts; goes on sharing them with rows added later.
    pub interner: Interner,
}

/// What the workstation hands to the writer: the rows are shared with the live list, not copied.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub shop: String,
    pub synced_at: i64,
    pub mark: Option<i64>,
    pub rows: Arc<Vec<OrderRow>>,
    /// The rows' search texts and masked addresses, shared with the live list too.
    pub texts: Arc<RowTexts>,
}

/// One row in the file: its fields in a fixed order, about 130 bytes, read fast at start. Times are the
/// row's 32-bit offsets (`row::Secs`), the search text is the row's in the list's arena, then its masked
/// address (shared again as it is read).
#[derive(Serialize)]
struct RowOut<'a>(
    &'a str,
    u8,
    u8,
    u8,
    i32,
    i32,
    i32,
    i64,
    &'a str,
    u8,
    &'a str,
    &'a str,
    i64,
    &'a str,
    i64,
    u32,
    &'a str,
    &'a str,
    u64,
    i32,
    &'a str,
);

/// A row as read; its texts are borrowed from the file's bytes (the goods texts are mostly shared).
#[derive(Deserialize)]
struct RowIn<'a>(
    &'a str,
    u8,
    u8,
    u8,
    i32,
    i32,
    i32,
    i64,
    String,
    u8,
    String,
    String,
    i64,
    &'a str,
    i64,
    u32,
    &'a str,
    &'a str,
    u64,
    i32,
    &'a str,
);

const AFTER_SALES: u8 = 1;
const RISK: u8 = 2;
const PRE_SALE: u8 = 4;
const STOCK_OUT: u8 = 8;
const URGED: u8 = 16;
const MEMO: u8 = 32;
const ESTIMATED: u8 = 64;

fn row_out<'a>(r: &'a OrderRow, texts: &'a RowTexts, i: usize) -> RowOut<'a> {
    let bit = |b: bool, v: u8| if b { v } else { 0 };
    let marks = bit(r.after_sales, AFTER_SALES)
        | bit(r.risk_review, RISK)
        | bit(r.pre_sale, PRE_SALE)
        | bit(r.stock_out, STOCK_OUT)
        | bit(r.urged, URGED)
        | bit(r.buyer_memo, MEMO)
        | bit(r.deadline_estimated, ESTIMATED);
    RowOut(
        &r.order_sn,
        r.order_status,
        r.refund_status,
        marks,
        r.confirm_time.raw(),
        r.deadline.raw(),
        r.shipping_time.raw(),
        r.pay_amount.0,
        &r.remark,
        r.remark_tag.map_or(0, Flag::code),
        &r.remark_tag_name,
        r.tracking_number(),
        r.logistics_id(),
        r.goods_name(),
        i64::from(r.goods_count),
        r.items,
        texts.fixed.get(i),
        r.search_goods(),
        r.address_group.map_or(0, AddressGroup::get),
        r.unlisted_since().raw(),
        texts.addresses.get(i),
    )
}

fn row_in(r: RowIn<'_>, interner: &mut Interner, texts: &mut RowTexts) -> OrderRow {
    texts.push(r.16, &interner.text(r.20));
    let has = |v: u8| r.3 & v != 0;
    let mut row = OrderRow {
        order_status: r.1,
        refund_status: r.2,
        after_sales: has(AFTER_SALES),
        risk_review: has(RISK),
        pre_sale: has(PRE_SALE),
        stock_out: has(STOCK_OUT),
        urged: has(URGED),
        buyer_memo: has(MEMO),
        deadline_estimated: has(ESTIMATED),
        confirm_time: Secs::from_raw(r.4),
        deadline: Secs::from_raw(r.5),
        shipping_time: Secs::from_raw(r.6),
        pay_amount: Fen(r.7),
        // The cache holds the display copy only (its fingerprint is the row's): a changed note then shows
        // both copies before a save.
        remark: r.8.into(),
        remark_tag: Flag::from_code(i64::from(r.9)),
        remark_tag_name: interner.name(&r.10),
        rare: None,
        goods: interner.goods(r.13, r.17),
        goods_count: u32::try_from(r.14.max(0)).unwrap_or(u32::MAX),
        items: r.15,
        address_group: AddressGroup::from_stored(r.18),
        order_sn: r.0.into(),
    };
    row.set_unlisted_since(Secs::from_raw(r.19));
    row.with_shipment(Some(&r.11), Some(r.12))
}

/// The file's head, borrowed: written straight to the file, never built whole in memory. The file is this
/// head (with the first screen's rows: a start draws from these before reading on), then every row (`RowsOut`).
#[derive(Serialize)]
struct CacheOut<'a> {
    format: u32,
    shop: &'a str,
    synced_at: i64,
    mark: Option<i64>,
    /// How many rows the file holds: a head of them all is the whole cache.
    total: u64,
    #[serde(serialize_with = "head_out")]
    head: Head<'a>,
}

/// The rows a start shows first: `HEAD_ROWS` of the list, the most urgent, in the list's order.
struct Head<'a> {
    rows: RowsOut<'a>,
    picked: Vec<usize>,
}

fn head_out<S: serde::Serializer>(h: &Head<'_>, s: S) -> Result<S::Ok, S::Error> {
    let RowsOut(rows, texts) = h.rows;
    s.collect_seq(h.picked.iter().map(|&i| row_out(&rows[i], texts, i)))
}

/// Every row with its search text, after the head, written row by row.
#[derive(Clone, Copy)]
struct RowsOut<'a>(&'a [OrderRow], &'a RowTexts);

impl Serialize for RowsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let RowsOut(rows, texts) = *self;
        s.collect_seq(rows.iter().enumerate().map(|(i, r)| row_out(r, texts, i)))
    }
}

#[derive(Deserialize)]
struct CacheIn<'a> {
    format: u32,
    shop: String,
    synced_at: i64,
    mark: Option<i64>,
    total: u64,
    #[serde(borrow)]
    head: Vec<RowIn<'a>>,
}

/// How many rows the head holds: more than a tall terminal's first screen, few enough to read in a blink.
const HEAD_ROWS: usize = 400;
/// The head is in the file's first bytes: a start reads this much, or more only if its rows are long.
const HEAD_READ: u64 = 256 * 1024;

/// The most urgent rows (earliest deadline, then the first confirmed), as the queue sorts them by default,
/// in the list's order.
fn pick_head(rows: &[OrderRow]) -> Vec<usize> {
    let key = |i: usize| {
        let r = &rows[i];
        (
            r.deadline.get().unwrap_or(i64::MAX),
            r.confirm_time.get().unwrap_or(i64::MAX),
        )
    };
    let mut idx: Vec<usize> = (0..rows.len()).collect();
    if idx.len() > HEAD_ROWS {
        idx.select_nth_unstable_by_key(HEAD_ROWS, |&i| key(i));
        idx.truncate(HEAD_ROWS);
    }
    idx.sort_unstable();
    idx
}

/// Saves a snapshot (atomically, 0600), streaming the JSON to the file.
pub fn save_snapshot(dir: &Path, s: &Snapshot) -> io::Result<()> {
    write_out(
        dir,
        &s.shop,
        s.synced_at,
        s.mark,
        RowsOut(&s.rows, &s.texts),
    )
}

pub fn save(dir: &Path, cache: &Cache) -> io::Result<()> {
    let rows = RowsOut(&cache.rows, &cache.texts);
    write_out(dir, &cache.shop, cache.synced_at, cache.mark, rows)
}

fn write_out(
    dir: &Path,
    shop: &str,
    synced_at: i64,
    mark: Option<i64>,
    rows: RowsOut<'_>,
) -> io::Result<()> {
    let out = CacheOut {
        format: FORMAT,
        shop,
        synced_at,
        mark,
        total: rows.0.len() as u64,
        head: Head {
            rows,
            picked: pick_head(rows.0),
        },
    };
    write_atomic_with(dir, FILE_NAME, |w| {
        postcard::to_io(&out, &mut *w).map_err(io::Error::other)?;
        postcard::to_io(&rows, w)
            .map(|_| ())
            .map_err(io::Error::other)
    })?;
    for old in OLD_FILES {
        match std::fs::remove_file(dir.join(old)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                tracing::warn!("cannot remove the old cache {old}: {e}")
            }
            _ => {}
        }
    }
    Ok(())
}

/// Removes the cache in `dir` (the next start lists in full); a missing one is fine, a failure is logged.
pub fn forget(dir: &Path) {
    match std::fs::remove_file(dir.join(FILE_NAME)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            tracing::warn!("cannot remove the queue cache: {e}")
        }
        _ => {}
    }
}

/// Reads the cache of `shop`; a missing, damaged, older or foreign file is no cache (logged), never an error.
pub fn load(dir: &Path, shop: &str) -> Option<Cache> {
    let path = dir.join(FILE_NAME);
    let bytes = std::fs::read(&path).ok()?;
    let read = || -> Result<Option<Cache>, postcard::Error> {
        let (c, rest) = postcard::take_from_bytes::<CacheIn<'_>>(&bytes)?;
        if c.shop != shop || c.format != FORMAT {
            return Ok(None);
        }
        let rows: Vec<RowIn<'_>> = postcard::from_bytes(rest)?;
        let (mut interner, mut texts) = (Interner::default(), RowTexts::default());
        let rows: Vec<OrderRow> = rows
            .into_iter()
            .map(|r| row_in(r, &mut interner, &mut texts))
            .collect();
        Ok(Some(cache(c, rows, texts, interner)))
    };
    let got = read().unwrap_or_else(|e| {
        tracing::warn!("ignoring {}: {e}", path.display());
        None
    });
    drop(bytes);
    if got.as_ref().is_some_and(|c| c.rows.len() >= BIG_QUEUE) {
        return_free_memory();
    }
    got
}

/// The first screen's rows of the cache of `shop`, read from the file's first bytes: what a start shows while
/// `load` reads the rest; and whether they are every row. `None` as for `load`.
pub fn load_head(dir: &Path, shop: &str) -> Option<(Cache, bool)> {
    use std::io::Read;
    let path = dir.join(FILE_NAME);
    let file = std::fs::File::open(&path).ok()?;
    let mut bytes = Vec::new();
    let mut want = HEAD_READ;
    loop {
        let got = (&file)
            .take(want - bytes.len() as u64)
            .read_to_end(&mut bytes);
        if let Err(e) = got {
            tracing::warn!("cannot read {}: {e}", path.display());
            return None;
        }
        match postcard::take_from_bytes::<CacheIn<'_>>(&bytes) {
            Ok((c, _)) if c.shop == shop && c.format == FORMAT => {
                let (mut interner, mut texts) = (Interner::default(), RowTexts::default());
                let rows = c
                    .head
                    .into_iter()
                    .map(|r| row_in(r, &mut interner, &mut texts))
                    .collect::<Vec<_>>();
                let whole = rows.len() as u64 == c.total;
                let head = CacheIn {
                    head: Vec::new(),
                    ..c
                };
                return Some((cache(head, rows, texts, interner), whole));
            }
            Ok(_) => return None,
            // A head longer than read so far (long notes): read on, while the file has more.
            Err(postcard::Error::DeserializeUnexpectedEnd) if bytes.len() as u64 == want => {
                want = want.saturating_mul(4)
            }
            Err(e) => {
                tracing::warn!("ignoring {}: {e}", path.display());
                return None;
            }
        }
    }
}

fn cache(c: CacheIn<'_>, rows: Vec<OrderRow>, texts: RowTexts, interner: Interner) -> Cache {
    Cache {
        shop: c.shop,
        synced_at: c.synced_at,
        mark: c.mark,
        rows,
        texts,
        interner,
    }
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
    use crate::domain::OrderRow;
    use std::os::unix::fs::PermissionsExt;

    fn rows() -> Vec<OrderRow> {
        let seed = crate::domain::order::seed_order();
        let mut i = Interner::default();
        let mut out = vec![OrderRow::new(&seed, &mut i)];
        let mut other = seed.clone();
        other.order_sn = "210317-000000000000001".into();
        other.remark = "Fragile 易碎".into();
        other.remark_tag = Some(Flag::Blue);
        other.last_ship_time = None;
        other.urge_shipping_time = None;
        other.risk_control_status = 1;
        other.item_list.clear();
        other.open_address_id = None;
        let mut unlisted = OrderRow::new(&other, &mut i);
        // No longer listed by a gateway of recent orders: when it was last seen is kept.
        unlisted.set_unlisted_since(Secs::new(Some(1_699_990_000)));
        out.push(unlisted);
        out
    }

    /// Search texts of the given fixed texts, the masked addresses two (shared) by turns.
    fn texts<'a>(fixed: impl IntoIterator<Item = &'a str>) -> RowTexts {
        let mut i = Interner::default();
        let a = [
            i.text("上海市浦东新区东方路*号*\n"),
            i.text("北京市朝阳区人民路*号*\n"),
        ];
        let mut t = RowTexts::default();
        for (k, f) in fixed.into_iter().enumerate() {
            t.push(f, &a[k % 2]);
        }
        t
    }

    /// A queue of `n` rows, the deadlines not in list order (the most urgent are scattered through it).
    fn many(n: usize) -> Vec<OrderRow> {
        let seed = crate::domain::order::seed_order();
        let mut i = Interner::default();
        (0..n)
            .map(|k| {
                let mut r = OrderRow::new(&seed, &mut i);
                r.order_sn = format!("210317-{k:015}").into();
                r.deadline = Secs::new((k % 7 != 3).then_some((k * 7919 % n) as i64));
                r
            })
            .collect()
    }

    #[test]
    fn the_head_is_the_most_urgent_rows_and_the_rest_follows() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache {
            shop: "fw199/a".into(),
            synced_at: 1_700_000_000,
            mark: Some(1_699_999_820),
            rows: many(5_000),
            texts: texts(
                (0..5_000)
                    .map(|k| format!("{k}\n"))
                    .collect::<Vec<_>>()
                    .iter()
                    .map(String::as_str),
            ),
            interner: Interner::default(),
        };
        save(dir.path(), &c).unwrap();
        let (head, whole) = load_head(dir.path(), "fw199/a").unwrap();
        assert!(!whole);
        assert_eq!((head.mark, head.synced_at), (c.mark, c.synced_at));
        assert_eq!(head.rows.len(), HEAD_ROWS);
        let mut urgent: Vec<&OrderRow> = c
            .rows
            .iter()
            .filter(|r| r.deadline.get().is_some())
            .collect();
        urgent.sort_by_key(|r| r.deadline.get());
        let mut want: Vec<&OrderRow> = urgent[..HEAD_ROWS].to_vec();
        want.sort_by(|a, b| a.order_sn.cmp(&b.order_sn));
        assert_eq!(
            head.rows.iter().collect::<Vec<_>>(),
            want,
            "in the list's order"
        );
        let back = load(dir.path(), "fw199/a").unwrap();
        assert_eq!(back.rows, c.rows);
        assert_eq!(back.texts, c.texts, "every row's search text and address");
        // The addresses are shared again as they are read: two distinct ones.
        assert_eq!(back.texts.addresses.texts().len(), 2);
        assert_eq!(head.texts.addresses.texts().len(), 2);
        assert!(load_head(dir.path(), "fw199/b").is_none());
        // A small queue: the head is all of it.
        let small = Cache {
            rows: rows(),
            texts: texts(["a\n", "b\n"]),
            ..c.clone()
        };
        save(dir.path(), &small).unwrap();
        let (head, whole) = load_head(dir.path(), "fw199/a").unwrap();
        assert!(whole);
        assert_eq!(head.rows, small.rows);
        assert_eq!(
            head.texts, small.texts,
            "the head's rows keep their search texts"
        );
    }

    #[test]
    fn a_head_of_long_rows_is_read_past_the_first_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let mut rows = many(HEAD_ROWS + 10);
        for r in &mut rows {
            r.remark = "长备注".repeat(400).into();
        }
        let texts = texts(rows.iter().map(|_| "long\n"));
        let c = Cache {
            shop: "fw199/a".into(),
            rows,
            texts,
            ..Cache::default()
        };
        save(dir.path(), &c).unwrap();
        let (head, whole) = load_head(dir.path(), "fw199/a").unwrap();
        assert!(!whole);
        assert_eq!(head.rows.len(), HEAD_ROWS);
        // A file of the earlier framing (its rows where the head is now) is no cache.
        let old = [
            &[4u8][..],
            &postcard::to_stdvec(&("fw199/a", 1i64)).unwrap(),
        ]
        .concat();
        std::fs::write(dir.path().join(FILE_NAME), old).unwrap();
        assert!(load_head(dir.path(), "fw199/a").is_none());
        assert!(load(dir.path(), "fw199/a").is_none());
    }

    #[test]
    fn round_trip_private_and_per_shop() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(dir.path(), "fw199/a").is_none());
        std::fs::write(dir.path().join(OLD_FILES[0]), "{}").unwrap();
        let c = Cache {
            shop: "fw199/a".into(),
            synced_at: 1_700_000_000,
            mark: Some(1_699_999_820),
            rows: rows(),
            texts: texts(["a\n", "b\n"]),
            interner: Interner::default(),
        };
        save(dir.path(), &c).unwrap();
        let back = load(dir.path(), "fw199/a").unwrap();
        assert_eq!(back.texts, c.texts);
        assert_eq!(
            (back.shop.as_str(), back.synced_at),
            ("fw199/a", 1_700_000_000)
        );
        assert_eq!(back.rows, c.rows);
        assert_eq!(back.mark, c.mark, "a restart refreshes from the mark");
        assert!(load(dir.path(), "fw199/b").is_none());
        let mode = std::fs::metadata(dir.path().join(FILE_NAME))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::write(dir.path().join(FILE_NAME), "{bad").unwrap();
        assert!(load(dir.path(), "fw199/a").is_none());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temp files, and the old cache removed");
    }
}
