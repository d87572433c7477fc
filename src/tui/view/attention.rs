//! The journal screen as drawn: one row per item (time, order, kind, number, operator, outcome), those that
//! need the operator first, then newest first; conflicts in red; the highlighted item explained in words
//! under the table. The outcome is a word, so it reads without colour.

use super::style::Palette;
use crate::domain::text::{pad, truncate};
use crate::domain::time::{beijing, format_beijing};
use crate::i18n::Lang;
use crate::i18n::tui::{self as tr, T};
use crate::tui::app::App;
use crate::tui::attention::{JournalRow, RowState};
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

/// What the operator should know about the item, in words; `check` is the key that reconciles.
pub fn explain(r: &JournalRow, lang: Lang, check: Option<&str>) -> String {
    match &r.state {
        RowState::Done => tr::explain_done(lang, &r.detail),
        RowState::Failed => tr::explain_failed(lang, &r.detail),
        // Only the last item of an order and kind is checked: an earlier one was replaced.
        _ if !r.open => tr::explain_superseded(lang),
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
    let j = &app.journal;
    // A long journal is read from its newest entries: the title says how many of how many.
    let mut caption = vec![Span::styled(tr::t(lang, T::JournalTitle), pal.title())];
    if j.cut() {
        caption.push(Span::styled(
            format!(" · {}", tr::journal_cut(lang, j.rows.len(), j.total)),
            pal.dim(),
        ));
    }
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(caption),
            Line::styled(truncate(&head, w), pal.dim()),
        ]),
        title,
    );
    if j.shown.is_empty() {
        let text = if j.loading.is_some() && j.rows.is_empty() {
            "…"
        } else if j.rows.is_empty() {
            tr::t(lang, T::JournalEmpty)
        } else {
            tr::t(lang, T::JournalNoMatch)
        };
        frame.render_widget(Paragraph::new(Span::styled(text, pal.dim())), table);
        return;
    }
    let height = usize::from(table.height).max(1);
    let offset = (j.cursor + 1).saturating_sub(height);
    let lines: Vec<Line> = j
        .visible()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, r)| {
            let text = format!(
                "{}{} {} {} {} {} {}",
                if i == j.cursor { "▶ " } else { "  " },
                pad(&time(r.at), TIME),
                pad(&r.order_sn, SN),
                pad(r.kind.word(lang), KIND),
                pad(&truncate(&r.number, number_w), number_w),
                pad(
                    &truncate(if r.user.is_empty() { "—" } else { &r.user }, USER),
                    USER
                ),
                r.state.word(lang),
            );
            let base = match &r.state {
                RowState::Conflict { .. } if r.open => pal.error(),
                RowState::Pending | RowState::Unknown if r.open => pal.warn(),
                _ => ratatui::style::Style::default(),
            };
            let style = if i == j.cursor {
                base.patch(pal.cursor())
            } else {
                base
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
            RowState::Conflict { .. } if r.open => pal.error(),
            RowState::Failed => pal.error(),
            RowState::Done => pal.success(),
            _ if r.open => pal.warn(),
            _ => pal.dim(),
        };
        // The whole time (the table has no year or seconds) and who did it.
        let when = jiff::Timestamp::from_second(r.at)
            .map(format_beijing)
            .unwrap_or_default();
        let who = format!("{}  {}  {when}", r.order_sn, r.user);
        frame.render_widget(
            Paragraph::new(vec![
                Line::styled(truncate(&who, w), pal.dim()),
                Line::styled(explain(r, lang, check.as_deref()), style),
            ])
            .wrap(Wrap { trim: true }),
            why,
        );
    }
}
