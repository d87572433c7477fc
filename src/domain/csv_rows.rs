//! Reads a batch-shipping CSV (order_sn, courier, tracking_number[, imei]) into checked ship requests and
//! per-line problems, with no UI: the CLI's `ship --csv` and the workstation's import dialog share it.

use crate::domain::group::{Address, may_share_number};
use crate::domain::text::sanitize;
use crate::domain::validate::{self, ShipInput, ValidationError};
use crate::domain::{Courier, ShipRequest};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

/// How the file's bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// Not valid UTF-8: read as GBK, what WPS and Chinese Excel write by default.
    Gbk,
}

/// The cells of one line as written (trimmed), for reports and the results file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRow {
    pub order_sn: String,
    pub courier: String,
    pub tracking_number: String,
    pub imei: String,
}

/// A line that passed every check: ready for `ops::ship_durably`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    /// Line in the file (the header is line 1).
    pub line: u64,
    pub raw: RawRow,
    /// The courier's name from the live list, whichever way the file named it.
    pub courier_name: String,
    pub request: ShipRequest,
    /// The number does not have the courier's usual shape (a warning only).
    pub shape_warning: bool,
    /// Other orders that use this row's number too and go to the same buyer address (one parcel of a
    /// merge group, `domain::group`): the journal lets these, and only these, share it.
    pub mates: Vec<String>,
}

/// Why a line cannot be shipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    Invalid(ValidationError),
    CourierMissing,
    /// Neither an id, a code nor a name of the courier list.
    CourierUnknown(String),
    /// The id, code or name of more than one courier of the list: which one is meant cannot be guessed.
    CourierAmbiguous {
        text: String,
        candidates: Vec<Courier>,
    },
    /// The same order on several lines: which one is meant cannot be guessed, so none ships.
    DuplicateOrder {
        sn: String,
        lines: Vec<u64>,
    },
    /// The same tracking number on several lines: at most one of them can be right, so none ships.
    DuplicateNumber {
        number: String,
        lines: Vec<u64>,
    },
    /// A spreadsheet turned a long all-digit number into scientific notation (`4.31235E+14`): the
    /// digits are lost; the column must be formatted as text before exporting.
    ScientificNotation(String),
    /// The number was already used for another order (found by the caller, e.g. in the journal).
    NumberUsed {
        number: String,
        other_order: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub raw: RawRow,
    pub problem: RowProblem,
}

/// Why the file as a whole cannot be read.
#[derive(Debug)]
pub enum FileError {
    Io(std::io::Error),
    /// No header line at all.
    Empty,
    /// The header lacks these required columns.
    MissingColumns(Vec<&'static str>),
    /// A header but no data line.
    NoRows,
    /// The CSV reader gave up at this line.
    Syntax {
        line: u64,
        problem: SyntaxProblem,
    },
    /// Larger than `MAX_FILE_BYTES`: not a shipping list.
    TooLarge(u64),
}

/// What the CSV reader said, kept typed so that it can be told in the interface language.
#[derive(Debug)]
pub enum SyntaxProblem {
    /// A field is not valid UTF-8 (field index, 0-based).
    Utf8 {
        field: u64,
    },
    /// A line has another number of fields than the header.
    FieldCount {
        expected: u64,
        found: u64,
    },
    Io(std::io::Error),
    /// Anything else the reader may say (kept as it said it).
    Other(String),
}

/// Where and why the reader stopped; `line_of` turns a byte offset into a line of the file.
fn syntax(e: csv::Error, line_of: impl Fn(u64) -> u64) -> FileError {
    let line = e.position().map_or(0, |p| line_of(p.byte()));
    let problem = match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => SyntaxProblem::Utf8 {
            field: err.field() as u64,
        },
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => SyntaxProblem::FieldCount {
            expected: *expected_len,
            found: *len,
        },
        csv::ErrorKind::Io(_) => match e.into_kind() {
            csv::ErrorKind::Io(e) => SyntaxProblem::Io(e),
            other => SyntaxProblem::Other(format!("{other:?}")),
        },
        _ => SyntaxProblem::Other(e.to_string()),
    };
    FileError::Syntax { line, problem }
}

/// About 400,000 rows: far more than a day's shipping, small enough to read whole.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// What a file holds: the rows that may ship, and every problem of the others, by line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub encoding: Encoding,
    pub rows: Vec<CsvRow>,
    /// Sorted by line; a line may have several.
    pub errors: Vec<RowError>,
    /// Orders the journal saw use a line's number, by line: filled by a caller that can read the
    /// journal, applied with `refuse_used`.
    pub used: Vec<(u64, Vec<String>)>,
}

impl Parsed {
    /// Lines with at least one problem, each once, in order.
    pub fn invalid_lines(&self) -> Vec<u64> {
        let mut lines: Vec<u64> = self.errors.iter().map(|e| e.line).collect();
        lines.dedup();
        lines
    }

    /// Lines that share a number are no duplicates when all their orders go to one buyer address (a
    /// merge group's parcel, `domain::group`): their `DuplicateNumber` problems go, and a line with no
    /// other problem becomes a row whose `mates` are the other orders. `address` says where an order
    /// goes, as exactly as the caller knows (`None`: unknown, which shares with nobody).
    pub fn share_within_address<'a>(
        &mut self,
        couriers: &[Courier],
        address: impl Fn(&str) -> Option<Address<'a>>,
    ) {
        let mut sets: Vec<Vec<u64>> = Vec::new();
        for e in &self.errors {
            if let RowProblem::DuplicateNumber { lines, .. } = &e.problem {
                let mut all = lines.clone();
                all.push(e.line);
                all.sort_unstable();
                if !sets.contains(&all) {
                    sets.push(all);
                }
            }
        }
        for set in sets {
            let raws: Vec<(u64, RawRow)> = set
                .iter()
                .filter_map(|l| self.errors.iter().find(|e| e.line == *l))
                .map(|e| (e.line, e.raw.clone()))
                .collect();
            let sns: Vec<String> = raws
                .iter()
                .map(|(_, r)| r.order_sn.trim().to_string())
                .collect();
            let Some((first, rest)) = sns.split_first() else {
                continue;
            };
            if sns.len() != set.len()
                || !may_share_number(address(first), rest.iter().map(|sn| address(sn)))
            {
                continue;
            }
            self.errors.retain(|e| {
                !(set.contains(&e.line) && matches!(e.problem, RowProblem::DuplicateNumber { .. }))
            });
            for (line, raw) in raws {
                let line = &line;
                if self.errors.iter().any(|e| e.line == *line) {
                    continue;
                }
                match build(*line, &raw, couriers) {
                    Ok(mut row) => {
                        row.mates = sns
                            .iter()
                            .filter(|sn| **sn != raw.order_sn.trim())
                            .cloned()
                            .collect();
                        let at = self.rows.partition_point(|r| r.line <= *line);
                        self.rows.insert(at, row);
                    }
                    Err(problem) => {
                        let at = self.errors.partition_point(|e| e.line <= *line);
                        self.errors.insert(
                            at,
                            RowError {
                                line: *line,
                                raw,
                                problem,
                            },
                        );
                    }
                }
            }
        }
    }

    /// A number the journal saw used for other orders (`used`) is refused (`NumberUsed`, naming one of
    /// them) unless every one of them goes to the row's buyer address: then they are its mates.
    pub fn refuse_used<'a>(&mut self, address: impl Fn(&str) -> Option<Address<'a>>) {
        let used = std::mem::take(&mut self.used);
        let mut refused = Vec::new();
        for (line, users) in &used {
            let Some(row) = self.rows.iter_mut().find(|r| r.line == *line) else {
                continue;
            };
            let users: Vec<&String> = users
                .iter()
                .filter(|u| **u != row.request.order_sn)
                .collect();
            if users.is_empty() {
                continue;
            }
            let this = address(&row.request.order_sn);
            if may_share_number(this, users.iter().map(|u| address(u))) {
                for u in users {
                    if !row.mates.contains(u) {
                        row.mates.push(u.clone());
                    }
                }
                continue;
            }
            let other = users
                .iter()
                .find(|u| !may_share_number(this, [address(u)]))
                .or(users.first())
                .map(|u| u.to_string())
                .unwrap_or_default();
            refused.push((*line, row.request.tracking_number.clone(), other));
        }
        self.used = used;
        for (line, number, other_order) in refused {
            self.reject(
                line,
                RowProblem::NumberUsed {
                    number,
                    other_order,
                },
            );
        }
    }

    /// Every line with a number and an order, as written: (line, order, number), for a caller that
    /// looks the numbers up (in the journal) before `refuse_used`.
    pub fn numbers(&self) -> Vec<(u64, String, String)> {
        let rows = self.rows.iter().map(|r| {
            (
                r.line,
                r.request.order_sn.clone(),
                r.request.tracking_number.clone(),
            )
        });
        let dups = self
            .errors
            .iter()
            .filter(|e| matches!(e.problem, RowProblem::DuplicateNumber { .. }))
            .map(|e| {
                (
                    e.line,
                    e.raw.order_sn.trim().to_string(),
                    e.raw.tracking_number.trim().to_string(),
                )
            });
        let mut out: Vec<_> = rows.chain(dups).collect();
        out.sort();
        out.dedup();
        out
    }

    /// Moves a valid row to the errors, for a problem the caller found (a number used before).
    pub fn reject(&mut self, line: u64, problem: RowProblem) {
        let Some(i) = self.rows.iter().position(|r| r.line == line) else {
            return;
        };
        let row = self.rows.remove(i);
        let at = self.errors.partition_point(|e| e.line <= line);
        self.errors.insert(
            at,
            RowError {
                line,
                raw: row.raw,
                problem,
            },
        );
    }
}

const REQUIRED: [&str; 3] = ["order_sn", "courier", "tracking_number"];
/// Header names accepted for each column; Chinese ones as operators name them in their own sheets.
const ALIASES: [(&str, &[&str]); 4] = [
    ("order_sn", &["order_sn", "订单号", "订单编号"]),
    ("courier", &["courier", "快递公司", "物流公司"]),
    (
        "tracking_number",
        &["tracking_number", "快递单号", "运单号"],
    ),
    ("imei", &["imei", "串码"]),
];

/// BOM → UTF-8; valid UTF-8 → UTF-8; anything else → GBK (never fails: bad bytes become U+FFFD and
/// then fail validation on their line).
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest), Encoding::Utf8Bom);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), Encoding::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::GBK.decode_without_bom_handling(bytes);
            (text, Encoding::Gbk)
        }
    }
}

/// Reads and checks a file against the live courier list.
pub fn read_file(path: &Path, couriers: &[Courier]) -> Result<Parsed, FileError> {
    let size = std::fs::metadata(path).map_err(FileError::Io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(FileError::TooLarge(size));
    }
    let bytes = std::fs::read(path).map_err(FileError::Io)?;
    parse(&bytes, couriers)
}

/// Checks every line: order number, courier (id, code or name; known and available), tracking number,
/// IMEI, and duplicate orders or numbers within the file.
pub fn parse(bytes: &[u8], couriers: &[Courier]) -> Result<Parsed, FileError> {
    let (text, encoding) = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let columns = columns(&mut reader)?;
    let line_of = line_index(&text);
    let mut lines: Vec<(u64, RawRow)> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| syntax(e, &line_of))?;
        // The file may come from anywhere; its cells are echoed to terminals, so no escape survives.
        let cell = |i: Option<usize>| sanitize(i.and_then(|i| record.get(i)).unwrap_or_default());
        let raw = RawRow {
            order_sn: cell(columns[0]),
            courier: cell(columns[1]),
            tracking_number: cell(columns[2]),
            imei: cell(columns[3]),
        };
        // Spreadsheets leave rows of empty cells at the end; they are not lines to ship.
        if record.iter().all(str::is_empty) {
            continue;
        }
        lines.push((record.position().map_or(0, |p| line_of(p.byte())), raw));
    }
    if lines.is_empty() {
        return Err(FileError::NoRows);
    }
    Ok(check_all(encoding, lines, couriers))
}

/// The line (1-based) of a record starting at a byte offset. The csv crate's own line count is one
/// short after CRLF line ends (WPS and Excel write them), so lines are counted here from the text.
fn line_index(text: &str) -> impl Fn(u64) -> u64 + '_ {
    let newlines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    move |byte| {
        // A record's offset may point at the line end left over from the one before.
        let rest = text.get(byte as usize..).unwrap_or_default();
        let start = byte as usize + (rest.len() - rest.trim_start_matches(['\r', '\n']).len());
        newlines.partition_point(|&i| i < start) as u64 + 1
    }
}

/// Column positions of order_sn, courier, tracking_number and imei (optional).
fn columns(reader: &mut csv::Reader<&[u8]>) -> Result<[Option<usize>; 4], FileError> {
    let headers = reader.headers().map_err(|e| syntax(e, |_| 1))?;
    if headers.iter().all(str::is_empty) {
        return Err(FileError::Empty);
    }
    let find = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    };
    let found = ALIASES.map(|(_, names)| find(names));
    let missing: Vec<&'static str> = REQUIRED
        .iter()
        .zip(found)
        .filter(|(_, f)| f.is_none())
        .map(|(name, _)| *name)
        .collect();
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(FileError::MissingColumns(missing))
    }
}

fn check_all(encoding: Encoding, lines: Vec<(u64, RawRow)>, couriers: &[Courier]) -> Parsed {
    let dup_orders = duplicates(&lines, |r| {
        validate::order_sn(&r.order_sn).ok().map(String::from)
    });
    let dup_numbers = duplicates(&lines, |r| {
        Some(validate::number_key(&r.tracking_number)).filter(|n| !n.is_empty())
    });
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (line, raw) in lines {
        let mut problems = check_line(&raw, couriers);
        if let Some(sn) = validate::order_sn(&raw.order_sn).ok()
            && let Some(all) = dup_orders.get(sn)
        {
            problems.push(RowProblem::DuplicateOrder {
                sn: sn.to_string(),
                lines: all.iter().copied().filter(|l| *l != line).collect(),
            });
        }
        if let Some(all) = dup_numbers.get(&validate::number_key(&raw.tracking_number)) {
            problems.push(RowProblem::DuplicateNumber {
                number: raw.tracking_number.clone(),
                lines: all.iter().copied().filter(|l| *l != line).collect(),
            });
        }
        if problems.is_empty() {
            match build(line, &raw, couriers) {
                Ok(row) => rows.push(row),
                Err(p) => problems.push(p),
            }
        }
        errors.extend(problems.into_iter().map(|problem| RowError {
            line,
            raw: raw.clone(),
            problem,
        }));
    }
    Parsed {
        encoding,
        rows,
        errors,
        used: Vec::new(),
    }
}

/// Keys that occur on more than one line, with all their lines.
fn duplicates<'a>(
    lines: &'a [(u64, RawRow)],
    key: impl Fn(&'a RawRow) -> Option<String>,
) -> HashMap<String, Vec<u64>> {
    let mut seen: HashMap<String, Vec<u64>> = HashMap::new();
    for (line, raw) in lines {
        if let Some(k) = key(raw) {
            seen.entry(k).or_default().push(*line);
        }
    }
    seen.retain(|_, v| v.len() > 1);
    seen
}

/// Every problem of one line on its own (not the duplicates), so the operator fixes them all at once.
fn check_line(raw: &RawRow, couriers: &[Courier]) -> Vec<RowProblem> {
    let mut out = Vec::new();
    if let Err(e) = validate::order_sn(&raw.order_sn) {
        out.push(RowProblem::Invalid(e));
    }
    if let Err(p) = resolve_courier(&raw.courier, couriers)
        .and_then(|c| validate::courier(c.id, couriers).map_err(RowProblem::Invalid))
    {
        out.push(p);
    }
    if looks_scientific(&raw.tracking_number) {
        out.push(RowProblem::ScientificNotation(raw.tracking_number.clone()));
    } else if let Err(e) = validate::tracking_number(&raw.tracking_number) {
        out.push(RowProblem::Invalid(e));
    }
    if let Err(e) = validate::imei_feature(&raw.imei) {
        out.push(RowProblem::Invalid(e));
    }
    out
}

/// `4.31235E+14`, `4E+14`: what Excel shows and exports for a long number in a General column.
fn looks_scientific(s: &str) -> bool {
    let upper = s.to_ascii_uppercase();
    let Some((mantissa, exp)) = upper.split_once("E+") else {
        return false;
    };
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    digits(int) && digits(frac) && digits(exp)
}

fn build(line: u64, raw: &RawRow, couriers: &[Courier]) -> Result<CsvRow, RowProblem> {
    let courier = resolve_courier(&raw.courier, couriers)?;
    let checked = validate::ship(
        &ShipInput {
            order_sn: &raw.order_sn,
            courier_id: courier.id,
            tracking: &raw.tracking_number,
            imei: &raw.imei,
            refund_address_id: None,
            modify: false,
        },
        couriers,
    )
    .map_err(RowProblem::Invalid)?;
    Ok(CsvRow {
        line,
        raw: raw.clone(),
        courier_name: courier.name.clone(),
        request: checked.request,
        shape_warning: checked.shape_warning,
        mates: Vec::new(),
    })
}

/// A courier by id (`85`), code (`YTO`, any case) or name (`圆通快递`): the one courier of the list that
/// the text names in any of these ways. Text naming several (a live list may repeat a name, or use a
/// number as another courier's code) is ambiguous, never resolved by guessing. Availability is checked
/// apart. The CSV's column and the CLI's `--courier` both go through here.
pub fn resolve_courier<'a>(text: &str, couriers: &'a [Courier]) -> Result<&'a Courier, RowProblem> {
    let t = text.trim();
    if t.is_empty() {
        return Err(RowProblem::CourierMissing);
    }
    let id = t.parse::<i64>().ok();
    let mut found: Vec<&Courier> = Vec::new();
    for c in couriers {
        let names_it = Some(c.id) == id || c.code.eq_ignore_ascii_case(t) || c.name == t;
        // A list repeating one courier (same id) names it once.
        if names_it && !found.iter().any(|f| f.id == c.id) {
            found.push(c);
        }
    }
    match found.as_slice() {
        [] => Err(RowProblem::CourierUnknown(t.to_string())),
        [one] => Ok(one),
        _ => Err(RowProblem::CourierAmbiguous {
            text: t.to_string(),
            candidates: found.into_iter().cloned().collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::courier::reference_list;

    const HEADER: &str = "order_sn,courier,tracking_number,imei\n";

    fn parse_text(body: &str) -> Parsed {
        parse(format!("{HEADER}{body}").as_bytes(), &reference_list()).unwrap()
    }

    /// Issue 12: lines sharing a number are rows when all their orders go to one buyer address (their
    /// mates named); with any order of another or an unknown address they stay duplicates.
    #[test]
    fn lines_of_one_address_share_a_number() {
        let body = "210318-000000000000001,YTO,YT1234567890123\n\
                    210318-000000000000002,YTO,YT1234567890123\n\
                    210318-000000000000003,YTO,YT1234567890456\n\
                    210318-000000000000004,YTO,YT1234567890456\n";
        let mut p = parse_text(body);
        assert_eq!(p.rows.len(), 0);
        let address = |sn: &str| match sn {
            "210318-000000000000001" | "210318-000000000000002" | "210318-000000000000003" => {
                Some(crate::domain::group::Address::Id("addr-a"))
            }
            "210318-000000000000004" => Some(crate::domain::group::Address::Id("addr-b")),
            _ => None,
        };
        p.share_within_address(&reference_list(), address);
        let lines: Vec<u64> = p.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3]);
        assert_eq!(p.rows[0].mates, ["210318-000000000000002"]);
        assert_eq!(p.rows[1].mates, ["210318-000000000000001"]);
        assert_eq!(p.invalid_lines(), [4, 5]);
        assert!(
            p.errors
                .iter()
                .all(|e| matches!(e.problem, RowProblem::DuplicateNumber { .. }))
        );
    }

    #[test]
    fn courier_by_id_code_or_name() {
        let list = reference_list();
        for t in ["85", "YTO", "yto", "圆通快递", " 85 "] {
            assert_eq!(resolve_courier(t, &list).unwrap().id, 85, "{t}");
        }
        assert_eq!(
            resolve_courier("顺丰", &list),
            Err(RowProblem::CourierUnknown("顺丰".into()))
        );
        assert_eq!(resolve_courier("", &list), Err(RowProblem::CourierMissing));
    }

    #[test]
    fn a_courier_named_twice_is_ambiguous_never_guessed() {
        let mut list = reference_list();
        let extra = |id: i64, code: &str, name: &str| Courier {
            id,
            code: code.into(),
            name: name.into(),
            available: 1,
        };
        // A live list may repeat a name, or use a number as another courier's code.
        list.push(extra(900, "YTO2", "圆通快递"));
        list.push(extra(901, "85", "八五物流"));
        // The same courier listed twice is still one courier.
        list.push(extra(115, "ZTO", "中通快递"));
        let ambiguous = |t: &str| match resolve_courier(t, &list) {
            Err(RowProblem::CourierAmbiguous { text, candidates }) => {
                assert_eq!(text, t.trim());
                candidates.iter().map(|c| c.id).collect::<Vec<_>>()
            }
            other => panic!("{t}: {other:?}"),
        };
        assert_eq!(ambiguous("圆通快递"), vec![85, 900]);
        assert_eq!(ambiguous(" 85 "), vec![85, 901]);
        assert_eq!(resolve_courier("yto", &list).map(|c| c.id), Ok(85));
        assert_eq!(resolve_courier("900", &list).map(|c| c.id), Ok(900));
        assert_eq!(resolve_courier("zto", &list).map(|c| c.id), Ok(115));
        // In a file, the line says so and does not ship.
        let p = parse(
            format!("{HEADER}210317-000000000000001,圆通快递,YT1234567890123,\n").as_bytes(),
            &list,
        )
        .unwrap();
        assert!(p.rows.is_empty());
        assert!(matches!(
            p.errors[0].problem,
            RowProblem::CourierAmbiguous { .. }
        ));
    }

    #[test]
    fn the_readers_errors_stay_typed() {
        let mut strict = csv::ReaderBuilder::new().from_reader("a,b\n1,2,3\n".as_bytes());
        let e = strict.records().find_map(Result::err).unwrap();
        assert!(matches!(
            syntax(e, |_| 2),
            FileError::Syntax {
                line: 2,
                problem: SyntaxProblem::FieldCount {
                    expected: 2,
                    found: 3
                }
            }
        ));
        let mut bytes = csv::ReaderBuilder::new().from_reader(&b"a\n\xff\n"[..]);
        let e = bytes.records().find_map(Result::err).unwrap();
        assert!(matches!(
            syntax(e, |_| 2),
            FileError::Syntax {
                problem: SyntaxProblem::Utf8 { field: 0 },
                ..
            }
        ));
    }

    #[test]
    fn decodes_bom_utf8_and_gbk_alike() {
        let text = format!("{HEADER}210317-001532562392221,圆通快递,YT1234567890123,\n");
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let list = reference_list();
        let plain = parse(text.as_bytes(), &list).unwrap();
        let with_bom = parse(&bom, &list).unwrap();
        let from_gbk = parse(&gbk, &list).unwrap();
        assert_eq!(plain.encoding, Encoding::Utf8);
        assert_eq!(with_bom.encoding, Encoding::Utf8Bom);
        assert_eq!(from_gbk.encoding, Encoding::Gbk);
        assert_eq!(plain.rows, with_bom.rows);
        assert_eq!(plain.rows, from_gbk.rows);
        assert_eq!(plain.rows[0].courier_name, "圆通快递");
        assert_eq!(plain.rows[0].line, 2);
    }

    #[test]
    fn line_numbers_hold_with_crlf_and_quoted_newlines() {
        let crlf = "order_sn,courier,tracking_number\r\nx,85,YT1\r\n\r\ny,85,YT2\r\n";
        let p = parse(crlf.as_bytes(), &reference_list()).unwrap();
        assert_eq!(p.invalid_lines(), vec![2, 4]);
        let quoted = "order_sn,courier,tracking_number\n\"x\ny\",85,YT1\nz,85,YT2\n";
        let p = parse(quoted.as_bytes(), &reference_list()).unwrap();
        assert_eq!(p.invalid_lines(), vec![2, 4]);
    }

    #[test]
    fn every_problem_is_reported_by_line() {
        let p = parse_text(
            "21-1,85,YT1234567890123,\n\
             210317-000000000000002,999,YT1234567890124,\n\
             210317-000000000000003,384,JT1234567890125,\n\
             210317-000000000000004,85,YT 123,\n\
             210317-000000000000005,85,YT1234567890126,12\n\
             210317-000000000000006,85,YT1234567890127,\n\
             210317-000000000000006,85,YT1234567890128,\n\
             210317-000000000000008,85,YT1234567890129,\n\
             210317-000000000000009,85,yt1234567890129,\n\
             210317-000000000000010,yto,YT1234567890130,860000000000001\n",
        );
        assert_eq!(p.invalid_lines(), vec![2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].line, 11);
        assert_eq!(
            p.rows[0].request.feature.as_deref(),
            Some("imei=860000000000001;")
        );
        let at = |line| {
            p.errors
                .iter()
                .find(|e| e.line == line)
                .map(|e| e.problem.clone())
                .unwrap()
        };
        assert!(matches!(
            at(2),
            RowProblem::Invalid(ValidationError::OrderSn(_))
        ));
        assert!(matches!(at(3), RowProblem::CourierUnknown(_)));
        assert!(matches!(
            at(4),
            RowProblem::Invalid(ValidationError::CourierUnavailable { id: 384, .. })
        ));
        assert!(matches!(
            at(5),
            RowProblem::Invalid(ValidationError::TrackingChars(_))
        ));
        assert!(matches!(
            at(6),
            RowProblem::Invalid(ValidationError::Imei(_))
        ));
        assert!(matches!(at(7), RowProblem::DuplicateOrder { ref lines, .. } if lines == &[8]));
        assert!(matches!(at(9), RowProblem::DuplicateNumber { ref lines, .. } if lines == &[10]));
    }

    #[test]
    fn spreadsheet_scientific_numbers_are_named() {
        let p =
            parse_text("210317-000000000000001,85,4.31235E+14,\n210317-000000000000002,85,E+1,\n");
        assert_eq!(
            p.errors[0].problem,
            RowProblem::ScientificNotation("4.31235E+14".into())
        );
        assert!(matches!(
            p.errors[1].problem,
            RowProblem::Invalid(ValidationError::TrackingChars(_))
        ));
    }

    #[test]
    fn cells_lose_escape_sequences() {
        let p = parse_text(
            "210317-000000000000001,\u{1b}]52;c;aGk=\u{7},YT1\u{1b}[2J,\n\
             210317-000000000000002,85,YT1\u{1b}[2J,\n",
        );
        assert!(
            p.errors
                .iter()
                .all(|e| !format!("{e:?}").contains('\u{1b}'))
        );
        assert!(matches!(
            &p.errors[0].problem,
            RowProblem::CourierUnknown(c) if !c.contains('\u{7}')
        ));
    }

    #[test]
    fn a_caller_rejects_a_row_in_line_order() {
        let mut p = parse_text(
            "x,85,YT1234567890121,
             210317-000000000000002,85,YT1234567890122,
             y,85,YT1234567890123,
",
        );
        p.reject(
            3,
            RowProblem::NumberUsed {
                number: "YT1234567890122".into(),
                other_order: "210317-000000000000009".into(),
            },
        );
        assert!(p.rows.is_empty());
        assert_eq!(p.invalid_lines(), vec![2, 3, 4]);
        assert!(matches!(p.errors[1].problem, RowProblem::NumberUsed { .. }));
    }

    #[test]
    fn file_level_errors_and_blank_rows() {
        let list = reference_list();
        assert!(matches!(parse(b"", &list), Err(FileError::Empty)));
        assert!(matches!(
            parse(b"order_sn,courier\n1,2\n", &list),
            Err(FileError::MissingColumns(m)) if m == vec!["tracking_number"]
        ));
        assert!(matches!(
            parse(HEADER.as_bytes(), &list),
            Err(FileError::NoRows)
        ));
        let p = parse_text("210317-000000000000001,85,YT1234567890123\n,,,\n\n");
        assert_eq!(p.rows.len(), 1);
        assert!(p.errors.is_empty());
        let zh = "订单号,快递公司,快递单号\n210317-000000000000001,中通快递,75123456789012\n";
        assert_eq!(
            parse(zh.as_bytes(), &list).unwrap().rows[0]
                .request
                .logistics_id,
            115
        );
    }
}
