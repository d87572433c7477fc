//! Untrusted text from buyers and the network, made safe to draw on a terminal, and measured in
//! display columns (CJK is two columns wide).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Longest value kept for display, in characters; longer ones end with `…`. A 10,000-character memo
/// must not cost a slow SSH link or the layout anything.
pub const MAX_CHARS: usize = 1000;

/// Replaces everything that could move the cursor, start an escape sequence or reorder text with a visible
/// placeholder, so the operator sees that something was there: C0 controls and DEL become Control Pictures
/// (ESC is `␛`), C1 controls and bidi controls become `�`; newlines, tabs and U+2028/2029 become spaces,
/// so one field stays on one line. Values over [`MAX_CHARS`] are cut and end with `…`.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(MAX_CHARS * 4 + 3));
    for (i, c) in s.chars().enumerate() {
        if i == MAX_CHARS {
            out.push('…');
            break;
        }
        out.push(placeholder(c).unwrap_or(c));
    }
    out
}

/// The visible stand-in of a character that must not reach a terminal as is; `None` for a safe one.
pub fn placeholder(c: char) -> Option<char> {
    match c {
        '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => Some(' '),
        // Control Pictures: U+2400 + code for C0, U+2421 for DEL.
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Some('\u{FFFD}'),
        _ => None,
    }
}

/// The placeholders of [`sanitize`] without the length cap: for whole lines the program prints itself.
pub fn escape_controls(line: &str) -> String {
    line.chars().map(|c| placeholder(c).unwrap_or(c)).collect()
}

/// For JSON output: what would need a placeholder is written as a `\uXXXX` escape instead, so the data is
/// kept (JSON reads it back the same) and no raw control reaches a terminal. Such characters only occur
/// inside JSON strings, where the escape is valid.
pub fn json_escape_controls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if placeholder(c).is_some() {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Sanitizes a field in place (cheap when it is already clean).
pub fn sanitize_in_place(s: &mut String) {
    if s.chars().any(|c| placeholder(c).is_some()) || s.len() > MAX_CHARS {
        *s = sanitize(s);
    }
}

/// Display width in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Truncates to at most `max` columns at a character boundary, ending with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Pads with spaces on the right to exactly `cols` columns (truncating first if needed).
pub fn pad(s: &str, cols: usize) -> String {
    let t = truncate(s, cols);
    let w = width(&t);
    format!("{t}{}", " ".repeat(cols.saturating_sub(w)))
}

/// Pads with spaces on the left to exactly `cols` columns.
pub fn pad_left(s: &str, cols: usize) -> String {
    let t = truncate(s, cols);
    let w = width(&t);
    format!("{}{t}", " ".repeat(cols.saturating_sub(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible_placeholders() {
        assert_eq!(
            sanitize("hi\x1b[2J\x1b]52;c;AAAA\x07there"),
            "hi\u{241b}[2J\u{241b}]52;c;AAAA\u{2407}there"
        );
        assert_eq!(
            sanitize("a\nb\tc\u{9b}d\u{202e}e\u{7f}f\u{2028}g\u{2066}h\u{200f}"),
            "a b c\u{fffd}d\u{fffd}e\u{2421}f g\u{fffd}h\u{fffd}"
        );
        assert_eq!(sanitize("快点发货🎉"), "快点发货🎉");
    }

    #[test]
    fn printed_lines_and_json_lines() {
        assert_eq!(escape_controls("a\x1bb"), "a\u{241b}b");
        let json = serde_json::to_string(&"x\u{9b}y\u{202e}z\u{1b}").unwrap();
        let escaped = json_escape_controls(&json);
        assert!(
            escaped.chars().all(|c| placeholder(c).is_none()),
            "{escaped}"
        );
        let back: String = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, "x\u{9b}y\u{202e}z\u{1b}");
    }

    #[test]
    fn long_values_are_capped() {
        let long = "备".repeat(10_000);
        let s = sanitize(&long);
        assert_eq!(s.chars().count(), MAX_CHARS + 1);
        assert!(s.ends_with('…'));
        let mut m = long.clone();
        sanitize_in_place(&mut m);
        assert_eq!(m, s);
        let mut short = "ok".to_string();
        sanitize_in_place(&mut short);
        assert_eq!(short, "ok");
    }

    #[test]
    fn cjk_is_two_columns_and_truncation_keeps_boundaries() {
        assert_eq!(width("拼多多"), 6);
        assert_eq!(truncate("拼多多订单", 7), "拼多多…");
        assert_eq!(truncate("拼多多订单", 6), "拼多…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(pad("拼", 4), "拼  ");
        assert_eq!(pad_left("1", 3), "  1");
        assert_eq!(width(&pad("拼多多订单", 7)), 7);
    }
}
