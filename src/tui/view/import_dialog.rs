//! The import dialog as drawn: the path field, then the file's valid rows, held rows and per-line
//! problems (scrollable), the confirmation, and finally every order's outcome.

use super::style::{Palette, SPINNER};
use super::widgets::{field_text, fit, place_cursor, popup};
use crate::domain::text::{pad, truncate};
use crate::i18n::tui::{self as tr, T};
use crate::i18n::{Lang, csv as csv_tr, refusal as refusal_tr};
use crate::tui::app::App;
use crate::tui::dialog::import::{Held, ImportDialog, Stage};
use crate::tui::keys::command::Command;
use crate::tui::keys::hints::{
    Hints,
    Keys::{Either, One, Slash},
};
use crate::tui::keys::keymap::Section;
use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const LABEL: usize = 12;

/// The scrollable part: valid rows, held rows, problems (or the outcomes once sent).
fn body(d: &ImportDialog, lang: Lang, w: usize, pal: Palette) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if let Stage::Done(outcomes) = &d.stage {
        for (sn, err) in outcomes {
            out.push(match err {
                None => Line::styled(format!("✓ {sn}"), pal.success()),
                Some(e) => Line::styled(truncate(&format!("✗ {sn}: {e}"), w), pal.error()),
            });
        }
        return out;
    }
    let Some(p) = &d.parsed else {
        return out;
    };
    let ready = d.sendable();
    out.push(Line::styled(
        format!("{} {}", tr::t(lang, T::ImportValid), ready.len()),
        pal.title(),
    ));
    for r in &ready {
        let text = format!(
            "{:>4} {} {} {}{}",
            r.line,
            pad(&r.request.order_sn, 22),
            pad(&r.courier_name, 10),
            r.request.tracking_number,
            if r.shape_warning { " ⚠" } else { "" }
        );
        out.push(Line::raw(truncate(&text, w)));
    }
    if ready.is_empty() {
        out.push(Line::styled(tr::t(lang, T::ImportNothing), pal.dim()));
    }
    if !d.held.is_empty() || !p.errors.is_empty() {
        out.push(Line::styled(
            format!(
                "{} {}",
                tr::t(lang, T::ImportProblems),
                p.invalid_lines().len() + d.held.len()
            ),
            pal.error(),
        ));
    }
    for (line, sn, why) in &d.held {
        let why = match why {
            Held::InProgress(user) => tr::in_progress_by(lang, user),
            Held::Refused(r) => refusal_tr::refusal(lang, r),
            Held::NotInQueue => refusal_tr::not_in_queue(lang).to_string(),
        };
        let text = format!("{line:>4} {sn}: {why}");
        out.push(Line::styled(truncate(&text, w), pal.warn()));
    }
    for e in &p.errors {
        let text = format!("{:>4} {}", e.line, csv_tr::row_problem(lang, &e.problem));
        out.push(Line::styled(truncate(&text, w), pal.error()));
    }
    out
}

pub fn draw(frame: &mut Frame, app: &App, d: &ImportDialog, pal: Palette) {
    let lang = app.lang();
    let area = frame.area();
    let w = usize::from(area.width.min(78).saturating_sub(2));
    let (path, cur) = field_text(&d.path, w.saturating_sub(LABEL + 1));
    let mut lines = vec![Line::from(vec![
        Span::raw(pad(tr::t(lang, T::ImportPath), LABEL)),
        Span::styled(path, {
            let s = pal.field(d.stage == Stage::Path);
            // A path the next entry replaces is shown selected, in reverse video.
            if d.path_selected && d.stage == Stage::Path {
                s.add_modifier(ratatui::style::Modifier::REVERSED)
            } else {
                s
            }
        }),
    ])];
    let all = body(d, lang, w, pal);
    let room = usize::from(area.height.saturating_sub(8)).max(1);
    let scroll = d.scroll.min(all.len().saturating_sub(room));
    let shown = all.len().min(room);
    lines.extend(all.into_iter().skip(scroll).take(room));
    lines.push(Line::raw(""));
    let keys = Hints::new(&app.keymap, Section::Import, tr::t(lang, T::Or));
    let (status, style) = match &d.stage {
        Stage::Path => match &d.error {
            Some(e) => (e.clone(), pal.error()),
            None => {
                let hint = keys.line(&[
                    (One(Command::Submit), tr::t(lang, T::WordRead)),
                    (One(Command::Back), tr::t(lang, T::WordCancels)),
                ]);
                // The keys first: the columns' description is the part a narrow dialog may cut.
                (
                    format!("{hint}  {}", tr::t(lang, T::ImportColumns)),
                    pal.dim(),
                )
            }
        },
        Stage::Reading(_) => (tr::t(lang, T::ImportReading).to_string(), pal.dim()),
        Stage::Review { confirm: false } => (
            keys.line(&[
                (One(Command::Submit), tr::t(lang, T::WordShips)),
                (
                    Slash(&[Command::MoveDown, Command::MoveUp]),
                    tr::t(lang, T::WordScroll),
                ),
                (One(Command::Back), tr::t(lang, T::WordOtherFile)),
            ]),
            pal.dim(),
        ),
        Stage::Review { confirm: true } => (
            format!(
                "{} · {}",
                tr::n_orders(lang, d.sendable().len()),
                keys.line(&[(One(Command::Confirm), tr::t(lang, T::ImportConfirmHint))])
            ),
            pal.title(),
        ),
        Stage::Sending(_) => (
            format!(
                "{} {}",
                SPINNER[app.spinner % SPINNER.len()],
                tr::t(lang, T::Sending)
            ),
            pal.dim(),
        ),
        Stage::Done(_) => (
            keys.line(&[(
                Either(&[One(Command::Submit), One(Command::Back)]),
                tr::t(lang, T::WordCloses),
            )]),
            pal.dim(),
        ),
    };
    lines.push(Line::styled(truncate(&status, w), style));
    let height = u16::try_from(shown + 5).unwrap_or(u16::MAX);
    let inner = popup(frame, 78, height, tr::t(lang, T::ImportTitle), pal.title());
    frame.render_widget(Paragraph::new(fit(lines, inner.width)), inner);
    if d.stage == Stage::Path {
        let x = u16::try_from(LABEL).unwrap_or(0);
        place_cursor(frame, inner.x + x, inner.y, cur, inner);
    }
}
