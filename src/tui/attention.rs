//! The journal screen (`J`): shipments (and, with the SQLite journal, notes and waybills) that need the
//! operator: pending, unknown outcome, or a conflict. Read as an effect; `r` reconciles, Enter opens the order.

use crate::i18n::errors::store_error;
use crate::i18n::tui::{self as tr, T};
use crate::store::StoreError;
use crate::tui::app::{App, Level, Screen};
use crate::tui::keys::command::Command;
use crate::tui::msg::{Effect, ReqId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ship,
    /// A change of an earlier shipment's number or courier.
    Modify,
    Note,
    Waybill,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowState {
    /// Written before sending, no outcome yet (the run was interrupted).
    Pending,
    /// Sent, but no answer: must be checked before anything is sent again.
    Unknown,
    /// The gateway shows the order shipped with another number (`theirs`) than the one journalled.
    Conflict { theirs: String },
}

/// One journal item as the screen shows it, whatever the journal's storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalRow {
    /// Unix seconds.
    pub at: i64,
    pub order_sn: String,
    pub kind: Kind,
    /// Tracking number (ship, waybill); empty for a note.
    pub number: String,
    pub user: String,
    pub state: RowState,
}

#[derive(Debug, Clone, Default)]
pub struct JournalState {
    /// Newest first.
    pub rows: Vec<JournalRow>,
    pub cursor: usize,
    pub loading: Option<ReqId>,
    /// The detail on screen was opened from the journal: Back returns there.
    pub opened_from: bool,
}

impl JournalState {
    /// How many items need the operator (the header's counter; hidden when 0).
    pub fn attention(&self) -> usize {
        self.rows.len()
    }

    pub fn current(&self) -> Option<&JournalRow> {
        self.rows.get(self.cursor)
    }
}

/// Reads the journal again (an effect); the newest request wins.
pub fn load(app: &mut App) -> Vec<Effect> {
    let id = app.next_id();
    app.journal.loading = Some(id);
    vec![Effect::LoadJournal { id }]
}

pub fn open(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Journal;
    load(app)
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
            let fx = crate::tui::queue::actions::open_order(app, sn);
            app.journal.opened_from = true;
            return Some(fx);
        }
        Command::Reconcile => {
            if app.pending.reconcile.is_some() {
                return Some(Vec::new());
            }
            let lang = app.lang();
            app.toast(Level::Info, tr::t(lang, T::Reconciling));
            return Some(crate::tui::reconcile::start(app));
        }
        _ => return None,
    }
    Some(Vec::new())
}
