//! Help, generated from the live keymap: the bindings of where it was opened (a dialog or a screen) first,
//! then the screen's, the dialogs' and those that work everywhere, then every other section. A user's
//! keymap changes what this shows, and the title's hint names help's own keys.

use super::style::Palette;
use super::widgets::popup;
use crate::domain::text::pad;
use crate::i18n::tui::{self as tr, T};
use crate::tui::app::{App, Overlay};
use crate::tui::dialog::help::Help;
use crate::tui::keys::command::Command;
use crate::tui::keys::hints::{Hints, Keys};
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::{Section, description};
use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn lines(app: &App, pal: Palette) -> Vec<Line<'static>> {
    let lang = app.lang();
    let first = match &app.overlay {
        Overlay::Help { help, .. } => help.first,
        _ => app.screen_section(),
    };
    let mut order = vec![first];
    for s in [
        app.screen_section(),
        Section::Ship,
        Section::Note,
        Section::Global,
        Section::Import,
        Section::NoteConflict,
        Section::Confirm,
        Section::Filter,
        Section::Help,
        Section::Queue,
        Section::Detail,
        Section::Journal,
    ] {
        if !order.contains(&s) {
            order.push(s);
        }
    }
    let mut out = Vec::new();
    for s in order {
        let title = match s {
            Section::Ship => tr::t(lang, T::HelpShip),
            Section::Note => tr::t(lang, T::HelpNote),
            Section::Global => tr::t(lang, T::HelpGlobal),
            Section::Journal => tr::t(lang, T::HelpJournal),
            Section::NoteConflict => tr::t(lang, T::HelpConflict),
            Section::Import => tr::t(lang, T::HelpImport),
            Section::Confirm => tr::t(lang, T::HelpConfirm),
            Section::Filter => tr::t(lang, T::HelpFilter),
            Section::Help => tr::t(lang, T::HelpHelp),
            Section::Queue | Section::Detail => s.name(),
        };
        out.push(Line::styled(format!("[{title}]"), pal.title()));
        for b in app.keymap.bindings(s) {
            let keys: Vec<String> = b.keys.iter().map(Key::to_string).collect();
            out.push(Line::raw(format!(
                "  {} {}",
                pad(&keys.join(" "), 18),
                description(b, lang)
            )));
        }
    }
    out
}

pub fn draw(frame: &mut Frame, app: &App, help: &Help, pal: Palette) {
    let lang = app.lang();
    let close = [Keys::One(Command::Back), Keys::One(Command::Help)];
    let hint = Hints::new(&app.keymap, Section::Help, tr::t(lang, T::Or))
        .line(&[(Keys::Either(&close), tr::t(lang, T::WordCloses))]);
    let title = if hint.is_empty() {
        tr::t(lang, T::HelpTitle).to_string()
    } else {
        format!("{} · {hint}", tr::t(lang, T::HelpTitle))
    };
    let area = frame.area();
    let inner = popup(
        frame,
        60,
        area.height.saturating_sub(2),
        &title,
        pal.title(),
    );
    frame.render_widget(
        Paragraph::new(lines(app, pal)).scroll((help.scroll, 0)),
        inner,
    );
}
