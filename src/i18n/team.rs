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

/// `pddtui orders` in a team: where the rows came from (one line on stderr).
pub fn orders_from(lang: Lang, from: &crate::ops::queue_read::FromTeam) -> String {
    use crate::ops::queue_read::FromTeam;
    let zh = lang == Lang::Zh;
    match from {
        FromTeam::Shared { age } if zh => {
            format!("订单取自团队共享队列(负责同步的工作站 {age} 秒前同步):未请求网关")
        }
        FromTeam::Shared { age } => format!(
            "orders from the team's shared queue, synced {age} s ago by the shop's sync leader: the gateway was not asked"
        ),
        FromTeam::Led(None) if zh => {
            "本命令负责了店铺同步(团队共享队列已过期):向网关查询了自其标记以来的变化,已写入团队共享队列"
                .to_string()
        }
        FromTeam::Led(None) => "this command led the shop's sync (the team's shared queue was stale): the changes since its mark asked of the gateway and written to the team's shared queue".to_string(),
        FromTeam::Led(Some(why)) if zh => format!(
            "本命令负责了店铺同步({}):从网关完整列出订单,已写入团队共享队列",
            listed_why(lang, *why)
        ),
        FromTeam::Led(Some(why)) => format!(
            "this command led the shop's sync ({}): the queue listed in full from the gateway and written to the team's shared queue",
            listed_why(lang, *why)
        ),
        FromTeam::Apart { leader, age, .. } => {
            let (op, host) = (&leader.operator, &leader.host);
            match (zh, age) {
                (true, Some(a)) => format!(
                    "{op}@{host} 负责店铺同步,但团队共享队列已 {a} 秒未同步:订单从网关读取(本机缓存)"
                ),
                (true, None) => format!(
                    "{op}@{host} 负责店铺同步,但团队共享队列尚未同步:订单从网关读取(本机缓存)"
                ),
                (false, Some(a)) => format!(
                    "{op} on {host} leads the shop's sync but the team's shared queue is stale ({a} s since its last sync): orders read from the gateway on this host's cache"
                ),
                (false, None) => format!(
                    "{op} on {host} leads the shop's sync but the team's shared queue was never synced: orders read from the gateway on this host's cache"
                ),
            }
        }
        FromTeam::NoDatabase { error, .. } => no_database(lang, error),
    }
}

/// `pddtui orders` in a team without the team's database: read as on one host.
pub fn no_database(lang: Lang, error: &crate::store::StoreError) -> String {
    use crate::store::StoreError;
    let detail = match error {
        StoreError::Unreachable(m) | StoreError::Db(m) | StoreError::Busy(m) => m.clone(),
        StoreError::Refused(r) => r.to_string(),
    };
    match (lang, matches!(error, StoreError::Unreachable(_))) {
        (Lang::Zh, true) => format!("团队数据库无法连接({detail}):订单从网关读取(本机缓存)"),
        (Lang::Zh, false) => format!("团队数据库出错({detail}):订单从网关读取(本机缓存)"),
        (Lang::En, true) => format!(
            "team database unreachable ({detail}): orders read from the gateway on this host's cache"
        ),
        (Lang::En, false) => format!(
            "team database failed ({detail}): orders read from the gateway on this host's cache"
        ),
    }
}

fn listed_why(lang: Lang, why: crate::ops::queue_read::Full) -> &'static str {
    use crate::ops::queue_read::Full;
    match (lang, why) {
        (_, Full::Asked) => "--full",
        (Lang::Zh, Full::NoCache) => "团队共享队列为空",
        (Lang::Zh, Full::TooOld) => "团队共享队列的标记超过一天",
        (Lang::Zh, Full::Incomplete) => "团队共享队列不完整",
        (Lang::Zh, Full::NoIncrement) => "网关没有增量接口",
        (Lang::En, Full::NoCache) => "the team's shared queue was empty",
        (Lang::En, Full::TooOld) => "the team's shared queue's mark was over a day old",
        (Lang::En, Full::Incomplete) => "the team's shared queue was incomplete",
        (Lang::En, Full::NoIncrement) => "the gateway has no increment endpoint",
    }
}

/// `pddtui orders --full` refused: another workstation leads the shop's sync.
pub fn full_while_another_leads(lang: Lang, operator: &str, host: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "{operator}@{host} 正在负责本店同步:--full 会在同一限额下再次完整列出店铺。由负责同步的工作站列出(`pddtui team status` 查看同步负责),或在无人负责同步时再运行 --full"
        ),
        Lang::En => format!(
            "{operator} on {host} leads this shop's sync: --full would list the shop a second time against the same rate limit. The leader lists it (`pddtui team status` shows who leads); run --full when no workstation leads"
        ),
    }
}
