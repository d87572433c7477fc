//! Incremental refresh of the unshipped queue: what changed since the high-water mark, asked of the
//! increment endpoint in ≤ 30 min windows, and a pure merge of those changes into a queue of orders or rows.

use crate::api::{ApiError, Gateway, StatusFilter};
use crate::domain::{Order, OrderRow, row::Interner};
use crate::store::{DetailStore, StoreError};
use jiff::{SignedDuration, Timestamp};
use std::collections::HashMap;

/// How far before the mark a refresh starts again, so that a change indexed late is still caught.
pub const OVERLAP: SignedDuration = SignedDuration::from_mins(5);
/// PDD advises ending an increment window at least 3 min before now (its index settles meanwhile).
pub const SETTLE: SignedDuration = SignedDuration::from_mins(3);
/// A mark older than this asks for more than a refresh should: list again in full.
pub const MAX_SPAN: SignedDuration = SignedDuration::from_hours(24);

/// What a refresh found.
#[derive(Debug, Clone, PartialEq)]
pub enum Refresh {
    /// The orders changed in the span, one copy each (the newest), and the mark to ask from next time:
    /// every change up to it has now been asked for.
    Changed { orders: Vec<Order>, mark: Timestamp },
    /// The mark is older than `MAX_SPAN` (or in the future): nothing was asked; list again in full.
    TooOld,
}

/// The span a refresh asks for: `[mark − overlap, now − SETTLE)`, or `None` when the mark is too old or
/// ahead of the clock (a full re-list is the safe answer to both). An empty span is `Some` with start ≥ end.
pub fn span(
    mark: Timestamp,
    now: Timestamp,
    overlap: SignedDuration,
) -> Option<(Timestamp, Timestamp)> {
    let age = now.duration_since(mark);
    if age > MAX_SPAN || age < SignedDuration::ZERO {
        return None;
    }
    let start = mark.checked_sub(overlap.abs()).ok()?;
    let end = now.checked_sub(SETTLE).ok()?;
    Some((start, end))
}

/// Asks the gateway for the orders changed since `mark` (the time up to which every change has been seen:
/// when the last full list started, or the mark a refresh returned). Every status is asked for, so that
/// orders shipped or closed elsewhere are seen leaving. pddshuju has no increment endpoint: `Unsupported`.
pub async fn changes_since(
    gateway: &Gateway,
    mark: Timestamp,
    now: Timestamp,
    overlap: SignedDuration,
) -> Result<Refresh, ApiError> {
    let Some((start, end)) = span(mark, now, overlap) else {
        return Ok(Refresh::TooOld);
    };
    if end <= start {
        return Ok(Refresh::Changed {
            orders: Vec::new(),
            mark,
        });
    }
    let orders = gateway
        .list_orders_incremental(StatusFilter::All, start, end)
        .await?;
    Ok(Refresh::Changed {
        orders,
        mark: mark.max(end),
    })
}

/// Like `changes_since`, but asking up to `now` itself, so that a change made elsewhere shows at the
/// next refresh: the returned mark stays at `now − SETTLE`, so the next refresh asks the unsettled minutes
/// again (its span starts an overlap before that mark) and a change indexed late is still caught.
pub async fn changes_to_now(
    gateway: &Gateway,
    mark: Timestamp,
    now: Timestamp,
    overlap: SignedDuration,
) -> Result<Refresh, ApiError> {
    let Some((start, settled)) = span(mark, now, overlap) else {
        return Ok(Refresh::TooOld);
    };
    if now <= start {
        return Ok(Refresh::Changed {
            orders: Vec::new(),
            mark,
        });
    }
    let orders = gateway
        .list_orders_incremental(StatusFilter::All, start, now)
        .await?;
    Ok(Refresh::Changed {
        orders,
        mark: mark.max(settled),
    })
}

/// Whether an order belongs in the unshipped queue: the same test as the full list's (order_status 1),
/// so a refresh and a full re-list agree. An unshipped order in after-sale or refunded stays, blocked.
pub fn belongs(o: &Order) -> bool {
    o.is_unshipped()
}

/// What a merge did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merged {
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
}

/// What the queue holds: orders, or the rows made of them.
pub trait Queued {
    fn order_sn(&self) -> &str;
    /// Confirm time in Unix seconds: the queue's order (then the order number).
    fn confirm_secs(&self) -> Option<i64>;
    /// The copy's updated_at when it has one: an older change never replaces a newer copy.
    fn updated_secs(&self) -> Option<i64>;
}

impl Queued for Order {
    fn order_sn(&self) -> &str {
        &self.order_sn
    }
    fn confirm_secs(&self) -> Option<i64> {
        self.confirm_time.map(|t| t.as_second())
    }
    fn updated_secs(&self) -> Option<i64> {
        self.updated_at.map(|t| t.as_second())
    }
}

impl Queued for OrderRow {
    fn order_sn(&self) -> &str {
        &self.order_sn
    }
    fn confirm_secs(&self) -> Option<i64> {
        self.confirm_time.get()
    }
    fn updated_secs(&self) -> Option<i64> {
        None
    }
}

/// Merges changed orders into a queue sorted by (confirm time, order number), keeping it so: a new
/// unshipped order enters, a changed one is replaced (flag, note, after-sale, risk, urge), one shipped or
/// closed elsewhere leaves. `make` turns an order into a queue item. Pure; merging the same changes again
/// changes nothing.
pub fn merge<T: Queued>(
    queue: &mut Vec<T>,
    changed: impl IntoIterator<Item = Order>,
    mut make: impl FnMut(&Order) -> T,
) -> Merged {
    let mut newest = newest(changed);
    let mut m = Merged::default();
    let before = queue.len();
    let mut kept = Vec::with_capacity(queue.len());
    for item in queue.drain(..) {
        let Some(o) = newest.remove(item.order_sn()) else {
            kept.push(item);
            continue;
        };
        let stale = matches!(
            (item.updated_secs(), o.updated_at),
            (Some(mine), Some(theirs)) if mine > theirs.as_second()
        );
        if stale {
            kept.push(item);
        } else if belongs(&o) {
            m.updated += 1;
            kept.push(make(&o));
        }
    }
    m.removed = before - kept.len();
    for o in newest.values().filter(|o| belongs(o)) {
        kept.push(make(o));
        m.added += 1;
    }
    kept.sort_by(|a, b| (a.confirm_secs(), a.order_sn()).cmp(&(b.confirm_secs(), b.order_sn())));
    *queue = kept;
    m
}

/// Puts a refresh's changes into the detail store as `merge` puts them into the queue: the whole copy of
/// each order that belongs in the queue is stored, and each that left it (shipped or closed elsewhere) is
/// dropped at once rather than at the next full list, unless the store holds a newer copy. Orders that
/// changed but never were in the queue are not stored.
pub fn store_changes(store: &DetailStore, changed: &[Order]) -> Result<(), StoreError> {
    let (stay, gone): (Vec<&Order>, Vec<&Order>) =
        newest(changed).into_values().partition(|o| belongs(o));
    store.put(stay)?;
    let gone: Vec<(&str, Option<i64>)> = gone
        .iter()
        .map(|o| (o.order_sn.as_str(), o.updated_at.map(|t| t.as_second())))
        .collect();
    store.forget(&gone)?;
    Ok(())
}

/// The newest copy of each order among `changed` (a window read twice, or overlapping, brings some twice).
fn newest<B: std::borrow::Borrow<Order>>(
    changed: impl IntoIterator<Item = B>,
) -> HashMap<String, B> {
    let mut newest: HashMap<String, B> = HashMap::new();
    for o in changed {
        match newest.get(&o.borrow().order_sn) {
            Some(old) if old.borrow().updated_at > o.borrow().updated_at => {}
            _ => {
                newest.insert(o.borrow().order_sn.clone(), o);
            }
        }
    }
    newest
}

/// `merge` for a queue of rows.
pub fn merge_rows(
    rows: &mut Vec<OrderRow>,
    changed: impl IntoIterator<Item = Order>,
    interner: &mut Interner,
) -> Merged {
    merge(rows, changed, |o| OrderRow::new(o, interner))
}

/// `merge` for a queue of whole orders.
pub fn merge_orders(queue: &mut Vec<Order>, changed: impl IntoIterator<Item = Order>) -> Merged {
    merge(queue, changed, Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const T0: i64 = 1_700_000_000;

    fn ts(s: i64) -> Timestamp {
        Timestamp::from_second(s).unwrap()
    }

    fn order(n: u32, status: i64, updated: i64) -> Order {
        Order {
            order_sn: format!("261130-{n:015}"),
            order_status: status,
            confirm_time: Some(ts(T0 + i64::from(n % 7) * 60)),
            updated_at: Some(ts(updated)),
            ..Order::default()
        }
    }

    fn sns<T: Queued>(q: &[T]) -> Vec<String> {
        q.iter().map(|o| o.order_sn().to_string()).collect()
    }

    #[test]
    fn span_starts_an_overlap_early_and_ends_before_the_index_settles() {
        let now = ts(T0);
        let mark = ts(T0 - 60);
        assert_eq!(
            span(mark, now, OVERLAP),
            Some((ts(T0 - 60 - 300), ts(T0 - 180)))
        );
        assert_eq!(
            span(ts(T0 - 86_401), now, OVERLAP),
            None,
            "older than a day"
        );
        assert!(span(ts(T0 - 86_400), now, OVERLAP).is_some());
        assert_eq!(span(ts(T0 + 1), now, OVERLAP), None, "ahead of the clock");
    }

    #[test]
    fn new_enter_changed_update_shipped_and_closed_leave() {
        let mut q = vec![order(1, 1, T0), order(2, 1, T0), order(3, 1, T0)];
        let mut flagged = order(2, 1, T0 + 10);
        flagged.remark = "加急".into();
        let m = merge_orders(
            &mut q,
            [
                flagged,
                order(3, 2, T0 + 10),
                order(4, 1, T0 + 10),
                order(5, 2, T0 + 10),
            ],
        );
        assert_eq!(
            m,
            Merged {
                added: 1,
                updated: 1,
                removed: 1
            }
        );
        assert_eq!(
            sns(&q),
            sns(&[order(1, 1, 0), order(2, 1, 0), order(4, 1, 0)])
        );
        assert_eq!(q[1].remark, "加急");
        // The same changes again: nothing moves.
        let before = q.clone();
        merge_orders(&mut q, [order(4, 1, T0 + 10)]);
        assert_eq!(q, before);
    }

    #[test]
    fn an_older_copy_never_replaces_a_newer_one() {
        let mut newer = order(1, 1, T0 + 100);
        newer.remark = "new".into();
        let mut q = vec![newer];
        // An overlapping window brings back a copy from before the last change.
        let m = merge_orders(&mut q, [order(1, 2, T0)]);
        assert_eq!(m, Merged::default());
        assert_eq!(q[0].remark, "new");
        // Within one batch, the newest copy wins whatever the order.
        let mut q = vec![];
        merge_orders(
            &mut q,
            [
                order(9, 1, T0 + 5),
                order(9, 2, T0 + 9),
                order(9, 1, T0 + 1),
            ],
        );
        assert!(q.is_empty(), "shipped at its newest");
    }

    #[test]
    fn rows_merge_like_orders() {
        let mut interner = Interner::default();
        let mut rows: Vec<OrderRow> = [order(1, 1, T0), order(2, 1, T0)]
            .iter()
            .map(|o| OrderRow::new(o, &mut interner))
            .collect();
        let mut noted = order(1, 1, T0 + 1);
        noted.remark = "改地址".into();
        let m = merge_rows(&mut rows, [noted, order(2, 2, T0 + 1)], &mut interner);
        assert_eq!((m.updated, m.removed), (1, 1));
        assert_eq!(rows.len(), 1);
        assert!(rows[0].remark.contains("改地址"));
    }

    #[test]
    fn orders_that_left_the_queue_leave_the_detail_store_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = DetailStore::open(dir.path(), "fw199/demo").unwrap();
        // A full list stored three unshipped orders.
        store
            .put(&[order(1, 1, T0), order(2, 1, T0), order(3, 1, T0)])
            .unwrap();
        // A refresh: 1 noted, 2 shipped elsewhere, 4 new, 5 shipped long ago and only now changed.
        let mut noted = order(1, 1, T0 + 10);
        noted.remark = "改发顺丰".into();
        store_changes(
            &store,
            &[
                noted,
                order(2, 2, T0 + 10),
                order(4, 1, T0 + 10),
                order(5, 3, T0 + 10),
            ],
        )
        .unwrap();
        let sn = |n: u32| order(n, 1, 0).order_sn;
        assert_eq!(store.get(&sn(1)).unwrap().unwrap().remark, "改发顺丰");
        assert!(
            store.get(&sn(2)).unwrap().is_none(),
            "shipped elsewhere: gone"
        );
        assert!(store.get(&sn(3)).unwrap().is_some(), "unchanged: kept");
        assert!(store.get(&sn(4)).unwrap().is_some(), "new: stored");
        assert!(
            store.get(&sn(5)).unwrap().is_none(),
            "never queued: not stored"
        );
        // An old copy from an overlapping window never drops a newer one (read since, unshipped).
        store.put(&[order(6, 1, T0 + 20)]).unwrap();
        store_changes(&store, &[order(6, 2, T0 + 5)]).unwrap();
        assert!(store.get(&sn(6)).unwrap().is_some(), "a newer copy stays");
        // Within one batch the newest copy decides.
        store_changes(&store, &[order(7, 1, T0 + 5), order(7, 2, T0 + 9)]).unwrap();
        assert!(store.get(&sn(7)).unwrap().is_none());
    }

    proptest! {
        /// A queue refreshed with every change (in any batches, overlapping or not) is the queue a full list
        /// of the shop as it now is would give.
        #[test]
        fn refreshing_equals_listing_again(
            start in proptest::collection::vec((0u32..40, 1i64..4), 0..30),
            changes in proptest::collection::vec((0u32..60, 1i64..4, 0u8..3), 0..60),
            cut in 0usize..60,
        ) {
            let mut shop: HashMap<u32, Order> = HashMap::new();
            for (n, status) in start {
                shop.insert(n, order(n, status, T0));
            }
            let listed = |shop: &HashMap<u32, Order>| {
                let mut q: Vec<Order> = shop.values().filter(|o| belongs(o)).cloned().collect();
                q.sort_by(|a, b| (a.confirm_time, &a.order_sn).cmp(&(b.confirm_time, &b.order_sn)));
                q
            };
            let mut queue = listed(&shop);
            let mut changed = Vec::new();
            for (i, (n, status, note)) in changes.into_iter().enumerate() {
                let mut o = order(n, status, T0 + 1 + i as i64);
                o.remark = format!("note {note}");
                shop.insert(n, o.clone());
                changed.push(o);
            }
            // Two overlapping batches, the first shuffled by reversing.
            let cut = cut.min(changed.len());
            let first: Vec<Order> = changed[..cut].iter().rev().cloned().collect();
            let second: Vec<Order> = changed[cut.saturating_sub(3)..].to_vec();
            merge_orders(&mut queue, first);
            merge_orders(&mut queue, second);
            prop_assert_eq!(queue, listed(&shop));
        }
    }
}
