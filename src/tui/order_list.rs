//! The loaded queue: one compact row per order (see `domain::row`), with their search texts, and the
//! queue's derived data (`memo`). Every change goes through here, so the rows and the memo never drift apart.
//! Whole orders are not kept here: the detail screen and the waybill read them on demand.

use super::memo::Memo;
use crate::domain::row::Interner;
use crate::domain::{Change, Order, OrderRow};
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct OrderList {
    /// Shared with a cache write in progress; changed copy-on-write.
    list: Arc<Vec<OrderRow>>,
    /// Position of each order number in `list`.
    index: HashMap<String, usize>,
    /// Shares the goods texts of new rows with the ones already loaded.
    interner: Interner,
    /// What the queue derives from these rows; cleared by every change.
    memo: Memo,
}

impl OrderList {
    /// Rows made elsewhere (a sync task, the cache), with the interner that made them.
    pub fn from_rows(list: Vec<OrderRow>, interner: Interner) -> OrderList {
        let index = list
            .iter()
            .enumerate()
            .map(|(i, r)| (r.order_sn.clone(), i))
            .collect();
        OrderList {
            list: Arc::new(list),
            index,
            interner,
            memo: Memo::default(),
        }
    }

    pub fn new(orders: &[Order]) -> OrderList {
        let mut interner = Interner::default();
        let rows = orders
            .iter()
            .map(|o| OrderRow::new(o, &mut interner))
            .collect();
        OrderList::from_rows(rows, interner)
    }

    /// The rows, shared (no copy) for a cache write.
    pub fn shared(&self) -> Arc<Vec<OrderRow>> {
        Arc::clone(&self.list)
    }

    /// The derived data of this list.
    pub fn memo(&self) -> &Memo {
        &self.memo
    }

    pub fn find(&self, sn: &str) -> Option<&OrderRow> {
        self.index.get(sn).and_then(|&i| self.list.get(i))
    }

    pub fn contains(&self, sn: &str) -> bool {
        self.index.contains_key(sn)
    }

    /// Applies a change to the order `sn` if it is loaded; true when it was found.
    pub fn apply(&mut self, sn: &str, change: &Change) -> bool {
        let Some(&i) = self.index.get(sn) else {
            return false;
        };
        if let Some(row) = Arc::make_mut(&mut self.list).get_mut(i) {
            row.apply(change);
        }
        self.memo.clear();
        true
    }

    /// Replaces the row of the order with the same number, or adds one.
    pub fn upsert(&mut self, order: &Order) {
        let row = OrderRow::new(order, &mut self.interner);
        self.memo.clear();
        match self.index.get(&order.order_sn) {
            Some(&i) => Arc::make_mut(&mut self.list)[i] = row,
            None => {
                self.index.insert(order.order_sn.clone(), self.list.len());
                Arc::make_mut(&mut self.list).push(row);
            }
        }
    }
}

/// Makes a sync's rows page by page as they arrive: one row per order number, the copy read with the
/// latest `updated_at` winning (an order updated between two page reads can come twice), then sorted by
/// confirm time and number like `api::merge::dedup_sorted`.
#[derive(Debug, Default)]
pub struct Builder {
    rows: Vec<OrderRow>,
    seen: HashMap<String, (Option<jiff::Timestamp>, usize)>,
    interner: Interner,
}

impl Builder {
    pub fn add(&mut self, orders: &[Order]) {
        for o in orders {
            match self.seen.get_mut(&o.order_sn) {
                Some((updated, _)) if *updated > o.updated_at => {}
                Some((updated, i)) => {
                    *updated = o.updated_at;
                    self.rows[*i] = OrderRow::new(o, &mut self.interner);
                }
                None => {
                    self.seen
                        .insert(o.order_sn.clone(), (o.updated_at, self.rows.len()));
                    self.rows.push(OrderRow::new(o, &mut self.interner));
                }
            }
        }
    }

    pub fn finish(self) -> OrderList {
        let Builder {
            mut rows, interner, ..
        } = self;
        rows.sort_by(|a, b| {
            a.confirm_time
                .cmp(&b.confirm_time)
                .then_with(|| a.order_sn.cmp(&b.order_sn))
        });
        OrderList::from_rows(rows, interner)
    }
}

impl Deref for OrderList {
    type Target = [OrderRow];

    fn deref(&self) -> &[OrderRow] {
        &self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    fn order(sn: &str, confirm: i64, updated: i64, remark: &str) -> Order {
        Order {
            order_sn: sn.into(),
            confirm_time: Timestamp::from_second(confirm).ok(),
            updated_at: Timestamp::from_second(updated).ok(),
            remark: remark.into(),
            ..Order::default()
        }
    }

    /// Pages may repeat an order (updated between two reads): the latest read wins, in any arrival order,
    /// and the rows come out like `dedup_sorted`'s orders.
    #[test]
    fn a_sync_keeps_the_latest_copy_of_each_order_sorted() {
        let pages = [
            vec![order("sn-2", 100, 200, "old"), order("sn-3", 50, 50, "")],
            vec![order("sn-2", 100, 500, "new"), order("sn-1", 100, 100, "")],
            vec![order("sn-2", 100, 300, "middle")],
        ];
        let mut b = Builder::default();
        for p in &pages {
            b.add(p);
        }
        let list = b.finish();
        let sns: Vec<&str> = list.iter().map(|r| r.order_sn.as_str()).collect();
        let merged = crate::api::merge::dedup_sorted(pages.concat());
        let want: Vec<&str> = merged.iter().map(|o| o.order_sn.as_str()).collect();
        assert_eq!(sns, want);
        assert_eq!(sns, ["sn-3", "sn-1", "sn-2"]);
        assert_eq!(list.find("sn-2").map(|r| r.remark.as_str()), Some("new"));
        assert!(list.contains("sn-1") && !list.contains("sn-4"));
    }
}
