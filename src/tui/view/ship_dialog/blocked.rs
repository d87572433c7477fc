//! The ship dialog's orders that must not ship: one refused order (why, and Esc), a selection with none
//! left to ship, the offer to ship the others, and the line over the form naming those left out.

use crate::domain::text::truncate;
use crate::i18n::refusal as rt;
use crate::i18n::tui::{self as tr, T};
use crate::tui::app::App;
use crate::tui::dialog::ship::{ShipDialog, Stage, title};
use crate::tui::keys::command::Command;
use crate::tui::keys::hints::{Hints, Keys::Either, Keys::One};
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Section;
use crate::tui::view::style::Palette;
use crate::tui::view::widgets::{fit, popup};
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// Draws the dialog when it is refused or asks about the others; false when it is the form's turn.
pub fn draw(frame: &mut Frame, app: &App, d: &ShipDialog, pal: Palette) -> bool {
    if !d.refused() && d.stage != Stage::Rest {
        return false;
    }
    let lang = app.lang();
    let area = frame.area();
    let w = usize::from(area.width.min(78).saturating_sub(2));
    let keys = Hints::new(&app.keymap, Section::Ship, tr::t(lang, T::Or));
    // Esc closes even when `back` is bound elsewhere.
    let close = keys
        .key(Command::Back)
        .unwrap_or_else(|| Key::plain(KeyCode::Esc).to_string());
    let mut lines: Vec<Line> = Vec::new();
    match d.blocked.as_slice() {
        // One order, refused: as it always was, its number and why.
        [(sn, why)] if d.refused() => {
            lines.push(Line::styled(sn.clone(), pal.dim()));
            if let Some(user) = app.claims.user(sn) {
                lines.push(Line::styled(tr::in_progress_by(lang, user), pal.warn()));
            }
            lines.push(Line::styled(tr::t(lang, why.message()), pal.error()));
            lines.push(Line::raw(""));
            lines.push(Line::styled(close, pal.dim()));
        }
        blocked => {
            lines.push(Line::styled(
                rt::cannot_ship(lang, blocked.len()),
                pal.error(),
            ));
            // The rows the screen has, less the frame, the blank line and the two below.
            let room = usize::from(area.height).saturating_sub(10).max(1);
            let shown = if blocked.len() > room {
                room.saturating_sub(1).max(1)
            } else {
                blocked.len()
            };
            for (sn, why) in blocked.iter().take(shown) {
                let text = format!("  {sn}  {}", why.short(lang));
                lines.push(Line::styled(truncate(&text, w), pal.warn()));
            }
            if shown < blocked.len() {
                lines.push(Line::styled(
                    format!("  {}", rt::and_more(lang, blocked.len() - shown)),
                    pal.dim(),
                ));
            }
            lines.push(Line::raw(""));
            if d.refused() {
                lines.push(Line::styled(rt::none_can_ship(lang), pal.error()));
                lines.push(Line::styled(close, pal.dim()));
            } else {
                let others = rt::ship_others(lang, d.targets.len());
                let hint = keys.line(&[
                    (
                        Either(&[One(Command::Confirm), One(Command::Submit)]),
                        &others,
                    ),
                    (One(Command::Back), tr::t(lang, T::WordCancel)),
                ]);
                lines.push(Line::styled(truncate(&hint, w), pal.title()));
            }
        }
    }
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let inner = popup(frame, 78, height, &title(d, lang), pal.title());
    frame.render_widget(Paragraph::new(fit(lines, inner.width)), inner);
    true
}

/// Over the form, once the others are being shipped: the orders left out, each with why (cut to a line).
pub fn left_out(app: &App, d: &ShipDialog, w: usize, pal: Palette) -> Option<Line<'static>> {
    if d.blocked.is_empty() {
        return None;
    }
    let lang = app.lang();
    let list: Vec<String> = d
        .blocked
        .iter()
        .map(|(sn, why)| format!("{sn} {}", why.short(lang)))
        .collect();
    Some(Line::styled(
        truncate(&rt::left_out(lang, &list.join(", ")), w),
        pal.warn(),
    ))
}
