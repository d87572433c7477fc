//! Texts of the journal: conflicts, the audit trail of `pddtui journal` and what `--reconcile` found.
//! Its refusals and failures are in `errors` (`op_error`, `store_error`).

use super::Lang;
use crate::ops::Reconciled;
use crate::store::{OpKind, ShipState};

pub fn conflict(lang: Lang, sn: &str, ours: &str, found: &str) -> String {
    match lang {
        Lang::Zh => {
            format!("冲突:订单 {sn} 日志记录运单号 {ours},但平台显示已用 {found} 发货,请人工确认")
        }
        Lang::En => format!(
            "conflict: order {sn} was journalled with {ours}, but the gateway shows it shipped with {found}; please check"
        ),
    }
}

/// "in progress by USER", for the workstation's queue.
pub fn in_progress_by(lang: Lang, user: &str) -> String {
    match lang {
        Lang::Zh => format!("{user} 正在发货"),
        Lang::En => format!("in progress by {user}"),
    }
}

pub fn headers(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::Zh => [
            "时间",
            "用户",
            "店铺",
            "操作",
            "订单号",
            "快递/单号",
            "结果",
            "错误",
        ],
        Lang::En => [
            "time",
            "user",
            "profile",
            "kind",
            "order",
            "courier/number",
            "outcome",
            "error",
        ],
    }
}

pub fn kind(lang: Lang, k: OpKind) -> &'static str {
    match (lang, k) {
        (Lang::Zh, OpKind::Ship) => "发货",
        (Lang::Zh, OpKind::Modify) => "改单号",
        (Lang::Zh, OpKind::Note) => "备注",
        (Lang::Zh, OpKind::Waybill) => "取单号",
        (Lang::En, k) => k.code(),
    }
}

pub fn state(lang: Lang, s: ShipState) -> &'static str {
    match (lang, s) {
        (Lang::Zh, ShipState::Intent) => "已记录未完成",
        (Lang::Zh, ShipState::Done) => "成功",
        (Lang::Zh, ShipState::Failed) => "失败",
        (Lang::Zh, ShipState::Unknown) => "结果未知",
        (Lang::Zh, ShipState::Conflict) => "冲突",
        (Lang::En, s) => s.code(),
    }
}

pub fn empty(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "日志为空",
        Lang::En => "the journal is empty",
    }
}

/// One line of what `--reconcile` found for an order.
pub fn reconciled(lang: Lang, sn: &str, number: &str, found: &Reconciled) -> String {
    match (lang, found) {
        (Lang::Zh, Reconciled::Applied) => format!("已核对 {sn}({number}):已生效"),
        (Lang::Zh, Reconciled::NotApplied) => {
            format!("已核对 {sn}({number}):未生效,可重新发送")
        }
        (Lang::Zh, Reconciled::Unknown) => format!("{sn}({number}):仍无法核对,结果未知"),
        (Lang::En, Reconciled::Applied) => format!("checked {sn} ({number}): applied"),
        (Lang::En, Reconciled::NotApplied) => {
            format!("checked {sn} ({number}): not applied, may be sent again")
        }
        (Lang::En, Reconciled::Unknown) => format!("{sn} ({number}): still cannot be checked"),
        (_, Reconciled::Conflict { found }) => conflict(lang, sn, number, found),
    }
}

/// A waybill call whose number was never journalled: taking it again gives the same number and settles it.
pub fn waybill_take_again(lang: Lang, sn: &str) -> String {
    match lang {
        Lang::Zh => {
            format!("{sn}(面单号):未记下号码;再次取号(pddtui waybill {sn})会得到同一个号码")
        }
        Lang::En => format!(
            "{sn} (waybill): its number was never journalled; taking it again (pddtui waybill {sn}) gives the same number"
        ),
    }
}

pub fn reconcile_summary(lang: Lang, checked: usize, conflicts: usize, unknown: usize) -> String {
    match lang {
        Lang::Zh => format!("核对 {checked} 项;冲突 {conflicts} 项,未知 {unknown} 项"),
        Lang::En => format!("{checked} checked; {conflicts} conflicts, {unknown} unknown"),
    }
}

pub fn bad_since(lang: Lang, s: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "--since {s:?}:应为日期或时间(北京时间),例如 2026-11-22 或 \"2026-11-22 08:00:00\""
        ),
        Lang::En => format!(
            "--since {s:?}: expected a day or time (Beijing), e.g. 2026-11-22 or \"2026-11-22 08:00:00\""
        ),
    }
}

/// Told when a shipment is found done already with the same number (sent by an earlier run).
pub fn already_done(lang: Lang, sn: &str, number: &str) -> String {
    match lang {
        Lang::Zh => format!("订单 {sn} 已用 {number} 发货,未重复发送"),
        Lang::En => format!("order {sn} is already shipped with {number}: not sent again"),
    }
}

pub fn cannot_open(lang: Lang, dir: &str, e: &str) -> String {
    match lang {
        Lang::Zh => format!("无法打开日志 {dir}:{e}"),
        Lang::En => format!("cannot open the journal in {dir}: {e}"),
    }
}

/// Said while the CLI waits out PDD's interception before its one retry.
pub fn intercept_wait(lang: Lang, secs: u64) -> String {
    match lang {
        Lang::Zh => format!("拼多多拦截了这次发货(接口超时),{secs} 秒后自动重试一次"),
        Lang::En => format!("intercepted by PDD: retrying once in {secs} s"),
    }
}
