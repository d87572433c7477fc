//! The flag conflict dialog: each order a flag key left alone, with the flag the operator saw, the flag it
//! holds now and the one they asked for, and its note now; nothing is sent until they choose.

use super::style::Palette;
use super::widgets::{fit, popup, wrap};
use crate::domain::Flag;
use crate::domain::text::truncate;
use crate::i18n::flag as f;
use crate::i18n::refusal::and_more;
use crate::i18n::tui::{self as tr, T};
use crate::ops::note::{FlagChange, SeenFlag};
use crate::tui::app::App;
use crate::tui::dialog::flag_conflict::FlagConflict;
use crate::tui::keys::command::Command;
use crate::tui::keys::hints::{
    Hints,
    Keys::{One, Slash},
};
use crate::tui::keys::keymap::Section;
use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Orders listed one by one; the rest are counted.
const LISTED: usize = 3;

pub fn draw(frame: &mut Frame, app: &App, d: &FlagConflict, pal: Palette) {
    let lang = app.lang();
    let listed = d.orders.len().min(LISTED);
    // One order: its note may take three lines; several: one each.
    let note_lines = if d.orders.len() == 1 { 3 } else { 1 };
    let more = usize::from(d.orders.len() > LISTED);
    let body = 2 + listed * (3 + note_lines) + more + 1;
    let h = u16::try_from(body + 2).unwrap_or(u16::MAX);
    let inner = popup(frame, 78, h, f::title(lang), pal.title());
    let w = usize::from(inner.width);
    let mut lines = vec![
        Line::styled(
            truncate(&f::head(lang, d.orders.len(), d.done), w),
            pal.warn(),
        ),
        Line::raw(""),
    ];
    for (sn, c) in d.orders.iter().take(LISTED) {
        lines.push(Line::raw(sn.clone()));
        lines.push(flags_line(app, c, pal));
        lines.extend(note(app, c, w, note_lines, pal));
        lines.push(Line::raw(""));
    }
    if more > 0 {
        lines.push(Line::styled(
            and_more(lang, d.orders.len() - LISTED),
            pal.dim(),
        ));
    }
    lines.truncate(usize::from(inner.height).saturating_sub(1));
    while lines.len() < usize::from(inner.height).saturating_sub(1) {
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(truncate(&hint(app), w), pal.dim()));
    frame.render_widget(Paragraph::new(fit(lines, inner.width)), inner);
}

/// `  you saw red → now blue   yours yellow`, each flag in its colour.
fn flags_line(app: &App, c: &FlagChange, pal: Palette) -> Line<'static> {
    let lang = app.lang();
    let now = SeenFlag::of_note(&c.now);
    let asked = c.asked.as_ref();
    let styled = |flag: Option<Flag>, name: &str| {
        let style = flag.map_or(Style::default(), |x| pal.flag(x));
        Span::styled(f::label(lang, flag, name), style)
    };
    Line::from(vec![
        Span::styled(format!("  {} ", f::seen(lang)), pal.dim()),
        styled(c.seen.flag, &c.seen.name),
        Span::styled(format!(" → {} ", f::now(lang)), pal.dim()),
        styled(now.flag, &now.name),
        Span::styled(format!("   {} ", f::mine(lang)), pal.dim()),
        styled(asked.map(|t| t.0), asked.map_or("", |t| t.1.as_str())),
    ])
}

/// `  note now …`: the gateway's note (display copy), said to have changed too when it did.
fn note(app: &App, c: &FlagChange, w: usize, max: usize, pal: Palette) -> Vec<Line<'static>> {
    let lang = app.lang();
    let head = format!("  {} ", f::note_now(lang));
    let shown = c.now.display();
    let mut text = if shown.trim().is_empty() {
        f::no_note(lang).to_string()
    } else {
        shown
    };
    if c.note_changed {
        // Before the note: a long note ends with `…` and would hide it.
        text = format!("{} {text}", f::note_changed(lang));
    }
    let indent = crate::domain::text::width(&head);
    let cols = w.saturating_sub(indent).max(1);
    wrap(&text, cols, max)
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let lead = if i == 0 {
                head.clone()
            } else {
                " ".repeat(indent)
            };
            Line::from(vec![Span::styled(lead, pal.dim()), Span::raw(part)])
        })
        .collect()
}

/// What each key does, from `[note_conflict]`.
fn hint(app: &App) -> String {
    let lang = app.lang();
    Hints::new(&app.keymap, Section::NoteConflict, tr::t(lang, T::Or)).line(&[
        (One(Command::Confirm), f::apply_mine(lang)),
        (
            Slash(&[Command::TakeTheirs, Command::Back]),
            f::keep_theirs(lang),
        ),
    ])
}
