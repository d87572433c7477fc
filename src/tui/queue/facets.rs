//! What the filter's field words test (flag, badges, note, shipped or not, deadline), six bytes a row in two
//! contiguous columns: `flag:red overdue` over a million rows reads 6 MB instead of every whole row; and in a
//! third column of four bytes a row, each row's place by order number, which breaks a sort's ties without
//! comparing numbers (`derive`).
//! Made once per change of the orders (kept in the memo); the only place the filter reads row fields.

use crate::domain::OrderRow;
use crate::domain::row::Secs;
use crate::tui::queue::split::Split;

/// The facets of each row of a list, in row order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    bits: Vec<u16>,
    deadline: Vec<Secs>,
    /// Row `i`'s place among the rows ordered by order number, ties by position (the list's
    /// index by number).
    sn_rank: Vec<u32>,
}

/// A row's flag code (0 none, 1–5) in the low bits, then one bit a property.
pub const FLAG: u16 = 0b111;
pub const MEMO: u16 = 1 << 3;
pub const NOTE: u16 = 1 << 4;
pub const REFUND: u16 = 1 << 5;
pub const RISK: u16 = 1 << 6;
pub const URGED: u16 = 1 << 7;
pub const PRE_SALE: u16 = 1 << 8;
pub const STOCK_OUT: u16 = 1 << 9;
pub const UNLISTED: u16 = 1 << 10;
pub const UNSHIPPED: u16 = 1 << 11;

/// The facet bits of one row.
pub fn bits_of(o: &OrderRow) -> u16 {
    let flag = o.remark_tag.map_or(0, |f| u16::from(f.code())) & FLAG;
    [
        (o.buyer_memo, MEMO),
        (!o.remark.trim().is_empty(), NOTE),
        (o.in_refund(), REFUND),
        (o.risk_review, RISK),
        (o.urged, URGED),
        (o.pre_sale, PRE_SALE),
        (o.stock_out, STOCK_OUT),
        (o.unlisted_since().is_some(), UNLISTED),
        (o.is_unshipped(), UNSHIPPED),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .fold(flag, |b, (_, bit)| b | bit)
}

impl Facets {
    /// The facets of `rows`, made a chunk of rows per core; `by_number` is their positions ordered by
    /// order number.
    pub fn of(rows: &[OrderRow], by_number: &[u32], split: Split) -> Facets {
        let parts = split.map(rows.len(), |r| {
            let rows = rows.get(r).unwrap_or_default();
            let bits: Vec<u16> = rows.iter().map(bits_of).collect();
            let deadline: Vec<Secs> = rows.iter().map(|o| o.deadline).collect();
            (bits, deadline)
        });
        let mut f = Facets {
            bits: Vec::with_capacity(rows.len()),
            deadline: Vec::with_capacity(rows.len()),
            sn_rank: vec![u32::MAX; rows.len()],
        };
        for (bits, deadline) in parts {
            f.bits.extend(bits);
            f.deadline.extend(deadline);
        }
        for (place, &i) in by_number.iter().enumerate() {
            if let Some(r) = f.sn_rank.get_mut(i as usize) {
                *r = place as u32;
            }
        }
        f
    }

    pub fn len(&self) -> usize {
        self.bits.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// Row `i`'s bits (`None` past the end).
    pub fn bits(&self, i: usize) -> Option<u16> {
        self.bits.get(i).copied()
    }

    /// Whether row `i` has a deadline before `now` (Unix seconds): it is overdue.
    pub fn overdue(&self, i: usize, now: i64) -> bool {
        self.deadline
            .get(i)
            .and_then(|d| d.get())
            .is_some_and(|d| d < now)
    }

    /// Row `i`'s deadline (Unix seconds), if it has one.
    pub fn deadline(&self, i: usize) -> Option<i64> {
        self.deadline.get(i).and_then(|d| d.get())
    }

    /// Row `i`'s place by order number (`u32::MAX` past the end): ordering rows by it orders them by
    /// number, and rows of one number by position.
    pub fn sn_rank(&self, i: usize) -> u32 {
        self.sn_rank.get(i).copied().unwrap_or(u32::MAX)
    }

    /// The bytes the columns hold (for the benchmarks).
    pub fn heap_bytes(&self) -> usize {
        self.bits.capacity() * 2 + self.deadline.capacity() * 4 + self.sn_rank.capacity() * 4
    }
}
