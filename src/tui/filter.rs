//! The queue's `/` filter: words match (case-insensitive) order number, goods, spec, buyer memo, seller note
//! and masked receiver; field words (`flag:red`, `memo`, `refund`, `overdue`…) test a property instead.

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

/// True when `o` matches every word of `query` (an empty query matches everything).
pub fn matches(o: &Order, query: &str, now: Timestamp) -> bool {
    query.split_whitespace().map(term).all(|t| match t {
        Term::Any => true,
        Term::Text(s) => text_matches(o, &s),
        Term::Flag(f) => o.remark_tag == f,
        Term::Memo => o.has_buyer_memo(),
        Term::Note => !o.remark.trim().is_empty(),
        Term::Refund => o.in_refund(),
        Term::Risk => o.in_risk_review(),
        Term::Overdue => o.time_left(now).is_some_and(|d| d.is_negative()),
        Term::Urged => o.is_urged(),
        Term::PreSale => o.is_pre_sale(),
        Term::StockOut => o.is_stock_out(),
    })
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
}
