//! The queue's `/` filter: words match (case-insensitive) order number, goods, spec, buyer memo, seller note
//! and masked receiver; field words (`flag:red`, `memo`, `refund`, `overdue`…) test a property instead.
//! Text words are searched in a lower-cased text made once per order (`search_text`, kept by `OrderList`).

use super::order_list::OrderList;
use crate::domain::{Flag, Order, order::is_ciphertext};
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
        _ => Term::Text(w),
    }
}

fn text_matches(o: &Order, needle: &str) -> bool {
    let hit = |s: &str| !is_ciphertext(s) && s.to_lowercase().contains(needle);
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

/// The searchable fields of `o`, lower-cased, one per line (query words never hold a line break, so no
/// word can match across two fields); ciphertext is left out, as it is never searched.
pub fn search_text(o: &Order) -> String {
    let items = o
        .item_list
        .iter()
        .flat_map(|i| [&i.goods_name, &i.goods_spec, &i.outer_id]);
    let fields = [
        &o.order_sn,
        &o.buyer_memo,
        &o.remark,
        &o.receiver_name_mask,
        &o.receiver_phone_mask,
        &o.receiver_address_mask,
        &o.address_mask,
    ];
    let mut text = String::new();
    for f in fields.into_iter().chain(items) {
        if !is_ciphertext(f) {
            text.push_str(&f.to_lowercase());
            text.push('\n');
        }
    }
    text
}

/// Indices of the orders matching every word of `query`, in list order; `list.search()` holds the
/// texts. The query is parsed once, and each text word is one `contains` per order.
pub fn filter_indices(list: &OrderList, query: &str, now: Timestamp) -> Vec<usize> {
    let terms: Vec<Term> = query.split_whitespace().map(term).collect();
    list.iter()
        .zip(list.search())
        .enumerate()
        .filter(|(_, (o, text))| {
            terms.iter().all(|t| match t {
                Term::Text(s) => text.contains(s.as_str()),
                other => property(o, other, now),
            })
        })
        .map(|(i, _)| i)
        .collect()
}

fn property(o: &Order, t: &Term, now: Timestamp) -> bool {
    match t {
        Term::Any => true,
        Term::Text(s) => text_matches(o, s),
        Term::Flag(f) => o.remark_tag == *f,
        Term::Memo => o.has_buyer_memo(),
        Term::Note => !o.remark.trim().is_empty(),
        Term::Refund => o.in_refund(),
        Term::Risk => o.in_risk_review(),
        Term::Overdue => o.time_left(now).is_some_and(|d| d.is_negative()),
        Term::Urged => o.is_urged(),
        Term::PreSale => o.is_pre_sale(),
        Term::StockOut => o.is_stock_out(),
    }
}

/// True when `o` matches every word of `query` (an empty query matches everything). The direct form,
/// without a search text: `filter_indices` must agree with it.
pub fn matches(o: &Order, query: &str, now: Timestamp) -> bool {
    query
        .split_whitespace()
        .map(term)
        .all(|t| property(o, &t, now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::testdata::{now, orders};

    #[test]
    fn words_and_fields() {
        let all = orders();
        let count = |q: &str| all.iter().filter(|o| matches(o, q, now())).count();
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
        let list = OrderList::new(varied());
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
            let direct: Vec<usize> = list
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
        let mut list = OrderList::new(varied());
        let sn = list[0].order_sn.clone();
        assert!(filter_indices(&list, "newword", now()).is_empty());
        assert!(list.edit(&sn, |o| o.remark = "NewWord".into()));
        assert_eq!(filter_indices(&list, "newword", now()), vec![0]);
        let mut o = list[1].clone();
        o.buyer_memo = "Upserted".into();
        list.upsert(o);
        assert_eq!(filter_indices(&list, "upserted", now()), vec![1]);
    }
}
