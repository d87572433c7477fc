//! The loaded queue: one compact row per order (see `domain::row`), with their search texts, and the
//! queue's derived data (`memo`). Every change goes through here, so the rows, their search texts and the
//! memo never drift apart. Whole orders are not kept here: the detail screen and the waybill read them on
//! demand.

use crate::domain::numbered::NumberedTexts;
use crate::domain::row::{Interner, Secs, Short, search_text};
use crate::domain::search::{RowText, RowTexts, SearchTexts};
use crate::domain::{Change, Order, OrderRow};
use crate::ops::sync::Queued;
use crate::tui::queue::facets::Facets;
use crate::tui::queue::groups::Groups;
use crate::tui::queue::memo::Memo;
use crate::tui::queue::split::Split;
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct OrderList {
    /// Shared with a cache write in progress; changed copy-on-write.
    list: Arc<Vec<OrderRow>>,
    /// The fixed search text and the masked address of each row (`search::RowTexts`), in row order;
    /// shared with a cache write and a worker's snapshot.
    texts: Arc<RowTexts>,
    /// The note of each row, lower-cased, in row order (most are empty). This and the next two are shared
    /// with a worker's snapshot: a key over a million orders copies no 10 MB on the UI thread.
    remarks: Arc<SearchTexts>,
    /// Which distinct goods text each row has: a filter word is looked for once per goods text (as per
    /// masked address, in `texts`).
    goods: Arc<NumberedTexts>,
    /// Positions in `list` ordered by order number: a lookup is a binary search, 4 bytes per order.
    by_sn: Arc<Vec<u32>>,
    /// Shares the goods texts of new rows with the ones already loaded.
    interner: Interner,
    /// What the queue derives from these rows; cleared by every change.
    memo: Memo,
    /// Orders the sync that made this list skipped because they could not be decoded (the header names them).
    skipped: Vec<String>,
}

impl OrderList {
    /// Rows made elsewhere (a sync task, the cache), with their search texts (`search::RowTexts`, in row
    /// order) and the interner that made them. A row without a text is searched by its number alone.
    pub fn from_rows(list: Vec<OrderRow>, texts: RowTexts, interner: Interner) -> OrderList {
        let texts = texts.fitted(list.len(), |i| {
            format!("{}\n", list[i].order_sn.to_lowercase())
        });
        let mut by_sn: Vec<u32> = (0..list.len()).map(|i| i as u32).collect();
        // Rows of one number (never made by a sync) by position: sorts break ties by this order.
        by_sn.sort_unstable_by(|&a, &b| {
            (list[a as usize].order_sn.as_str(), a).cmp(&(list[b as usize].order_sn.as_str(), b))
        });
        let remarks = list
            .iter()
            .map(|r| lower_note(&r.remark))
            .collect::<Vec<_>>();
        let remarks = remarks.iter().map(|r| r.as_ref()).collect();
        let mut goods = NumberedTexts::default();
        for r in &list {
            goods.push(r.search_goods());
        }
        goods.shrink_to_fit();
        OrderList {
            list: Arc::new(list),
            texts: Arc::new(texts),
            remarks: Arc::new(remarks),
            goods: Arc::new(goods),
            by_sn: Arc::new(by_sn),
            interner,
            memo: Memo::default(),
            skipped: Vec::new(),
        }
    }

    /// Names the orders the sync skipped (see `skipped`).
    pub fn set_skipped(&mut self, names: Vec<String>) {
        self.skipped = names;
    }

    /// The orders the sync that made this list skipped because they could not be decoded.
    pub fn skipped(&self) -> &[String] {
        &self.skipped
    }

    pub fn new(orders: &[Order]) -> OrderList {
        let mut interner = Interner::default();
        let rows = orders
            .iter()
            .map(|o| OrderRow::new(o, &mut interner))
            .collect();
        let mut texts = RowTexts::default();
        for o in orders {
            texts.push_order(o, &mut interner);
        }
        OrderList::from_rows(rows, texts, interner)
    }

    /// The rows, shared (no copy) for a cache write.
    pub fn shared(&self) -> Arc<Vec<OrderRow>> {
        Arc::clone(&self.list)
    }

    /// The rows' search texts, shared (no copy) for a cache write.
    pub fn shared_texts(&self) -> Arc<RowTexts> {
        Arc::clone(&self.texts)
    }

    /// The fixed search texts and masked addresses of the rows (`search::RowTexts`), in row order.
    pub fn texts(&self) -> &RowTexts {
        &self.texts
    }

    /// The lower-cased notes of the rows, in row order.
    pub fn remarks(&self) -> &SearchTexts {
        &self.remarks
    }

    /// The distinct goods texts and which one each row has.
    pub fn goods(&self) -> &NumberedTexts {
        &self.goods
    }

    /// What the list holds on the heap, part by part, in bytes (for the benchmarks; shared goods texts
    /// counted once, hash tables by their entries).
    pub fn heap_parts(&self) -> Vec<(&'static str, usize)> {
        let (fixed, addresses) = self.texts.heap_bytes();
        vec![
            (
                "rows",
                self.list.capacity() * std::mem::size_of::<OrderRow>(),
            ),
            (
                "rows' notes, flag names, numbers",
                self.list
                    .iter()
                    .map(|r| {
                        r.remark.heap_bytes()
                            + r.remark_tag_name.heap_bytes()
                            + r.rare.as_ref().map_or(0, |x| {
                                std::mem::size_of_val(&**x) + r.tracking_number().len()
                            })
                    })
                    .sum(),
            ),
            ("search texts", fixed),
            ("addresses (number per row, distinct texts)", addresses),
            ("notes lower-cased", self.remarks.heap_bytes()),
            (
                "goods (number per row, distinct texts)",
                // Each distinct goods also has its shared `Goods` (counts, two pointers).
                self.goods.heap_bytes() + self.goods.texts().len() * 48,
            ),
            ("by number", self.by_sn.capacity() * 4),
        ]
    }

    /// The same rows for a worker (`queue::worker`): shared, not copied; without the derived data.
    pub fn snapshot(&self) -> OrderList {
        OrderList {
            list: Arc::clone(&self.list),
            texts: Arc::clone(&self.texts),
            remarks: Arc::clone(&self.remarks),
            goods: Arc::clone(&self.goods),
            by_sn: Arc::clone(&self.by_sn),
            interner: Interner::default(),
            memo: Memo::default(),
            skipped: Vec::new(),
        }
    }

    /// Whether `rows` are this list's rows (not a copy made since).
    pub fn shares(&self, rows: &Arc<Vec<OrderRow>>) -> bool {
        Arc::ptr_eq(&self.list, rows)
    }

    /// The merge groups of this list (computed once per change).
    pub fn groups(&self) -> Arc<Groups> {
        self.memo.groups(|| Groups::of(&self.list))
    }

    /// The filter's facets of this list (computed once per change, split as told).
    pub fn facets(&self, split: Split) -> Arc<Facets> {
        self.memo
            .facets(|| Facets::of(&self.list, &self.by_sn, split))
    }

    /// The derived data of this list.
    pub fn memo(&self) -> &Memo {
        &self.memo
    }

    /// Where `sn` is (or would go) in `by_sn`.
    fn slot(&self, sn: &str) -> Result<usize, usize> {
        self.by_sn
            .binary_search_by(|&i| self.list[i as usize].order_sn.as_str().cmp(sn))
    }

    /// The position of `sn` in the list.
    fn index(&self, sn: &str) -> Option<usize> {
        self.slot(sn).ok().map(|p| self.by_sn[p] as usize)
    }

    pub fn find(&self, sn: &str) -> Option<&OrderRow> {
        self.index(sn).and_then(|i| self.list.get(i))
    }

    pub fn contains(&self, sn: &str) -> bool {
        self.slot(sn).is_ok()
    }

    /// Applies a change to the order `sn` if it is loaded; true when it was found.
    pub fn apply(&mut self, sn: &str, change: &Change) -> bool {
        let Some(i) = self.index(sn) else {
            return false;
        };
        if let Some(row) = Arc::make_mut(&mut self.list).get_mut(i) {
            row.apply(change);
            Arc::make_mut(&mut self.remarks).set(i, &lower_note(&row.remark));
        }
        self.memo.clear();
        true
    }

    /// Replaces the row of the order with the same number, or adds one.
    pub fn upsert(&mut self, order: &Order) {
        let row = OrderRow::new(order, &mut self.interner);
        let text = search_text(order);
        let address = self.interner.address(order);
        let note = lower_note(&row.remark);
        self.memo.clear();
        match self.slot(&order.order_sn) {
            Ok(p) => {
                let i = self.by_sn[p] as usize;
                Arc::make_mut(&mut self.texts).set(i, &text, &address);
                Arc::make_mut(&mut self.remarks).set(i, &note);
                Arc::make_mut(&mut self.goods).set(i, row.search_goods());
                Arc::make_mut(&mut self.list)[i] = row;
            }
            Err(p) => self.push_at(p, row, &text, &address),
        }
    }

    /// Adds a row at the end of the list, `p` being its place in `by_sn`.
    fn push_at(&mut self, p: usize, row: OrderRow, text: &str, address: &Arc<str>) {
        Arc::make_mut(&mut self.by_sn).insert(p, self.list.len() as u32);
        Arc::make_mut(&mut self.texts).push(text, address);
        Arc::make_mut(&mut self.remarks).push(&lower_note(&row.remark));
        Arc::make_mut(&mut self.goods).push(row.search_goods());
        Arc::make_mut(&mut self.list).push(row);
    }
}

/// A note as searched; most are empty, and those cost no allocation.
fn lower_note(remark: &str) -> std::borrow::Cow<'_, str> {
    if remark.is_empty() {
        remark.into()
    } else {
        remark.to_lowercase().into()
    }
}

/// A row and its search texts while a refresh merges it: an old row's stay where they are.
struct Entry {
    row: OrderRow,
    text: Text,
}

enum Text {
    Old(u32),
    New(Box<str>, Arc<str>),
}

impl Queued for Entry {
    fn order_sn(&self) -> &str {
        self.row.order_sn()
    }
    fn confirm_secs(&self) -> Option<i64> {
        self.row.confirm_secs()
    }
    fn updated_secs(&self) -> Option<i64> {
        self.row.updated_secs()
    }
}

impl OrderList {
    /// Merges the orders a refresh found changed (`ops::sync::merge`): new unshipped ones enter, changed
    /// ones are replaced, shipped or closed ones leave; the rows stay sorted.
    pub fn merge(&mut self, changed: Vec<Order>) -> crate::ops::sync::Merged {
        let rows = std::mem::take(Arc::make_mut(&mut self.list));
        let mut entries: Vec<Entry> = rows
            .into_iter()
            .enumerate()
            .map(|(i, row)| Entry {
                row,
                text: Text::Old(i as u32),
            })
            .collect();
        let interner = &mut self.interner;
        let merged = crate::ops::sync::merge(&mut entries, changed, |o| Entry {
            row: OrderRow::new(o, interner),
            text: Text::New(search_text(o).into_boxed_str(), interner.address(o)),
        });
        let texts = self.texts.remade(entries.iter().map(|e| match &e.text {
            Text::Old(i) => RowText::Kept(*i as usize),
            Text::New(t, a) => RowText::New(t, a),
        }));
        let rows = entries.into_iter().map(|e| e.row).collect();
        let skipped = std::mem::take(&mut self.skipped);
        let interner = std::mem::take(&mut self.interner);
        *self = OrderList::from_rows(rows, texts, interner);
        self.skipped = skipped;
        merged
    }
}

/// How long an order the gateway stopped listing stays in the queue after it was last listed. Decision: a
/// week, far past any shipping deadline, so an order shipped elsewhere does not stay forever.
pub const UNLISTED_KEPT: i64 = 7 * 24 * 3600;

impl OrderList {
    /// Keeps the orders of `old` (the list this one replaces) that were unshipped there and are missing
    /// here: a gateway that lists only recent unshipped orders (pddshuju) dropped them, and whether they
    /// shipped elsewhere or only grew older is unknown. Each is marked with when it was last listed
    /// (`listed_at`, the time of `old`'s listing, unless it was already marked); those last listed more
    /// than `UNLISTED_KEPT` before `now` go.
    pub fn keep_unlisted(&mut self, old: &OrderList, listed_at: i64, now: i64) {
        let missing: Vec<(OrderRow, &str, &str)> = old
            .iter()
            .enumerate()
            .filter(|(_, r)| r.is_unshipped() && !self.contains(&r.order_sn))
            .filter_map(|(i, r)| {
                let mut r = r.clone();
                if !r.unlisted_since().is_some() {
                    r.set_unlisted_since(Secs::new(Some(listed_at)));
                }
                let since = r.unlisted_since().get().unwrap_or(listed_at);
                let texts = &old.texts;
                (now.saturating_sub(since) <= UNLISTED_KEPT).then_some((
                    r,
                    texts.fixed.get(i),
                    texts.addresses.get(i),
                ))
            })
            .collect();
        if missing.is_empty() {
            return;
        }
        self.memo.clear();
        for (mut row, text, address) in missing {
            row.goods = self.interner.goods(row.goods_name(), row.search_goods());
            row.remark_tag_name = self.interner.name(&row.remark_tag_name);
            let address = self.interner.text(address);
            if let Err(p) = self.slot(&row.order_sn) {
                self.push_at(p, row, text, &address);
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
    texts: RowTexts,
    /// Each order number's latest `updated_at` and row; the key is inline (no allocation per order).
    seen: HashMap<Short, (Option<jiff::Timestamp>, usize)>,
    interner: Interner,
}

impl Builder {
    pub fn add(&mut self, orders: &[Order]) {
        for o in orders {
            match self.seen.get_mut(o.order_sn.as_str()) {
                Some((updated, _)) if *updated > o.updated_at => {}
                Some((updated, i)) => {
                    *updated = o.updated_at;
                    self.rows[*i] = OrderRow::new(o, &mut self.interner);
                    self.texts.set_order(*i, o, &mut self.interner);
                }
                None => {
                    self.seen
                        .insert(o.order_sn.as_str().into(), (o.updated_at, self.rows.len()));
                    self.rows.push(OrderRow::new(o, &mut self.interner));
                    self.texts.push_order(o, &mut self.interner);
                }
            }
        }
    }

    /// The queue's order of the rows so far: confirm time, then number.
    fn order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        let rows = &self.rows;
        order.sort_by(|&a, &b| {
            let (a, b) = (&rows[a], &rows[b]);
            a.confirm_time
                .cmp(&b.confirm_time)
                .then_with(|| a.order_sn.cmp(&b.order_sn))
        });
        order
    }

    /// The rows so far, sorted, as a list of their own (the sync goes on adding to these).
    pub fn snapshot(&self) -> OrderList {
        let order = self.order();
        let rows = order.iter().map(|&i| self.rows[i].clone()).collect();
        let texts = self.texts.remade(order.iter().map(|&i| RowText::Kept(i)));
        OrderList::from_rows(rows, texts, self.interner.clone())
    }

    pub fn finish(self) -> OrderList {
        let order = self.order();
        let texts = self.texts.remade(order.iter().map(|&i| RowText::Kept(i)));
        let mut slots: Vec<Option<OrderRow>> = self.rows.into_iter().map(Some).collect();
        // Exactly as many rows as there are: a collected `filter_map` would keep up to twice the room.
        let mut rows = Vec::with_capacity(order.len());
        rows.extend(order.iter().filter_map(|&i| slots[i].take()));
        drop(slots);
        let list = OrderList::from_rows(rows, texts, self.interner);
        if list.len() >= crate::store::cache::BIG_QUEUE {
            crate::store::cache::return_free_memory();
        }
        list
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

    /// A gateway of recent orders stops listing one that did not ship here: it stays, marked with when it
    /// was last listed, until a week after that; one shipped here, or listed again, is not kept or marked.
    #[test]
    fn orders_no_longer_listed_stay_marked_with_when_they_were_last_listed() {
        let order = |sn: &str, status: i64| Order {
            order_status: status,
            ..order(sn, 1, 1, "")
        };
        let mut old = OrderList::new(&[
            order("sn-1", 1),
            order("sn-2", 1),
            order("sn-3", 1),
            order("sn-4", 2),
        ]);
        let listed_at = 1_000_000;
        let mut new = OrderList::new(&[order("sn-3", 1)]);
        new.keep_unlisted(&old, listed_at, listed_at + 600);
        let sns: Vec<(&str, Option<i64>)> = ["sn-1", "sn-2", "sn-3", "sn-4"]
            .iter()
            .filter_map(|sn| new.find(sn))
            .map(|r| (r.order_sn.as_str(), r.unlisted_since().get()))
            .collect();
        assert_eq!(
            sns,
            [
                ("sn-1", Some(listed_at)),
                ("sn-2", Some(listed_at)),
                ("sn-3", None)
            ]
        );
        // A later sync keeps the first time it went missing, not the time of the sync before.
        old = new;
        let mut next = OrderList::new(&[]);
        next.keep_unlisted(&old, listed_at + 600, listed_at + 1200);
        assert_eq!(
            next.find("sn-1").unwrap().unlisted_since().get(),
            Some(listed_at)
        );
        assert_eq!(
            next.find("sn-3").unwrap().unlisted_since().get(),
            Some(listed_at + 600)
        );
        // A week after it was last listed, it goes.
        let mut later = OrderList::new(&[]);
        later.keep_unlisted(&next, listed_at + 1200, listed_at + UNLISTED_KEPT + 1);
        assert!(later.find("sn-1").is_none());
        assert!(later.find("sn-3").is_some());
    }

    #[test]
    fn every_order_is_found_after_loads_and_upserts() {
        let mut list = OrderList::new(&[order("sn-5", 1, 1, ""), order("sn-2", 1, 1, "")]);
        for sn in ["sn-9", "sn-1", "sn-3", "sn-2"] {
            list.upsert(&order(sn, 2, 2, sn));
        }
        assert_eq!(list.len(), 5);
        for sn in ["sn-1", "sn-2", "sn-3", "sn-5", "sn-9"] {
            assert_eq!(list.find(sn).map(|r| r.order_sn.as_str()), Some(sn));
        }
        assert_eq!(list.find("sn-2").map(|r| r.remark.as_str()), Some("sn-2"));
        assert!(list.find("sn-4").is_none() && list.find("").is_none());
    }
}
