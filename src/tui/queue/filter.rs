//! The queue's `/` filter: words match (case-insensitive) order number, goods, spec, buyer memo, seller note
//! and masked receiver; field words (`flag:red`, `memo`, `refund`, `overdue`…) test a property instead.
//! Text words are searched in lower-cased texts made once per order (kept in one arena by `OrderList`);
//! `group` (`合单`) finds the orders of merge groups, which depend on the whole list (`groups`).

use crate::domain::row::{self, Interner};
use crate::domain::{Flag, Order, OrderRow};
use crate::tui::queue::order_list::OrderList;
use jiff::Timestamp;

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
        "{}{}{}",
        row::search_text(o),
        row.search_goods(),
        row.search_remark()
    )
}

/// Indices of the rows matching every word of `query`, in list order. The query is parsed once; each text
/// word is one `memmem` pass over the list's arena of search texts and one over its notes, and is looked
/// for once per distinct goods text; field words are then tested on the rows that are left.
pub fn filter_indices(list: &OrderList, query: &str, now: Timestamp) -> Vec<usize> {
    filter_indices_with(list, query, now, true)
}

/// `filter_indices` on a gateway that may send no deadlines (`deadlines` false, pddshuju): then no order is
/// known to be overdue, and `overdue` matches none rather than those an estimate calls late.
pub fn filter_indices_with(
    list: &OrderList,
    query: &str,
    now: Timestamp,
    deadlines: bool,
) -> Vec<usize> {
    let terms: Vec<Term> = query.split_whitespace().map(term).collect();
    if !deadlines && terms.contains(&Term::Overdue) {
        return Vec::new();
    }
    let groups = if terms.contains(&Term::Group) {
        list.groups()
    } else {
        Default::default()
    };
    let mut texts: Option<Bits> = None;
    for t in &terms {
        if let Term::Text(word) = t {
            let hits = text_hits(list, word);
            texts = Some(match texts {
                Some(mut all) => {
                    all.and(&hits);
                    all
                }
                None => hits,
            });
        }
    }
    let fields: Vec<&Term> = terms
        .iter()
        .filter(|t| !matches!(t, Term::Text(_) | Term::Any))
        .collect();
    let test = |i: usize| {
        list.get(i).is_some_and(|o| {
            fields.iter().all(|t| match t {
                Term::Group => groups.number(o).is_some(),
                other => property(o, other, now),
            })
        })
    };
    match texts {
        Some(bits) => bits.ones().filter(|&i| test(i)).collect(),
        None if fields.is_empty() => (0..list.len()).collect(),
        None => (0..list.len()).filter(|&i| test(i)).collect(),
    }
}

/// The rows with a lower-cased word in their search text, goods text or note.
fn text_hits(list: &OrderList, word: &str) -> Bits {
    let mut hits = Bits::new(list.len());
    list.texts().find_rows(word, |i| hits.set(i));
    list.remarks().find_rows(word, |i| hits.set(i));
    let goods = list.goods();
    let found: Vec<bool> = goods.texts().iter().map(|t| t.contains(word)).collect();
    if found.contains(&true) {
        for (i, &g) in goods.of_rows().iter().enumerate() {
            if found.get(g as usize).copied().unwrap_or(false) {
                hits.set(i);
            }
        }
    }
    hits
}

/// One bit per row.
struct Bits(Vec<u64>);

impl Bits {
    fn new(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }

    fn set(&mut self, i: usize) {
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
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

fn property(o: &OrderRow, t: &Term, now: Timestamp) -> bool {
    match t {
        // Text words are answered for all rows at once (`text_hits`).
        Term::Any | Term::Text(_) => true,
        Term::Flag(f) => o.remark_tag == *f,
        Term::Memo => o.buyer_memo,
        Term::Note => !o.remark.trim().is_empty(),
        Term::Refund => o.in_refund(),
        Term::Risk => o.risk_review,
        Term::Overdue => o.time_left(now).is_some_and(|d| d.is_negative()),
        Term::Urged => o.urged,
        Term::PreSale => o.pre_sale,
        Term::StockOut => o.stock_out,
        Term::Unlisted => o.unlisted_since().is_some(),
        // Needs the whole list: `filter_indices` answers it.
        Term::Group => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::is_ciphertext;
    use crate::tui::testdata::{now, orders};

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
        let note = crate::domain::Change::Note {
            remark: "NewWord".into(),
            tag: None,
            tag_name: String::new(),
        };
        assert!(list.apply(&sn, &note));
        assert_eq!(filter_indices(&list, "newword", now()), vec![0]);
        let mut o = orders[1].clone();
        o.buyer_memo = "Upserted".into();
        list.upsert(&o);
        assert_eq!(filter_indices(&list, "upserted", now()), vec![1]);
    }
}
