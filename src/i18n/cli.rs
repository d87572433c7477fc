//! Texts of the headless CLI.

use super::Lang;
use crate::domain::csv_rows::RowProblem;
use crate::domain::order::ShipBlock;
use crate::domain::{Fen, Order};

pub fn demo_notice(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "演示店铺:没有配置文件,使用内置模拟器",
        Lang::En => "demo shop: no config file, using the built-in simulator",
    }
}

pub fn order_headers(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::Zh => ["剩余", "旗", "订单号", "状态", "商品", "金额", "标记"],
        Lang::En => [
            "left", "flag", "order", "status", "goods", "amount", "badges",
        ],
    }
}

pub fn courier_headers(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::Zh => ["编号", "代码", "快递公司", "可用"],
        Lang::En => ["id", "code", "courier", "available"],
    }
}

pub fn yes_no(lang: Lang, b: bool) -> &'static str {
    match (lang, b) {
        (Lang::Zh, true) => "是",
        (Lang::Zh, false) => "否",
        (Lang::En, true) => "yes",
        (Lang::En, false) => "no",
    }
}

pub fn count_line(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("共 {n} 单"),
        Lang::En => format!("{n} orders"),
    }
}

/// `--full` asks the unshipped queue again in full: it means nothing for shipped orders.
pub fn full_only_unshipped(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => {
            "--full 只用于待发货队列(--status unshipped):它会重新完整拉取队列并更新本机缓存"
        }
        Lang::En => {
            "--full is for the unshipped queue only (--status unshipped): it lists the queue again in full and renews the cache"
        }
    }
}

/// An order the gateway sent that could not be decoded at all: skipped, the others listed.
pub fn order_skipped(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("订单 {name} 无法解析,已跳过(其余订单照常列出)"),
        Lang::En => {
            format!("order {name} cannot be decoded and was skipped (the others are listed)")
        }
    }
}

pub fn status_word(lang: Lang, order_status: i64) -> &'static str {
    match (lang, order_status) {
        (Lang::Zh, 1) => "待发货",
        (Lang::Zh, 2) => "已发货",
        (Lang::Zh, 3) => "已签收",
        (Lang::Zh, _) => "未知",
        (Lang::En, 1) => "unshipped",
        (Lang::En, 2) => "shipped",
        (Lang::En, 3) => "received",
        (Lang::En, _) => "unknown",
    }
}

pub fn refund_word(lang: Lang, refund_status: i64) -> &'static str {
    match (lang, refund_status) {
        (Lang::Zh, 2) => "售后处理中",
        (Lang::Zh, 3) => "退款中",
        (Lang::Zh, 4) => "已退款",
        (Lang::Zh, _) => "无售后",
        (Lang::En, 2) => "after-sale in progress",
        (Lang::En, 3) => "refunding",
        (Lang::En, 4) => "refunded",
        (Lang::En, _) => "none",
    }
}

pub fn cannot_start_runtime(lang: Lang, reason: &str) -> String {
    match lang {
        Lang::Zh => format!("无法启动运行时:{reason}"),
        Lang::En => format!("cannot start the runtime: {reason}"),
    }
}

pub fn cannot_start_demo(lang: Lang, reason: &str) -> String {
    match lang {
        Lang::Zh => format!("无法启动演示店铺的模拟器:{reason}"),
        Lang::En => format!("cannot start the demo simulator: {reason}"),
    }
}

/// Badges, in the order of the queue: 备 催 退 风 预 缺.
/// The letters are the workstation's (`tui::T::Badge*`), so that no badge reads as a flag letter.
pub fn badges(lang: Lang, o: &Order) -> String {
    use super::tui::{T, t};
    let marks: [(bool, T); 6] = [
        (o.has_buyer_memo(), T::BadgeMemo),
        (o.is_urged(), T::BadgeUrged),
        (o.in_refund(), T::BadgeRefund),
        (o.in_risk_review(), T::BadgeRisk),
        (o.is_pre_sale(), T::BadgePreSale),
        (o.is_stock_out(), T::BadgeStockOut),
    ];
    marks
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, glyph)| t(lang, *glyph))
        .collect::<Vec<_>>()
        .join("")
}

pub fn ship_block(lang: Lang, sn: &str, block: ShipBlock) -> String {
    match (lang, block) {
        (Lang::Zh, ShipBlock::Refund(s)) => format!("订单 {sn} 不能发货:{}", refund_word(lang, s)),
        (Lang::Zh, ShipBlock::RiskReview) => format!("订单 {sn} 不能发货:风控审核中"),
        (Lang::En, ShipBlock::Refund(s)) => {
            format!("order {sn} must not ship: {}", refund_word(lang, s))
        }
        (Lang::En, ShipBlock::RiskReview) => format!("order {sn} must not ship: under risk review"),
    }
}

pub fn needs_modify(lang: Lang, sn: &str) -> String {
    match lang {
        Lang::Zh => format!("订单 {sn} 已发货;要修改发货信息请加 --modify"),
        Lang::En => format!("order {sn} is already shipped; use --modify to change its shipment"),
    }
}

pub fn not_shipped_yet(lang: Lang, sn: &str) -> String {
    match lang {
        Lang::Zh => format!("订单 {sn} 尚未发货,不能修改发货"),
        Lang::En => format!("order {sn} is not shipped yet; it cannot be modified"),
    }
}

pub fn shape_warning(lang: Lang, number: &str, courier: &str, example: Option<&str>) -> String {
    let ex = example.unwrap_or("");
    match lang {
        Lang::Zh => format!("提醒:单号 {number} 不像{courier}的单号(例如 {ex}),仍然发货"),
        Lang::En => format!(
            "warning: {number} does not look like a {courier} number (e.g. {ex}); shipping anyway"
        ),
    }
}

pub fn shipped(lang: Lang, sn: &str, courier: &str, number: &str, checked: bool) -> String {
    match (lang, checked) {
        (Lang::Zh, false) => format!("已发货 {sn}:{courier} {number}"),
        (Lang::Zh, true) => format!("已发货 {sn}:{courier} {number}(应答丢失,查询确认已生效)"),
        (Lang::En, false) => format!("shipped {sn}: {courier} {number}"),
        (Lang::En, true) => {
            format!("shipped {sn}: {courier} {number} (answer lost; checked: applied)")
        }
    }
}

/// `ship --courier X` names no courier, or several: the value as given and, for several, who they are.
pub fn courier_arg(lang: Lang, p: &RowProblem) -> String {
    match (lang, p) {
        (Lang::Zh, RowProblem::CourierMissing) => {
            "--courier 为空;请写快递公司的编号、代码或名称(见 pddtui couriers)".to_string()
        }
        (Lang::En, RowProblem::CourierMissing) => {
            "--courier is empty; give the courier's id, code or name (see pddtui couriers)"
                .to_string()
        }
        (Lang::Zh, RowProblem::CourierUnknown(t)) => {
            format!("--courier '{t}' 不在快递公司列表中;请写编号、代码或名称(见 pddtui couriers)")
        }
        (Lang::En, RowProblem::CourierUnknown(t)) => format!(
            "--courier '{t}' is not in the courier list; give its id, code or name (see pddtui couriers)"
        ),
        (Lang::Zh, RowProblem::CourierAmbiguous { text, candidates }) => format!(
            "--courier '{text}' 可指多家快递公司:{};请写编号",
            super::csv::candidate_list(candidates)
        ),
        (Lang::En, RowProblem::CourierAmbiguous { text, candidates }) => format!(
            "--courier '{text}' names several couriers: {}; give the id",
            super::csv::candidate_list(candidates)
        ),
        (_, other) => super::csv::row_problem(lang, other),
    }
}

/// `pddtui man NAME` for a NAME that is no subcommand.
pub fn no_such_command(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Zh => format!("没有子命令 '{name}'(见 pddtui --help)"),
        Lang::En => format!("there is no subcommand '{name}' (see pddtui --help)"),
    }
}

pub fn man_unwritten(lang: Lang, path: &std::path::Path, reason: &str) -> String {
    match lang {
        Lang::Zh => format!("无法写入手册页 {}:{reason}", path.display()),
        Lang::En => format!("cannot write the manual page {}: {reason}", path.display()),
    }
}

/// `reason` naming the order: a reason that names it already (a refusal, a conflict) is not prefixed again,
/// so a line never reads `订单 X:订单 X 正在由 bob 发货`.
pub fn order_failed(lang: Lang, sn: &str, reason: &str) -> String {
    if !sn.is_empty() && reason.contains(sn) {
        return reason.to_string();
    }
    match lang {
        Lang::Zh => format!("订单 {sn}:{reason}"),
        Lang::En => format!("order {sn}: {reason}"),
    }
}

/// `--read-only` refuses a command that would change the shop.
pub fn read_only_refused(lang: Lang, command: &str) -> String {
    match lang {
        Lang::Zh => format!("只读模式(--read-only):不能执行 {command}"),
        Lang::En => format!(
            "read-only mode (--read-only): `{command}` would change the shop and is refused"
        ),
    }
}

pub fn note_saved(lang: Lang, sn: &str) -> String {
    match lang {
        Lang::Zh => format!("已更新备注 {sn}"),
        Lang::En => format!("note updated: {sn}"),
    }
}

pub fn note_unchanged(lang: Lang, sn: &str) -> String {
    match lang {
        Lang::Zh => format!("备注没有改动,未发送 {sn}"),
        Lang::En => format!("note unchanged, nothing sent: {sn}"),
    }
}

pub fn no_waybill(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "此店铺没有配置电子面单服务([profiles.NAME.waybill])",
        Lang::En => "this profile has no waybill service ([profiles.NAME.waybill])",
    }
}

pub fn not_found(lang: Lang, sn: &str) -> String {
    match lang {
        Lang::Zh => format!("订单 {sn}:找不到"),
        Lang::En => format!("order {sn}: not found"),
    }
}

/// Labels of `pddtui show`.
pub fn detail_labels(lang: Lang) -> [&'static str; 15] {
    match lang {
        Lang::Zh => [
            "订单号",
            "状态",
            "售后",
            "成交时间",
            "发货截止",
            "剩余",
            "买家留言",
            "卖家备注",
            "旗帜",
            "收件人",
            "电话",
            "地址",
            "商品",
            "物流",
            "金额",
        ],
        Lang::En => [
            "order",
            "status",
            "after-sale",
            "confirmed",
            "ship by",
            "left",
            "buyer memo",
            "seller note",
            "flag",
            "receiver",
            "phone",
            "address",
            "goods",
            "tracking",
            "amount",
        ],
    }
}

pub fn estimated(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "(估计)",
        Lang::En => " (estimated)",
    }
}

pub fn amount_line(lang: Lang, paid: Fen, goods: Fen, discounts: Fen, postage: Fen) -> String {
    match lang {
        Lang::Zh => format!("实付 {paid}(商品 {goods},优惠 {discounts},运费 {postage})"),
        Lang::En => {
            format!("paid {paid} (goods {goods}, discounts {discounts}, postage {postage})")
        }
    }
}
