//! The note editor's conflict view: the gateway's current note beside the operator's text, both wrapped,
//! with what each key does; nothing is sent until the operator chooses.

use super::style::Palette;
use super::widgets::{fit, popup, wrap};
use crate::domain::note::Note;
use crate::domain::text::{pad, truncate};
use crate::i18n::tui::{self as tr, T};
use crate::tui::app::App;
use crate::tui::keys::command::Command;
use crate::tui::keys::hints::{
    Hints,
    Keys::{One, Slash},
};
use crate::tui::keys::keymap::Section;
use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const LABEL: usize = 11;
/// Lines each note may take; a longer one ends with `…` (the whole note stays in the gateway).
const NOTE_LINES: usize = 4;

pub fn draw(frame: &mut Frame, app: &App, sn: &str, theirs: &Note, mine: &str, pal: Palette) {
    let lang = app.lang();
    let title = format!("{} {sn}", tr::t(lang, T::NoteTitle));
    let inner = popup(frame, 78, 6 + 2 * NOTE_LINES as u16, &title, pal.title());
    let w = usize::from(inner.width);
    let cols = w.saturating_sub(LABEL).max(1);
    let mut lines = vec![
        Line::styled(truncate(tr::t(lang, T::NoteConflictTitle), w), pal.warn()),
        Line::raw(""),
    ];
    for (label, text) in [
        (T::NoteTheirs, theirs.display()),
        (T::NoteMine, mine.to_string()),
    ] {
        if label == T::NoteMine {
            lines.push(Line::raw(""));
        }
        for (i, part) in wrap(&text, cols, NOTE_LINES).into_iter().enumerate() {
            let head = if i == 0 { tr::t(lang, label) } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!("{} ", pad(head, LABEL - 1)), pal.dim()),
                Span::raw(part),
            ]));
        }
    }
    while lines.len() < usize::from(inner.height).saturating_sub(1) {
        lines.push(Line::raw(""));
    }
    lines.truncate(usize::from(inner.height).saturating_sub(1));
    lines.push(Line::styled(truncate(&hint(app), w), pal.dim()));
    frame.render_widget(Paragraph::new(fit(lines, inner.width)), inner);
}

/// What each key does, from `[note_conflict]`.
fn hint(app: &App) -> String {
    let lang = app.lang();
    Hints::new(&app.keymap, Section::NoteConflict, tr::t(lang, T::Or)).line(&[
        (
            Slash(&[Command::Submit, Command::Confirm]),
            tr::t(lang, T::WordSendMine),
        ),
        (One(Command::TakeTheirs), tr::t(lang, T::WordTakeTheirs)),
        (One(Command::Back), tr::t(lang, T::WordBackToEditing)),
    ])
}
