//! Whole orders read this run (detail screen, waybill), the most recent few hundred: the queue itself keeps
//! only compact rows, so a detail is read on demand and kept here while it is likely to be looked at again.

use crate::domain::{Change, Order};
use std::collections::{HashMap, VecDeque};

/// How many whole orders are kept; older ones are read again when needed.
pub const KEPT: usize = 256;

#[derive(Debug, Clone, Default)]
pub struct Details {
    map: HashMap<String, Order>,
    /// Order numbers, least recently stored first.
    age: VecDeque<String>,
}

impl Details {
    pub fn get(&self, sn: &str) -> Option<&Order> {
        self.map.get(sn)
    }

    /// Keeps `order`, dropping the oldest beyond `KEPT`.
    pub fn insert(&mut self, order: Order) {
        let sn = order.order_sn.clone();
        if self.map.insert(sn.clone(), order).is_some() {
            self.age.retain(|s| *s != sn);
        }
        self.age.push_back(sn);
        while self.age.len() > KEPT {
            if let Some(old) = self.age.pop_front() {
                self.map.remove(&old);
            }
        }
    }

    pub fn apply(&mut self, sn: &str, change: &Change) {
        if let Some(o) = self.map.get_mut(sn) {
            change.apply_to(o);
        }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_most_recent_and_applies_changes() {
        let mut d = Details::default();
        for k in 0..KEPT + 10 {
            d.insert(Order {
                order_sn: format!("sn-{k}"),
                ..Order::default()
            });
        }
        assert_eq!(d.len(), KEPT);
        assert!(d.get("sn-0").is_none());
        assert!(d.get(&format!("sn-{}", KEPT + 9)).is_some());
        let sn = format!("sn-{}", KEPT);
        d.apply(
            &sn,
            &Change::Note {
                remark: "hi".into(),
                tag: None,
                tag_name: String::new(),
            },
        );
        assert_eq!(d.get(&sn).map(|o| o.remark.as_str()), Some("hi"));
    }
}
