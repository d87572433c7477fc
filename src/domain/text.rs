//! Untrusted text from buyers and the network, made safe to draw on a terminal, and measured in
//! display columns (CJK is two columns wide).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Removes everything that could move the cursor or start an escape sequence: C0 and C1 controls
/// (ESC, CSI, OSC…), DEL, and the bidi overrides that reorder what follows. Newlines and tabs become spaces,
/// so one field stays on one line.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Sanitizes a field in place (cheap when it is already clean).
pub fn sanitize_in_place(s: &mut String) {
    if s.chars().any(|c| c.is_control() || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')) {
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
    fn strips_escape_sequences_and_controls() {
        assert_eq!(
            sanitize("hi\x1b[2J\x1b]52;c;AAAA\x07there"),
            "hi[2J]52;c;AAAAthere"
        );
        assert_eq!(sanitize("a\nb\tc\u{9b}d\u{202e}e"), "a b cde");
        assert_eq!(sanitize("快点发货"), "快点发货");
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
