//! The order store: orders sorted by (confirm_time, order_sn) with an index by number and one by
//! (updated_at, order_sn), plus what the simulator remembers per order (ship calls, numbers accepted).

use crate::domain::Order;
use jiff::Timestamp;
use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Clone)]
pub struct SimOrder {
    pub order: Order,
    /// Ship calls the simulator accepted for this order (generated orders start at 0).
    pub ship_count: u32,
    /// Every tracking number the simulator accepted, oldest first.
    pub tracking_numbers: Vec<String>,
}

/// Sorted once, so a confirm-time window is a binary search and paging is stable; an updated_at
/// window is a range of `by_updated`, so the increment endpoint never scans the whole shop.
#[derive(Debug, Default)]
pub struct Store {
    orders: Vec<SimOrder>,
    index: HashMap<String, usize>,
    by_updated: BTreeSet<(Timestamp, String)>,
    /// Orders handed out by `get_mut`, with the updated_at they had then: `by_updated` is brought up to
    /// date from these before the next read of it.
    touched: Vec<(Option<Timestamp>, String)>,
}

fn key(o: &Order) -> (Option<Timestamp>, &str) {
    (o.confirm_time, o.order_sn.as_str())
}

impl Store {
    pub fn new(mut orders: Vec<Order>) -> Self {
        orders.sort_by(|a, b| key(a).cmp(&key(b)));
        let mut s = Store {
            orders: orders
                .into_iter()
                .map(|order| SimOrder {
                    order,
                    ship_count: 0,
                    tracking_numbers: Vec::new(),
                })
                .collect(),
            index: HashMap::new(),
            by_updated: BTreeSet::new(),
            touched: Vec::new(),
        };
        s.reindex();
        s.by_updated = s
            .orders
            .iter()
            .filter_map(|o| Some((o.order.updated_at?, o.order.order_sn.clone())))
            .collect();
        s
    }

    fn reindex(&mut self) {
        self.index = self
            .orders
            .iter()
            .enumerate()
            .map(|(i, o)| (o.order.order_sn.clone(), i))
            .collect();
    }

    pub fn get(&self, sn: &str) -> Option<&SimOrder> {
        self.index.get(sn).and_then(|&i| self.orders.get(i))
    }

    /// The order, to change; its place in the updated_at index is fixed before that index is read.
    pub fn get_mut(&mut self, sn: &str) -> Option<&mut SimOrder> {
        // A long run of changes with no increment read between must not grow the list without bound.
        if self.touched.len() >= 4096 {
            self.settle();
        }
        let i = *self.index.get(sn)?;
        let so = self.orders.get_mut(i)?;
        self.touched
            .push((so.order.updated_at, so.order.order_sn.clone()));
        Some(so)
    }

    /// Moves every order changed through `get_mut` to its new place in `by_updated`.
    fn settle(&mut self) {
        for (old, sn) in std::mem::take(&mut self.touched) {
            if let Some(t) = old {
                self.by_updated.remove(&(t, sn.clone()));
            }
            if let Some(t) = self.get(&sn).and_then(|o| o.order.updated_at) {
                self.by_updated.insert((t, sn));
            }
        }
    }

    /// Orders with `start ≤ updated_at < end`, by (updated_at, order_sn): stable paging, and a changed
    /// order moves to the end, as on PDD (which is why PDD advises paging from the last page backwards).
    pub fn updated_between(&mut self, start: Timestamp, end: Timestamp) -> Vec<&SimOrder> {
        self.settle();
        if end <= start {
            return Vec::new();
        }
        let lo = (start, String::new());
        let hi = (end, String::new());
        self.by_updated
            .range(lo..hi)
            .filter_map(|(_, sn)| self.index.get(sn).and_then(|&i| self.orders.get(i)))
            .collect()
    }

    /// Inserts or replaces (by order_sn); a replaced order starts a fresh history.
    pub fn upsert(&mut self, order: Order) {
        self.settle();
        if let Some(&i) = self.index.get(&order.order_sn) {
            let old = self.orders.remove(i);
            if let Some(t) = old.order.updated_at {
                self.by_updated.remove(&(t, old.order.order_sn));
            }
        }
        if let Some(t) = order.updated_at {
            self.by_updated.insert((t, order.order_sn.clone()));
        }
        let pos = self.orders.partition_point(|o| key(&o.order) < key(&order));
        self.orders.insert(
            pos,
            SimOrder {
                order,
                ship_count: 0,
                tracking_numbers: Vec::new(),
            },
        );
        self.reindex();
    }

    /// Orders with `start ≤ confirm_time < end`, in store order.
    pub fn confirmed_between(&self, start: Timestamp, end: Timestamp) -> &[SimOrder] {
        let lo = self
            .orders
            .partition_point(|o| o.order.confirm_time < Some(start));
        let hi = self
            .orders
            .partition_point(|o| o.order.confirm_time < Some(end));
        self.orders.get(lo..hi.max(lo)).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(sn: &str, secs: i64) -> Order {
        Order {
            order_sn: sn.into(),
            confirm_time: Some(Timestamp::from_second(secs).unwrap()),
            ..Order::default()
        }
    }

    fn sns(s: &[SimOrder]) -> Vec<&str> {
        s.iter().map(|o| o.order.order_sn.as_str()).collect()
    }

    #[test]
    fn windows_are_half_open_and_upsert_keeps_order() {
        let mut s = Store::new(vec![
            order("c", 30),
            order("a", 10),
            order("b", 20),
            order("b2", 20),
        ]);
        let t = |x| Timestamp::from_second(x).unwrap();
        assert_eq!(sns(s.confirmed_between(t(10), t(30))), ["a", "b", "b2"]);
        assert_eq!(sns(s.confirmed_between(t(11), t(20))), Vec::<&str>::new());
        assert_eq!(sns(s.confirmed_between(t(30), t(10))), Vec::<&str>::new());
        s.upsert(order("a", 25));
        assert_eq!(sns(&s.orders), ["b", "b2", "a", "c"]);
        assert_eq!(s.get("a").unwrap().order.confirm_time, Some(t(25)));
        s.get_mut("c").unwrap().ship_count = 3;
        assert_eq!(s.get("c").unwrap().ship_count, 3);
        assert!(s.get("zz").is_none());
    }

    fn updated(sn: &str, secs: i64) -> Order {
        Order {
            updated_at: Some(Timestamp::from_second(secs).unwrap()),
            ..order(sn, 1)
        }
    }

    #[test]
    fn updated_windows_follow_every_change() {
        let t = |x| Timestamp::from_second(x).unwrap();
        let mut s = Store::new(vec![
            updated("a", 10),
            updated("b", 20),
            updated("c", 20),
            order("none", 1),
        ]);
        let between = |s: &mut Store, a, b| -> Vec<String> {
            s.updated_between(t(a), t(b))
                .iter()
                .map(|o| o.order.order_sn.clone())
                .collect()
        };
        assert_eq!(between(&mut s, 0, 100), ["a", "b", "c"]);
        assert_eq!(between(&mut s, 11, 20), Vec::<String>::new());
        // Changed twice before the next read: one entry, at its newest time.
        s.get_mut("a").unwrap().order.updated_at = Some(t(30));
        s.get_mut("a").unwrap().order.updated_at = Some(t(40));
        s.get_mut("none").unwrap().order.updated_at = Some(t(25));
        assert_eq!(between(&mut s, 0, 100), ["b", "c", "none", "a"]);
        assert_eq!(between(&mut s, 40, 41), ["a"]);
        s.upsert(updated("b", 50));
        s.upsert(updated("new", 5));
        assert_eq!(between(&mut s, 0, 100), ["new", "c", "none", "a", "b"]);
    }
}
