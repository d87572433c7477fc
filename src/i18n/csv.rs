//! Texts of batch shipping from a CSV file (`pddtui ship --csv`): file and line problems, per-row
//! results, the summary. The results file's header and result words stay English: scripts read them.

use super::Lang;
use super::errors::validation_error;
use super::os::io_error;
use crate::domain::Courier;
use crate::domain::csv_rows::{FileError, MAX_FILE_BYTES, RowProblem, SyntaxProblem};
use std::path::Path;

/// Header of `FILE.results.csv`.
pub const RESULT_HEADERS: [&str; 6] = [
    "line",
    "order_sn",
    "courier",
    "tracking_number",
    "result",
    "message",
];

fn join_lines(lines: &[u64]) -> String {
    lines
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `85 YTO 圆通快递, 3 HT 百世快递`: what each candidate is and the id that picks it.
pub fn candidate_list(candidates: &[Courier]) -> String {
    candidates
        .iter()
        .map(|c| format!("{} {} {}", c.id, c.code, c.name))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn row_problem(lang: Lang, p: &RowProblem) -> String {
    match (lang, p) {
        (_, RowProblem::Invalid(e)) => validation_error(e, lang),
        (Lang::Zh, RowProblem::CourierMissing) => "快递公司为空".to_string(),
        (Lang::En, RowProblem::CourierMissing) => "courier is empty".to_string(),
        (Lang::Zh, RowProblem::CourierUnknown(t)) => {
            format!("快递公司 {t:?} 不在快递公司列表中(可写编号、代码或名称)")
        }
        (Lang::En, RowProblem::CourierUnknown(t)) => {
            format!("courier {t:?} is not in the courier list (give its id, code or name)")
        }
        (Lang::Zh, RowProblem::CourierAmbiguous { text, candidates }) => format!(
            "快递公司 {text:?} 可指多家快递公司:{};请写编号",
            candidate_list(candidates)
        ),
        (Lang::En, RowProblem::CourierAmbiguous { text, candidates }) => format!(
            "courier {text:?} names several couriers: {}; give the id",
            candidate_list(candidates)
        ),
        (Lang::Zh, RowProblem::DuplicateOrder { sn, lines }) => {
            format!("订单 {sn} 在文件中重复(另见第 {} 行)", join_lines(lines))
        }
        (Lang::En, RowProblem::DuplicateOrder { sn, lines }) => {
            format!(
                "order {sn} appears more than once (also line {})",
                join_lines(lines)
            )
        }
        (Lang::Zh, RowProblem::DuplicateNumber { number, lines }) => {
            format!(
                "快递单号 {number} 在文件中重复(另见第 {} 行)",
                join_lines(lines)
            )
        }
        (Lang::En, RowProblem::DuplicateNumber { number, lines }) => format!(
            "tracking number {number} appears more than once (also line {})",
            join_lines(lines)
        ),
        (
            Lang::Zh,
            RowProblem::NumberUsed {
                number,
                other_order,
            },
        ) => {
            format!("快递单号 {number} 已用于订单 {other_order}(发货日志)")
        }
        (
            Lang::En,
            RowProblem::NumberUsed {
                number,
                other_order,
            },
        ) => {
            format!("tracking number {number} was already used for order {other_order} (journal)")
        }
        (Lang::Zh, RowProblem::ScientificNotation(n)) => format!(
            "快递单号 {n} 被表格软件变成了科学计数法,数字已丢失;请把该列设为文本格式后重新导出"
        ),
        (Lang::En, RowProblem::ScientificNotation(n)) => format!(
            "tracking number {n} was turned into scientific notation by the spreadsheet and its digits are lost; format the column as text and export again"
        ),
    }
}

pub fn file_error(lang: Lang, path: &Path, e: &FileError) -> String {
    let p = path.display();
    match (lang, e) {
        (Lang::Zh, FileError::Io(e)) => format!("{p}:无法读取:{}", io_error(lang, e)),
        (Lang::En, FileError::Io(e)) => format!("{p}: cannot read: {}", io_error(lang, e)),
        (Lang::Zh, FileError::Empty) => {
            format!("{p}:文件为空;第 1 行应为表头 order_sn,courier,tracking_number,imei")
        }
        (Lang::En, FileError::Empty) => format!(
            "{p}: the file is empty; line 1 must be the header order_sn,courier,tracking_number,imei"
        ),
        (Lang::Zh, FileError::MissingColumns(m)) => {
            format!("{p}:第 1 行的表头缺少列 {}", m.join(", "))
        }
        (Lang::En, FileError::MissingColumns(m)) => {
            format!(
                "{p}: the header (line 1) lacks the column(s) {}",
                m.join(", ")
            )
        }
        (Lang::Zh, FileError::NoRows) => format!("{p}:只有表头,没有要发货的行"),
        (Lang::En, FileError::NoRows) => format!("{p}: a header but no rows to ship"),
        (Lang::Zh, FileError::Syntax { line, problem }) => {
            format!("{p}:第 {line} 行 CSV 格式错误:{}", syntax(lang, problem))
        }
        (Lang::En, FileError::Syntax { line, problem }) => {
            format!("{p}: line {line}: broken CSV: {}", syntax(lang, problem))
        }
        (Lang::Zh, FileError::TooLarge(n)) => {
            format!("{p}:文件有 {n} 字节,超过上限 {MAX_FILE_BYTES} 字节")
        }
        (Lang::En, FileError::TooLarge(n)) => {
            format!("{p}: {n} bytes, more than the limit of {MAX_FILE_BYTES}")
        }
    }
}

/// What the CSV reader said, in the interface language.
fn syntax(lang: Lang, p: &SyntaxProblem) -> String {
    match (lang, p) {
        (Lang::Zh, SyntaxProblem::Utf8 { field }) => {
            format!("第 {} 列不是有效的 UTF-8 文本", field + 1)
        }
        (Lang::En, SyntaxProblem::Utf8 { field }) => {
            format!("column {} is not valid UTF-8 text", field + 1)
        }
        (Lang::Zh, SyntaxProblem::FieldCount { expected, found }) => {
            format!("有 {found} 列,表头有 {expected} 列")
        }
        (Lang::En, SyntaxProblem::FieldCount { expected, found }) => {
            format!("{found} columns where the header has {expected}")
        }
        (_, SyntaxProblem::Io(e)) => io_error(lang, e),
        (Lang::Zh, SyntaxProblem::Other(s)) => format!("CSV 读取错误:{s}"),
        (Lang::En, SyntaxProblem::Other(s)) => format!("CSV reader: {s}"),
    }
}

/// One problem of one line, on stderr before anything is sent.
pub fn invalid_line(lang: Lang, line: u64, reason: &str) -> String {
    match lang {
        Lang::Zh => format!("第 {line} 行:{reason}"),
        Lang::En => format!("line {line}: {reason}"),
    }
}

pub fn invalid_stop(lang: Lang, bad_lines: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "{bad_lines} 行有错误,没有发货任何订单;改正后重试,或加 --skip-invalid 只发有效的行"
        ),
        Lang::En => format!(
            "{bad_lines} line(s) have errors; nothing was shipped. Fix them, or add --skip-invalid to ship the valid lines"
        ),
    }
}

pub fn invalid_skipped(lang: Lang, bad_lines: usize) -> String {
    match lang {
        Lang::Zh => format!("跳过 {bad_lines} 个有错误的行,其余照常发货"),
        Lang::En => format!("skipping {bad_lines} invalid line(s); shipping the others"),
    }
}

/// A result line per row, on stdout as rows finish.
pub fn row_line(lang: Lang, line: u64, sn: &str, text: &str) -> String {
    match lang {
        Lang::Zh => format!("第 {line} 行 {sn}:{text}"),
        Lang::En => format!("line {line} {sn}: {text}"),
    }
}

pub fn shipped_now(lang: Lang, courier: &str, number: &str, checked: bool) -> String {
    match (lang, checked) {
        (Lang::Zh, false) => format!("已发货 {courier} {number}"),
        (Lang::Zh, true) => format!("已发货 {courier} {number}(应答丢失,查询确认已生效)"),
        (Lang::En, false) => format!("shipped {courier} {number}"),
        (Lang::En, true) => format!("shipped {courier} {number} (answer lost; checked: applied)"),
    }
}

pub fn already_journal(lang: Lang, number: &str) -> String {
    match lang {
        Lang::Zh => format!("之前已发货 {number}(发货日志),跳过"),
        Lang::En => format!("shipped before with {number} (journal); skipped"),
    }
}

pub fn already_gateway(lang: Lang, number: &str) -> String {
    match lang {
        Lang::Zh => format!("之前已发货 {number}(查询订单确认),跳过"),
        Lang::En => format!("shipped before with {number} (order read back); skipped"),
    }
}

/// The order is shipped, but not as this row says (another number or courier).
pub fn shipped_other(lang: Lang, courier_id: i64, number: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "订单已发货(快递公司 {courier_id},单号 {number}),与本行不同;要更改请用 pddtui ship --modify"
        ),
        Lang::En => format!(
            "already shipped differently (courier {courier_id}, number {number}); use pddtui ship --modify to change it"
        ),
    }
}

pub fn unknown_outcome(lang: Lang, reason: &str) -> String {
    match lang {
        Lang::Zh => format!("结果未知,重新运行同一文件会先核对再决定:{reason}"),
        Lang::En => format!("outcome unknown; re-running the same file checks it first: {reason}"),
    }
}

pub fn progress_message(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "发货中",
        Lang::En => "shipping",
    }
}

pub fn results_unwritten(lang: Lang, path: &Path, e: &std::io::Error) -> String {
    match lang {
        Lang::Zh => format!("无法写入结果文件 {}:{}", path.display(), io_error(lang, e)),
        Lang::En => format!(
            "cannot write the results file {}: {}",
            path.display(),
            io_error(lang, e)
        ),
    }
}

/// How the rows of one run ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub shipped_now: usize,
    pub shipped_before: usize,
    pub failed: usize,
    pub unknown: usize,
    pub invalid: usize,
}

pub fn summary(lang: Lang, t: &Tally, results: &Path) -> String {
    let r = results.display();
    match lang {
        Lang::Zh => format!(
            "本次发货 {},之前已发货 {},失败 {},结果未知 {},无效 {};结果见 {r}",
            t.shipped_now, t.shipped_before, t.failed, t.unknown, t.invalid
        ),
        Lang::En => format!(
            "shipped now {}, shipped before {}, failed {}, unknown {}, invalid {}; results in {r}",
            t.shipped_now, t.shipped_before, t.failed, t.unknown, t.invalid
        ),
    }
}

pub fn rerun_hint(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "有行失败或结果未知;改正后重新运行同一文件,已发货的行会自动跳过",
        Lang::En => {
            "some rows failed or have an unknown outcome; re-run the same file: rows already shipped are skipped"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::courier::reference_list;

    #[test]
    fn ambiguity_and_reader_errors_in_both_languages() {
        let candidates: Vec<Courier> = reference_list().into_iter().take(2).collect();
        let p = RowProblem::CourierAmbiguous {
            text: "x".into(),
            candidates,
        };
        assert_eq!(
            row_problem(Lang::Zh, &p),
            "快递公司 \"x\" 可指多家快递公司:1 STO 申通快递, 3 HT 百世快递;请写编号"
        );
        assert_eq!(
            super::super::cli::courier_arg(Lang::En, &p),
            "--courier 'x' names several couriers: 1 STO 申通快递, 3 HT 百世快递; give the id"
        );
        let path = Path::new("/a.csv");
        let e = FileError::Syntax {
            line: 3,
            problem: SyntaxProblem::FieldCount {
                expected: 3,
                found: 4,
            },
        };
        assert_eq!(
            file_error(Lang::Zh, path, &e),
            "/a.csv:第 3 行 CSV 格式错误:有 4 列,表头有 3 列"
        );
        let e = FileError::Syntax {
            line: 2,
            problem: SyntaxProblem::Io(std::io::Error::from(std::io::ErrorKind::PermissionDenied)),
        };
        assert_eq!(
            file_error(Lang::En, path, &e),
            "/a.csv: line 2: broken CSV: permission denied"
        );
    }
}
