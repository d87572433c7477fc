//! The journal screen (`J`): reading its rows, moving in them, opening an order, reconciling.

use crate::i18n::errors::store_error;
use crate::i18n::tui::{self as tr, T};
use crate::store::StoreError;
use crate::tui::app::{App, Level, Screen};
use crate::tui::attention::JournalRow;
use crate::tui::keys::command::Command;
use crate::tui::msg::{Effect, ReqId};
use crate::tui::update::fetch;

pub fn open(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Journal;
    fetch::journal(app)
}

pub fn on_loaded(
    app: &mut App,
    id: ReqId,
    result: Result<Vec<JournalRow>, StoreError>,
) -> Vec<Effect> {
    if app.journal.loading != Some(id) {
        return Vec::new();
    }
    app.journal.loading = None;
    app.dirty = true;
    match result {
        Ok(mut rows) => {
            rows.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.order_sn.cmp(&b.order_sn)));
            let keep = app.journal.current().map(|r| (r.order_sn.clone(), r.kind));
            app.journal.rows = rows;
            app.journal.cursor = keep
                .and_then(|(sn, k)| {
                    app.journal
                        .rows
                        .iter()
                        .position(|r| r.order_sn == sn && r.kind == k)
                })
                .unwrap_or(app.journal.cursor)
                .min(app.journal.rows.len().saturating_sub(1));
        }
        Err(e) => {
            let lang = app.lang();
            app.toast(
                Level::Error,
                tr::failed(
                    lang,
                    tr::t(lang, T::JournalLoadFailed),
                    &store_error(&e, lang),
                ),
            );
        }
    }
    Vec::new()
}

/// A command on the journal screen; `None` when it is not one of the screen's own.
pub fn on_command(app: &mut App, cmd: Command) -> Option<Vec<Effect>> {
    let n = app.journal.rows.len();
    let j = &mut app.journal;
    match cmd {
        Command::MoveDown => j.cursor = (j.cursor + 1).min(n.saturating_sub(1)),
        Command::MoveUp => j.cursor = j.cursor.saturating_sub(1),
        Command::Top => j.cursor = 0,
        Command::Bottom => j.cursor = n.saturating_sub(1),
        Command::Back => app.screen = Screen::Queue,
        Command::Open => {
            let sn = j.current()?.order_sn.clone();
            let fx = crate::tui::update::fetch::open_order(app, sn);
            app.journal.opened_from = true;
            return Some(fx);
        }
        Command::Reconcile => {
            if app.pending.reconcile.is_some() {
                return Some(Vec::new());
            }
            let lang = app.lang();
            app.toast(Level::Info, tr::t(lang, T::Reconciling));
            return Some(fetch::reconcile(app));
        }
        _ => return None,
    }
    Some(Vec::new())
}
