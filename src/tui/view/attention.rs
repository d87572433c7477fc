//! The journal screen as drawn: one row per item that needs attention (time, order, kind, number, user,
//! state), newest first; conflicts in red; the highlighted item explained in words under the table.

use super::style::Palette;
use crate::domain::text::{pad, truncate};
use crate::domain::time::beijing;
use crate::i18n::Lang;
use crate::i18n::tui::{self as tr, T};
use crate::tui::app::App;
use crate::tui::attention::{JournalRow, Kind, RowState};
use crate::tui::keys::command::Command;
use crate::tui::keys::keymap::Section;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

const MARK: usize = 2;
const TIME: usize = 11;
const SN: usize = 22;
const KIND: usize = 7;
const STATE: usize = 9;
const USER: usize = 8;

fn kind(k: Kind, lang: Lang) -> &'static str {
    tr::t(
        lang,
        match k {
            Kind::Ship => T::KindShip,
            Kind::Modify => T::KindModify,
            Kind::Note => T::KindNote,
            Kind::Waybill => T::KindWaybill,
        },
    )
}

fn state(s: &RowState, lang: Lang) -> &'static str {
    tr::t(
        lang,
        match s {
            RowState::Pending => T::StatePending,
            RowState::Unknown => T::StateUnknown,
            RowState::Conflict { .. } => T::StateConflict,
        },
    )
}

/// What the operator should know about the item, in words; `check` is the key that reconciles.
pub fn explain(r: &JournalRow, lang: Lang, check: Option<&str>) -> String {
    match &r.state {
        RowState::Pending => tr::explain_pending(lang, check),
        RowState::Unknown => tr::explain_unknown(lang, check),
        RowState::Conflict { theirs } => tr::conflict_explained(lang, &r.number, theirs),
    }
}

fn time(at: i64) -> String {
    jiff::Timestamp::from_second(at)
        .map(|t| t.to_zoned(beijing()).strftime("%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| "—".into())
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect, pal: Palette) {
    let lang = app.lang();
    let [title, table, why] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(3),
    ])
    .areas(area);
    let w = usize::from(area.width);
    let number_w = w
        .saturating_sub(MARK + TIME + SN + KIND + STATE + USER + 6)
        .max(8);
    let head = format!(
        "{}{} {} {} {} {} {}",
        " ".repeat(MARK),
        pad(tr::t(lang, T::ColTime), TIME),
        pad(tr::t(lang, T::ColOrder), SN),
        pad(tr::t(lang, T::ColKind), KIND),
        pad(tr::t(lang, T::ColNumber), number_w),
        pad(tr::t(lang, T::ColUser), USER),
        tr::t(lang, T::ColState),
    );
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(tr::t(lang, T::JournalTitle), pal.title()),
            Line::styled(truncate(&head, w), pal.dim()),
        ]),
        title,
    );
    let j = &app.journal;
    if j.rows.is_empty() {
        let text = if j.loading.is_some() {
            "…"
        } else {
            tr::t(lang, T::JournalEmpty)
        };
        frame.render_widget(Paragraph::new(Span::styled(text, pal.dim())), table);
        return;
    }
    let height = usize::from(table.height).max(1);
    let offset = (j.cursor + 1).saturating_sub(height);
    let lines: Vec<Line> = j
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, r)| {
            let text = format!(
                "{}{} {} {} {} {} {}",
                if i == j.cursor { "▶ " } else { "  " },
                pad(&time(r.at), TIME),
                pad(&r.order_sn, SN),
                pad(kind(r.kind, lang), KIND),
                pad(&truncate(&r.number, number_w), number_w),
                pad(
                    &truncate(if r.user.is_empty() { "—" } else { &r.user }, USER),
                    USER
                ),
                state(&r.state, lang),
            );
            let style = match (&r.state, i == j.cursor) {
                (RowState::Conflict { .. }, true) => pal.error().patch(pal.cursor()),
                (RowState::Conflict { .. }, false) => pal.error(),
                (_, true) => pal.cursor(),
                (_, false) => ratatui::style::Style::default(),
            };
            Line::styled(truncate(&text, w), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), table);
    if let Some(r) = j.current() {
        let check = app
            .keymap
            .key_for(Section::Journal, Command::Reconcile)
            .map(|k| k.to_string());
        let style = match r.state {
            RowState::Conflict { .. } => pal.error(),
            _ => pal.warn(),
        };
        frame.render_widget(
            Paragraph::new(vec![
                Line::styled(r.order_sn.clone(), pal.dim()),
                Line::styled(explain(r, lang, check.as_deref()), style),
            ])
            .wrap(Wrap { trim: true }),
            why,
        );
    }
}
