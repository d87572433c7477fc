//! The note editor as drawn: the note field, the six flag choices as coloured swatches with names and
//! their keys, the flag-name field with its live length check, a status line and the keys of `[note]`.

use super::style::Palette;
use super::widgets::{field_text, fit, place_cursor, popup};
use crate::domain::Flag;
use crate::domain::text::{pad, truncate};
use crate::i18n::tui::{self as tr, T};
use crate::tui::app::App;
use crate::tui::dialog::note::{NoteEditor, NoteField};
use crate::tui::keys::command::Command;
use crate::tui::keys::hints::{
    Hints,
    Keys::{Either, One, Range, Slash},
};
use crate::tui::keys::keymap::Section;
use crate::tui::queue::rows::flag_name;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const LABEL: u16 = 12;

pub fn draw(frame: &mut Frame, app: &App, ed: &NoteEditor, pal: Palette) {
    if let Some(theirs) = &ed.conflict {
        return super::note_conflict::draw(frame, app, ed, theirs, pal);
    }
    let lang = app.lang();
    let title = format!("{} {}", tr::t(lang, T::NoteTitle), ed.order_sn);
    let inner = popup(frame, 78, 8, &title, pal.title());
    let w = usize::from(inner.width);
    let label = |f: NoteField, t: T| {
        Span::raw(format!(
            "{}{}",
            if ed.field == f { "▶" } else { " " },
            pad(tr::t(lang, t), usize::from(LABEL) - 1)
        ))
    };
    let (text, tcur) = field_text(&ed.text, w.saturating_sub(usize::from(LABEL) + 1));
    let mut lines = vec![Line::from(vec![
        label(NoteField::Text, T::NoteText),
        Span::styled(text, pal.field(ed.field == NoteField::Text)),
    ])];
    let mut swatches = vec![label(NoteField::Flag, T::FlagRow)];
    let choices: Vec<Option<Flag>> = Flag::ALL.iter().copied().map(Some).chain([None]).collect();
    let keys = Hints::new(&app.keymap, Section::Note, tr::t(lang, T::Or));
    for f in choices {
        let on = ed.flag == f;
        let (name, style) = match f {
            Some(f) => (flag_name(f, lang), pal.flag(f)),
            None => (tr::t(lang, T::NoFlag), pal.dim()),
        };
        // Each swatch names the key that picks it, as `[note]` binds it.
        let digit = Command::FLAGS
            .iter()
            .find(|c| c.flag() == Some(f))
            .and_then(|&c| keys.key(c))
            .unwrap_or_else(|| " ".into());
        let mark = if on { "[" } else { " " };
        let end = if on { "]" } else { " " };
        let sw = Span::styled(
            format!("{mark}■{digit} {name}{end}"),
            if on {
                style.add_modifier(Modifier::REVERSED)
            } else {
                style
            },
        );
        swatches.push(sw);
    }
    lines.push(Line::from(swatches));
    let (tn, ncur) = field_text(&ed.tag_name, 8);
    let mut name_line = vec![
        label(NoteField::TagName, T::TagName),
        Span::styled(tn, pal.field(ed.field == NoteField::TagName)),
    ];
    if ed.tag_name_too_long() {
        name_line.push(Span::styled(
            format!(" ⚠ {}", tr::t(lang, T::TagNameTooLong)),
            pal.error(),
        ));
    } else {
        name_line.push(Span::styled(
            format!(" ({})", tr::t(lang, T::TagNameTooLong)),
            pal.dim(),
        ));
    }
    lines.push(Line::from(name_line));
    if ed.restored {
        lines.push(Line::styled(
            format!("✎ {}", tr::t(lang, T::DraftRestored)),
            pal.warn(),
        ));
    } else {
        lines.push(Line::raw(""));
    }
    if ed.asking_discard {
        // The question's answer is read from `[confirm]`.
        let yes = Hints::new(&app.keymap, Section::Confirm, tr::t(lang, T::Or))
            .line(&[(One(Command::Confirm), tr::t(lang, T::DiscardHint))]);
        lines.push(Line::styled(
            format!("{} {yes}", tr::t(lang, T::DiscardAsk)),
            pal.warn(),
        ));
    } else if ed.sending.is_some() {
        lines.push(Line::raw(tr::t(lang, T::Sending)));
    } else if let Some(e) = &ed.error {
        lines.push(Line::styled(e.clone(), pal.error()));
    }
    frame.render_widget(Paragraph::new(fit(lines, inner.width)), inner);
    frame.render_widget(
        Paragraph::new(Span::styled(truncate(&hint(app), w), pal.dim())),
        Rect {
            y: inner.y + inner.height.saturating_sub(1),
            height: 1,
            ..inner
        },
    );
    match ed.field {
        NoteField::Text => place_cursor(frame, inner.x + LABEL, inner.y, tcur, inner),
        NoteField::TagName => place_cursor(frame, inner.x + LABEL, inner.y + 2, ncur, inner),
        NoteField::Flag => {}
    }
}

/// The editor's hint line, from `[note]`: fields, the flag row's keys, save and cancel.
fn hint(app: &App) -> String {
    let lang = app.lang();
    let flag_row = [
        Slash(&[Command::FlagPrev, Command::FlagNext]),
        Range(&Command::FLAGS),
    ];
    Hints::new(&app.keymap, Section::Note, tr::t(lang, T::Or)).line(&[
        (One(Command::NextField), tr::t(lang, T::WordField)),
        (Either(&flag_row), tr::t(lang, T::WordFlag)),
        (One(Command::Submit), tr::t(lang, T::WordSave)),
        (One(Command::Back), tr::t(lang, T::WordCancel)),
    ])
}
