//! The queue's rows and counts computed off the UI thread: a job carries a snapshot of the orders (shared,
//! not copied) and what the rows depend on; its result goes back to `update::recompute` as `Msg::Rows`.

use crate::api::Capabilities;
use crate::domain::OrderRow;
use crate::tui::queue::derive as rows;
use crate::tui::queue::facets::Facets;
use crate::tui::queue::memo::{RowsKey, Summary};
use crate::tui::queue::order_list::OrderList;
use crate::tui::req::ReqId;
use std::sync::Arc;

/// What a worker computes: the rows of `key` over `orders`, and the summary when it is wanted too.
pub struct RowsJob {
    pub id: ReqId,
    pub orders: OrderList,
    /// The change of the orders the snapshot was taken at (`Memo::generation`).
    pub generation: u64,
    pub key: RowsKey,
    pub caps: Capabilities,
    /// Which of the two are wanted (the other is known already).
    pub rows: bool,
    pub summary: bool,
    /// The filter's facets of these orders, when the queue knows them already (`Memo::known_facets`).
    pub facets: Option<Arc<Facets>>,
    /// The rows on screen and their key, when computed from these same orders: a key that narrows them
    /// filters only those (`derive::compute_after`).
    pub prev: Option<(RowsKey, Arc<[usize]>)>,
}

/// A job's result, with the rows it was computed from: it is taken only if they are still the queue's.
#[derive(Debug)]
pub struct RowsDone {
    pub id: ReqId,
    pub orders: Arc<Vec<OrderRow>>,
    pub generation: u64,
    pub key: RowsKey,
    pub rows: Option<Vec<usize>>,
    pub summary: Option<Summary>,
    /// The facets the filter used, for the queue to keep while the orders are unchanged.
    pub facets: Option<Arc<Facets>>,
}

impl RowsJob {
    /// Filters, sorts and counts (slow over a big queue: never on the UI thread).
    pub fn run(self) -> RowsDone {
        let memo = self.orders.memo();
        if let Some(f) = self.facets {
            memo.put_facets(memo.generation(), f);
        }
        let prev = self.prev.as_ref().map(|(k, r)| (k, &r[..]));
        let rows = self
            .rows
            .then(|| rows::compute_after(&self.orders, &self.key, self.caps, prev));
        let summary = self
            .summary
            .then(|| rows::compute_summary(&self.orders, self.key.minute));
        RowsDone {
            id: self.id,
            orders: self.orders.shared(),
            generation: self.generation,
            key: self.key,
            rows,
            summary,
            facets: memo.known_facets(),
        }
    }
}

// An effect is compared and printed by tests: by what it asks for, not by every order it carries.
impl PartialEq for RowsJob {
    fn eq(&self, other: &RowsJob) -> bool {
        self.id == other.id
            && self.generation == other.generation
            && self.key == other.key
            && self.rows == other.rows
            && self.summary == other.summary
    }
}

impl std::fmt::Debug for RowsJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RowsJob")
            .field("id", &self.id)
            .field("orders", &self.orders.len())
            .field("generation", &self.generation)
            .field("key", &self.key)
            .field("rows", &self.rows)
            .field("summary", &self.summary)
            .field("prev", &self.prev.as_ref().map(|(k, r)| (k, r.len())))
            .finish()
    }
}

/// Effects are cloned with their snapshot (shared rows).
impl Clone for RowsJob {
    fn clone(&self) -> RowsJob {
        RowsJob {
            id: self.id,
            orders: self.orders.snapshot(),
            generation: self.generation,
            key: self.key.clone(),
            caps: self.caps,
            rows: self.rows,
            summary: self.summary,
            facets: self.facets.clone(),
            prev: self.prev.clone(),
        }
    }
}

/// Over how many orders the rows are computed off the UI thread. Below it a filter and a sort take well
/// under a millisecond, and computing them inside the key keeps every screen (and test) deterministic.
pub const INLINE_UP_TO: usize = 5_000;

/// The worker's job in flight, for `App::pending`.
#[derive(Debug, Clone)]
pub struct RowsWork {
    /// Queues of at most this many orders are computed inline (`INLINE_UP_TO`; tests lower it).
    pub inline_up_to: usize,
    /// The job in flight: only one at a time; keys typed meanwhile are taken by the next one.
    pub in_flight: Option<ReqId>,
}

impl Default for RowsWork {
    fn default() -> RowsWork {
        RowsWork {
            inline_up_to: INLINE_UP_TO,
            in_flight: None,
        }
    }
}
