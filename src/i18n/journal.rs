//! Texts of the journal: refusals (order in progress, number used twice), conflicts, the audit trail
//! of `pddtui journal` and what `--reconcile` found.

use super::Lang;
use super::errors::api_error;
use crate::ops::{OpError, Reconciled};
use crate::store::{OpKind, Refusal, ShipState};

/// One line for an operation's failure, naming the order.
pub fn op_error(e: &OpError, lang: Lang) -> String {
    match (e, lang) {
        (OpError::Api(e), _) => api_error(e, lang),
        (OpError::Refused(r), _) => refusal(r, lang),
        (OpError::AlreadyShipped { order_sn, shipped }, Lang::Zh) => {
            format!(
                "订单 {order_sn} 已用 {shipped} 发货(上次应答丢失,已核对);如需更改请用 --modify"
            )
        }
        (
            OpError::Conflict {
                order_sn,
                ours,
                found,
            },
            _,
        ) => conflict(lang, order_sn, ours, found),
        (
            OpError::Unchecked {
                order_sn, number, ..
            },
            Lang::Zh,
        ) => format!(
            "订单 {order_sn} 上次发货({number})结果未知,现在无法核对:未再次发送,稍后用 pddtui journal --reconcile 核对"
        ),
        (OpError::Journal(m), Lang::Zh) => format!("日志数据库出错:{m}"),
        (e, Lang::En) => e.to_string(),
    }
}

pub fn refusal(r: &Refusal, lang: Lang) -> String {
    match (r, lang) {
        (Refusal::InProgress(c), Lang::Zh) => {
            format!(
                "订单 {} 正在由 {} 发货(进程 {}),未发送",
                c.order_sn, c.user, c.pid
            )
        }
        (Refusal::InProgress(c), Lang::En) => format!(
            "order {} is in progress by {} (pid {}): not sent",
            c.order_sn, c.user, c.pid
        ),
        (
            Refusal::DuplicateNumber {
                order_sn,
                number,
                other_order,
            },
            Lang::Zh,
        ) => format!(
            "订单 {order_sn}:运单号 {number} 已用于订单 {other_order},未发送(确认无误请加 --allow-duplicate-number)"
        ),
        (
            Refusal::DuplicateNumber {
                order_sn,
                number,
                other_order,
            },
            Lang::En,
        ) => format!(
            "order {order_sn}: tracking number {number} was already used for order {other_order}: not sent (--allow-duplicate-number to ship anyway)"
        ),
    }
}

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
