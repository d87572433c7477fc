//! One order as the queue needs it: what its row shows, sorts and filters on, in a few hundred bytes
//! instead of the ~4 KB of the whole detail (ciphertexts, tags, every item). A queue of 100,000 orders is
//! kept as rows; the whole order is read on demand (detail, waybill) from the gateway or the offline cache.

use super::flag::Flag;
use super::money::Fen;
use super::note::fingerprint;
use super::order::{Order, ShipBlock, is_ciphertext, refund_open, ship_block};
use super::text::sanitize;
use jiff::{SignedDuration, Timestamp};
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
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

/// A text most rows leave empty (a note, a flag's name): 8 bytes and no allocation when empty, instead of
/// a `String`'s 24; rows may share one (`Interner::name`). Reads as a `str`.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Thin(Option<Arc<Box<str>>>);

impl Thin {
    pub fn new(s: &str) -> Thin {
        Thin((!s.is_empty()).then(|| Arc::new(Box::from(s))))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_deref().map_or("", |s| s)
    }

    /// The heap bytes this text holds, when not shared (for the benchmarks).
    pub fn heap_bytes(&self) -> usize {
        self.0
            .as_ref()
            .filter(|s| Arc::strong_count(s) == 1)
            .map_or(0, |s| 32 + s.len())
    }
}

impl std::ops::Deref for Thin {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Thin {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Thin {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Thin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Thin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for Thin {
    fn from(s: &str) -> Thin {
        Thin::new(s)
    }
}

impl From<String> for Thin {
    fn from(s: String) -> Thin {
        Thin((!s.is_empty()).then(|| Arc::new(s.into_boxed_str())))
    }
}

impl From<&String> for Thin {
    fn from(s: &String) -> Thin {
        Thin::new(s)
    }
}

impl From<Thin> for String {
    fn from(t: Thin) -> String {
        t.0.map_or_else(String::new, |s| String::from(&**s))
    }
}

impl PartialEq<str> for Thin {
    fn eq(&self, o: &str) -> bool {
        self.as_str() == o
    }
}

impl PartialEq<&str> for Thin {
    fn eq(&self, o: &&str) -> bool {
        self.as_str() == *o
    }
}

impl PartialEq<String> for Thin {
    fn eq(&self, o: &String) -> bool {
        self.as_str() == o
    }
}

impl PartialEq<Thin> for str {
    fn eq(&self, o: &Thin) -> bool {
        self == o.as_str()
    }
}

impl PartialEq<Thin> for &str {
    fn eq(&self, o: &Thin) -> bool {
        *self == o.as_str()
    }
}

impl PartialEq<Thin> for String {
    fn eq(&self, o: &Thin) -> bool {
        self == o.as_str()
    }
}

/// A row's goods: the first item's name and the lower-cased names, specs and outer ids of every item (what
/// the filter searches), one shared copy for every row of the same goods (`Interner`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Goods {
    pub name: Box<str>,
    /// Shared with the list's numbered goods texts (`numbered::NumberedTexts`).
    pub search: Arc<str>,
}

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
    pub remark: Thin,
    pub remark_tag: Option<Flag>,
    pub remark_tag_name: Thin,
    /// The shipment's number and courier and when the order stopped being listed (`tracking_number()`,
    /// `logistics_id()`, `unlisted_since()`): few rows of the unshipped queue have any.
    /// Read and changed through those, which keep it `None` when all default.
    pub rare: Option<Box<Rare>>,
    /// The buyer's address as a group key (see `AddressGroup`); `None` when the gateway sends no id.
    pub address_group: Option<AddressGroup>,
    /// The first item's name and the goods' search text, shared by every row of the same goods.
    pub goods: Arc<Goods>,
    /// The first item's count (kept as the nearest end past `u32`), and how many items there are.
    pub goods_count: u32,
    pub items: u32,
}

/// What few rows of the unshipped queue have, boxed: eight bytes in each row, nothing more for most. Never
/// boxed when all default (rows then compare equal however they were made).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rare {
    tracking_number: Box<str>,
    logistics_id: i64,
    /// Unix seconds of the last sync that listed this order, set only when the latest one did not: a
    /// gateway that lists only recent unshipped orders (pddshuju) dropped it, and whether it shipped
    /// elsewhere or only grew older is unknown. `NONE`: in the latest listing.
    unlisted_since: Secs,
    /// `note::fingerprint` of the raw note when it is not the shown copy's (a note sanitised for display).
    raw_note: Option<u64>,
}

/// The lower-cased searchable text of `o` that never changes here and is its own (order number, buyer
/// memo, masked receiver's name and phone), one field per line, ciphertext left out: kept beside the row,
/// all rows' in one arena (`search::RowTexts`); the filter's text words match in these, the masked
/// address (`address_text`), the goods and the note.
pub fn search_text(o: &Order) -> String {
    let mut text = String::new();
    for f in [
        &o.order_sn,
        &o.buyer_memo,
        &o.receiver_name_mask,
        &o.receiver_phone_mask,
    ] {
        push_new_field(&mut text, f);
    }
    text
}

/// The lower-cased masked address of `o` and its receiver's masked street, one per line (the street
/// only when the address does not end in it), ciphertext left out: many rows share one (the number is
/// masked), kept once per distinct text (`Interner::text`, `search::RowTexts`).
pub fn address_text(o: &Order) -> String {
    let mut text = String::new();
    for f in [&o.address_mask, &o.receiver_address_mask] {
        push_new_field(&mut text, f);
    }
    text
}

/// Pushes `f` unless the text already holds it (the receiver's masked street is the end of the masked
/// address): a word, which has no newline, found in it is found in the text all the same.
fn push_new_field(text: &mut String, f: &str) {
    if !f.is_empty() && !is_ciphertext(f) {
        let lower = f.to_lowercase();
        if !text.contains(&lower) {
            text.push_str(&lower);
            text.push('\n');
        }
    }
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

/// Shares the goods many rows repeat: a sale of 100,000 orders has a few hundred distinct goods (and a
/// distinct set of items in many of the orders of more than one).
#[derive(Debug, Clone, Default)]
pub struct Interner {
    /// The shared goods by a hash of their two texts. Equal texts are then compared: goods whose hash is
    /// taken by other goods are simply not shared (one in 2^64 per pair).
    goods: HashMap<u64, Arc<Goods>>,
    /// Flags' names: a few distinct ones, set on many rows.
    names: HashMap<Box<str>, Thin>,
    /// Other texts many rows repeat (masked addresses), by content.
    texts: HashSet<Arc<str>>,
}

impl Interner {
    /// One shared copy of a flag's name.
    pub fn name(&mut self, s: &str) -> Thin {
        if let Some(t) = self.names.get(s) {
            return t.clone();
        }
        let t = Thin::new(s);
        if !s.is_empty() {
            self.names.insert(s.into(), t.clone());
        }
        t
    }

    /// One shared copy of `s` (a masked address, see `address_text`).
    pub fn text(&mut self, s: &str) -> Arc<str> {
        if let Some(t) = self.texts.get(s) {
            return Arc::clone(t);
        }
        let t: Arc<str> = s.into();
        self.texts.insert(Arc::clone(&t));
        t
    }

    /// The shared copy of `o`'s masked address (`address_text`).
    pub fn address(&mut self, o: &Order) -> Arc<str> {
        self.text(&address_text(o))
    }

    /// One shared copy of the goods named `name` with the search text `search`.
    pub fn goods(&mut self, name: &str, search: &str) -> Arc<Goods> {
        let key = {
            let mut h = std::hash::DefaultHasher::new();
            (name, search).hash(&mut h);
            h.finish()
        };
        let new = || {
            Arc::new(Goods {
                name: name.into(),
                search: search.into(),
            })
        };
        match self.goods.get(&key) {
            Some(g) if &*g.name == name && &*g.search == search => Arc::clone(g),
            Some(_) => new(),
            None => {
                let g = new();
                self.goods.insert(key, Arc::clone(&g));
                g
            }
        }
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
            remark: o.remark.as_str().into(),
            remark_tag: o.remark_tag,
            remark_tag_name: interner.name(&o.remark_tag_name),
            rare: None,
            address_group: o.open_address_id.as_deref().and_then(AddressGroup::of),
            goods: interner.goods(
                first.map_or("", |i| i.goods_name.as_str()),
                &goods_search(o),
            ),
            goods_count: first.map_or(0, |i| {
                u32::try_from(i.goods_count.max(0)).unwrap_or(u32::MAX)
            }),
            items: u32::try_from(o.item_list.len()).unwrap_or(u32::MAX),
        }
        .with_shipment(Some(&o.tracking_number), Some(o.logistics_id))
        .with_raw_note(o.raw_remark())
    }

    /// `note::fingerprint` of the raw note: tells the note editor that the note changed since it was
    /// shown.
    pub fn remark_fingerprint(&self) -> u64 {
        self.rare
            .as_deref()
            .and_then(|r| r.raw_note)
            .unwrap_or_else(|| fingerprint(&self.remark))
    }

    /// The row with the fingerprint of the raw note it shows (`remark` being its display copy).
    fn with_raw_note(mut self, raw: &str) -> OrderRow {
        self.set_raw_note(raw);
        self
    }

    fn set_raw_note(&mut self, raw: &str) {
        let f = fingerprint(raw);
        let own = (f != fingerprint(&self.remark)).then_some(f);
        if own != self.rare.as_deref().and_then(|r| r.raw_note) {
            self.change_rare(|r| r.raw_note = own);
        }
    }

    /// The shipment's tracking number (empty when none is known).
    pub fn tracking_number(&self) -> &str {
        self.rare.as_deref().map_or("", |r| &r.tracking_number)
    }

    /// The shipment's courier (0 when none is known).
    pub fn logistics_id(&self) -> i64 {
        self.rare.as_deref().map_or(0, |r| r.logistics_id)
    }

    /// When the last sync that listed this order ran, set only when the latest one did not: a gateway
    /// that lists only recent unshipped orders (pddshuju) dropped it, and whether it shipped elsewhere or
    /// only grew older is unknown. `NONE`: in the latest listing.
    pub fn unlisted_since(&self) -> Secs {
        self.rare
            .as_deref()
            .map_or(Secs::NONE, |r| r.unlisted_since)
    }

    pub fn set_unlisted_since(&mut self, at: Secs) {
        self.change_rare(|r| r.unlisted_since = at);
    }

    /// The row with the shipment's number and courier, each when given.
    pub fn with_shipment(mut self, number: Option<&str>, courier: Option<i64>) -> OrderRow {
        self.set_shipment(number, courier);
        self
    }

    fn set_shipment(&mut self, number: Option<&str>, courier: Option<i64>) {
        if number.is_some_and(|n| n != self.tracking_number())
            || courier.is_some_and(|c| c != self.logistics_id())
        {
            self.change_rare(|r| {
                if let Some(n) = number {
                    r.tracking_number = n.into();
                }
                if let Some(c) = courier {
                    r.logistics_id = c;
                }
            });
        }
    }

    fn change_rare(&mut self, f: impl FnOnce(&mut Rare)) {
        let mut rare = self.rare.take().unwrap_or_default();
        f(&mut rare);
        if *rare != Rare::default() {
            self.rare = Some(rare);
        }
    }

    /// The first item's name.
    pub fn goods_name(&self) -> &str {
        &self.goods.name
    }

    /// The lower-cased names, specs and outer ids of every item.
    pub fn search_goods(&self) -> &Arc<str> {
        &self.goods.search
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
                self.set_shipment(number.as_deref(), *courier);
            }
            Change::Note {
                remark,
                tag,
                tag_name,
            } => {
                let shown = sanitize(remark);
                self.remark = shown.into();
                self.set_raw_note(remark);
                self.remark_tag = *tag;
                self.remark_tag_name = tag_name.as_str().into();
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
        assert_eq!(r.goods_name(), o.item_list[0].goods_name.as_str());
        // Ciphertext is never searchable; masks are.
        let fixed = search_text(&o);
        assert!(!fixed.contains('~') && !fixed.contains('$'));
        assert!(fixed.contains(&o.receiver_name_mask.to_lowercase()));
        assert!(
            r.search_goods()
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
        // Rows are kept by the million (issue 15): the budget is about 280 bytes a row all in.
        assert!(std::mem::size_of::<OrderRow>() <= 104);
    }

    #[test]
    fn goods_texts_are_shared_between_rows() {
        let o = seed_order();
        let mut i = Interner::default();
        let mut o = o;
        o.remark_tag_name = "红色".into();
        let (a, b) = (OrderRow::new(&o, &mut i), OrderRow::new(&o, &mut i));
        assert!(Arc::ptr_eq(&a.goods, &b.goods));
        // So are flags' names.
        assert_eq!(a.remark_tag_name, "红色");
        assert!(
            matches!((&a.remark_tag_name.0, &b.remark_tag_name.0), (Some(x), Some(y)) if Arc::ptr_eq(x, y))
        );
        // Other goods are other goods.
        let mut other = o.clone();
        other.item_list[0].goods_name = "Other".into();
        let c = OrderRow::new(&other, &mut i);
        assert!(!Arc::ptr_eq(&a.goods, &c.goods));
        assert_eq!(
            (c.goods_name(), a.goods_name()),
            ("Other", &*o.item_list[0].goods_name)
        );
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
        assert_eq!(r.remark_fingerprint(), fingerprint(raw));
        assert_ne!(fingerprint(&r.remark), fingerprint(raw));
        assert_eq!(r, OrderRow::new(&o, &mut Interner::default()));
    }

    /// A text most rows leave empty reads back as it was given, costs 8 bytes, and allocates nothing when
    /// empty.
    #[test]
    fn thin_texts_read_back_as_given() {
        assert_eq!(std::mem::size_of::<Thin>(), 8);
        assert_eq!(Thin::default().heap_bytes(), 0);
        assert_eq!(Thin::from(String::new()).heap_bytes(), 0);
        assert_eq!(Thin::from("").as_str(), "");
        assert_eq!(Thin::from("备注 ✓"), "备注 ✓");
        // Ordered as their texts (the empty one first).
        let mut v = vec![Thin::from("b"), Thin::default(), Thin::from("a")];
        v.sort();
        assert_eq!(v, ["", "a", "b"]);
    }

    proptest::proptest! {
        #[test]
        fn thin_round_trip(s in ".{0,40}") {
            let t = Thin::from(s.clone());
            proptest::prop_assert_eq!(t.as_str(), s.as_str());
            proptest::prop_assert_eq!(&Thin::new(&s), &t);
            proptest::prop_assert_eq!(format!("{t:?}"), format!("{s:?}"));
            proptest::prop_assert_eq!(String::from(t), s);
        }

        /// A field left out of the search text because the text holds it already changes no search: a
        /// word (no newline) is found in the text exactly when it is in one of the fields.
        #[test]
        fn a_dropped_field_changes_no_search(
            fields in proptest::collection::vec("[aBé*号]{0,5}", 6),
            word in "[abé*号]{1,3}",
        ) {
            let mut o = seed_order();
            o.order_sn = fields[0].clone();
            o.buyer_memo = fields[1].clone();
            o.receiver_name_mask = fields[2].clone();
            o.receiver_phone_mask = fields[3].clone();
            o.address_mask = fields[4].clone();
            o.receiver_address_mask = fields[5].clone();
            let text = search_text(&o) + &address_text(&o);
            let in_a_field = fields.iter().any(|f| f.to_lowercase().contains(&word));
            proptest::prop_assert_eq!(text.contains(&word), in_a_field, "{:?}", text);
        }
    }

    #[test]
    fn the_masked_street_is_not_kept_twice() {
        let mut o = seed_order();
        o.address_mask = "上海市上海市浦东新区东方路*号*".into();
        o.receiver_address_mask = "东方路*号*".into();
        let text = address_text(&o);
        assert_eq!(text, "上海市上海市浦东新区东方路*号*\n");
        // Nor in the row's own text: it is the address's, kept once for the rows of one address.
        assert!(!search_text(&o).contains("东方路"));
        let mut i = Interner::default();
        let a = i.address(&o);
        o.order_sn = "210317-000000000000009".into();
        assert!(Arc::ptr_eq(&a, &i.address(&o)));
        // A street the address does not end in is kept too; ciphertext never.
        o.receiver_address_mask = "西湖路*号*".into();
        assert_eq!(
            address_text(&o),
            "上海市上海市浦东新区东方路*号*\n西湖路*号*\n"
        );
        o.address_mask = "~AgAAAAsecret~x~1~".into();
        assert_eq!(address_text(&o), "西湖路*号*\n");
    }
}
