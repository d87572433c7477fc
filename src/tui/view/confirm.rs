//! The question shown when `q` is pressed while a shipment is still being sent: quit anyway (the journal
//! keeps it, and the next start checks it) or keep waiting.

use super::style::Palette;
use super::widgets::{fit, popup, wrap_words};
use crate::domain::text::width;
use crate::i18n::tui::{self as tr, T};
use crate::tui::app::App;
use crate::tui::keys::command::Command;
use crate::tui::keys::hints::{Hints, Keys};
use crate::tui::keys::keymap::Section;
use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, pal: Palette) {
    let lang = app.lang();
    let question = tr::t(lang, T::QuitWhileShipping);
    let hint = Hints::new(&app.keymap, Section::Confirm, tr::t(lang, T::Or))
        .line(&[(Keys::One(Command::Confirm), tr::t(lang, T::QuitHint))]);
    let w = u16::try_from(width(question).max(width(&hint)) + 4).unwrap_or(u16::MAX);
    let w = w.min(frame.area().width.saturating_sub(2)).max(20);
    // Two lines of the question at most, the hint, and the frame.
    let inner = popup(frame, w, 6, tr::t(lang, T::QuitTitle), pal.title());
    // Wrapped by hand: a question longer than two lines ends with `…` and never pushes the hint out.
    let cols = usize::from(inner.width);
    let mut lines: Vec<Line> = wrap_words(question, cols, 2)
        .into_iter()
        .map(|l| Line::styled(l, pal.warn()))
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(hint, pal.dim()));
    frame.render_widget(Paragraph::new(fit(lines, inner.width)), inner);
}
