//! Where each order of a generated shop sits in time and what kind it is, from its index alone. The shop is
//! laid out oldest first (order i holds the i-th slice of the age distribution), so confirm times never
//! decrease with i and a time window is an index range found by binary search.

use super::super::rng::Rng;

const HOUR: i64 = 3600;
/// Confirm times are spread over this many seconds before `now` (72 h): shipped orders over all of it,
/// open ones inside their 48 h deadline, overdue ones just past it.
const SPAN_SECS: i64 = 72 * HOUR;
const OVERDUE_FROM: i64 = 48 * HOUR + 600;
const OVERDUE_TO: i64 = 60 * HOUR;
/// Open orders are younger than this, so none is past its deadline, even an hour into a demo.
const OPEN_TO: i64 = 47 * HOUR;
const NEWEST: i64 = 120;
/// Where the one overdue order every shop has sits.
const OVERDUE_MID: i64 = 54 * HOUR;

const GROUP_SALT: u64 = 0x6E0F;

/// The special kinds an order may have.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Plain,
    AfterSale,
    Refunding,
    Risk,
    PreSale,
    Urged,
    StockOut,
    Shipped,
    Overdue,
}

/// One of each, spread over the open orders, so even a small shop shows every case.
const FORCED: [Kind; 7] = [
    Kind::AfterSale,
    Kind::Refunding,
    Kind::Risk,
    Kind::PreSale,
    Kind::Urged,
    Kind::StockOut,
    Kind::Shipped,
];
/// Orders with a memo whatever the dice say (the first five flagged 1–5, the fourth's memo a long one).
pub const NOTE_SLOTS: usize = 8;

/// Open kinds per 835 open orders (a shop's day: about 3% blocked by after-sale or risk).
fn draw_open(rng: &mut Rng) -> Kind {
    match rng.below(835) {
        0..=14 => Kind::AfterSale,
        15..=24 => Kind::Refunding,
        25..=34 => Kind::Risk,
        35..=74 => Kind::PreSale,
        75..=134 => Kind::Urged,
        135..=154 => Kind::StockOut,
        _ => Kind::Plain,
    }
}

/// A stretch of ages (seconds before now) with constant densities (share of the shop a second):
/// shipped orders over 2–72 h, overdue ones over 48 h 10 min–60 h, open ones mostly today's and
/// yesterday's (55% within 24 h, 35% 24–40 h, 10% 40–47 h).
#[derive(Debug, Clone, Copy)]
struct Piece {
    lo: f64,
    hi: f64,
    shipped: f64,
    overdue: f64,
    open: f64,
}

impl Piece {
    fn density(&self) -> f64 {
        self.shipped + self.overdue + self.open
    }
    fn mass(&self) -> f64 {
        self.density() * (self.hi - self.lo)
    }
}

fn pieces() -> [Piece; 7] {
    let h = |x: i64| (x * HOUR) as f64;
    let shipped = 0.150 / (SPAN_SECS as f64 - h(2));
    let overdue = 0.015 / (OVERDUE_TO - OVERDUE_FROM) as f64;
    let open1 = 0.835 * 0.55 / (h(24) - NEWEST as f64);
    let open2 = 0.835 * 0.35 / (h(40) - h(24));
    let open3 = 0.835 * 0.10 / (h(47) - h(40));
    let p = |lo: f64, hi: f64, s: f64, o: f64, op: f64| Piece {
        lo,
        hi,
        shipped: s,
        overdue: o,
        open: op,
    };
    // Oldest first.
    [
        p(OVERDUE_TO as f64, SPAN_SECS as f64, shipped, 0.0, 0.0),
        p(
            OVERDUE_FROM as f64,
            OVERDUE_TO as f64,
            shipped,
            overdue,
            0.0,
        ),
        p(OPEN_TO as f64, OVERDUE_FROM as f64, shipped, 0.0, 0.0),
        p(h(40), OPEN_TO as f64, shipped, 0.0, open3),
        p(h(24), h(40), shipped, 0.0, open2),
        p(h(2), h(24), shipped, 0.0, open1),
        p(NEWEST as f64, h(2), 0.0, 0.0, open1),
    ]
}

/// The layout of a shop of `n` orders: the age distribution and the places of the orders every shop has.
#[derive(Debug, Clone)]
pub struct Layout {
    n: u64,
    pieces: [Piece; 7],
    /// The share of the shop older than each piece's start, oldest first.
    before: [f64; 7],
    /// The first order young enough to be open.
    open_from: u64,
    overdue_at: Option<u64>,
    forced: [u64; 7],
    notes: [u64; NOTE_SLOTS],
    groups: u64,
}

impl Layout {
    pub fn new(n: u64) -> Layout {
        let pieces = pieces();
        let total: f64 = pieces.iter().map(Piece::mass).sum();
        let mut before = [0.0; 7];
        let mut acc = 0.0;
        for (b, p) in before.iter_mut().zip(&pieces) {
            *b = acc / total;
            acc += p.mass();
        }
        let mut l = Layout {
            n,
            pieces: pieces.map(|p| Piece {
                shipped: p.shipped / total,
                overdue: p.overdue / total,
                open: p.open / total,
                ..p
            }),
            before,
            open_from: 0,
            overdue_at: None,
            forced: [u64::MAX; 7],
            notes: [u64::MAX; NOTE_SLOTS],
            groups: 0,
        };
        let nf = n as f64;
        l.open_from = ((l.older_than(OPEN_TO as f64) * nf).ceil() as u64).min(n);
        if n > 0 {
            l.overdue_at = Some(((l.older_than(OVERDUE_MID as f64) * nf) as u64).min(n - 1));
        }
        let len = n - l.open_from;
        if len > 0 {
            for (k, slot) in l.forced.iter_mut().enumerate() {
                *slot = l.open_from + ((2 * k as u64 + 1) * len) / 14;
            }
            for (r, slot) in l.notes.iter_mut().enumerate() {
                *slot = l.open_from + ((2 * r as u64 + 1) * len) / 16;
            }
        }
        l.groups = if n < 20 { 0 } else { (n / 100).max(1) };
        l
    }

    /// The share of the shop older than `age` seconds.
    fn older_than(&self, age: f64) -> f64 {
        for (p, b) in self.pieces.iter().zip(self.before) {
            if age >= p.lo {
                return b + (p.hi - age.min(p.hi)) * p.density();
            }
        }
        1.0
    }

    /// The age at share `x` of the shop counted from the oldest order.
    fn age_at(&self, x: f64) -> f64 {
        let last = self.pieces.len() - 1;
        for (k, (p, b)) in self.pieces.iter().zip(self.before).enumerate() {
            let end = self.before.get(k + 1).copied().unwrap_or(1.0);
            if x < end || k == last {
                let age = p.hi - (x - b) / p.density();
                return age.clamp(p.lo, p.hi);
            }
        }
        NEWEST as f64
    }

    /// Order i's age in whole seconds, from its own draw `u` in [0, 1): never increasing with i.
    pub fn age(&self, i: u64, u: f64) -> i64 {
        let x = (i as f64 + u) / self.n.max(1) as f64;
        let mut age = self.age_at(x);
        if self.overdue_at == Some(i) {
            // Inside its own slice of the shop, so the order of ages holds.
            age = age.clamp((OVERDUE_FROM + 1) as f64, (OVERDUE_TO - 1) as f64);
        }
        age as i64
    }

    fn forced(&self, i: u64) -> Option<Kind> {
        let k = self.forced.iter().position(|&s| s == i)?;
        FORCED.get(k).copied()
    }

    /// Which of the memo slots order i holds, if any.
    pub fn note_slot(&self, i: u64) -> Option<usize> {
        self.notes.iter().position(|&s| s == i)
    }

    /// Order i's kind: a forced one, a group member's (plain), or drawn from the densities at its age.
    pub fn kind(&self, seed: u64, i: u64, age: i64, rng: &mut Rng) -> Kind {
        // A golden-ratio sequence rather than a die: shipped, overdue and open shares come out right
        // even in a shop of a few hundred orders.
        let phase = (seed % 1000) as f64 / 1000.0;
        let roll = (phase + i as f64 * 0.618_033_988_749_895).fract();
        let open = draw_open(rng);
        if let Some(k) = self.forced(i) {
            return k;
        }
        if self.overdue_at == Some(i) {
            return Kind::Overdue;
        }
        if self.group_of(seed, i).is_some() {
            return Kind::Plain;
        }
        let a = age as f64;
        let Some(p) = self.pieces.iter().find(|p| a >= p.lo) else {
            return open;
        };
        let r = roll * p.density();
        if r < p.shipped {
            Kind::Shipped
        } else if r < p.shipped + p.overdue {
            Kind::Overdue
        } else if p.open > 0.0 {
            open
        } else {
            Kind::Shipped
        }
    }

    /// The first order of group g's slice of the open orders.
    fn slice_start(&self, g: u64) -> u64 {
        let len = self.n - self.open_from;
        self.open_from + (g * len) / self.groups.max(1)
    }

    /// Group g: two or three plain open orders close together, one buyer to one address (about 2.5% of
    /// the shop, at least one group in a shop of 20 or more). Never an order that must be of another kind.
    fn members(&self, seed: u64, g: u64) -> Vec<u64> {
        let (lo, hi) = (self.slice_start(g), self.slice_start(g + 1));
        let mut rng = Rng::at(seed, GROUP_SALT, g);
        let size: u64 = if rng.chance(0.3) { 3 } else { 2 };
        if hi - lo < 3 {
            return Vec::new();
        }
        let start = lo + rng.below(hi - lo - size + 1);
        let m: Vec<u64> = (start..hi)
            .filter(|&j| self.forced(j).is_none() && self.overdue_at != Some(j))
            .take(size as usize)
            .collect();
        if m.len() < 2 { Vec::new() } else { m }
    }

    /// The first order of i's group (i itself for the first), when i is in one.
    pub fn group_of(&self, seed: u64, i: u64) -> Option<u64> {
        if self.groups == 0 || i < self.open_from || i >= self.n {
            return None;
        }
        let len = self.n - self.open_from;
        let mut g = ((i - self.open_from) * self.groups) / len.max(1);
        while g + 1 < self.groups && self.slice_start(g + 1) <= i {
            g += 1;
        }
        while g > 0 && self.slice_start(g) > i {
            g -= 1;
        }
        let m = self.members(seed, g);
        m.contains(&i).then(|| m.first().copied()).flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_fall_with_the_index_and_stay_in_the_span() {
        for n in [1u64, 10, 300, 100_000] {
            let l = Layout::new(n);
            let mut last = i64::MAX;
            for i in 0..n {
                let a = l.age(i, 0.999_999);
                let b = l.age(i, 0.0);
                assert!(a <= b && b <= last, "n {n} i {i}");
                assert!((NEWEST..=SPAN_SECS).contains(&a));
                last = a;
            }
        }
        let l = Layout::new(300);
        assert!((l.older_than(OPEN_TO as f64) - 0.0686).abs() < 0.001);
        assert!((l.age_at(l.older_than(30.0 * HOUR as f64)) - 30.0 * HOUR as f64).abs() < 1.0);
    }
}
