//! What the queue derives from its orders, with no part of the app: the rows of a filter and sort, the
//! header's counts and series. Computed inline (`rows`) or by a worker (`worker`) alike.

use crate::api::Capabilities;
use crate::domain::OrderRow;
use crate::tui::queue::filter;
use crate::tui::queue::memo::{RowsKey, Stats, Summary};
use crate::tui::queue::order_list::OrderList;
use crate::tui::queue::state::SortKey;
use jiff::{SignedDuration, Timestamp};

/// The counts and the series at the start of `minute`.
pub fn compute_summary(orders: &[OrderRow], minute: i64) -> Summary {
    let now = minute_start(minute);
    Summary {
        stats: stats(orders, now),
        per_hour: per_hour(orders, now),
    }
}

/// The start of `minute` (minutes since the epoch).
pub fn minute_start(minute: i64) -> Timestamp {
    Timestamp::from_second(minute.saturating_mul(60)).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Filters and sorts `orders` for `key` (on the UI thread, or in a worker over a snapshot).
pub fn compute(orders: &OrderList, key: &RowsKey, caps: Capabilities) -> Vec<usize> {
    let mut idx = filter::filter_indices_with(
        orders,
        &key.filter,
        minute_start(key.minute),
        caps.deadlines,
    );
    if !key.shipped {
        idx.retain(|&i| orders[i].is_unshipped());
    }
    // Keys are computed once per row (not per comparison), and the order number is borrowed, not cloned.
    let sn = |i: usize| orders[i].order_sn.as_str();
    // A sort the gateway cannot support (pddshuju: no deadlines, no amounts) is by confirm time.
    match key.sort.effective(caps) {
        // Most urgent first; orders without any known time go last.
        SortKey::Deadline => {
            idx.sort_by_cached_key(|&i| (orders[i].deadline.get().unwrap_or(i64::MAX), sn(i)))
        }
        SortKey::Confirm => {
            idx.sort_by_cached_key(|&i| (orders[i].confirm_time.get().unwrap_or(i64::MAX), sn(i)))
        }
        SortKey::Amount => {
            idx.sort_by_cached_key(|&i| (std::cmp::Reverse(orders[i].pay_amount), sn(i)))
        }
    }
    idx
}

pub fn stats(orders: &[OrderRow], now: Timestamp) -> Stats {
    let mut s = Stats::default();
    for o in orders.iter().filter(|o| o.is_unshipped()) {
        s.unshipped += 1;
        match o.time_left(now) {
            Some(d) if d.is_negative() => s.overdue += 1,
            Some(d) if d < SignedDuration::from_hours(6) => s.due_6h += 1,
            _ => {}
        }
        if let Some(f) = o.remark_tag {
            s.flags[usize::from(f.code()) - 1] += 1;
        }
    }
    s
}

/// Orders confirmed in each of the last 48 hours, oldest first.
pub fn per_hour(orders: &[OrderRow], now: Timestamp) -> Vec<u64> {
    let mut buckets = vec![0u64; 48];
    for t in orders.iter().filter_map(|o| o.confirm_time.get()) {
        let ago = SignedDuration::from_secs(now.as_second().saturating_sub(t));
        if ago.is_negative() {
            continue;
        }
        let h = usize::try_from(ago.as_hours()).unwrap_or(usize::MAX);
        if h < 48 {
            buckets[47 - h] += 1;
        }
    }
    buckets
}
