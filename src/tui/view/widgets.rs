//! Small drawing helpers shared by the dialogs: centred popups, one-line text fields with a cursor, and
//! body lines cut to the popup. Text cut to fit ends with `…` (`domain::text::truncate`).

use crate::domain::text::{pad, truncate, width};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};
use tui_input::Input;

/// `Buffer::set_line`: the same cells, but a span of printable ASCII only (digits, times, padding: most
/// of a queue row) is written a cell per byte instead of through grapheme segmentation, which was the
/// largest part of a queue frame. Such a span is one grapheme of width 1 per byte, so the cells are those
/// `set_line` writes; any other span goes through `Buffer::set_stringn` as there.
pub fn put_line(buf: &mut Buffer, x: u16, y: u16, line: &Line<'_>, max_width: u16) {
    let mut x = x;
    let mut remaining = max_width;
    for span in line {
        if remaining == 0 {
            break;
        }
        let style = line.style.patch(span.style);
        let text = span.content.as_ref();
        if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            let room = remaining.min(buf.area.right().saturating_sub(x));
            let mut n = 0;
            for b in text.bytes().take(usize::from(room)) {
                if let Some(cell) = buf.cell_mut((x + n, y)) {
                    cell.set_char(char::from(b)).set_style(style);
                }
                n += 1;
            }
            x += n;
            remaining -= n;
        } else {
            let (end, _) = buf.set_stringn(x, y, text, usize::from(remaining), style);
            remaining = remaining.saturating_sub(end.saturating_sub(x));
            x = end;
        }
    }
}

/// A centred rectangle of at most `w`×`h`, cleared and framed; returns the inner area. A wide character
/// straddling its left edge is blanked, else the terminal would keep half of it over the border.
pub fn popup(frame: &mut Frame, w: u16, h: u16, title: &str, style: Style) -> Rect {
    let area = frame.area();
    let w = w.min(area.width);
    let h = h.min(area.height);
    let rect = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    clear_left_edge(frame, rect);
    frame.render_widget(Clear, rect);
    // A title wider than the frame ends with `…` (the border would otherwise cut it mid-word, silently).
    let title = truncate(title, usize::from(w).saturating_sub(4));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), style));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// A dialog's body lines cut to `cols` columns: a line that does not fit ends with `…` (ratatui would
/// clip it silently, mid-word or mid-number). Styles are kept; wide characters count two columns and are
/// never halved. Every dialog body goes through here just before it is drawn.
pub fn fit(lines: Vec<Line<'_>>, cols: u16) -> Vec<Line<'_>> {
    let cols = usize::from(cols);
    lines.into_iter().map(|l| fit_line(l, cols)).collect()
}

fn fit_line(line: Line<'_>, cols: usize) -> Line<'_> {
    if line.width() <= cols {
        return line;
    }
    let Line {
        style,
        alignment,
        spans,
    } = line;
    let budget = cols.saturating_sub(1);
    let mut used = 0;
    let mut out: Vec<Span> = Vec::new();
    for span in spans {
        let w = width(&span.content);
        if used + w <= budget {
            used += w;
            out.push(span);
            continue;
        }
        // The span that runs over: as much of it as fits, then the mark in its style.
        let mut kept = String::new();
        for c in span.content.chars() {
            let cw = width(c.encode_utf8(&mut [0; 4]));
            if used + cw > budget {
                break;
            }
            used += cw;
            kept.push(c);
        }
        kept.push('…');
        out.push(Span::styled(kept, span.style));
        break;
    }
    if cols == 0 {
        out.clear();
    }
    Line {
        style,
        alignment,
        spans: out,
    }
}

/// Cuts `s` into lines of at most `cols` columns, at most `max` of them; the last ends with `…` when cut.
pub fn wrap(s: &str, cols: usize, max: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut used = 0;
    for c in s.chars() {
        let cw = width(c.encode_utf8(&mut [0; 4]));
        if used + cw > cols {
            if out.len() == max {
                let last = out.pop().unwrap_or_default();
                out.push(truncate(&format!("{last}…"), cols));
                return out;
            }
            out.push(String::new());
            used = 0;
        }
        if let Some(line) = out.last_mut() {
            line.push(c);
        }
        used += cw;
    }
    out
}

/// Like `wrap`, but a line breaks at a space where it has one, so that English words stay whole.
pub fn wrap_words(s: &str, cols: usize, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in s.split(' ') {
        let last = lines.last().map(|l| width(l)).unwrap_or(0);
        let ww = width(word);
        if last > 0 && last + 1 + ww > cols {
            lines.push(String::new());
        }
        if let Some(l) = lines.last_mut() {
            if !l.is_empty() {
                l.push(' ');
            }
            l.push_str(word);
        }
    }
    // A word wider than a line (CJK text has no spaces) is cut by columns, as `wrap` does.
    let joined: Vec<String> = lines
        .iter()
        .flat_map(|l| wrap(l, cols, usize::MAX))
        .collect();
    if joined.len() <= max {
        return joined;
    }
    let mut out: Vec<String> = joined.into_iter().take(max).collect();
    if let Some(l) = out.last_mut() {
        *l = truncate(&format!("{l}…"), cols);
        if !l.ends_with('…') {
            l.pop();
            l.push('…');
        }
    }
    out
}

/// Blanks the wide characters whose first half lies just left of `rect` and whose second half lies in it.
fn clear_left_edge(frame: &mut Frame, rect: Rect) {
    let Some(x) = rect.x.checked_sub(1) else {
        return;
    };
    let buf = frame.buffer_mut();
    for y in rect.top()..rect.bottom() {
        if let Some(cell) = buf.cell_mut(Position::new(x, y))
            && width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// The visible part of a field `cols` wide, padded, and the cursor's column within it.
pub fn field_text(input: &Input, cols: usize) -> (String, u16) {
    let cols = cols.max(1);
    let scroll = input.visual_scroll(cols);
    let mut skipped = 0;
    let mut shown = String::new();
    for c in input.value().chars() {
        let w = width(c.encode_utf8(&mut [0; 4]));
        if skipped < scroll {
            skipped += w;
            continue;
        }
        shown.push(c);
    }
    let cursor = input.visual_cursor().saturating_sub(scroll);
    (pad(&shown, cols), u16::try_from(cursor).unwrap_or(0))
}

/// Puts the terminal cursor into a focused field at `x`,`y` (its first column) plus `offset`.
pub fn place_cursor(frame: &mut Frame, x: u16, y: u16, offset: u16, area: Rect) {
    let pos = Position::new(x.saturating_add(offset), y);
    if area.contains(pos) {
        frame.set_cursor_position(pos);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::{Color, Modifier};

    /// Pieces of span text: printable ASCII, padding, CJK, a combining mark after ASCII, controls, an
    /// emoji sequence, a tab.
    const PIECES: [&str; 10] = [
        "210318-578",
        "   ",
        "抽纸",
        "e\u{301}",
        "\u{1b}[31m",
        "a\r\nb",
        "👩\u{200d}💻",
        "\t",
        "~",
        "·x",
    ];

    proptest! {
        /// `put_line` writes exactly the cells `Buffer::set_line` writes, wherever the line starts and
        /// however little room it has, over a buffer that already holds other cells.
        #[test]
        fn put_line_writes_what_set_line_writes(
            spans in prop::collection::vec(
                (prop::collection::vec(prop::sample::select(&PIECES[..]), 0..4), any::<bool>()),
                0..6,
            ),
            x in 0u16..12,
            max_width in 0u16..40,
            cursor in any::<bool>(),
        ) {
            let line = Line::from(
                spans
                    .iter()
                    .map(|(parts, red)| {
                        let style = if *red { Style::new().fg(Color::Red) } else { Style::new() };
                        Span::styled(parts.concat(), style)
                    })
                    .collect::<Vec<_>>(),
            );
            let line = if cursor { line.style(Style::new().bg(Color::Blue).add_modifier(Modifier::BOLD)) } else { line };
            let area = Rect::new(0, 0, 30, 2);
            let mut want = Buffer::filled(area, ratatui::buffer::Cell::new("#"));
            let mut got = want.clone();
            want.set_line(x, 1, &line, max_width);
            put_line(&mut got, x, 1, &line, max_width);
            prop_assert_eq!(got, want);
        }
    }

    fn top_line(title: &str, w: u16) -> String {
        let mut t = Terminal::new(TestBackend::new(40, 10)).unwrap();
        t.draw(|f| {
            popup(f, w, 5, title, Style::default());
        })
        .unwrap();
        let buf = t.backend().buffer();
        let y = (10 - 5) / 2;
        (0..40).map(|x| buf[(x, y)].symbol().to_string()).collect()
    }

    #[test]
    fn a_title_that_does_not_fit_ends_with_an_ellipsis() {
        let line = top_line("发货 · Ctrl-T 取号 · Enter 确认 · Esc 关闭", 20);
        assert!(line.contains('…'), "{line:?}");
        assert!(line.trim_end().ends_with('┐'), "{line:?}");
        let short = top_line("发货", 20);
        assert!(short.contains("货") && !short.contains('…'), "{short:?}");
    }

    #[test]
    fn wrap_keeps_columns_and_marks_a_cut() {
        assert_eq!(wrap("abcdef", 3, 4), ["abc", "def"]);
        assert_eq!(wrap("", 3, 4), [""]);
        let cut = wrap(&"备".repeat(20), 4, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'), "{cut:?}");
        assert!(cut.iter().all(|l| crate::domain::text::width(l) <= 4));
    }

    #[test]
    fn wrap_words_keeps_words_whole_and_marks_a_cut() {
        assert_eq!(
            wrap_words("quit anyway? It will be checked", 14, 4),
            ["quit anyway?", "It will be", "checked"]
        );
        let cut = wrap_words("one two three four five", 9, 2);
        assert_eq!(cut, ["one two", "three…"]);
        let zh = wrap_words(&"备".repeat(10), 8, 2);
        assert_eq!(zh, ["备备备备", "备备备…"]);
    }

    #[test]
    fn a_body_line_that_does_not_fit_ends_with_an_ellipsis() {
        use ratatui::style::{Color, Style};
        let red = Style::default().fg(Color::Red);
        let lines = vec![
            Line::raw("fits"),
            Line::from(vec![
                Span::raw("订单 "),
                Span::styled("网关错误 20004:订单售后中,不能发货", red),
            ]),
            Line::raw("0123456789A"),
        ];
        let cut = fit(lines, 10);
        let text = |l: &Line| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
        };
        assert_eq!(text(&cut[0]), "fits");
        // 10 columns: 订单 and a space (5), 网关 (4), then `…`: a third wide character would not fit.
        assert_eq!(text(&cut[1]), "订单 网关…");
        assert_eq!(cut[1].spans.last().map(|s| s.style), Some(red));
        assert!(cut[1].width() <= 10);
        assert_eq!(text(&cut[2]), "012345678…");
        assert_eq!(
            text(&fit(vec![Line::raw("0123456789")], 10)[0]),
            "0123456789"
        );
    }

    #[test]
    fn a_field_that_does_not_fit_ends_with_an_ellipsis() {
        let input = Input::new("0123456789".into()).with_cursor(0);
        let (shown, _) = field_text(&input, 5);
        assert_eq!(shown, "0123…");
    }
}
