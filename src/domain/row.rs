//! One order as the queue needs it: what its row shows, sorts and filters on, in a few hundred bytes
//! instead of the ~4 KB of the whole detail (ciphertexts, tags, every item). A queue of 100,000 orders is
//! kept as rows; the whole order is read on demand (detail, waybill) from the gateway or the offline cache.

use super::flag::Flag;
use super::money::Fen;
use super::note::fingerprint;
use super::order::{Order, ShipBlock, is_ciphertext, refund_open, ship_block};
use super::text::sanitize;
use jiff::{SignedDuration, Timestamp};
use std::collections::HashSet;
use std::num::NonZeroU64;
use std::sync::Arc;

/// Which buyer address a row's order goes to: a fingerprint of its `open_address_id`, eight bytes per row
/// instead of the 64-character id. Rows with the same one go to one address (a merge group when two or
/// more are unshipped); two different ids meet in one with odds of about 1 in 2^64 per pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AddressGroup(NonZeroU64);

impl AddressGroup {
    /// The group of an `open_address_id`; `None` for an empty one.
    pub fn of(open_address_id: &str) -> Option<AddressGroup> {
        let id = open_address_id.trim();
        if id.is_empty() {
            return None;
        }
        // Zero stands for "none" in the cache file; the one id that hashes to it takes 1.
        Some(AddressGroup(
            NonZeroU64::new(fingerprint(id)).unwrap_or(NonZeroU64::MIN),
        ))
    }

    /// The fingerprint as stored (the offline cache).
    pub fn get(self) -> u64 {
        self.0.get()
    }

    /// A stored fingerprint; 0 is none.
    pub fn from_stored(v: u64) -> Option<AddressGroup> {
        NonZeroU64::new(v).map(AddressGroup)
    }
}

/// Unix seconds in four bytes: an offset from `Secs::EPOCH` (2020-01-01), covering 1952 to 2088 (a time
/// outside is kept as the nearest end); `NONE` sorts first, as `None` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Secs(i32);

impl Secs {
    const EPOCH: i64 = 1_577_836_800;
    pub const NONE: Secs = Secs(i32::MIN);

    pub fn new(secs: Option<i64>) -> Secs {
        match secs {
            None => Secs::NONE,
            Some(s) => Secs(
                s.saturating_sub(Secs::EPOCH)
                    .clamp(i64::from(i32::MIN) + 1, i64::from(i32::MAX)) as i32,
            ),
        }
    }

    pub fn get(self) -> Option<i64> {
        (self != Secs::NONE).then(|| i64::from(self.0) + Secs::EPOCH)
    }

    pub fn is_some(self) -> bool {
        self != Secs::NONE
    }

    /// As stored (the offline cache): the offset, `i32::MIN` for none.
    pub fn raw(self) -> i32 {
        self.0
    }

    pub fn from_raw(v: i32) -> Secs {
        Secs(v)
    }
}

impl Default for Secs {
    fn default() -> Secs {
        Secs::NONE
    }
}

impl From<Option<i64>> for Secs {
    fn from(s: Option<i64>) -> Secs {
        Secs::new(s)
    }
}

/// A short text kept inline, with no allocation of its own (an order number is 22 bytes).
pub type Short = compact_str::CompactString;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    pub order_sn: Short,
    /// 1 awaiting shipment, 2 shipped, 3 received.
    pub order_status: u8,
    /// 1 none/closed, 2 after-sale in progress, 3 refunding, 4 refunded.
    pub refund_status: u8,
    pub after_sales: bool,
    pub risk_review: bool,
    pub pre_sale: bool,
    pub stock_out: bool,
    pub urged: bool,
    pub buyer_memo: bool,
    /// Whether the deadline is estimated (no `last_ship_time` from the gateway).
    pub deadline_estimated: bool,
    pub confirm_time: Secs,
    pub deadline: Secs,
    pub shipping_time: Secs,
    pub pay_amount: Fen,
    /// The note's display copy (sanitised); the raw note is read fresh from the gateway before any write.
    pub remark: String,
    /// `note::fingerprint` of the raw note: tells the note editor that the note changed since it was shown.
    pub remark_fingerprint: u64,
    pub remark_tag: Option<Flag>,
    pub remark_tag_name: String,
    pub tracking_number: String,
    pub logistics_id: i64,
    /// The buyer's address as a group key (see `AddressGroup`); `None` when the gateway sends no id.
    pub address_group: Option<AddressGroup>,
    /// The first item's name (shared by every row of the same goods) and count, and how many items there are.
    pub goods_name: Arc<str>,
    pub goods_count: i64,
    pub items: u32,
    /// Lower-cased names, specs and outer ids of every item, shared by rows of the same goods.
    pub search_goods: Arc<str>,
    /// Unix seconds of the last sync that listed this order, set only when the latest one did not: a
    /// gateway that lists only recent unshipped orders (pddshuju) dropped it, and whether it shipped
    /// elsewhere or only grew older is unknown. `None`: in the latest listing.
    pub unlisted_since: Secs,
}

/// The lower-cased searchable text of `o` that never changes here (order number, buyer memo, masked
/// receiver), one field per line, ciphertext left out: kept beside the row, all rows' in one arena
/// (`search::SearchTexts`); the filter's text words match in these, the goods and the note.
pub fn search_text(o: &Order) -> String {
    let mut text = String::new();
    for f in [
        &o.order_sn,
        &o.buyer_memo,
        &o.receiver_name_mask,
        &o.receiver_phone_mask,
        &o.receiver_address_mask,
        &o.address_mask,
    ] {
        push_field(&mut text, f);
    }
    text
}

fn goods_search(o: &Order) -> String {
    let mut text = String::new();
    for i in &o.item_list {
        for f in [&i.goods_name, &i.goods_spec, &i.outer_id] {
            push_field(&mut text, f);
        }
    }
    text
}

fn push_field(text: &mut String, f: &str) {
    if !f.is_empty() && !is_ciphertext(f) {
        text.push_str(&f.to_lowercase());
        text.push('\n');
    }
}

fn secs(t: Option<Timestamp>) -> Secs {
    Secs::new(t.map(|t| t.as_second()))
}

fn small(v: i64) -> u8 {
    u8::try_from(v).unwrap_or(u8::MAX)
}

/// Shares the texts many rows repeat (goods names, goods search texts): a sale of 100,000 orders has a few
/// hundred distinct goods.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    set: HashSet<Arc<str>>,
}

impl Interner {
    pub fn get(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.set.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.set.insert(a.clone());
        a
    }
}

impl OrderRow {
    /// The row of an order; `interner` shares repeated goods texts between rows.
    pub fn new(o: &Order, interner: &mut Interner) -> OrderRow {
        let first = o.item_list.first();
        OrderRow {
            order_sn: o.order_sn.as_str().into(),
            order_status: small(o.order_status),
            refund_status: small(o.refund_status),
            after_sales: o.after_sales_status != 0,
            risk_review: o.in_risk_review(),
            pre_sale: o.is_pre_sale(),
            stock_out: o.is_stock_out(),
            urged: o.is_urged(),
            buyer_memo: o.has_buyer_memo(),
            deadline_estimated: o.deadline().is_some_and(|(_, est)| est),
            confirm_time: secs(o.confirm_time),
            deadline: secs(o.deadline().map(|(t, _)| t)),
            shipping_time: secs(o.shipping_time),
            pay_amount: o.pay_amount,
            remark: o.remark.clone(),
            remark_fingerprint: fingerprint(o.raw_remark()),
            remark_tag: o.remark_tag,
            remark_tag_name: o.remark_tag_name.clone(),
            tracking_number: o.tracking_number.clone(),
            logistics_id: o.logistics_id,
            address_group: o.open_address_id.as_deref().and_then(AddressGroup::of),
            goods_name: interner.get(first.map_or("", |i| i.goods_name.as_str())),
            goods_count: first.map_or(0, |i| i.goods_count),
            items: u32::try_from(o.item_list.len()).unwrap_or(u32::MAX),
            search_goods: interner.get(&goods_search(o)),
            unlisted_since: Secs::NONE,
        }
    }

    pub fn is_unshipped(&self) -> bool {
        self.order_status == 1
    }

    pub fn is_shipped(&self) -> bool {
        self.order_status == 2 || self.order_status == 3
    }

    /// The reason this order cannot ship, if any (the rule of `order::ship_block`).
    pub fn ship_block(&self) -> Option<ShipBlock> {
        ship_block(i64::from(self.refund_status), self.risk_review)
    }

    pub fn in_refund(&self) -> bool {
        refund_open(i64::from(self.refund_status)) || self.after_sales
    }

    pub fn confirm_time(&self) -> Option<Timestamp> {
        self.confirm_time
            .get()
            .and_then(|s| Timestamp::from_second(s).ok())
    }

    /// The shipping deadline and whether it is estimated.
    pub fn deadline(&self) -> Option<(Timestamp, bool)> {
        let s = self.deadline.get()?;
        Timestamp::from_second(s)
            .ok()
            .map(|t| (t, self.deadline_estimated))
    }

    /// Time left until the deadline (negative when overdue).
    pub fn time_left(&self, now: Timestamp) -> Option<SignedDuration> {
        self.deadline
            .get()
            .map(|s| SignedDuration::from_secs(s.saturating_sub(now.as_second())))
    }

    /// The note as searched: lower-cased (kept beside the row with `search_text`, in `search::SearchTexts`).
    pub fn search_remark(&self) -> String {
        self.remark.to_lowercase()
    }

    /// A change made here (a shipment sent, a note saved) before the next sync reads it back.
    pub fn apply(&mut self, change: &Change) {
        match change {
            Change::Shipped {
                at,
                number,
                courier,
            } => {
                if !self.is_shipped() {
                    self.order_status = 2;
                }
                self.shipping_time = Secs::new(Some(at.as_second()));
                if let Some(n) = number {
                    self.tracking_number = n.clone();
                }
                if let Some(c) = courier {
                    self.logistics_id = *c;
                }
            }
            Change::Note {
                remark,
                tag,
                tag_name,
            } => {
                let shown = sanitize(remark);
                self.remark = shown;
                self.remark_fingerprint = fingerprint(remark);
                self.remark_tag = *tag;
                self.remark_tag_name = tag_name.clone();
            }
        }
    }
}

/// What this workstation changed on an order, applied alike to its row and to its whole detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Shipped (or its shipment modified) at `at`, with the number and courier when known.
    Shipped {
        at: Timestamp,
        number: Option<String>,
        courier: Option<i64>,
    },
    /// The note and flag as saved; `remark` is the raw note sent (display copies are made from it).
    Note {
        remark: String,
        tag: Option<Flag>,
        tag_name: String,
    },
}

impl Change {
    pub fn apply_to(&self, o: &mut Order) {
        match self {
            Change::Shipped {
                at,
                number,
                courier,
            } => {
                if !o.is_shipped() {
                    o.order_status = 2;
                }
                o.shipping_time = Some(*at);
                if let Some(n) = number {
                    o.tracking_number = n.clone();
                }
                if let Some(c) = courier {
                    o.logistics_id = *c;
                }
            }
            Change::Note {
                remark,
                tag,
                tag_name,
            } => {
                o.set_remark(remark);
                o.remark_tag = *tag;
                o.remark_tag_name = tag_name.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::seed_order;

    #[test]
    fn a_row_answers_like_its_order() {
        let mut o = seed_order();
        let mut i = Interner::default();
        let now = Timestamp::from_second(1_616_000_000).unwrap();
        for (refund, risk) in [(1, 0), (3, 0), (1, 1), (4, 1)] {
            o.refund_status = refund;
            o.risk_control_status = risk;
            let r = OrderRow::new(&o, &mut i);
            assert_eq!(r.ship_block(), o.ship_block());
            assert_eq!(r.in_refund(), o.in_refund());
            assert_eq!(r.deadline(), o.deadline());
            assert_eq!(r.time_left(now), o.time_left(now));
            assert_eq!(r.confirm_time(), o.confirm_time);
            assert_eq!(r.is_shipped(), o.is_shipped());
        }
        let r = OrderRow::new(&o, &mut i);
        assert_eq!(r.items as usize, o.item_list.len());
        assert_eq!(&*r.goods_name, o.item_list[0].goods_name.as_str());
        // Ciphertext is never searchable; masks are.
        let fixed = search_text(&o);
        assert!(!fixed.contains('~') && !fixed.contains('$'));
        assert!(fixed.contains(&o.receiver_name_mask.to_lowercase()));
        assert!(
            r.search_goods
                .contains(&o.item_list[0].outer_id.to_lowercase())
        );
    }

    #[test]
    fn rows_of_one_address_share_a_group_and_others_do_not() {
        let mut i = Interner::default();
        let mut o = seed_order();
        let seed = OrderRow::new(&o, &mut i).address_group;
        assert!(seed.is_some());
        o.order_sn = "210317-001532562392222".into();
        assert_eq!(OrderRow::new(&o, &mut i).address_group, seed);
        o.open_address_id = Some("another-address".into());
        let other = OrderRow::new(&o, &mut i).address_group;
        assert!(other.is_some() && other != seed);
        o.open_address_id = None;
        assert_eq!(OrderRow::new(&o, &mut i).address_group, None);
        assert_eq!(AddressGroup::of("  "), None);
        // Stored and read back, it is the same group.
        let g = seed.unwrap();
        assert_eq!(AddressGroup::from_stored(g.get()), Some(g));
        assert_eq!(AddressGroup::from_stored(0), None);
        // Eight bytes, a hole-free `Option`: rows are kept by the million.
        assert_eq!(std::mem::size_of::<Option<AddressGroup>>(), 8);
    }

    /// Times in four bytes keep their value and their order (none first, as `Option`'s); a time past the
    /// range is kept as its end.
    #[test]
    fn times_in_four_bytes_keep_value_and_order() {
        let times = [
            None,
            Some(1),
            Some(0),
            Some(1_577_836_800),
            Some(1_795_000_000),
            Some(-3),
        ];
        for a in times {
            assert_eq!(Secs::new(a).get(), a);
            assert_eq!(Secs::from_raw(Secs::new(a).raw()), Secs::new(a));
            for b in times {
                assert_eq!(Secs::new(a).cmp(&Secs::new(b)), a.cmp(&b), "{a:?} {b:?}");
            }
        }
        assert_eq!(
            Secs::new(Some(i64::MAX)).get(),
            Some(1_577_836_800 + i64::from(i32::MAX))
        );
        assert!(Secs::new(Some(i64::MIN)).is_some());
        // An order number is kept inline, whatever its shape, and never altered.
        for sn in [
            "241130-123456789012345",
            "x",
            "a-very-long-order-number-of-another-shape",
        ] {
            let mut o = seed_order();
            o.order_sn = sn.into();
            assert_eq!(OrderRow::new(&o, &mut Interner::default()).order_sn, sn);
        }
        assert!(std::mem::size_of::<OrderRow>() <= 208);
    }

    #[test]
    fn goods_texts_are_shared_between_rows() {
        let o = seed_order();
        let mut i = Interner::default();
        let (a, b) = (OrderRow::new(&o, &mut i), OrderRow::new(&o, &mut i));
        assert!(Arc::ptr_eq(&a.goods_name, &b.goods_name));
        assert!(Arc::ptr_eq(&a.search_goods, &b.search_goods));
    }

    #[test]
    fn a_change_applies_alike_to_row_and_order() {
        let mut o = seed_order();
        o.order_status = 1;
        let mut r = OrderRow::new(&o, &mut Interner::default());
        let at = Timestamp::from_second(1_700_000_000).unwrap();
        for c in [
            Change::Note {
                remark: "Call FIRST".into(),
                tag: Some(Flag::Red),
                tag_name: "红".into(),
            },
            Change::Shipped {
                at,
                number: Some("YT1".into()),
                courier: Some(85),
            },
        ] {
            c.apply_to(&mut o);
            r.apply(&c);
        }
        assert_eq!(r, OrderRow::new(&o, &mut Interner::default()));
        assert!(r.search_remark().contains("call first"));
        // A raw note is shown sanitised, and its fingerprint is the raw one's.
        let raw = "line1\nline2\x1b[2J";
        let c = Change::Note {
            remark: raw.into(),
            tag: None,
            tag_name: String::new(),
        };
        c.apply_to(&mut o);
        r.apply(&c);
        assert_eq!(o.raw_remark(), raw);
        assert_eq!(r.remark, "line1 line2\u{241b}[2J");
        assert_eq!(r.remark_fingerprint, fingerprint(raw));
        assert_eq!(r, OrderRow::new(&o, &mut Interner::default()));
    }
}
