//! The unshipped queue as the command line reads it, the way the workstation does: from the workstation's
//! offline cache brought up to date with the orders changed since its mark (a few increment requests), or
//! listed in full when there is no cache, when its mark is older than a day, when the gateway has no
//! increment endpoint, or when asked (`pddtui orders --full`). Either way the cache, its mark and the
//! detail store are left as the workstation leaves them, so the next start (or the next command) refreshes
//! from there too.

use super::sync::{self, Refresh};
use crate::api::{ApiError, Gateway, StatusFilter};
use crate::domain::row::{Interner, search_text};
use crate::domain::search::SearchTexts;
use crate::domain::{Order, OrderRow};
use crate::store::{DetailStore, cache};
use jiff::{SignedDuration, Timestamp};
use std::path::Path;

/// How far back the queue asks for orders (the workstation and `pddtui orders` alike): overdue ones are
/// older than the 48 h window.
pub const LOOKBACK: SignedDuration = SignedDuration::from_hours(24 * 4);

/// Why a read listed the whole window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Full {
    /// `--full`.
    Asked,
    /// No cache of this shop (or one without a mark) in the data dir.
    NoCache,
    /// The cache's mark is older than a day (or ahead of the clock).
    TooOld,
    /// The cache names an order whose whole copy is not in the detail store.
    Incomplete,
    /// The gateway has no increment endpoint (pddshuju): it lists every time.
    NoIncrement,
}

/// How the queue was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// From the cache, with the orders changed since its mark: `changed` orders came back.
    Refreshed {
        changed: usize,
    },
    Listed(Full),
}

#[derive(Debug, Clone)]
pub struct Read {
    /// The unshipped orders, whole, in no particular order.
    pub orders: Vec<Order>,
    /// Orders the gateway sent that could not be decoded (named by the caller), on a full list.
    pub skipped: Vec<String>,
    pub how: How,
}

/// The cache key of a shop on a gateway: the same for the workstation and the command line.
pub fn shop_key(gateway: &Gateway, shop_name: &str) -> String {
    cache::key(gateway.kind().name(), shop_name)
}

/// The unshipped queue of `shop_name` at `now`: refreshed on the cache in `data_dir` unless `full`, else
/// listed. Only a gateway with an increment endpoint uses the cache; the others list in full every time,
/// leaving the workstation's cache alone (it keeps orders such a gateway stopped listing). A cache or
/// detail store that cannot be written is logged, never a failure: the orders read are still answered.
pub async fn unshipped(
    gateway: &Gateway,
    data_dir: &Path,
    shop_name: &str,
    full: bool,
    now: Timestamp,
) -> Result<Read, ApiError> {
    if !gateway.capabilities().increments {
        let (orders, skipped) = list(gateway, now).await?;
        return Ok(Read {
            orders,
            skipped,
            how: How::Listed(Full::NoIncrement),
        });
    }
    let shop = shop_key(gateway, shop_name);
    let store = match DetailStore::open(data_dir, &shop) {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::warn!("no order detail store: {e}");
            None
        }
    };
    let reason = if full {
        Full::Asked
    } else {
        match refreshed(gateway, data_dir, &shop, store.as_ref(), now).await? {
            Ok(read) => return Ok(read),
            Err(reason) => reason,
        }
    };
    tracing::info!(?reason, "listing the queue in full");
    let (orders, skipped) = list(gateway, now).await?;
    if let Some(store) = &store {
        let seen: Vec<String> = orders.iter().map(|o| o.order_sn.clone()).collect();
        if let Err(e) = store
            .put(&orders)
            .and_then(|()| store.keep_only(&seen).map(|_| ()))
        {
            tracing::warn!("cannot store order details: {e}");
        }
    }
    let mut sorted: Vec<&Order> = orders.iter().collect();
    sorted.sort_by(|a, b| (a.confirm_time, &a.order_sn).cmp(&(b.confirm_time, &b.order_sn)));
    // The mark is when the list began: every change before it is in what was listed.
    save(data_dir, &shop, now, now, &sorted, Interner::default());
    Ok(Read {
        orders,
        skipped,
        how: How::Listed(reason),
    })
}

/// Every unshipped order of the window, and the names of those that could not be decoded.
async fn list(gateway: &Gateway, now: Timestamp) -> Result<(Vec<Order>, Vec<String>), ApiError> {
    let start = now.checked_sub(LOOKBACK).unwrap_or(now);
    gateway
        .list_orders_named(StatusFilter::Unshipped, start, now)
        .await
}

/// The cache brought up to date, or why it cannot be (then the caller lists in full).
async fn refreshed(
    gateway: &Gateway,
    data_dir: &Path,
    shop: &str,
    store: Option<&DetailStore>,
    now: Timestamp,
) -> Result<Result<Read, Full>, ApiError> {
    let Some((cache, mark)) = cache::load(data_dir, shop).and_then(|c| {
        let mark = c.mark.and_then(|m| Timestamp::from_second(m).ok())?;
        Some((c, mark))
    }) else {
        return Ok(Err(Full::NoCache));
    };
    let Some(store) = store else {
        return Ok(Err(Full::Incomplete));
    };
    let (changed, mark) = match sync::changes_to_now(gateway, mark, now, sync::OVERLAP).await? {
        Refresh::TooOld => return Ok(Err(Full::TooOld)),
        Refresh::Changed { orders, mark } => (orders, mark),
    };
    let count = changed.len();
    if let Err(e) = sync::store_changes(store, &changed) {
        tracing::warn!("cannot store order details: {e}");
        return Ok(Err(Full::Incomplete));
    }
    let (mut rows, mut interner) = (cache.rows, cache.interner);
    let merged = sync::merge_rows(&mut rows, changed, &mut interner);
    tracing::info!(?merged, "queue refreshed on the cache");
    let mut orders = Vec::with_capacity(rows.len());
    for row in &rows {
        match store.get(&row.order_sn) {
            Ok(Some(o)) => orders.push(o),
            Ok(None) => return Ok(Err(Full::Incomplete)),
            Err(e) => {
                tracing::warn!("cannot read {}: {e}", row.order_sn);
                return Ok(Err(Full::Incomplete));
            }
        }
    }
    // The rows again from the whole orders, in the merged order, with their search texts.
    let merged: Vec<&Order> = orders.iter().collect();
    save(data_dir, shop, now, mark, &merged, interner);
    Ok(Ok(Read {
        orders,
        skipped: Vec::new(),
        how: How::Refreshed { changed: count },
    }))
}

/// Writes the cache of `shop`: the rows of `queue` (whole orders in queue order) with their search texts.
fn save(
    data_dir: &Path,
    shop: &str,
    synced_at: Timestamp,
    mark: Timestamp,
    queue: &[&Order],
    mut interner: Interner,
) {
    let rows = queue
        .iter()
        .map(|o| OrderRow::new(o, &mut interner))
        .collect();
    let texts: Vec<String> = queue.iter().map(|o| search_text(o)).collect();
    let texts: SearchTexts = texts.iter().map(String::as_str).collect();
    let c = cache::Cache {
        shop: shop.to_string(),
        synced_at: synced_at.as_second(),
        mark: Some(mark.as_second()),
        rows,
        texts,
        interner,
    };
    if let Err(e) = cache::save(data_dir, &c) {
        tracing::warn!("cannot write the queue cache: {e}");
    }
}
