//! The queue's derived data (visible rows, header counts, orders per hour), kept beside the orders and
//! computed again only when what it depends on changes, so frames and keys never walk every order.

use crate::tui::queue::facets::Facets;
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

/// Rows computed for a key; `fresh` until the orders change. Stale rows still index the list rightly:
/// every change that keeps a memo (`OrderList::apply`, `upsert`, `keep_unlisted`) keeps the rows'
/// positions, so they can stay on screen while new ones are computed (`rows::visible`).
#[derive(Debug, Clone)]
struct Rows {
    key: RowsKey,
    rows: Arc<[usize]>,
    fresh: bool,
}

#[derive(Debug, Default)]
struct Slots {
    rows: Option<Rows>,
    /// The minute it was computed for, whether the orders are unchanged since, and the summary.
    summary: Option<(i64, bool, Arc<Summary>)>,
    groups: Option<Arc<Groups>>,
    /// What the filter's field words test, a few bytes a row (`facets`).
    facets: Option<Arc<Facets>>,
}

/// Cleared whenever the orders change; a clone starts empty, since it would be cleared on its first change.
#[derive(Debug, Default)]
pub struct Memo {
    slots: Mutex<Slots>,
    /// Counts the changes: a result computed from the rows of an earlier change is not put here.
    generation: u64,
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

    /// The orders changed: everything is computed again, but the rows and the summary stay to be shown
    /// (marked stale) until it is.
    pub fn clear(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        let slots = self.slots.get_mut().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = &mut slots.rows {
            r.fresh = false;
        }
        if let Some((_, fresh, _)) = &mut slots.summary {
            *fresh = false;
        }
        slots.groups = None;
        slots.facets = None;
    }

    /// Which change of the orders this memo is at.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The rows for `key`, computed now unless they are known for it.
    pub fn rows(&self, key: RowsKey, compute: impl FnOnce() -> Vec<usize>) -> Arc<[usize]> {
        if let Some(r) = &self.slots().rows
            && r.fresh
            && r.key == key
        {
            return r.rows.clone();
        }
        let v: Arc<[usize]> = compute().into();
        self.slots().rows = Some(Rows {
            key,
            rows: v.clone(),
            fresh: true,
        });
        v
    }

    /// The rows computed last and their key, while the orders are unchanged since: a worker narrows them
    /// when a word is typed on (`derive::compute_after`).
    pub fn fresh_rows(&self) -> Option<(RowsKey, Arc<[usize]>)> {
        self.slots()
            .rows
            .as_ref()
            .filter(|r| r.fresh)
            .map(|r| (r.key.clone(), r.rows.clone()))
    }

    /// The rows computed last, for whichever key, fresh or not.
    pub fn last_rows(&self) -> Option<Arc<[usize]>> {
        self.slots().rows.as_ref().map(|r| r.rows.clone())
    }

    /// What the rows computed last were computed for.
    pub fn last_key(&self) -> Option<RowsKey> {
        self.slots().rows.as_ref().map(|r| r.key.clone())
    }

    /// The rows known are those of `key` and of the orders as they are.
    pub fn rows_current(&self, key: &RowsKey) -> bool {
        self.slots()
            .rows
            .as_ref()
            .is_some_and(|r| r.fresh && r.key == *key)
    }

    /// The summary known is that of `minute` and of the orders as they are.
    pub fn summary_current(&self, minute: i64) -> bool {
        self.slots()
            .summary
            .as_ref()
            .is_some_and(|(m, fresh, _)| *fresh && *m == minute)
    }

    /// Takes rows computed elsewhere (a worker) from the orders at `generation`; false (and nothing
    /// taken) when the orders changed since.
    pub fn put_rows(&self, generation: u64, key: RowsKey, rows: Vec<usize>) -> bool {
        if generation != self.generation {
            return false;
        }
        self.slots().rows = Some(Rows {
            key,
            rows: rows.into(),
            fresh: true,
        });
        true
    }

    /// Takes a summary computed elsewhere, as `put_rows`.
    pub fn put_summary(&self, generation: u64, minute: i64, summary: Summary) -> bool {
        if generation != self.generation {
            return false;
        }
        self.slots().summary = Some((minute, true, Arc::new(summary)));
        true
    }

    pub fn groups(&self, compute: impl FnOnce() -> Groups) -> Arc<Groups> {
        if let Some(v) = &self.slots().groups {
            return v.clone();
        }
        let v = Arc::new(compute());
        self.slots().groups = Some(v.clone());
        v
    }

    /// The filter's facets of the orders, computed now unless they are known.
    pub fn facets(&self, compute: impl FnOnce() -> Facets) -> Arc<Facets> {
        if let Some(v) = &self.slots().facets {
            return v.clone();
        }
        let v = Arc::new(compute());
        self.slots().facets = Some(v.clone());
        v
    }

    /// The facets, if they are known.
    pub fn known_facets(&self) -> Option<Arc<Facets>> {
        self.slots().facets.clone()
    }

    /// Takes facets computed elsewhere (a worker, or the memo a snapshot was taken from), as `put_rows`.
    pub fn put_facets(&self, generation: u64, facets: Arc<Facets>) -> bool {
        if generation != self.generation {
            return false;
        }
        self.slots().facets = Some(facets);
        true
    }

    /// The summary of `minute`, computed now unless it is known for it.
    pub fn summary(&self, minute: i64, compute: impl FnOnce() -> Summary) -> Arc<Summary> {
        if let Some((k, fresh, v)) = &self.slots().summary
            && *fresh
            && *k == minute
        {
            return v.clone();
        }
        let v = Arc::new(compute());
        self.slots().summary = Some((minute, true, v.clone()));
        v
    }

    /// The summary computed last, for whichever minute, fresh or not.
    pub fn last_summary(&self) -> Option<Arc<Summary>> {
        self.slots().summary.as_ref().map(|(_, _, v)| v.clone())
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
        // Stale rows stay to be shown, but are computed again when asked for.
        assert_eq!(m.last_rows().as_deref(), Some(&[2][..]));
        assert!(!m.rows_current(&key("ab")));
        assert_eq!(&*m.rows(key("ab"), || vec![3]), &[3]);
        assert!(m.clone().slots().rows.is_none());
    }

    /// A worker's result is taken only for the orders it was computed from.
    #[test]
    fn results_of_an_earlier_change_are_not_taken() {
        let mut m = Memo::default();
        let g = m.generation();
        m.clear();
        assert!(!m.put_rows(g, key("a"), vec![1]));
        assert!(m.last_rows().is_none());
        assert!(m.put_rows(m.generation(), key("a"), vec![1]));
        assert!(m.rows_current(&key("a")) && !m.rows_current(&key("b")));
    }
}
