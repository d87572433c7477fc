//! The words of merge groups (orders of one buyer address, one parcel): the queue's mark, its legend,
//! the toasts of selecting a group, and the ship dialog's one-number line.

use super::Lang;

/// The queue's mark of merge group `n`: `合1` / `grp1` (the letters of the badges and flags are all taken).
pub fn mark(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Zh => format!("合{n}"),
        Lang::En => format!("grp{n}"),
    }
}

/// What the mark means, for help's legend.
pub fn legend(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "合单组N:同一买家地址,一个包裹发出",
        Lang::En => "merge group N: one buyer, one parcel",
    }
}

/// The group of the highlighted order was selected.
pub fn selected(lang: Lang, n: u32, count: usize) -> String {
    match lang {
        Lang::Zh => format!("已选中合单组 {n}:{count} 单"),
        Lang::En => format!("selected merge group {n}: {count} orders"),
    }
}

/// The highlighted order is in no merge group.
pub fn none(lang: Lang, sn: &str) -> String {
    match lang {
        Lang::Zh => format!("{sn} 不在合单组中"),
        Lang::En => format!("{sn} is in no merge group"),
    }
}

/// The ship dialog's number line for one parcel: all the orders get the number; `key` switches to one
/// number per order.
pub fn one_number(lang: Lang, count: usize, key: Option<&str>) -> String {
    match (lang, key) {
        (Lang::Zh, Some(k)) => format!("一个包裹:{count} 单共用此运单号({k} 改为每单一个)"),
        (Lang::Zh, None) => format!("一个包裹:{count} 单共用此运单号"),
        (Lang::En, Some(k)) => format!("one parcel: this number for all {count} ({k}: one each)"),
        (Lang::En, None) => format!("one parcel: this number for all {count}"),
    }
}

/// The ship dialog of one merge group with a number per order; `key` ships them in one parcel.
pub fn may_share(lang: Lang, key: &str) -> String {
    match lang {
        Lang::Zh => format!("同一买家地址:{key} 一个包裹共用一个运单号"),
        Lang::En => format!("one buyer address: {key} ships one parcel, one number"),
    }
}

/// One parcel is only for the orders of one merge group.
pub fn not_one_group(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "这些订单不属于同一合单组,不能共用一个运单号",
        Lang::En => "these orders are not one merge group: they cannot share a number",
    }
}

/// The group an order is in, where the order is shown (detail, ship dialog): `合单组 1:3 单`.
pub fn named(lang: Lang, n: u32, count: usize) -> String {
    match lang {
        Lang::Zh => format!("合单组 {n}:{count} 单"),
        Lang::En => format!("group {n}: {count} orders"),
    }
}
