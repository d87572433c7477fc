//! Texts of orders that must not ship, one short reason per order (`domain::ship_check`): the ship dialog's
//! list of blocked orders in a selection, and the import preview's rows held back.

use super::Lang;
use crate::domain::order::ShipBlock;
use crate::domain::ship_check::Refusal;

/// One order's reason, short enough for a list line (`售后处理中`, `已发货 YT…`).
pub fn refusal(lang: Lang, r: &Refusal) -> String {
    match (lang, r) {
        (Lang::Zh, Refusal::ShippedSame) => "已用此单号发货".into(),
        (Lang::En, Refusal::ShippedSame) => "already shipped with this number".into(),
        (
            Lang::Zh,
            Refusal::Shipped {
                tracking_number, ..
            },
        ) => format!("已发货 {tracking_number}").trim_end().to_string(),
        (
            Lang::En,
            Refusal::Shipped {
                tracking_number, ..
            },
        ) => format!("already shipped {tracking_number}")
            .trim_end()
            .to_string(),
        (_, Refusal::Blocked(ShipBlock::Refund(s))) => super::cli::refund_word(lang, *s).into(),
        (Lang::Zh, Refusal::Blocked(ShipBlock::RiskReview)) => "风控审核中".into(),
        (Lang::En, Refusal::Blocked(ShipBlock::RiskReview)) => "under risk review".into(),
    }
}

/// An import row whose order the queue does not hold among its orders to ship.
pub fn not_in_queue(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "不在待发货订单中",
        Lang::En => "not among the orders to ship",
    }
}

/// Over the list of a selection's blocked orders.
pub fn cannot_ship(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Zh, _) => format!("{n} 单不能发货:"),
        (Lang::En, 1) => "1 order must not ship:".into(),
        (Lang::En, _) => format!("{n} orders must not ship:"),
    }
}

/// Under it, when no order of the selection may ship.
pub fn none_can_ship(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "没有可发货的订单,什么也不会发送",
        Lang::En => "none of them can ship: nothing is sent",
    }
}

/// The offer: ship the `n` others (said beside its key).
pub fn ship_others(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Zh, _) => format!("发货其余 {n} 单"),
        (Lang::En, 1) => "ship the other order".into(),
        (Lang::En, _) => format!("ship the {n} others"),
    }
}

/// Over the form once the offer is taken: the orders left out, with why.
pub fn left_out(lang: Lang, list: &str) -> String {
    match lang {
        Lang::Zh => format!("不发货: {list}"),
        Lang::En => format!("not shipped: {list}"),
    }
}

/// How many more orders a list leaves out.
pub fn and_more(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("…还有 {n} 单"),
        Lang::En => format!("…and {n} more"),
    }
}
