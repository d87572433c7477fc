//! Texts about the program's own surroundings: a data dir it cannot write, a log it cannot keep, a shop
//! with no journal.

use super::Lang;

pub fn no_log(lang: Lang, path: &str, reason: &str) -> String {
    match lang {
        Lang::Zh => format!("无法写运行日志 {path}({reason}),继续运行,不记运行日志"),
        Lang::En => format!("cannot write the log {path} ({reason}); going on without a log"),
    }
}

/// Why shipping, notes and waybills are refused: no journal could be written in the data dir.
pub fn no_journal(lang: Lang, data_dir: &str, reason: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "数据目录 {data_dir} 不可写({reason}):没有日志数据库,不能发货、写备注或取单号;仍可查看订单"
        ),
        Lang::En => format!(
            "the data dir {data_dir} cannot be written ({reason}): without a journal, shipping, notes and \
             waybills are refused; reading still works"
        ),
    }
}
