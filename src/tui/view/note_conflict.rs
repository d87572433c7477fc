//! The note editor's conflict view: the gateway's current note beside the operator's text, both wrapped,
//! the flag seen, now and chosen when the flag changed too, with what each key does; nothing is sent until
//! the operator chooses.

use super::style::Palette;
use super::widgets::{fit, popup, wrap};
use crate::domain::Flag;
use crate::domain::note::{Note, fingerprint};
use crate::domain::text::{pad, truncate};
use crate::i18n::flag as flag_tr;
use crate::i18n::tui::{self as tr, T};
use crate::ops::note::{SeenFlag, TagEdit};
use crate::tui::app::App;
use crate::tui::dialog::note::NoteEditor;
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

const LABEL: usize = 11;
/// Lines each note may take; a longer one ends with `…` (the whole note stays in the gateway).
const NOTE_LINES: usize = 4;

pub fn draw(frame: &mut Frame, app: &App, ed: &NoteEditor, theirs: &Note, pal: Palette) {
    let lang = app.lang();
    let mine = ed.text.value();
    let title = format!("{} {}", tr::t(lang, T::NoteTitle), ed.order_sn);
    // The flag changed since it was shown: one more line says how.
    let flag_changed = !ed.seen_flag.same(&SeenFlag::of_note(theirs));
    let h = 6 + 2 * NOTE_LINES as u16 + u16::from(flag_changed);
    let inner = popup(frame, 78, h, &title, pal.title());
    let w = usize::from(inner.width);
    let cols = w.saturating_sub(LABEL).max(1);
    let head = if fingerprint(&theirs.raw) == ed.seen {
        flag_tr::title(lang)
    } else {
        tr::t(lang, T::NoteConflictTitle)
    };
    let mut lines = vec![Line::styled(truncate(head, w), pal.warn())];
    if flag_changed {
        lines.push(flags(app, ed, theirs, pal));
    }
    lines.push(Line::raw(""));
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

/// `you saw red → now blue   yours yellow`, each flag in its colour.
fn flags(app: &App, ed: &NoteEditor, theirs: &Note, pal: Palette) -> Line<'static> {
    let lang = app.lang();
    let styled = |flag: Option<Flag>, name: &str| {
        let style = flag.map_or(Style::default(), |x| pal.flag(x));
        Span::styled(flag_tr::label(lang, flag, name), style)
    };
    Line::from(vec![
        Span::styled(format!("{} ", flag_tr::seen(lang)), pal.dim()),
        styled(ed.seen_flag.flag, &ed.seen_flag.name),
        Span::styled(format!(" → {} ", flag_tr::now(lang)), pal.dim()),
        styled(theirs.tag, &theirs.tag_name),
        Span::styled(format!("   {} ", flag_tr::mine(lang)), pal.dim()),
        // An untouched flag keeps the gateway's: that is what would be sent.
        match ed.edit().tag {
            TagEdit::Keep => styled(theirs.tag, &theirs.tag_name),
            _ => styled(ed.flag, ed.tag_name.value()),
        },
    ])
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
