//! The queue's `/` filter: words match (case-insensitive) order number, goods, spec, buyer memo, seller note
//! and masked receiver; field words (`flag:red`, `memo`, `refund`, `overdue`…) test a property instead.
//! Text words are searched in lower-cased texts made once per order (kept in one arena by `OrderList`),
//! and once per distinct goods text and masked address;
//! `group` (`合单`) finds the orders of merge groups, which depend on the whole list (`groups`). Field words
//! read the rows' facets (`facets`); a big list is scanned a chunk per core (`split`).

use crate::domain::numbered::NumberedTexts;
use crate::domain::row::{self, Interner};
use crate::domain::{Flag, Order, OrderRow};
use crate::tui::queue::facets::{self, Facets};
use crate::tui::queue::groups::Groups;
use crate::tui::queue::order_list::OrderList;
use crate::tui::queue::split::Split;
use jiff::Timestamp;
use memchr::memmem::Finder;
use std::ops::Range;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
enum Term {
    /// A field word still being typed (`flag:`): filters nothing yet.
    Any,
    Text(String),
    Flag(Option<Flag>),
    Memo,
    Note,
    Refund,
    Risk,
    Overdue,
    Urged,
    PreSale,
    StockOut,
    /// In a merge group: one buyer address, two or more unshipped orders.
    Group,
    /// No longer listed by a gateway that lists only recent orders (pddshuju's window).
    Unlisted,
}

fn term(word: &str) -> Term {
    let w = word.to_lowercase();
    if let Some(v) = w.strip_prefix("flag:").or_else(|| w.strip_prefix("旗:")) {
        return match v {
            "" => Term::Any,
            "none" | "0" | "无" => Term::Flag(None),
            v => Flag::parse(v).map_or(Term::Text(w.clone()), |f| Term::Flag(Some(f))),
        };
    }
    match w.as_str() {
        "memo" | "备" | "留言" => Term::Memo,
        "note" | "备注" => Term::Note,
        "refund" | "退" | "退款" | "售后" => Term::Refund,
        "risk" | "风" | "风控" => Term::Risk,
        "overdue" | "超时" => Term::Overdue,
        "urged" | "催" => Term::Urged,
        "presale" | "预" | "预售" => Term::PreSale,
        "stockout" | "缺" | "缺货" => Term::StockOut,
        "group" | "merge" | "合单" => Term::Group,
        "unlisted" | "窗口外" => Term::Unlisted,
        _ => Term::Text(w),
    }
}

/// The searchable fields of `o`, lower-cased, one per line, as the filter sees them (the row's texts);
/// for tools that compare with other filters (`benches/orders.rs` feeds these lines to fzf).
pub fn search_text(o: &Order) -> String {
    let row = OrderRow::new(o, &mut Interner::default());
    format!(
        "{}{}{}{}",
        row::search_text(o),
        row::address_text(o),
        row.search_goods(),
        row.search_remark()
    )
}

/// A parsed filter: its words, each a text word or a field word.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    terms: Vec<Term>,
}

impl Query {
    pub fn parse(query: &str) -> Query {
        Query {
            terms: query.split_whitespace().map(term).collect(),
        }
    }

    /// Every row this query matches, `old` matches too (typing on at the end of a word, adding a word): a
    /// text word holding one of `old`'s finds it, a field word must be there as it is.
    pub fn narrows(&self, old: &Query) -> bool {
        old.terms.iter().all(|o| match o {
            Term::Any => true,
            Term::Text(w) => self
                .terms
                .iter()
                .any(|n| matches!(n, Term::Text(v) if v.contains(w.as_str()))),
            field => self.terms.contains(field),
        })
    }
}

/// Which rows are wanted besides the query's: the clock for `overdue`, whether the gateway sends
/// deadlines, whether shipped orders are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub now: Timestamp,
    /// False on a gateway that may send no deadlines (pddshuju): then no order is known to be overdue, and
    /// `overdue` matches none rather than those an estimate calls late.
    pub deadlines: bool,
    pub shipped: bool,
}

/// Indices of the rows matching every word of `query`, in list order. The query is parsed once; each text
/// word is one `memmem` pass over the list's arena of search texts and one over its notes, and is looked
/// for once per distinct goods text and masked address; field words are then tested on the rows that are
/// left.
pub fn filter_indices(list: &OrderList, query: &str, now: Timestamp) -> Vec<usize> {
    filter_indices_with(list, query, now, true)
}

/// `filter_indices` on a gateway that may send no deadlines (`deadlines` false, pddshuju).
pub fn filter_indices_with(
    list: &OrderList,
    query: &str,
    now: Timestamp,
    deadlines: bool,
) -> Vec<usize> {
    let scope = Scope {
        now,
        deadlines,
        shipped: true,
    };
    select(list, &Query::parse(query), scope, None)
}

/// The rows of `list` matching `query` in `scope`: all of them in list order, or, given `within`, those of
/// `within` in its order. Over a big list the rows are split over the cores (`split`).
pub fn select(
    list: &OrderList,
    query: &Query,
    scope: Scope,
    within: Option<&[usize]>,
) -> Vec<usize> {
    select_split(list, query, scope, within, Split::auto(list.len()))
}

/// `select` with the rows split as told (tests compare splits).
pub fn select_split(
    list: &OrderList,
    query: &Query,
    scope: Scope,
    within: Option<&[usize]>,
    split: Split,
) -> Vec<usize> {
    let facets = list.facets(split);
    let Some(m) = Matcher::new(list, &facets, query, scope, split) else {
        return Vec::new();
    };
    match within {
        // Few rows left to search: each is tested on its own, rather than a pass over every row's texts.
        Some(rows) if m.searches_fewer(rows, list.len().div_ceil(SPARSE)) => {
            split.concat(rows.len(), |r| {
                let part = rows.get(r).unwrap_or_default();
                part.iter().copied().filter(|&i| m.row(i)).collect()
            })
        }
        Some(rows) => {
            let hits = Bits::of(list.len(), &m.scan(split));
            rows.iter().copied().filter(|&i| hits.get(i)).collect()
        }
        None => m.scan(split),
    }
}

/// Rows left by an earlier filter are tested one by one when fewer than one in `SPARSE` of the list need
/// their texts searched; else one pass over all texts is cheaper (measured at a million rows: a row's own
/// search costs over ten times its share of a pass; a row decided by its facets and goods costs lookups).
const SPARSE: usize = 32;

/// A query ready to test rows: its text words with their finders and goods, its field words as facet bits.
struct Matcher<'a> {
    list: &'a OrderList,
    facets: &'a Facets,
    words: Vec<Word>,
    /// The facet bits a row must have (`bits & mask == want`).
    mask: u16,
    want: u16,
    /// `overdue`: the deadline must be before this (Unix seconds).
    overdue: Option<i64>,
    /// `group`: the merge groups of the list.
    groups: Option<Arc<Groups>>,
    /// No field word: every row passes the fields.
    any: bool,
}

struct Word {
    text: String,
    finder: Finder<'static>,
    /// Which of the list's distinct goods texts hold the word.
    goods: Holding,
    /// Which of the list's distinct masked addresses hold the word.
    addresses: Holding,
}

/// Which of a table's distinct texts hold a word.
struct Holding {
    texts: Vec<bool>,
    any: bool,
}

impl Holding {
    /// One pass over the table's distinct texts (their arena), split over the cores like rows: a million
    /// orders hold some 63,000 distinct goods texts (12 MB, sets of several items), and one search per text
    /// was once more than half of a word's time.
    fn of(table: &NumberedTexts, word: &str, split: Split) -> Holding {
        let n = table.texts().len();
        // A text is a few rows' worth of bytes.
        let parts = split.per(4).map(n, |r| {
            let mut held = vec![false; r.len()];
            table.find_texts_in(r.clone(), word, |k| {
                if let Some(h) = k.checked_sub(r.start).and_then(|j| held.get_mut(j)) {
                    *h = true;
                }
            });
            held
        });
        let texts: Vec<bool> = parts.concat();
        Holding {
            any: texts.contains(&true),
            texts,
        }
    }

    /// Whether row `i` of `table` holds the word.
    fn row(&self, table: &NumberedTexts, i: usize) -> bool {
        self.any && table.of_rows().get(i).is_some_and(|&n| self.has(n))
    }

    fn has(&self, n: u32) -> bool {
        self.texts.get(n as usize).copied().unwrap_or(false)
    }

    /// Sets the hits of the rows `rows` of `table` (numbered from its start) that hold the word.
    fn hits(&self, table: &NumberedTexts, rows: Range<usize>, hits: &mut Bits) {
        if !self.any {
            return;
        }
        let of_rows = table.of_rows().get(rows).unwrap_or_default();
        for (k, &n) in of_rows.iter().enumerate() {
            if self.has(n) {
                hits.set(k);
            }
        }
    }
}

impl<'a> Matcher<'a> {
    /// `None` when no row can match (two flags, `overdue` without deadlines). The distinct goods and
    /// addresses are searched split as the rows.
    fn new(
        list: &'a OrderList,
        facets: &'a Facets,
        query: &Query,
        scope: Scope,
        split: Split,
    ) -> Option<Self> {
        let mut m = Matcher {
            list,
            facets,
            words: Vec::new(),
            mask: 0,
            want: 0,
            overdue: None,
            groups: None,
            any: true,
        };
        if !scope.shipped {
            m.need(facets::UNSHIPPED, facets::UNSHIPPED)?;
        }
        for t in &query.terms {
            match t {
                Term::Any => {}
                Term::Text(w) => {
                    if m.words.iter().any(|x| x.text.contains(w.as_str())) {
                        continue;
                    }
                    m.words.retain(|x| !w.contains(x.text.as_str()));
                    let finder = Finder::new(w.as_bytes()).into_owned();
                    m.words.push(Word {
                        text: w.clone(),
                        goods: Holding::of(list.goods(), w, split),
                        addresses: Holding::of(&list.texts().addresses, w, split),
                        finder,
                    });
                }
                Term::Flag(f) => m.need(facets::FLAG, f.map_or(0, |f| u16::from(f.code())))?,
                Term::Memo => m.need(facets::MEMO, facets::MEMO)?,
                Term::Note => m.need(facets::NOTE, facets::NOTE)?,
                Term::Refund => m.need(facets::REFUND, facets::REFUND)?,
                Term::Risk => m.need(facets::RISK, facets::RISK)?,
                Term::Urged => m.need(facets::URGED, facets::URGED)?,
                Term::PreSale => m.need(facets::PRE_SALE, facets::PRE_SALE)?,
                Term::StockOut => m.need(facets::STOCK_OUT, facets::STOCK_OUT)?,
                Term::Unlisted => m.need(facets::UNLISTED, facets::UNLISTED)?,
                Term::Overdue if !scope.deadlines => return None,
                Term::Overdue => m.overdue = Some(scope.now.as_second()),
                Term::Group => m.groups = Some(list.groups()),
            }
        }
        m.any = m.mask == 0 && m.overdue.is_none() && m.groups.is_none();
        Some(m)
    }

    /// Rows must have `want` in the bits `mask`; `None` when an earlier word wants other bits there.
    fn need(&mut self, mask: u16, want: u16) -> Option<()> {
        let both = self.mask & mask;
        if self.want & both != want & both {
            return None;
        }
        self.mask |= mask;
        self.want |= want & mask;
        Some(())
    }

    /// Whether row `i` passes the field words.
    fn fields(&self, i: usize) -> bool {
        if self.any {
            return i < self.facets.len();
        }
        self.facets
            .bits(i)
            .is_some_and(|b| b & self.mask == self.want)
            && self.overdue.is_none_or(|now| self.facets.overdue(i, now))
            && self
                .groups
                .as_ref()
                .is_none_or(|g| self.list.get(i).is_some_and(|o| g.number(o).is_some()))
    }

    /// Whether testing `rows` one by one would search the texts of fewer than `limit` of them (those that
    /// pass the field words and whose goods or address do not hold every text word). Counts no further
    /// than `limit`: a word typed on over many rows is answered after a few of them.
    fn searches_fewer(&self, rows: &[usize], limit: usize) -> bool {
        let Some(last) = limit.checked_sub(1) else {
            return false;
        };
        self.words.is_empty()
            || rows
                .iter()
                .filter(|&&i| self.fields(i) && !self.words.iter().all(|w| self.in_tables(w, i)))
                .nth(last)
                .is_none()
    }

    /// Whether row `i`'s goods or masked address hold `w`.
    fn in_tables(&self, w: &Word, i: usize) -> bool {
        w.goods.row(self.list.goods(), i) || w.addresses.row(&self.list.texts().addresses, i)
    }

    /// Whether row `i` matches, tested on its own.
    fn row(&self, i: usize) -> bool {
        // The goods and address first: lookups, where the texts need a search.
        self.fields(i)
            && self.words.iter().all(|w| {
                let found = |t: &str| !t.is_empty() && w.finder.find(t.as_bytes()).is_some();
                self.in_tables(w, i)
                    || found(self.list.remarks().get(i))
                    || found(self.list.texts().fixed.get(i))
            })
    }

    /// The matching rows of the whole list, in list order: a chunk of rows per core.
    fn scan(&self, split: Split) -> Vec<usize> {
        split.concat(self.list.len(), |r| self.scan_chunk(r))
    }

    fn scan_chunk(&self, rows: Range<usize>) -> Vec<usize> {
        let mut words = self.words.iter();
        let Some(first) = words.next() else {
            return rows.filter(|&i| self.fields(i)).collect();
        };
        let mut hits = self.word_hits(first, rows.clone());
        for w in words {
            if hits.is_empty() {
                break;
            }
            hits.and(&self.word_hits(w, rows.clone()));
        }
        hits.ones()
            .map(|k| rows.start + k)
            .filter(|&i| self.fields(i))
            .collect()
    }

    /// The rows of `rows` (numbered from its start) with `w` in their search text, note, goods or masked
    /// address.
    fn word_hits(&self, w: &Word, rows: Range<usize>) -> Bits {
        let at = rows.start;
        let mut hits = Bits::new(rows.len());
        let list = self.list;
        list.texts()
            .fixed
            .find_rows_in(rows.clone(), &w.text, |i| hits.set(i - at));
        list.remarks()
            .find_rows_in(rows.clone(), &w.text, |i| hits.set(i - at));
        w.goods.hits(list.goods(), rows.clone(), &mut hits);
        w.addresses.hits(&list.texts().addresses, rows, &mut hits);
        hits
    }
}

/// One bit per row.
struct Bits(Vec<u64>);

impl Bits {
    fn new(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }

    /// The bits of `rows` among `len`.
    fn of(len: usize, rows: &[usize]) -> Bits {
        let mut b = Bits::new(len);
        for &i in rows {
            b.set(i);
        }
        b
    }

    fn set(&mut self, i: usize) {
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }

    fn get(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }

    fn and(&mut self, other: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a &= b;
        }
    }

    /// The rows whose bit is set, in order.
    fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(k, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let b = w.trailing_zeros() as usize;
                    w &= w - 1;
                    k * 64 + b
                })
            })
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::order::is_ciphertext;
    use crate::tui::queue::order_list::Builder;
    use crate::tui::testdata::{now, orders};
    use proptest::prelude::*;

    /// The filter's meaning, straight from the whole order's fields: the rows' texts must agree with it.
    fn matches(o: &Order, query: &str, now: Timestamp) -> bool {
        query.split_whitespace().map(term).all(|t| match &t {
            Term::Any => true,
            Term::Text(needle) => {
                let hit = |s: &str| !is_ciphertext(s) && s.to_lowercase().contains(needle.as_str());
                hit(&o.order_sn)
                    || hit(&o.buyer_memo)
                    || hit(&o.remark)
                    || hit(&o.receiver_name_mask)
                    || hit(&o.receiver_phone_mask)
                    || hit(&o.receiver_address_mask)
                    || hit(&o.address_mask)
                    || o.item_list
                        .iter()
                        .any(|i| hit(&i.goods_name) || hit(&i.goods_spec) || hit(&i.outer_id))
            }
            Term::Flag(f) => o.remark_tag == *f,
            Term::Memo => o.has_buyer_memo(),
            Term::Note => !o.remark.trim().is_empty(),
            Term::Refund => o.in_refund(),
            Term::Risk => o.in_risk_review(),
            Term::Overdue => o.time_left(now).is_some_and(|d| d.is_negative()),
            Term::Urged => o.is_urged(),
            Term::PreSale => o.is_pre_sale(),
            Term::StockOut => o.is_stock_out(),
            // Only the queue knows what a gateway stopped listing; a whole order as read never is.
            Term::Group | Term::Unlisted => false,
        })
    }

    #[test]
    fn words_and_fields() {
        let all = orders();
        let list = OrderList::new(&all);
        let count = |q: &str| filter_indices(&list, q, now()).len();
        assert_eq!(count(""), all.len());
        assert_eq!(count("a4白纸"), count("A4白纸"));
        assert!(count("A4") >= 1);
        assert_eq!(
            count("flag:purple"),
            all.iter()
                .filter(|o| o.remark_tag == Some(Flag::Purple))
                .count()
        );
        assert_eq!(
            count("memo"),
            all.iter().filter(|o| o.has_buyer_memo()).count()
        );
        assert!(count("refund") >= 1);
        assert!(count("overdue") >= 1);
        assert_eq!(count("overdue refund zzz-nothing"), 0);
        // Ciphertext is never searched as text.
        assert_eq!(count("AgAAAA"), 0);
    }

    /// Issue 12: `group` / `合单` finds the unshipped orders that share a buyer address with another.
    #[test]
    fn the_group_word_finds_orders_of_merge_groups() {
        let mut all = orders();
        for (i, o) in all.iter_mut().enumerate() {
            o.open_address_id = Some(format!("addr-{i}"));
        }
        all[3].open_address_id = Some("addr-0".into());
        // A shipped order of the same address is no member: it left already.
        all[7].open_address_id = Some("addr-1".into());
        let list = OrderList::new(&all);
        assert_eq!(filter_indices(&list, "group", now()), vec![0, 3]);
        assert_eq!(filter_indices(&list, "合单", now()), vec![0, 3]);
        assert_eq!(filter_indices(&list, "GROUP flag:yellow", now()), vec![3]);
    }

    /// Orders with mixed case, Greek final sigma, ciphertext, several items and every flag.
    fn varied() -> Vec<Order> {
        let base = orders();
        let mut out = Vec::new();
        for k in 0..40usize {
            let mut o = base[k % base.len()].clone();
            o.order_sn = format!("{}-{k:03}", o.order_sn);
            match k % 5 {
                0 => o.buyer_memo = format!("Call Before DELIVERY {k}"),
                1 => o.remark = "ΟΔΟΣ Ξ".into(),
                2 => o.receiver_name_mask = "~AgAAAAsecret~x~1~".into(),
                3 => o.remark = format!("Box-{k} fragile"),
                _ => o.item_list.truncate(1),
            }
            o.remark_tag = Flag::ALL.get(k % 6).copied();
            out.push(o);
        }
        out
    }

    #[test]
    fn precomputed_texts_agree_with_the_direct_match() {
        let orders = varied();
        let list = OrderList::new(&orders);
        let queries = [
            "",
            "a4",
            "A4白纸",
            "call",
            "delivery 1",
            "οδος",
            "ΟΔΟΣ",
            "ος",
            "οδο",
            "secret",
            "agaaaa",
            "box-3",
            "fragile flag:red",
            "flag:",
            "flag:none",
            "memo",
            "note refund",
            "overdue",
            "urged",
            "presale",
            "stockout",
            "risk",
            "21031",
            "-007",
            "before\ndelivery",
            "zzz",
        ];
        for q in queries {
            let direct: Vec<usize> = orders
                .iter()
                .enumerate()
                .filter(|(_, o)| matches(o, q, now()))
                .map(|(i, _)| i)
                .collect();
            assert_eq!(filter_indices(&list, q, now()), direct, "query {q:?}");
        }
        assert!(!filter_indices(&list, "call", now()).is_empty());
        assert!(!filter_indices(&list, "οδο", now()).is_empty());
        assert!(filter_indices(&list, "secret", now()).is_empty());
    }

    #[test]
    fn edits_renew_the_search_text() {
        let orders = varied();
        let mut list = OrderList::new(&orders);
        let sn = list[0].order_sn.clone();
        assert!(filter_indices(&list, "newword", now()).is_empty());
        // The facets the field words read are kept between keys, and made again after a change.
        assert!(!filter_indices(&list, "flag:purple", now()).contains(&0));
        let note = crate::domain::Change::Note {
            remark: "NewWord".into(),
            tag: Some(Flag::Purple),
            tag_name: String::new(),
        };
        assert!(list.apply(&sn, &note));
        assert_eq!(filter_indices(&list, "newword", now()), vec![0]);
        assert!(filter_indices(&list, "flag:purple", now()).contains(&0));
        let mut o = orders[1].clone();
        o.buyer_memo = "Upserted".into();
        list.upsert(&o);
        assert_eq!(filter_indices(&list, "upserted", now()), vec![1]);
    }

    /// The words random queries are made of: text words (some in no row, some in masked addresses only),
    /// field words, half-typed ones.
    pub(crate) const WORDS: [&str; 27] = [
        "西湖",
        "和平街",
        "东方路",
        "a",
        "a4",
        "白纸",
        "call",
        "box",
        "ab",
        "b",
        "210318",
        "-00",
        "οδ",
        "zzz",
        "flag:red",
        "flag:r",
        "flag:",
        "flag:none",
        "memo",
        "note",
        "refund",
        "overdue",
        "urged",
        "presale",
        "risk",
        "group",
        "unlisted",
    ];

    /// Masked addresses and receivers' streets, some streets not at the end of their address.
    const PLACES: [(&str, &str); 4] = [
        ("上海市上海市浦东新区东方路*号*", "东方路*号*"),
        ("浙江省杭州市西湖区文化路*号*", "文化路*号*"),
        ("浙江省杭州市西湖区文化路*号*", "和平街*号*"),
        ("北京市北京市朝阳区ab路*号*", ""),
    ];

    /// Orders of random notes, memos, flags, states, deadlines and addresses (each row its own number).
    pub(crate) fn random_orders() -> impl Strategy<Value = Vec<Order>> {
        let one = (
            "[ab οδx]{0,4}",
            0usize..6,
            1i64..4,
            any::<bool>(),
            -5i64..30,
            0u8..4,
            0usize..PLACES.len(),
        );
        prop::collection::vec(one, 0..80).prop_map(|rows| {
            let base = orders();
            rows.into_iter()
                .enumerate()
                .map(|(k, (remark, flag, status, memo, hours, addr, place))| {
                    let mut o = base[k % base.len()].clone();
                    o.order_sn = format!("210318-{k:015}");
                    o.remark = remark;
                    o.remark_tag = flag.checked_sub(1).and_then(|f| Flag::ALL.get(f).copied());
                    o.order_status = status;
                    if memo {
                        o.buyer_memo = "call box".into();
                    }
                    o.last_ship_time = now()
                        .checked_add(jiff::SignedDuration::from_hours(hours))
                        .ok();
                    o.open_address_id = Some(format!("addr-{addr}"));
                    (o.address_mask, o.receiver_address_mask) =
                        (PLACES[place].0.into(), PLACES[place].1.into());
                    o
                })
                .collect()
        })
    }

    /// The rows of `list` (made from `orders`) a query matches, straight from the whole orders.
    fn direct(list: &OrderList, orders: &[Order], q: &str, shipped: bool) -> Vec<usize> {
        let groups = list.groups();
        let group = Query::parse(q).terms.contains(&Term::Group);
        let plain: Vec<&str> = q
            .split_whitespace()
            .filter(|w| term(w) != Term::Group)
            .collect();
        let plain = plain.join(" ");
        (0..orders.len())
            .filter(|&i| {
                matches(&orders[i], &plain, now())
                    && (shipped || orders[i].order_status == 1)
                    && (!group || groups.number(&list[i]).is_some())
            })
            .collect()
    }

    proptest! {
        /// Split over threads in chunks of any size, or restricted to given rows in any order, the filter
        /// finds what one thread finds, and what the whole orders say.
        #[test]
        fn split_scans_find_what_one_thread_finds(
            orders in random_orders(),
            words in prop::collection::vec(prop::sample::select(&WORDS[..]), 0..4),
            threads in 1usize..5,
            min_chunk in 1usize..20,
            shipped in any::<bool>(),
            within in prop::collection::vec(0usize..90, 0..60),
        ) {
            let q = words.join(" ");
            let list = OrderList::new(&orders);
            let query = Query::parse(&q);
            let scope = Scope { now: now(), deadlines: true, shipped };
            let split = Split { threads, min_chunk };
            let one = select_split(&list, &query, scope, None, Split::ONE);
            prop_assert_eq!(&select_split(&list, &query, scope, None, split), &one);
            // `unlisted` is known to the rows only.
            if !q.contains("unlisted") {
                prop_assert_eq!(&one, &direct(&list, &orders, &q, shipped), "query {:?}", q);
            }
            let within: Vec<usize> = within.into_iter().filter(|&i| i < orders.len()).collect();
            let want: Vec<usize> = within.iter().copied().filter(|i| one.contains(i)).collect();
            prop_assert_eq!(select_split(&list, &query, scope, Some(&within), split), want);
        }
    }

    /// Orders of the test data each sent to an address of its own: `浙江省杭州市西湖区文{k}路*号*`, but the
    /// third to 姑苏区 and the fifth's receiver on a street its address does not end in (和平街).
    fn placed() -> Vec<Order> {
        let mut all = orders();
        for (k, o) in all.iter_mut().enumerate() {
            o.order_status = 1;
            o.address_mask = format!("浙江省杭州市西湖区文{k}路*号*");
            o.receiver_address_mask = format!("文{k}路*号*");
        }
        all[2].address_mask = "江苏省苏州市姑苏区人民路*号*".into();
        all[2].receiver_address_mask = "人民路*号*".into();
        all[4].receiver_address_mask = "和平街*号*".into();
        all
    }

    /// The numbers of the orders `q` finds in `list`, sorted.
    fn found(list: &OrderList, q: &str) -> Vec<String> {
        let mut sns: Vec<String> = filter_indices(list, q, now())
            .into_iter()
            .map(|i| list[i].order_sn.to_string())
            .collect();
        sns.sort();
        sns
    }

    /// Issue 15: the masked address is kept once per distinct text, apart from the row's own text; a word
    /// found only there (a district, the receiver's street) still finds the row, however the list was made
    /// and changed.
    #[test]
    fn a_word_only_in_the_masked_address_finds_the_row() {
        use crate::store::cache::{self, Cache};
        let all = placed();
        let sn = |k: usize| all[k].order_sn.to_string();
        let check = |list: &OrderList, how: &str| {
            assert_eq!(found(list, "姑苏"), [sn(2)], "{how}");
            assert_eq!(
                found(list, "和平街"),
                [sn(4)],
                "{how}: the receiver's street"
            );
            assert_eq!(found(list, "西湖区 文5路"), [sn(5)], "{how}");
            assert_eq!(found(list, "文4路 和平"), [sn(4)], "{how}");
            assert!(found(list, "苏州 文4路").is_empty(), "{how}");
            // The row's own text is still searched beside its address.
            assert_eq!(found(list, "西湖 m*k").len(), all.len() - 1, "{how}");
        };
        let list = OrderList::new(&all);
        check(&list, "new");
        // The address is no part of the row's own text; rows of one address share it.
        assert!(!list.texts().fixed.get(2).contains("苏州"));
        assert_eq!(list.texts().addresses.texts().len(), all.len());
        // A sync's rows, page by page (some read twice): its snapshot and its end.
        let mut b = Builder::default();
        b.add(&all[..5]);
        b.add(&all[3..]);
        check(&b.snapshot(), "a sync's snapshot");
        check(&b.finish(), "a sync's rows");
        // Through the offline cache, whole and its head.
        let dir = tempfile::tempdir().unwrap();
        let c = Cache {
            shop: "fw199/a".into(),
            rows: list.to_vec(),
            texts: list.texts().clone(),
            ..Cache::default()
        };
        cache::save(dir.path(), &c).unwrap();
        let back = cache::load(dir.path(), "fw199/a").unwrap();
        let list = OrderList::from_rows(back.rows, back.texts, back.interner);
        check(&list, "the cache");
        assert_eq!(list.texts().addresses.texts().len(), all.len());
        let (head, _) = cache::load_head(dir.path(), "fw199/a").unwrap();
        check(
            &OrderList::from_rows(head.rows, head.texts, head.interner),
            "the cache's head",
        );
        // An order read again moves; a new one comes.
        let mut list = list;
        let mut moved = all[5].clone();
        moved.address_mask = "北京市北京市朝阳区和平街*号*".into();
        moved.receiver_address_mask = "和平街*号*".into();
        list.upsert(&moved);
        assert_eq!(found(&list, "和平街"), [sn(4), sn(5)]);
        assert_eq!(found(&list, "朝阳"), [sn(5)]);
        assert!(found(&list, "文5路").is_empty());
        let mut new = all[0].clone();
        new.order_sn = "210318-000000000000099".into();
        new.address_mask = "四川省成都市武侯区长江路*号*".into();
        list.upsert(&new);
        assert_eq!(found(&list, "武侯"), ["210318-000000000000099"]);
        // A refresh merges a changed order and a new one.
        let mut changed = all[2].clone();
        changed.address_mask = "福建省厦门市思明区中山路*号*".into();
        changed.updated_at = changed
            .updated_at
            .and_then(|t| t.checked_add(jiff::SignedDuration::from_hours(1)).ok());
        let mut later = new.clone();
        later.order_sn = "210318-000000000000098".into();
        later.address_mask = "湖北省武汉市洪山区解放路*号*".into();
        list.merge(vec![changed, later]);
        assert!(found(&list, "姑苏").is_empty());
        assert_eq!(found(&list, "思明"), [sn(2)]);
        assert_eq!(found(&list, "洪山"), ["210318-000000000000098"]);
        assert_eq!(found(&list, "和平街"), [sn(4), sn(5)]);
        assert_eq!(found(&list, "武侯"), ["210318-000000000000099"]);
        // Orders the gateway stopped listing stay, with their addresses.
        let mut next = OrderList::new(&all[..2]);
        next.keep_unlisted(&list, 1, 2);
        assert_eq!(found(&next, "思明"), [sn(2)]);
        assert_eq!(found(&next, "洪山"), ["210318-000000000000098"]);
        assert_eq!(
            found(&next, "文0路").len(),
            3,
            "its own, and the two new ones' streets"
        );
    }

    #[test]
    fn a_query_narrows_another_when_each_old_word_is_in_a_new_one() {
        let narrows = |new: &str, old: &str| Query::parse(new).narrows(&Query::parse(old));
        assert!(narrows("抽纸", "抽"));
        assert!(narrows("抽纸", ""));
        assert!(narrows("Box flag:red", "bo"));
        assert!(narrows("box flag:red", "flag:"));
        assert!(narrows("overdue 抽纸", "纸 overdue"));
        assert!(narrows("flag:red", "flag:r"));
        assert!(!narrows("抽", "抽纸"));
        assert!(!narrows("box", "box flag:red"));
        // A field word typed on becomes a text word: no narrowing.
        assert!(!narrows("memos", "memo"));
        assert!(!narrows("flag:red", "flag:re"));
        assert!(!narrows("备注", "备"));
    }
}
