//! The loaded orders together with their lower-cased search texts, built once per list so that a filter
//! keystroke costs one `contains` per order. Every change goes through here, so the two (and the derived
//! data in `memo`) never drift apart.

use super::filter::search_text;
use super::memo::Memo;
use crate::domain::Order;
use std::ops::Deref;
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct OrderList {
    /// Shared with a cache write in progress; changed copy-on-write.
    list: Arc<Vec<Order>>,
    /// `search[i]` is `search_text(&list[i])`.
    search: Vec<String>,
    /// What the queue derives from these orders; cleared by every change.
    memo: Memo,
}

impl OrderList {
    pub fn new(list: Vec<Order>) -> OrderList {
        let search = list.iter().map(search_text).collect();
        OrderList {
            list: Arc::new(list),
            search,
            memo: Memo::default(),
        }
    }

    /// The orders, shared (no copy) for a cache write.
    pub fn shared(&self) -> Arc<Vec<Order>> {
        Arc::clone(&self.list)
    }

    /// The search text of each order, by index.
    pub fn search(&self) -> &[String] {
        &self.search
    }

    /// The derived data of this list.
    pub fn memo(&self) -> &Memo {
        &self.memo
    }

    pub fn find(&self, sn: &str) -> Option<&Order> {
        self.list.iter().find(|o| o.order_sn == sn)
    }

    /// Changes the order `sn` (if loaded) and renews its search text; true when it was found.
    pub fn edit(&mut self, sn: &str, f: impl FnOnce(&mut Order)) -> bool {
        let Some(i) = self.list.iter().position(|o| o.order_sn == sn) else {
            return false;
        };
        f(&mut Arc::make_mut(&mut self.list)[i]);
        self.memo.clear();
        self.search[i] = search_text(&self.list[i]);
        true
    }

    /// Replaces the order with the same number, or adds it.
    pub fn upsert(&mut self, order: Order) {
        let text = search_text(&order);
        self.memo.clear();
        match self.list.iter().position(|o| o.order_sn == order.order_sn) {
            Some(i) => {
                Arc::make_mut(&mut self.list)[i] = order;
                self.search[i] = text;
            }
            None => {
                Arc::make_mut(&mut self.list).push(order);
                self.search.push(text);
            }
        }
    }
}

impl From<Vec<Order>> for OrderList {
    fn from(list: Vec<Order>) -> OrderList {
        OrderList::new(list)
    }
}

impl Deref for OrderList {
    type Target = [Order];

    fn deref(&self) -> &[Order] {
        &self.list
    }
}
