//! Where orders enter from the network: sanitized once, then pages and windows merged without duplicates
//! (an order updated between two page reads can show up twice) and sorted for a stable view.

use crate::domain::Order;
use std::collections::HashMap;

/// Makes an order from the wire safe to draw. Every order a client returns passes here exactly once.
pub fn admit(mut order: Order) -> Order {
    order.sanitize();
    order
}

/// One order per `order_sn` (the most recently updated copy), sorted by confirm time then order number.
pub fn dedup_sorted(orders: impl IntoIterator<Item = Order>) -> Vec<Order> {
    let mut by_sn: HashMap<String, Order> = HashMap::new();
    for o in orders {
        match by_sn.get(&o.order_sn) {
            Some(old) if old.updated_at > o.updated_at => {}
            _ => {
                by_sn.insert(o.order_sn.clone(), o);
            }
        }
    }
    let mut out: Vec<Order> = by_sn.into_values().collect();
    out.sort_by(|a, b| {
        a.confirm_time
            .cmp(&b.confirm_time)
            .then_with(|| a.order_sn.cmp(&b.order_sn))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    fn order(sn: &str, confirm: i64, updated: i64) -> Order {
        Order {
            order_sn: sn.into(),
            confirm_time: Timestamp::from_second(confirm).ok(),
            updated_at: Timestamp::from_second(updated).ok(),
            ..Order::default()
        }
    }

    #[test]
    fn keeps_latest_copy_and_sorts() {
        let mut newer = order("210317-000000000000002", 100, 500);
        newer.remark = "new".into();
        let out = dedup_sorted([
            order("210317-000000000000002", 100, 200),
            order("210317-000000000000003", 50, 50),
            newer,
            order("210317-000000000000001", 100, 100),
        ]);
        let sns: Vec<&str> = out.iter().map(|o| o.order_sn.as_str()).collect();
        assert_eq!(
            sns,
            [
                "210317-000000000000003",
                "210317-000000000000001",
                "210317-000000000000002"
            ]
        );
        assert_eq!(out[2].remark, "new");
    }

    #[test]
    fn admit_sanitizes() {
        let mut o = order("210317-000000000000001", 1, 1);
        o.buyer_memo = "\x1b[2Jhi".into();
        assert!(!admit(o).buyer_memo.contains('\x1b'));
    }
}
