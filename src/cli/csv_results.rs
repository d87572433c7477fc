//! `FILE.results.csv` beside the input: one line per row with its result, written whole each run
//! (temp file, then rename) so a crash never leaves a half-written report.

use crate::i18n::csv::RESULT_HEADERS;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The result word of a line that failed the checks (the others are `Outcome::result`).
pub const INVALID: &str = "invalid";

pub struct ResultLine {
    pub line: u64,
    pub order_sn: String,
    pub courier: String,
    pub tracking_number: String,
    /// shipped, failed, unknown or invalid.
    pub result: &'static str,
    pub message: String,
}

/// `orders.csv` → `orders.csv.results.csv`.
pub fn path_for(input: &Path) -> PathBuf {
    let mut name = input.as_os_str().to_owned();
    name.push(".results.csv");
    PathBuf::from(name)
}

/// A spreadsheet runs a cell starting with one of these as a formula; a leading `'` keeps it text.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

pub fn write(path: &Path, lines: &[ResultLine]) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    {
        let mut file = std::fs::File::create(&tmp)?;
        // A BOM so that Excel and WPS read the Chinese messages as UTF-8.
        file.write_all(b"\xEF\xBB\xBF")?;
        let mut w = csv::Writer::from_writer(file);
        w.write_record(RESULT_HEADERS)?;
        for l in lines {
            w.write_record([
                l.line.to_string(),
                neutralise(&l.order_sn),
                neutralise(&l.courier),
                neutralise(&l.tracking_number),
                l.result.to_string(),
                neutralise(&l.message),
            ])?;
        }
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_become_text() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("@SUM"), "'@SUM");
        assert_eq!(neutralise("YT1"), "YT1");
        assert_eq!(
            path_for(Path::new("/tmp/a.csv")),
            Path::new("/tmp/a.csv.results.csv")
        );
    }
}
