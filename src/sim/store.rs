//! The order store: orders sorted by (confirm_time, order_sn) with an index by number, plus what
//! the simulator remembers per order (ship calls and the numbers it accepted).

use crate::domain::Order;
use jiff::Timestamp;
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct SimOrder {
    pub order: Order,
    /// Ship calls the simulator accepted for this order (generated orders start at 0).
    pub ship_count: u32,
    /// Every tracking number the simulator accepted, oldest first.
    pub tracking_numbers: Vec<String>,
}

/// Sorted once, so a confirm-time window is a binary search and paging is stable.
#[derive(Debug, Default)]
pub struct Store {
    orders: Vec<SimOrder>,
    index: HashMap<String, usize>,
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
        };
        s.reindex();
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

    pub fn get_mut(&mut self, sn: &str) -> Option<&mut SimOrder> {
        let i = *self.index.get(sn)?;
        self.orders.get_mut(i)
    }

    /// Inserts or replaces (by order_sn); a replaced order starts a fresh history.
    pub fn upsert(&mut self, order: Order) {
        if let Some(&i) = self.index.get(&order.order_sn) {
            self.orders.remove(i);
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

    pub fn all(&self) -> &[SimOrder] {
        &self.orders
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
        assert_eq!(sns(s.all()), ["b", "b2", "a", "c"]);
        assert_eq!(s.get("a").unwrap().order.confirm_time, Some(t(25)));
        s.get_mut("c").unwrap().ship_count = 3;
        assert_eq!(s.get("c").unwrap().ship_count, 3);
        assert!(s.get("zz").is_none());
    }
}
