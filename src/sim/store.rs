//! The order store: the generated shop (made on demand, order i from its index) plus the orders changed or
//! planted since, which alone are kept whole. Lists walk a confirm-time window as an index range and an
//! updated_at window through a compact sorted index, so a million orders cost a few bytes each.

use super::shop::Shop;
use crate::domain::Order;
use jiff::Timestamp;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct SimOrder {
    pub order: Order,
    /// Ship calls the simulator accepted for this order (generated orders start at 0).
    pub ship_count: u32,
    /// Every tracking number the simulator accepted, oldest first.
    pub tracking_numbers: Vec<String>,
}

impl SimOrder {
    fn fresh(order: Order) -> Self {
        SimOrder {
            order,
            ship_count: 0,
            tracking_numbers: Vec::new(),
        }
    }
}

/// What the status filters of the list endpoints look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    pub order_status: i64,
    pub refund_status: i64,
    pub trade_type: i64,
}

impl Status {
    fn of(o: &Order) -> Status {
        Status {
            order_status: o.order_status,
            refund_status: o.refund_status,
            trade_type: o.trade_type,
        }
    }
}

/// One order of a listing: a generated one as generated (by index), or a stored one.
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    Generated(usize, Status),
    Stored(&'a SimOrder),
}

impl Entry<'_> {
    /// What the filters look at.
    pub fn status(self) -> Status {
        match self {
            Entry::Generated(_, s) => s,
            Entry::Stored(so) => Status::of(&so.order),
        }
    }

    /// The order out of the lock.
    pub fn pick(self) -> Picked {
        match self {
            Entry::Generated(i, _) => Picked::Generated(i),
            Entry::Stored(so) => Picked::Stored(Box::new(so.order.clone())),
        }
    }
}

/// A listed order taken out of the store's lock: the index of a generated one, or a copy.
#[derive(Debug, Clone)]
pub enum Picked {
    Generated(usize),
    Stored(Box<Order>),
}

impl Picked {
    /// The whole order (a generated one is made here, outside any lock).
    pub fn order(self, shop: &Shop) -> Order {
        match self {
            Picked::Generated(i) => shop.order(i),
            Picked::Stored(o) => *o,
        }
    }
}

/// Per generated order: its status as generated, or one of these two.
const STORED: u8 = 254;
/// Replaced by a planted order confirmed at another time: listed from `placed`.
const MOVED: u8 = 255;

fn code((order_status, refund_status): (i64, i64)) -> u8 {
    match (order_status, refund_status) {
        (2, _) => 1,
        (_, 2) => 2,
        (_, 3) => 3,
        _ => 0,
    }
}

fn decode(c: u8) -> Status {
    let (order_status, refund_status) = match c {
        1 => (2, 1),
        2 => (1, 2),
        3 => (1, 3),
        _ => (1, 1),
    };
    Status {
        order_status,
        refund_status,
        trade_type: 0,
    }
}

/// The timestamp of `secs`, clamped to the range a timestamp holds (open-ended windows).
fn at(secs: i64) -> Timestamp {
    let secs = secs.clamp(Timestamp::MIN.as_second(), Timestamp::MAX.as_second());
    Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH)
}

#[derive(Debug)]
pub struct Store {
    shop: Arc<Shop>,
    codes: Vec<u8>,
    /// Generated orders by (updated_at, index) = (updated_at, order_sn): `(updated − base) << 32 | index`.
    by_updated_gen: Vec<u64>,
    updated_base: i64,
    /// Every order changed or planted, whole.
    stored: HashMap<String, SimOrder>,
    /// Stored orders that do not sit at a generated order's place, by (confirm_time, order_sn).
    placed: BTreeSet<(Option<Timestamp>, String)>,
    /// Stored orders by (updated_at, order_sn).
    by_updated: BTreeSet<(Timestamp, String)>,
    /// Orders handed out by `get_mut`, with the updated_at they had then: `by_updated` is brought up to
    /// date from these before the next read of it.
    touched: Vec<(Option<Timestamp>, String)>,
}

impl Store {
    pub fn new(shop: Shop) -> Self {
        let n = shop.len();
        // Every update falls within the shop's span before its clock: offsets from there fit 32 bits.
        let updated_base = shop.now() - 4 * 86_400;
        let mut codes = Vec::with_capacity(n);
        let mut by_updated_gen = Vec::with_capacity(n);
        for i in 0..n {
            let s = shop.skeleton(i);
            codes.push(code(s.status()));
            let off = u32::try_from((s.updated - updated_base).max(0)).unwrap_or(u32::MAX);
            by_updated_gen.push((u64::from(off) << 32) | i as u64);
        }
        by_updated_gen.sort_unstable();
        Store {
            shop: Arc::new(shop),
            codes,
            by_updated_gen,
            updated_base,
            stored: HashMap::new(),
            placed: BTreeSet::new(),
            by_updated: BTreeSet::new(),
            touched: Vec::new(),
        }
    }

    /// The generator, to make listed orders outside the lock.
    pub fn shop(&self) -> Arc<Shop> {
        self.shop.clone()
    }

    pub fn get(&self, sn: &str) -> Option<Cow<'_, SimOrder>> {
        if let Some(so) = self.stored.get(sn) {
            return Some(Cow::Borrowed(so));
        }
        let i = self.generated(sn)?;
        Some(Cow::Owned(SimOrder::fresh(self.shop.order(i))))
    }

    /// The index of the generated order `sn` while it is still as generated.
    fn generated(&self, sn: &str) -> Option<usize> {
        let i = self.shop.index_of(sn)?;
        (self.codes.get(i).copied()? < STORED).then_some(i)
    }

    /// The order, to change: kept from now on; its place in the updated_at index is fixed before that
    /// index is read.
    pub fn get_mut(&mut self, sn: &str) -> Option<&mut SimOrder> {
        // A long run of changes with no increment read between must not grow the list without bound.
        if self.touched.len() >= 4096 {
            self.settle();
        }
        if let Some(so) = self.stored.get(sn) {
            self.touched.push((so.order.updated_at, sn.to_string()));
        } else {
            let i = self.generated(sn)?;
            if let Some(c) = self.codes.get_mut(i) {
                *c = STORED;
            }
            let order = self.shop.order(i);
            self.stored.insert(sn.to_string(), SimOrder::fresh(order));
            self.touched.push((None, sn.to_string()));
        }
        self.stored.get_mut(sn)
    }

    /// Moves every order changed through `get_mut` to its new place in `by_updated`.
    fn settle(&mut self) {
        for (old, sn) in std::mem::take(&mut self.touched) {
            if let Some(t) = old {
                self.by_updated.remove(&(t, sn.clone()));
            }
            if let Some(t) = self.stored.get(&sn).and_then(|o| o.order.updated_at) {
                self.by_updated.insert((t, sn));
            }
        }
    }

    /// Inserts or replaces (by order_sn); a replaced order starts a fresh history.
    pub fn upsert(&mut self, order: Order) {
        self.settle();
        let sn = order.order_sn.clone();
        if let Some(old) = self.stored.remove(&sn) {
            if let Some(t) = old.order.updated_at {
                self.by_updated.remove(&(t, sn.clone()));
            }
            self.placed.remove(&(old.order.confirm_time, sn.clone()));
        }
        let home = self.shop.index_of(&sn);
        let place = match home {
            Some(i) if order.confirm_time == Some(at(self.shop.confirm(i))) => STORED,
            Some(_) => MOVED,
            None => MOVED,
        };
        if let Some(c) = home.and_then(|i| self.codes.get_mut(i)) {
            *c = place;
        }
        if place == MOVED {
            self.placed.insert((order.confirm_time, sn.clone()));
        }
        if let Some(t) = order.updated_at {
            self.by_updated.insert((t, sn.clone()));
        }
        self.stored.insert(sn, SimOrder::fresh(order));
    }

    fn stored_at(&self, i: usize) -> Option<&SimOrder> {
        self.stored.get(&self.shop.order_sn(i))
    }

    /// Every order with `start ≤ confirm_time < end` (Unix s), by (confirm_time, order_sn).
    pub fn confirmed_between(&self, start: i64, end: i64, mut visit: impl FnMut(Entry<'_>)) {
        if end <= start {
            return;
        }
        let (lo, hi) = (
            self.shop.first_confirmed_from(start),
            self.shop.first_confirmed_from(end),
        );
        let placed = self
            .placed
            .range((Some(at(start)), String::new())..(Some(at(end)), String::new()));
        let mut from = lo;
        let gen_until = |from: usize, to: usize, visit: &mut dyn FnMut(Entry<'_>)| {
            for i in from..to {
                match self.codes.get(i).copied().unwrap_or(MOVED) {
                    MOVED => {}
                    STORED => {
                        if let Some(so) = self.stored_at(i) {
                            visit(Entry::Stored(so));
                        }
                    }
                    c => visit(Entry::Generated(i, decode(c))),
                }
            }
        };
        for (t, sn) in placed {
            let Some(so) = self.stored.get(sn) else {
                continue;
            };
            let secs = t.map_or(i64::MIN, Timestamp::as_second);
            // The generated orders before this one: earlier confirmed, or the same second, lower number.
            let mut to = self.shop.first_confirmed_from(secs).clamp(from, hi);
            while to < hi && self.shop.confirm(to) == secs && self.shop.order_sn(to) < *sn {
                to += 1;
            }
            gen_until(from, to, &mut visit);
            from = to;
            visit(Entry::Stored(so));
        }
        gen_until(from, hi, &mut visit);
    }

    /// Orders with `start ≤ updated_at < end` (Unix s), by (updated_at, order_sn): stable paging, and a
    /// changed order moves to the end, as on PDD (which is why PDD advises paging from the last page
    /// backwards).
    pub fn updated_between(&mut self, start: i64, end: i64, mut visit: impl FnMut(Entry<'_>)) {
        self.settle();
        if end <= start {
            return;
        }
        // The first generated order updated at or after t.
        let bound = |t: i64| match u32::try_from(t.saturating_sub(self.updated_base)) {
            Ok(off) => self
                .by_updated_gen
                .partition_point(|&k| k < u64::from(off) << 32),
            Err(_) if t < self.updated_base => 0,
            Err(_) => self.by_updated_gen.len(),
        };
        let (lo, hi) = (bound(start), bound(end));
        let range = self.by_updated_gen.get(lo..hi).unwrap_or(&[]);
        let generated = range.iter().filter_map(|&k| {
            let i = (k & u64::from(u32::MAX)) as usize;
            let c = self.codes.get(i).copied().filter(|&c| c < STORED)?;
            Some((self.updated_base + (k >> 32) as i64, i, c))
        });
        let mut stored = self
            .by_updated
            .range((at(start), String::new())..(at(end), String::new()))
            .filter_map(|(t, sn)| Some((t.as_second(), sn, self.stored.get(sn)?)))
            .peekable();
        for (t, i, c) in generated {
            while let Some((st, sn, so)) = stored.peek().copied() {
                if st < t || (st == t && sn.as_str() < self.shop.order_sn(i).as_str()) {
                    visit(Entry::Stored(so));
                    stored.next();
                } else {
                    break;
                }
            }
            visit(Entry::Generated(i, decode(c)));
        }
        for (_, _, so) in stored {
            visit(Entry::Stored(so));
        }
    }

    /// A listed order's number.
    pub fn order_sn(&self, e: Entry<'_>) -> String {
        match e {
            Entry::Generated(i, _) => self.shop.order_sn(i),
            Entry::Stored(so) => so.order.order_sn.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(x: i64) -> Timestamp {
        Timestamp::from_second(x).unwrap()
    }

    fn order(sn: &str, secs: i64) -> Order {
        Order {
            order_sn: sn.into(),
            confirm_time: Some(t(secs)),
            ..Order::default()
        }
    }

    fn empty() -> Store {
        Store::new(Shop::new(0, 0, t(1_700_000_000)))
    }

    fn confirmed(s: &Store, a: i64, b: i64) -> Vec<String> {
        let mut out = Vec::new();
        s.confirmed_between(a, b, |e| out.push(s.order_sn(e)));
        out
    }

    fn updated(s: &mut Store, a: i64, b: i64) -> Vec<String> {
        let mut v = Vec::new();
        s.updated_between(a, b, |e| v.push(e.pick()));
        let shop = s.shop();
        v.into_iter().map(|p| p.order(&shop).order_sn).collect()
    }

    #[test]
    fn windows_are_half_open_and_upsert_keeps_order() {
        let mut s = empty();
        for o in [
            order("c", 30),
            order("a", 10),
            order("b", 20),
            order("b2", 20),
        ] {
            s.upsert(o);
        }
        assert_eq!(confirmed(&s, 10, 30), ["a", "b", "b2"]);
        assert!(confirmed(&s, 11, 20).is_empty());
        assert!(confirmed(&s, 30, 10).is_empty());
        s.upsert(order("a", 25));
        assert_eq!(confirmed(&s, 0, 100), ["b", "b2", "a", "c"]);
        assert_eq!(s.get("a").unwrap().order.confirm_time, Some(t(25)));
        s.get_mut("c").unwrap().ship_count = 3;
        assert_eq!(s.get("c").unwrap().ship_count, 3);
        assert!(s.get("zz").is_none());
    }

    fn upd(sn: &str, secs: i64) -> Order {
        Order {
            updated_at: Some(t(secs)),
            ..order(sn, 1)
        }
    }

    #[test]
    fn updated_windows_follow_every_change() {
        let mut s = empty();
        for o in [upd("a", 10), upd("b", 20), upd("c", 20), order("none", 1)] {
            s.upsert(o);
        }
        assert_eq!(updated(&mut s, 0, 100), ["a", "b", "c"]);
        assert!(updated(&mut s, 11, 20).is_empty());
        // Changed twice before the next read: one entry, at its newest time.
        s.get_mut("a").unwrap().order.updated_at = Some(t(30));
        s.get_mut("a").unwrap().order.updated_at = Some(t(40));
        s.get_mut("none").unwrap().order.updated_at = Some(t(25));
        assert_eq!(updated(&mut s, 0, 100), ["b", "c", "none", "a"]);
        assert_eq!(updated(&mut s, 40, 41), ["a"]);
        s.upsert(upd("b", 50));
        s.upsert(upd("new", 5));
        assert_eq!(updated(&mut s, 0, 100), ["new", "c", "none", "a", "b"]);
    }

    /// A generated shop and its changes listed together, in the order a full store of them would have.
    #[test]
    fn generated_and_changed_orders_list_as_one_shop() {
        let now = 1_700_000_000;
        let shop = Shop::new(9, 2000, t(now));
        let all: Vec<Order> = (0..shop.len()).map(|i| shop.order(i)).collect();
        let mut s = Store::new(shop);
        let sn = |i: usize| all[i].order_sn.clone();
        // Changed in place, moved to another time, planted new.
        s.get_mut(&sn(100)).unwrap().order.updated_at = Some(t(now + 5));
        let mut moved = all[200].clone();
        moved.confirm_time = all[1500].confirm_time;
        moved.updated_at = Some(t(now + 6));
        s.upsert(moved.clone());
        let mut new = all[700].clone();
        new.order_sn = "991231-000000000000001".into();
        s.upsert(new.clone());
        let mut expected = all.clone();
        expected[100].updated_at = Some(t(now + 5));
        expected[200] = moved;
        expected.push(new);
        let key = |o: &Order| (o.confirm_time, o.order_sn.clone());
        expected.sort_by_key(key);
        let (a, b) = (now - 40 * 3600, now - 3600);
        let want: Vec<String> = expected
            .iter()
            .filter(|o| o.confirm_time.unwrap().as_second() >= a)
            .filter(|o| o.confirm_time.unwrap().as_second() < b)
            .map(|o| o.order_sn.clone())
            .collect();
        assert_eq!(confirmed(&s, a, b), want);
        let mut by_updated = expected.clone();
        by_updated.sort_by_key(|o| (o.updated_at, o.order_sn.clone()));
        let want: Vec<String> = by_updated
            .iter()
            .filter(|o| o.updated_at.unwrap().as_second() >= now - 7200)
            .map(|o| o.order_sn.clone())
            .collect();
        assert_eq!(updated(&mut s, now - 7200, now + 10), want);
        assert!(s.get(&sn(100)).is_some() && s.get("991231-000000000000002").is_none());
    }
}
