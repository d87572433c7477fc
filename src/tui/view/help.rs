//! Help, generated from the live keymap: the bindings of where it was opened (a dialog or a screen) first,
//! then the screen's, the dialogs' and those that work everywhere, then every other section. A user's
//! keymap changes what this shows, and the title's hint names help's own keys. Last, a legend of the marks.

use super::style::Palette;
use super::widgets::popup;
use crate::domain::Flag;
use crate::domain::text::pad;
use crate::i18n::Lang;
use crate::i18n::tui::{self as tr, T};
use crate::tui::app::{App, Overlay};
use crate::tui::dialog::help::Help;
use crate::tui::keys::command::Command;
use crate::tui::keys::hints::{Hints, Keys};
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::{Section, description};
use crate::tui::queue::rows::flag_name;
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
    // A gateway without notes (pddshuju): the note editor and its conflict view never open.
    if !app.settings.caps.note {
        order.retain(|s| !matches!(s, Section::Note | Section::NoteConflict));
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
        for b in app
            .keymap
            .bindings(s)
            .iter()
            .filter(|b| app.settings.offers(b.command))
        {
            let keys: Vec<String> = b.keys.iter().map(Key::to_string).collect();
            out.push(Line::raw(format!(
                "  {} {}",
                pad(&keys.join(" "), 18),
                description(b, lang)
            )));
        }
    }
    legend(app, pal, &mut out);
    out
}

/// What the marks of the queue and the detail mean: the flag letters, then the badges with both their
/// glyph and their English letter (none of which is also a flag's letter).
/// Marks a gateway never sends (pddshuju: flags, statuses, deadlines) are left out; its "unknown" and
/// "no longer listed" marks are explained instead.
fn legend(app: &App, pal: Palette, out: &mut Vec<Line<'static>>) {
    let lang = app.lang();
    let caps = app.settings.caps;
    out.push(Line::styled(
        format!("[{}]", tr::t(lang, T::HelpMarks)),
        pal.title(),
    ));
    let mark = |glyph: &str, meaning: &str| Line::raw(format!("  {} {meaning}", pad(glyph, 18)));
    if !caps.statuses || !caps.deadlines || !caps.amounts {
        out.push(mark("—", tr::t(lang, T::LegendUnknown)));
    }
    if caps.recent_only {
        out.push(mark(
            tr::t(lang, T::Unlisted),
            tr::t(lang, T::LegendUnlisted),
        ));
        // Both words work in either language (`queue::filter`).
        out.push(mark(
            "/窗口外 /unlisted",
            tr::t(lang, T::LegendUnlistedWord),
        ));
    }
    let flags: &[Flag] = if caps.statuses { &Flag::ALL } else { &[] };
    for &f in flags {
        out.push(Line::raw(format!(
            "  {} {}",
            pad(&f.letter().to_string(), 18),
            tr::flag_meaning(lang, flag_name(f, lang))
        )));
    }
    for (glyph, meaning) in [
        (T::BadgeMemo, T::BuyerMemo),
        (T::BadgeUrged, T::Urged),
        (T::BadgeRefund, T::BadgeRefundMeaning),
        (T::BadgeRisk, T::RiskReview),
        (T::BadgePreSale, T::BadgePreSaleMeaning),
        (T::BadgeStockOut, T::StockOut),
    ]
    .into_iter()
    .filter(|(glyph, _)| caps.statuses || *glyph == T::BadgeMemo)
    {
        let both = format!("{} {}", tr::t(Lang::Zh, glyph), tr::t(Lang::En, glyph));
        out.push(Line::raw(format!(
            "  {} {}",
            pad(&both, 18),
            tr::t(lang, meaning)
        )));
    }
    if caps.deadlines {
        out.push(Line::raw(format!(
            "  {} {}",
            pad("~", 18),
            tr::t(lang, T::LegendEstimated)
        )));
    }
    if caps.addresses {
        let mark = format!(
            "[{}] [{}]",
            crate::i18n::group::mark(Lang::Zh, 1),
            crate::i18n::group::mark(Lang::En, 1)
        );
        out.push(Line::raw(format!(
            "  {} {}",
            pad(&mark, 18),
            crate::i18n::group::legend(lang)
        )));
    }
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
    let lines = lines(app, pal);
    // Paging past the end shows the last page (the legend), never an empty box.
    let last = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(inner.height);
    frame.render_widget(
        Paragraph::new(lines).scroll((help.scroll.min(last), 0)),
        inner,
    );
}
