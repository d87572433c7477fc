//! Plain-text tables aligned by display width (a CJK character is two columns).

use crate::domain::text::{pad, pad_left, sanitize, width};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Renders rows under a header; every column as wide as its widest cell, the last one not padded.
/// Every cell passes the sanitiser first, so what is measured is what the terminal draws.
pub fn render(header: &[&str], aligns: &[Align], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| sanitize(c)).collect())
        .collect();
    let cols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let last = i + 1 == cols;
            let text = match (aligns.get(i).copied().unwrap_or(Align::Left), last) {
                (Align::Right, _) => pad_left(cell, widths[i]),
                (Align::Left, true) => cell.to_string(),
                (Align::Left, false) => pad(cell, widths[i]),
            };
            out.push_str(&text);
            if !last {
                out.push_str("  ");
            }
        }
        out.trim_end().to_string()
    };
    let mut out = line(header.to_vec());
    out.push('\n');
    for row in &rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_cjk_by_display_width() {
        let t = render(
            &["商品", "n"],
            &[Align::Left, Align::Right],
            &[
                vec!["纸巾".into(), "1".into()],
                vec!["abc".into(), "10".into()],
            ],
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "商品   n");
        assert_eq!(lines[1], "纸巾   1");
        assert_eq!(lines[2], "abc   10");
        assert!(lines.iter().all(|l| width(l) == 8));
    }

    #[test]
    fn hostile_cells_keep_the_columns() {
        let t = render(
            &["n", "¥"],
            &[Align::Left, Align::Right],
            &[
                vec!["❤\u{fe0f}👍\u{1f3fd}\u{1b}[2J".into(), "1".into()],
                vec![format!("a{}\u{61c}", "\u{301}".repeat(200)), "12.90".into()],
            ],
        );
        let lines: Vec<&str> = t.lines().collect();
        let ends: Vec<usize> = lines.iter().map(|l| width(l)).collect();
        assert_eq!(ends, vec![ends[0]; 3], "{t}");
        assert!(!t.contains(['\u{1b}', '\u{fe0f}', '\u{61c}']), "{t}");
    }
}
