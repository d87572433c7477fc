//! Plain-text tables aligned by display width (a CJK character is two columns).

use crate::domain::text::{pad, pad_left, width};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Renders rows under a header; every column as wide as its widest cell, the last one not padded.
pub fn render(header: &[&str], aligns: &[Align], rows: &[Vec<String>]) -> String {
    let cols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
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
    for row in rows {
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
}
