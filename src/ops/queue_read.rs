//! The unshipped queue as the command line reads it, the way the workstation does: from the workstation's
//! offline cache brought up to date with the orders changed since its mark (a few increment requests), or
//! listed in full when there is no cache, when its mark is older than a day, when the gateway has no
//! increment endpoint, or when asked (`pddtui orders --full`). Either way the cache, its mark and the
//! detail store are left as the workstation leaves them, so the next start (or the next command) refreshes
//! from there too. In a team (`unshipped_team`) the shop's shared queue comes first, as on a team's
//! workstation (`ops::team_sync`): read while fresh, brought up to date by the command as the sync leader
//! when it can take the lease, the gateway read on the cache only when another workstation leads a stale
//! queue or the team's database cannot be reached.

use super::sync::{self, Refresh};
use super::team_sync::{Got, TeamSync};
use crate::api::{ApiError, Gateway, StatusFilter};
use crate::domain::row::Interner;
use crate::domain::search::RowTexts;
use crate::domain::{Order, OrderRow};
use crate::store::StoreError;
use crate::store::team::leader::{Holder, Lease};
use crate::store::team::orders::Batch;
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
    // The mark is when the list began: every change before it is in what was listed.
    keep(data_dir, &shop, store.as_ref(), &orders, now, now);
    Ok(Read {
        orders,
        skipped,
        how: How::Listed(reason),
    })
}

/// A whole queue kept: the whole orders in the detail store (and only them), the cache of their rows
/// with `mark` (every change up to it is in `orders`).
fn keep(
    data_dir: &Path,
    shop: &str,
    store: Option<&DetailStore>,
    orders: &[Order],
    synced_at: Timestamp,
    mark: Timestamp,
) {
    if let Some(store) = store {
        let seen: Vec<String> = orders.iter().map(|o| o.order_sn.clone()).collect();
        if let Err(e) = store
            .put(orders)
            .and_then(|()| store.keep_only(&seen).map(|_| ()))
        {
            tracing::warn!("cannot store order details: {e}");
        }
    }
    let mut sorted: Vec<&Order> = orders.iter().collect();
    sorted.sort_by(|a, b| (a.confirm_time, &a.order_sn).cmp(&(b.confirm_time, &b.order_sn)));
    save(
        data_dir,
        shop,
        synced_at,
        mark,
        &sorted,
        Interner::default(),
    );
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
    let mut texts = RowTexts::default();
    for o in queue {
        texts.push_order(o, &mut interner);
    }
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

/// Where a team's `pddtui orders` took the queue from (`unshipped_team`).
#[derive(Debug)]
pub enum FromTeam {
    /// The team's shared queue, fresh (its last sync `age` s ago): the gateway was asked nothing.
    Shared { age: i64 },
    /// This command took the shop's sync lease, brought the shared queue up to date and gave the lease
    /// up: with the changes since the shared mark (`None`), or listed in full (why).
    Led(Option<Full>),
    /// Another workstation leads, but the shared queue is stale (`age` s since its last sync; none when
    /// it was never synced): read from the gateway on this workstation's cache, as on one host.
    Apart {
        leader: Holder,
        age: Option<i64>,
        how: How,
    },
    /// The team's database could not be read or written: read from the gateway as on one host.
    NoDatabase { error: StoreError, how: How },
}

#[derive(Debug)]
pub struct TeamRead {
    /// The unshipped orders, whole, in no particular order.
    pub orders: Vec<Order>,
    /// Orders the gateway sent that could not be decoded, on a full list.
    pub skipped: Vec<String>,
    pub from: FromTeam,
}

/// Why a team's read failed.
#[derive(Debug)]
pub enum TeamError {
    Api(ApiError),
    /// `--full` while another workstation leads the shop's sync: it would list the shop a second time.
    Leads(Holder),
}

/// How many orders one write of a listed queue to the team's database carries.
const WRITE_PAGE: usize = 1_000;

/// The unshipped queue of `shop_name` for a workstation of a team (issue 14: one sync per shop). A fresh
/// shared queue (`TeamSync::is_fresh`) is read from the team's database and the gateway is asked
/// nothing. Otherwise (or with `full`) the command asks for the shop's sync lease: holding it, it
/// brings the shared queue up to date as a leader does (the changes since the shared mark, or a whole
/// list written for the team; `ops::team_sync`) and gives the lease up at once; another workstation
/// leading, it reads the gateway on its own cache (`unshipped`), or refuses `full` naming the leader.
/// The team's database unreachable, it reads as on one host. What it read also refreshes this
/// workstation's cache, so a later read without the database starts from there.
pub async fn unshipped_team(
    gateway: &Gateway,
    data_dir: &Path,
    shop_name: &str,
    team: &TeamSync,
    full: bool,
    now: Timestamp,
) -> Result<TeamRead, TeamError> {
    let marks = match team.marks().await {
        Ok(m) => m,
        Err(e) => return alone(gateway, data_dir, shop_name, full, now, e).await,
    };
    if !full && team.is_fresh(&marks) {
        match team.read_whole().await {
            Ok((Got::Whole { orders }, read)) => {
                remember(gateway, data_dir, shop_name, &orders, read.mark, now);
                return Ok(TeamRead {
                    orders,
                    skipped: Vec::new(),
                    from: FromTeam::Shared {
                        age: marks.age.unwrap_or(0).max(0),
                    },
                });
            }
            // A whole read answers the whole queue; anything else is asked of the leader below.
            Ok(_) => {}
            Err(e) => return alone(gateway, data_dir, shop_name, full, now, e).await,
        }
    }
    let fence = match team.lease().await {
        Ok(Lease::Mine { fence, .. }) => fence,
        Ok(Lease::Theirs { holder, .. }) if full => return Err(TeamError::Leads(holder)),
        Ok(Lease::Theirs { holder, .. }) => {
            let read = unshipped(gateway, data_dir, shop_name, false, now)
                .await
                .map_err(TeamError::Api)?;
            return Ok(TeamRead {
                orders: read.orders,
                skipped: read.skipped,
                from: FromTeam::Apart {
                    leader: holder,
                    age: marks.age.filter(|_| marks.mark.is_some()),
                    how: read.how,
                },
            });
        }
        Err(e) => return alone(gateway, data_dir, shop_name, full, now, e).await,
    };
    let mark = match marks.mark {
        _ if full => Err(Full::Asked),
        Some(mark) => Ok(mark),
        None => Err(Full::NoCache),
    };
    let led = lead(gateway, data_dir, shop_name, team, fence, mark, now).await;
    // A command does not stay: the next workstation takes the lease over at once.
    if let Err(e) = team.release().await {
        tracing::warn!("cannot give the sync lease up: {e}");
    }
    led
}

/// Without the team's database: as on one host.
async fn alone(
    gateway: &Gateway,
    data_dir: &Path,
    shop_name: &str,
    full: bool,
    now: Timestamp,
    error: StoreError,
) -> Result<TeamRead, TeamError> {
    tracing::warn!("team queue not read: {error}");
    let read = unshipped(gateway, data_dir, shop_name, full, now)
        .await
        .map_err(TeamError::Api)?;
    Ok(TeamRead {
        orders: read.orders,
        skipped: read.skipped,
        from: FromTeam::NoDatabase {
            error,
            how: read.how,
        },
    })
}

/// Holding the lease under `fence`: the shared queue brought up to date from its `mark`, or listed
/// (`Err`: why it must be).
async fn lead(
    gateway: &Gateway,
    data_dir: &Path,
    shop_name: &str,
    team: &TeamSync,
    fence: i64,
    mark: Result<i64, Full>,
    now: Timestamp,
) -> Result<TeamRead, TeamError> {
    let reason = match mark {
        Err(reason) => reason,
        Ok(_) if !gateway.capabilities().increments => Full::NoIncrement,
        Ok(mark) => match team
            .catch_up(gateway, fence, mark, now)
            .await
            .map_err(TeamError::Api)?
        {
            Got::Whole { orders } => {
                let mark = team.marks().await.ok().and_then(|m| m.mark);
                remember(gateway, data_dir, shop_name, &orders, mark, now);
                return Ok(TeamRead {
                    orders,
                    skipped: Vec::new(),
                    from: FromTeam::Led(None),
                });
            }
            // A catch-up reads the queue whole: only a mark too old for a refresh lands here.
            Got::TooOld | Got::Changes { .. } => Full::TooOld,
        },
    };
    tracing::info!(?reason, "listing the queue in full for the team");
    let (orders, skipped) = list(gateway, now).await.map_err(TeamError::Api)?;
    let written = write_list(gateway, team, fence, &orders, now).await;
    remember(
        gateway,
        data_dir,
        shop_name,
        &orders,
        Some(now.as_second()),
        now,
    );
    let from = match written {
        Ok(()) => FromTeam::Led(Some(reason)),
        Err(error) => FromTeam::NoDatabase {
            error,
            how: How::Listed(reason),
        },
    };
    Ok(TeamRead {
        orders,
        skipped,
        from,
    })
}

/// A whole list written for the team under `fence`, a page at a time, then what left the queue and
/// the mark (when the list began), as the workstation's leader writes it (`TeamSync::finish_list`).
async fn write_list(
    gateway: &Gateway,
    team: &TeamSync,
    fence: i64,
    orders: &[Order],
    now: Timestamp,
) -> Result<(), StoreError> {
    for page in orders.chunks(WRITE_PAGE) {
        let batch = Batch {
            orders: page.to_vec(),
            ..Batch::default()
        };
        team.write(fence, batch).await?;
    }
    // Where the listing holds only recent orders, the queue keeps those it no longer lists.
    let listed = (!gateway.capabilities().recent_only)
        .then(|| orders.iter().map(|o| o.order_sn.clone()).collect());
    team.finish_list(fence, listed, now).await
}

/// The team's queue kept in this workstation's cache and detail store too, with the shared `mark`
/// (every change up to it is in `orders`): a read without the team's database starts from there. Only
/// where the cache is used (a gateway with increments).
fn remember(
    gateway: &Gateway,
    data_dir: &Path,
    shop_name: &str,
    orders: &[Order],
    mark: Option<i64>,
    now: Timestamp,
) {
    let Some(mark) = mark.and_then(|m| Timestamp::from_second(m).ok()) else {
        return;
    };
    if !gateway.capabilities().increments {
        return;
    }
    let shop = shop_key(gateway, shop_name);
    let store = DetailStore::open(data_dir, &shop)
        .map_err(|e| tracing::warn!("no order detail store: {e}"))
        .ok();
    keep(data_dir, &shop, store.as_ref(), orders, now, mark);
}
