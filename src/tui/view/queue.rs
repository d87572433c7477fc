//! The queue table: time left, flag, order number, goods, amount and badges, fitted to the width.
//! Narrow screens drop columns in a fixed order (confirmed time, amount, badges, goods); the rest stays whole.
//! An order of a merge group starts its goods with the group's mark (`[合1]`).

use super::style::Palette;
use crate::domain::OrderRow;
use crate::domain::text::{pad, pad_left, truncate, width};
use crate::domain::time::beijing;
use crate::i18n::Lang;
use crate::i18n::tui::{self as tr, T};
use crate::tui::app::App;
use crate::tui::queue::groups::Groups;
use crate::tui::queue::rows;
use crate::tui::view::widgets::put_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Which optional columns fit, and how wide the goods column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cols {
    pub confirmed: bool,
    pub amount: bool,
    pub badges: bool,
    pub goods: usize,
}

const MARK: usize = 2;
const LEFT: usize = 8;
const FLAG: usize = 2;
const SN: usize = 22;
const AMOUNT: usize = 9;
const BADGES: usize = 12;
const CONFIRMED: usize = 11;

pub fn cols(width: u16) -> Cols {
    let w = usize::from(width);
    let mut c = Cols {
        confirmed: true,
        amount: true,
        badges: true,
        goods: 0,
    };
    let need = |c: &Cols| {
        MARK + LEFT
            + 1
            + FLAG
            + SN
            + 1
            + usize::from(c.amount) * (AMOUNT + 1)
            + usize::from(c.badges) * (BADGES + 1)
            + usize::from(c.confirmed) * (CONFIRMED + 1)
    };
    if w < need(&c) + 30 {
        c.confirmed = false;
    }
    if w < need(&c) + 10 {
        c.amount = false;
    }
    if w < need(&c) + 8 {
        c.badges = false;
    }
    c.goods = w.saturating_sub(need(&c));
    c
}

fn header(c: Cols, lang: Lang, pal: Palette) -> Line<'static> {
    let mut s = format!(
        "{}{} {} {} ",
        " ".repeat(MARK),
        pad_left(tr::t(lang, T::ColLeft), LEFT),
        pad(tr::t(lang, T::ColFlag), FLAG),
        pad(tr::t(lang, T::ColOrder), SN)
    );
    if c.confirmed {
        s.push_str(&pad(tr::t(lang, T::ColConfirmed), CONFIRMED + 1));
    }
    if c.goods > 0 {
        s.push_str(&pad(tr::t(lang, T::ColGoods), c.goods));
    }
    if c.amount {
        s.push_str(&pad_left(tr::t(lang, T::ColAmount), AMOUNT));
        s.push(' ');
    }
    if c.badges {
        s.push_str(&pad(tr::t(lang, T::ColBadges), BADGES));
    }
    Line::styled(s, pal.dim())
}

fn row(
    app: &App,
    groups: &Groups,
    o: &OrderRow,
    c: Cols,
    cursor: bool,
    pal: Palette,
) -> Line<'static> {
    let lang = app.lang();
    let now = rows::clock(app);
    let selected = app.queue.selected.contains(o.order_sn.as_str());
    let mark = format!(
        "{}{}",
        if cursor { "▶" } else { " " },
        if selected { "●" } else { " " }
    );
    let mut spans = vec![
        Span::raw(mark),
        // No longer listed by the gateway (the detail says since when): marked where its time would be.
        if o.unlisted_since().is_some() {
            Span::styled(pad_left(tr::t(lang, T::Unlisted), LEFT), pal.warn())
        } else {
            Span::styled(
                pad_left(
                    &rows::time_left_text(rows::known_countdown(app, o), now),
                    LEFT,
                ),
                pal.urgency(rows::urgency(rows::known_countdown(app, o), now)),
            )
        },
        Span::raw(" "),
        match o.remark_tag {
            // The gateway sends no flags: "—" is unknown, where "·" would say "no flag".
            _ if !app.settings.caps.statuses => Span::styled("—", pal.dim()),
            Some(f) => Span::styled(f.letter().to_string(), pal.flag(f)),
            None => Span::styled("·", pal.dim()),
        },
        // `?`: an earlier shipment of this order has an unknown outcome.
        if app.unconfirmed.contains_key(o.order_sn.as_str()) {
            Span::styled(pad("?", FLAG - 1), pal.warn())
        } else {
            Span::raw(pad("", FLAG - 1))
        },
        Span::raw(" "),
        Span::raw(pad(&o.order_sn, SN)),
        Span::raw(" "),
    ];
    if c.confirmed {
        let t = o
            .confirm_time()
            .map(|t| t.to_zoned(beijing()).strftime("%m-%d %H:%M").to_string())
            .unwrap_or_default();
        spans.push(Span::styled(pad(&t, CONFIRMED + 1), pal.dim()));
    }
    if c.goods > 0 {
        let mut g = rows::goods_summary(o, lang);
        if o.is_shipped() {
            g = format!("[{}] {g}", tr::t(lang, T::Shipped));
        }
        if let Some(n) = groups.number(o) {
            g = format!("[{}] {g}", crate::i18n::group::mark(lang, n));
        }
        match app.claims.user(&o.order_sn) {
            Some(user) => {
                let g = format!("[{}] {g}", tr::in_progress_by(lang, user));
                spans.extend(padded(&g, c.goods, pal.warn()));
            }
            None => spans.extend(padded(&g, c.goods, Style::default())),
        }
    }
    if c.amount {
        let amount = if app.settings.caps.amounts {
            o.pay_amount.to_string()
        } else {
            "—".to_string()
        };
        spans.push(Span::raw(pad_left(&amount, AMOUNT)));
        spans.push(Span::raw(" "));
    }
    if c.badges {
        // Without statuses from the gateway only the memo is known; the header says the rest is unknown.
        let known = |key: T| app.settings.caps.statuses || key == T::BadgeMemo;
        for (on, key) in rows::badges(o) {
            let on = on && known(key);
            let text = if on {
                pad(tr::t(lang, key), 2)
            } else {
                "  ".into()
            };
            let style = match key {
                T::BadgeRefund | T::BadgeRisk => pal.error(),
                T::BadgeUrged => pal.warn(),
                _ => pal.badge(),
            };
            spans.push(Span::styled(text, style));
        }
    }
    let line = Line::from(spans);
    if cursor {
        line.style(pal.cursor())
    } else {
        line
    }
}

/// `pad(text, cols)` as two spans, the text and the spaces after it: the spaces are drawn a cell per byte
/// (`put_line`), only the text through grapheme segmentation.
fn padded(text: &str, cols: usize, style: Style) -> [Span<'static>; 2] {
    let text = truncate(text, cols);
    let room = cols.saturating_sub(width(&text));
    [
        Span::styled(text, style),
        Span::styled(" ".repeat(room), style),
    ]
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect, pal: Palette) {
    let lang = app.lang();
    let c = cols(area.width);
    let visible = rows::visible(app);
    let body_h = usize::from(area.height.saturating_sub(1));
    let mut lines = vec![header(c, lang, pal)];
    if visible.is_empty() {
        let t = if app.queue.filter.value().is_empty() {
            T::EmptyQueue
        } else {
            T::NoMatch
        };
        lines.push(Line::styled(format!("  {}", tr::t(lang, t)), pal.dim()));
    }
    let cursor = app.queue.cursor.min(visible.len().saturating_sub(1));
    let offset = window(app.queue.offset.get(), cursor, body_h, visible.len());
    app.queue.offset.set(offset);
    let groups = app.orders.groups();
    for (n, &i) in visible.iter().enumerate().skip(offset).take(body_h) {
        lines.push(row(app, &groups, &app.orders[i], c, n == cursor, pal));
    }
    let buf = frame.buffer_mut();
    for (y, line) in (area.top()..area.bottom()).zip(&lines) {
        put_line(buf, area.x, y, line, area.width);
    }
}

/// The first row to show: the last one, moved only as far as needed to keep the cursor on screen, and never
/// leaving empty rows below the list's end.
pub fn window(offset: usize, cursor: usize, height: usize, len: usize) -> usize {
    let offset = if cursor < offset {
        cursor
    } else if height > 0 && cursor >= offset + height {
        cursor + 1 - height
    } else {
        offset
    };
    offset.min(len.saturating_sub(height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_moves_only_when_the_cursor_leaves_it() {
        // Down past the bottom: one row at a time.
        assert_eq!(window(0, 9, 10, 100), 0);
        assert_eq!(window(0, 10, 10, 100), 1);
        // Back up inside the window: it stays.
        assert_eq!(window(1, 5, 10, 100), 1);
        assert_eq!(window(30, 35, 10, 100), 30);
        // Up past the top, a jump far down, a list that shrank.
        assert_eq!(window(30, 29, 10, 100), 29);
        assert_eq!(window(0, 99, 10, 100), 90);
        assert_eq!(window(50, 3, 10, 5), 0);
        assert_eq!(window(0, 0, 0, 0), 0);
    }

    #[test]
    fn columns_drop_in_order() {
        let c80 = cols(80);
        assert!(c80.amount && c80.badges && !c80.confirmed);
        assert_eq!(c80.goods, 21);
        assert!(cols(120).confirmed);
        let c60 = cols(60);
        assert!(!c60.amount && c60.badges);
        let c40 = cols(40);
        assert!(!c40.amount && !c40.badges);
    }
}
