//! Untrusted text from buyers and the network, made safe to draw on a terminal, and measured in
//! display columns (CJK is two columns wide). The one sanitiser: every text either face prints passes here.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Longest value kept for display, in characters; longer ones end with `…`. A 10,000-character memo
/// must not cost a slow SSH link or the layout anything.
pub const MAX_CHARS: usize = 1000;

/// Zero-width marks (combining accents, Hangul vowel/final jamo) kept after one character that takes
/// space. Enough for real text (a vowel with two accents, an old Hangul syllable); hundreds piled on one
/// base ("zalgo") only cost the link and draw differently in every terminal.
pub const MAX_MARKS: usize = 2;

/// What the sanitiser does with one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Treat {
    Keep,
    /// Shown as this stand-in, so the operator sees that something was there.
    Replace(char),
    /// Removed: an invisible format character whose width terminals disagree on.
    Drop,
}

fn treat(c: char) -> Treat {
    match placeholder(c) {
        Some(p) => Treat::Replace(p),
        None if dropped(c) => Treat::Drop,
        None => Treat::Keep,
    }
}

/// Replaces everything that could move the cursor, start an escape sequence or reorder text with a visible
/// placeholder, so the operator sees that something was there: C0 controls and DEL become Control Pictures
/// (ESC is `␛`), C1 controls and every bidi control or mark become `�`; newlines, tabs and U+2028/2029
/// become spaces, so one field stays on one line. Invisible format characters whose width terminals and
/// ratatui disagree on (variation selectors, ZWJ, skin-tone modifiers, keycaps, tags, interlinear
/// annotation…, see [`dropped`]) are removed, and zero-width marks beyond [`MAX_MARKS`] per character
/// are dropped, so that what is measured is what the terminal draws. Values over [`MAX_CHARS`] are cut
/// and end with `…`.
pub fn sanitize(s: &str) -> String {
    normalise(s, Some(MAX_CHARS))
}

/// The rules of [`sanitize`]; `cap` is the longest value kept, in characters.
fn normalise(s: &str, cap: Option<usize>) -> String {
    let mut out = String::with_capacity(s.len().min(MAX_CHARS * 4 + 3));
    let mut kept = 0;
    let mut marks = 0;
    for c in s.chars() {
        let c = match treat(c) {
            Treat::Keep => c,
            Treat::Replace(p) => p,
            Treat::Drop => continue,
        };
        if is_mark(c) {
            marks += 1;
            if marks > MAX_MARKS {
                continue;
            }
        } else {
            marks = 0;
        }
        if cap == Some(kept) {
            out.push('…');
            break;
        }
        kept += 1;
        out.push(c);
    }
    out
}

/// A character drawn on the cell of the one before it (a combining mark): zero columns, not a control.
fn is_mark(c: char) -> bool {
    c.width() == Some(0)
}

/// The visible stand-in of a character that must not reach a terminal as is; `None` for a safe one.
pub fn placeholder(c: char) -> Option<char> {
    match c {
        '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => Some(' '),
        // Control Pictures: U+2400 + code for C0, U+2421 for DEL.
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' => Some('\u{FFFD}'),
        c if is_bidi(c) => Some('\u{FFFD}'),
        _ => None,
    }
}

/// Every bidi control and mark: the Arabic letter mark, LRM/RLM, the embeddings and overrides, the isolates.
pub fn is_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Invisible format characters (Unicode category Cf and their kin) that the sanitiser removes: terminals,
/// tmux and unicode-width each give them, or the sequences they form, a different width, so a row holding
/// one moves the columns after it and leaves stale cells behind.
pub fn dropped(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'                          // soft hyphen
        | '\u{034F}'                        // combining grapheme joiner
        | '\u{0600}'..='\u{0605}'           // Arabic number signs (prepended)
        | '\u{06DD}' | '\u{070F}' | '\u{0890}'..='\u{0891}' | '\u{08E2}'
        | '\u{115F}'..='\u{1160}'           // Hangul fillers
        | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}'           // Mongolian variation selectors, vowel separator
        | '\u{200B}'..='\u{200D}'           // zero-width space, non-joiner, joiner (emoji ZWJ sequences)
        | '\u{2060}'..='\u{2065}'           // word joiner, invisible operators
        | '\u{206A}'..='\u{206F}'           // deprecated format controls
        | '\u{20E3}'                        // combining enclosing keycap
        | '\u{3164}' | '\u{FFA0}'           // Hangul fillers
        | '\u{FE00}'..='\u{FE0F}'           // variation selectors (VS16 emoji presentation)
        | '\u{FEFF}'                        // byte order mark, zero-width no-break space
        | '\u{FFF9}'..='\u{FFFB}'           // interlinear annotation
        | '\u{110BD}' | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}'         // Egyptian hieroglyph format controls
        | '\u{1BCA0}'..='\u{1BCA3}'         // shorthand format controls
        | '\u{1D173}'..='\u{1D17A}'         // musical symbol format controls
        | '\u{1F3FB}'..='\u{1F3FF}'         // emoji skin-tone modifiers
        | '\u{E0000}'..='\u{E007F}'         // tag characters (subdivision flags)
        | '\u{E0100}'..='\u{E01EF}' // variation selectors supplement
    )
}

/// The rules of [`sanitize`] without the length cap: for whole lines the program prints itself.
pub fn escape_controls(line: &str) -> String {
    normalise(line, None)
}

/// For JSON output: what the sanitiser would replace or drop is written as a `\uXXXX` escape instead
/// (a UTF-16 pair past the BMP), so the data is kept (JSON reads it back the same) and no raw control,
/// bidi mark or width-changing format character reaches a terminal. serde_json leaves U+061C, U+200E,
/// the C1 range and the rest raw, hence this pass over its output. Such characters only occur inside
/// JSON strings, where the escape is valid.
pub fn json_escape_controls(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut marks = 0;
    for c in line.chars() {
        let excess = if is_mark(c) && treat(c) == Treat::Keep {
            marks += 1;
            marks > MAX_MARKS
        } else {
            marks = 0;
            false
        };
        if excess || treat(c) != Treat::Keep {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Sanitizes a field in place (cheap when it is already clean).
pub fn sanitize_in_place(s: &mut String) {
    // Printable ASCII is kept as it is and is never a mark: most of an order's text is checked at that.
    let changes = |c: char| !(' '..='~').contains(&c) && (treat(c) != Treat::Keep || is_mark(c));
    if s.len() > MAX_CHARS || s.chars().any(changes) {
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

    /// `sanitize_in_place` passes printable ASCII by without asking `treat`: true only while the rules keep
    /// every such character as it is.
    #[test]
    fn printable_ascii_is_kept_and_never_a_mark() {
        for c in ' '..='~' {
            assert_eq!(treat(c), Treat::Keep, "{c:?}");
            assert!(!is_mark(c), "{c:?}");
        }
        for s in [
            "YT9300000001",
            "a\x1b[2Jb",
            "ok\u{202e}",
            "e\u{301}\u{301}\u{301}\u{301}\u{301}",
        ] {
            let mut t = s.to_string();
            sanitize_in_place(&mut t);
            assert_eq!(t, sanitize(s), "{s:?}");
        }
    }

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
        // Every bidi mark, the Arabic letter mark and LRM/RLM included.
        for c in [
            '\u{061c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}',
        ] {
            assert_eq!(
                sanitize(&format!("a{c}b")),
                "a\u{fffd}b",
                "{:04x}",
                c as u32
            );
        }
    }

    #[test]
    fn width_changing_format_characters_are_dropped() {
        // VS16, keycap, skin tone, ZWJ family, tag flag, interlinear annotation, BOM, soft hyphen.
        assert_eq!(sanitize("❤\u{fe0f}1\u{fe0f}\u{20e3}"), "❤1");
        assert_eq!(sanitize("👍\u{1f3fd}"), "👍");
        assert_eq!(sanitize("👨\u{200d}👩\u{200d}👧"), "👨👩👧");
        assert_eq!(sanitize("🏴\u{e0067}\u{e0062}\u{e007f}"), "🏴");
        assert_eq!(sanitize("\u{fff9}纸巾\u{fffa}zhi\u{fffb}"), "纸巾zhi");
        assert_eq!(sanitize("\u{feff}a\u{ad}b\u{200b}c"), "abc");
        assert_eq!(width(&sanitize("¥❤\u{fe0f}👍\u{1f3fb}")), 4);
    }

    #[test]
    fn combining_marks_are_capped_per_base() {
        let zalgo = format!(
            "Z{}a{}",
            "\u{301}".repeat(300),
            "\u{308}\u{200d}\u{308}\u{308}"
        );
        assert_eq!(sanitize(&zalgo), "Z\u{301}\u{301}a\u{308}\u{308}");
        // Real text keeps its marks: é as e + U+0301, an old Hangul syllable (L V T).
        assert_eq!(sanitize("e\u{301}"), "e\u{301}");
        assert_eq!(
            sanitize("\u{1100}\u{1161}\u{11a8}"),
            "\u{1100}\u{1161}\u{11a8}"
        );
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
        // serde_json leaves these raw; the pass escapes them, past the BMP as a UTF-16 pair.
        let odd = "a\u{61c}b\u{200e}c❤\u{fe0f}👍\u{1f3fb}e\u{301}\u{301}\u{301}";
        let escaped = json_escape_controls(&serde_json::to_string(odd).unwrap());
        assert!(
            escaped.contains("\\u061c") && escaped.contains("\\ud83c\\udffb"),
            "{escaped}"
        );
        assert_eq!(escape_controls(&escaped), escaped, "nothing left to change");
        let back: String = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, odd);
    }

    /// Characters that stress the sanitiser: controls, bidi, format characters, marks, emoji, CJK.
    fn hostile_char() -> impl proptest::strategy::Strategy<Value = char> {
        use proptest::prelude::*;
        prop_oneof![
            any::<char>(),
            prop::sample::select(vec![
                '\u{1b}',
                '\u{7}',
                '\u{9b}',
                '\u{9d}',
                '\u{61c}',
                '\u{200e}',
                '\u{202e}',
                '\u{2067}',
                '\u{fe0f}',
                '\u{fe0e}',
                '\u{200d}',
                '\u{20e3}',
                '\u{1f3fb}',
                '\u{e0067}',
                '\u{fff9}',
                '\u{301}',
                '\u{308}',
                '\u{e0100}',
                '\u{ad}',
                '\u{feff}',
                '❤',
                '👍',
                '👨',
                '🏴',
                '1',
                '#',
                '拼',
                'a',
                ' ',
                '\u{1100}',
                '\u{1161}',
                '\u{11a8}',
                '\u{1f1e8}',
                '\u{1f1f3}',
            ]),
        ]
    }

    proptest::proptest! {
        /// Whatever comes in: nothing that needs a stand-in or is dropped comes out, marks stay capped,
        /// sanitising twice changes nothing, and the width measured for the whole string is the sum of
        /// its characters' widths, as a terminal (tmux, wcwidth) counts it cell by cell.
        #[test]
        fn sanitised_text_is_inert_and_measured_as_drawn(
            chars in proptest::collection::vec(hostile_char(), 0..80)
        ) {
            let s: String = chars.into_iter().collect();
            let out = sanitize(&s);
            let mut run = 0;
            for c in out.chars() {
                proptest::prop_assert!(placeholder(c).is_none() && !dropped(c), "{:04x}", c as u32);
                run = if is_mark(c) { run + 1 } else { 0 };
                proptest::prop_assert!(run <= MAX_MARKS);
            }
            proptest::prop_assert_eq!(&sanitize(&out), &out);
            let cells: usize = out.chars().map(|c| c.width().unwrap_or(0)).sum();
            proptest::prop_assert_eq!(width(&out), cells, "{:?}", out);
            let escaped = json_escape_controls(&serde_json::to_string(&s).unwrap());
            proptest::prop_assert_eq!(&escape_controls(&escaped), &escaped);
            let back: String = serde_json::from_str(&escaped).unwrap();
            proptest::prop_assert_eq!(back, s);
        }
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
