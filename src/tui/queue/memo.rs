//! The queue's derived data (visible rows, header counts, orders per hour), kept beside the orders and
//! computed again only when what it depends on changes, so frames and keys never walk every order.

use crate::tui::queue::groups::Groups;
use crate::tui::queue::state::SortKey;
use std::sync::{Arc, Mutex};

/// What the visible rows depend on besides the orders themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowsKey {
    pub filter: String,
    pub sort: SortKey,
    pub shipped: bool,
    /// The clock's minute: `overdue` and the deadlines move with it.
    pub minute: i64,
}

/// The header's counts and the 48-hour series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub stats: Stats,
    pub per_hour: Vec<u64>,
}

#[derive(Debug, Default)]
struct Slots {
    rows: Option<(RowsKey, Arc<[usize]>)>,
    summary: Option<(i64, Arc<Summary>)>,
    groups: Option<Arc<Groups>>,
}

/// Cleared whenever the orders change; a clone starts empty, since it would be cleared on its first change.
#[derive(Debug, Default)]
pub struct Memo {
    slots: Mutex<Slots>,
}

impl Clone for Memo {
    fn clone(&self) -> Memo {
        Memo::default()
    }
}

impl Memo {
    fn slots(&self) -> std::sync::MutexGuard<'_, Slots> {
        // A poisoned lock only means a computation panicked; the slots hold either nothing or a finished value.
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn clear(&mut self) {
        *self.slots.get_mut().unwrap_or_else(|e| e.into_inner()) = Slots::default();
    }

    pub fn rows(&self, key: RowsKey, compute: impl FnOnce() -> Vec<usize>) -> Arc<[usize]> {
        if let Some((k, v)) = &self.slots().rows
            && *k == key
        {
            return v.clone();
        }
        let v: Arc<[usize]> = compute().into();
        self.slots().rows = Some((key, v.clone()));
        v
    }

    pub fn groups(&self, compute: impl FnOnce() -> Groups) -> Arc<Groups> {
        if let Some(v) = &self.slots().groups {
            return v.clone();
        }
        let v = Arc::new(compute());
        self.slots().groups = Some(v.clone());
        v
    }

    pub fn summary(&self, minute: i64, compute: impl FnOnce() -> Summary) -> Arc<Summary> {
        if let Some((k, v)) = &self.slots().summary
            && *k == minute
        {
            return v.clone();
        }
        let v = Arc::new(compute());
        self.slots().summary = Some((minute, v.clone()));
        v
    }
}

/// Counts for the header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub unshipped: usize,
    pub overdue: usize,
    pub due_6h: usize,
    pub flags: [usize; 5],
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(filter: &str) -> RowsKey {
        RowsKey {
            filter: filter.into(),
            sort: SortKey::Deadline,
            shipped: false,
            minute: 7,
        }
    }

    #[test]
    fn computes_once_per_key_and_again_after_a_change() {
        let mut m = Memo::default();
        let mut calls = 0;
        for _ in 0..3 {
            m.rows(key("a"), || {
                calls += 1;
                vec![1, 2]
            });
        }
        assert_eq!(calls, 1);
        m.rows(key("ab"), || {
            calls += 1;
            vec![2]
        });
        assert_eq!(calls, 2);
        m.clear();
        assert_eq!(&*m.rows(key("ab"), || vec![3]), &[3]);
        assert!(m.clone().slots().rows.is_none());
    }
}
