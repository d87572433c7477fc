//! `pddtui team`: the words of `init` and `status`.

use super::Lang;

pub fn no_team(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "配置文件中没有 [team](database_url 或 database_url_env):团队模式未启用",
        Lang::En => "no [team] in the config (database_url or database_url_env): team mode is off",
    }
}

pub fn initialised(lang: Lang, at: &str, applied: &[i32], version: i32) -> String {
    let list = applied
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    match (lang, applied.is_empty()) {
        (Lang::Zh, true) => format!("团队数据库 {at} 已是最新(结构版本 {version})"),
        (Lang::Zh, false) => format!("团队数据库 {at}:已应用迁移 {list},结构版本 {version}"),
        (Lang::En, true) => format!("team database {at} is up to date (schema version {version})"),
        (Lang::En, false) => {
            format!("team database {at}: applied migration(s) {list}, schema version {version}")
        }
    }
}

/// A toast over the note editor: another operator's note on this order was just saved.
pub fn note_changed_by(lang: Lang, order_sn: &str, who: &str) -> String {
    match lang {
        Lang::Zh => format!("订单 {order_sn} 的备注刚被 {who} 修改:保存时会先显示双方的内容"),
        Lang::En => {
            format!("order {order_sn}: {who} just changed its note; saving shows both notes first")
        }
    }
}

/// The header's word for the team's live updates: heard now, or the connection being made again.
/// The dot and the word say it without colour.
pub fn live(lang: Lang, live: bool) -> &'static str {
    match (lang, live) {
        (Lang::Zh, true) => "团队 ● 实时",
        (Lang::Zh, false) => "团队 ○ 重连中",
        (Lang::En, true) => "team ● live",
        (Lang::En, false) => "team ○ retrying",
    }
}

pub fn failed(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Zh => format!("团队数据库:{why}"),
        Lang::En => format!("team database: {why}"),
    }
}

pub struct Heads {
    pub database: &'static str,
    pub schema: &'static str,
    pub workstations: &'static str,
    pub leaders: &'static str,
    pub claims: &'static str,
    pub none: &'static str,
    pub operator: &'static str,
    pub host: &'static str,
    pub shop: &'static str,
    pub since: &'static str,
    pub last_seen: &'static str,
    pub until: &'static str,
    pub order: &'static str,
    pub fence: &'static str,
}

pub fn heads(lang: Lang) -> Heads {
    match lang {
        Lang::Zh => Heads {
            database: "数据库",
            schema: "结构版本",
            workstations: "在线工作站",
            leaders: "同步负责",
            claims: "处理中的订单",
            none: "(无)",
            operator: "操作员",
            host: "主机",
            shop: "店铺",
            since: "上线",
            last_seen: "最近",
            until: "租约至",
            order: "订单",
            fence: "令牌",
        },
        Lang::En => Heads {
            database: "database",
            schema: "schema version",
            workstations: "workstations online",
            leaders: "sync leaders",
            claims: "claims in force",
            none: "(none)",
            operator: "operator",
            host: "host",
            shop: "shop",
            since: "since",
            last_seen: "last seen",
            until: "lease until",
            order: "order",
            fence: "fence",
        },
    }
}
