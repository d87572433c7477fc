//! Small drawing helpers shared by the dialogs: centred popups and one-line text fields with a cursor.
//! Text cut to fit ends with `…` (`domain::text::truncate`).

use crate::domain::text::{pad, truncate, width};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear};
use tui_input::Input;

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
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

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
    fn a_field_that_does_not_fit_ends_with_an_ellipsis() {
        let input = Input::new("0123456789".into()).with_cursor(0);
        let (shown, _) = field_text(&input, 5);
        assert_eq!(shown, "0123…");
    }
}
