//! The journal screen (`J`): the shipping history (ship, modify, note, waybill), what needs the operator
//! (pending, unknown, conflict) first; read as an effect, filtered with `/`; `r` reconciles, Enter opens the order.

use crate::i18n::Lang;
use crate::i18n::tui::{self as tr, T};
use crate::tui::req::ReqId;
use tui_input::Input;

/// How many entries of the history the screen reads (besides those that need the operator): the journal
/// of a busy shop grows without end, and a screen is read from the top.
pub const HISTORY_LIMIT: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ship,
    /// A change of an earlier shipment's number or courier.
    Modify,
    Note,
    Waybill,
}

impl Kind {
    pub fn word(self, lang: Lang) -> &'static str {
        tr::t(
            lang,
            match self {
                Kind::Ship => T::KindShip,
                Kind::Modify => T::KindModify,
                Kind::Note => T::KindNote,
                Kind::Waybill => T::KindWaybill,
            },
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowState {
    /// Written before sending, no outcome yet (the run was interrupted).
    Pending,
    /// Sent, but no answer: must be checked before anything is sent again.
    Unknown,
    /// The gateway shows the order shipped with another number (`theirs`) than the one journalled.
    Conflict { theirs: String },
    /// Confirmed by the gateway, or found applied when checked.
    Done,
    /// Refused, or found not applied when checked.
    Failed,
}

impl RowState {
    pub fn word(&self, lang: Lang) -> &'static str {
        tr::t(
            lang,
            match self {
                RowState::Pending => T::StatePending,
                RowState::Unknown => T::StateUnknown,
                RowState::Conflict { .. } => T::StateConflict,
                RowState::Done => T::StateDone,
                RowState::Failed => T::StateFailed,
            },
        )
    }

    /// The journal's own code for it (`ok` for done), which the filter also knows.
    fn code(&self) -> &'static str {
        match self {
            RowState::Pending => "intent",
            RowState::Unknown => "unknown",
            RowState::Conflict { .. } => "conflict",
            RowState::Done => "ok",
            RowState::Failed => "failed",
        }
    }
}

/// One journal item as the screen shows it, whatever the journal's storage. Texts are sanitised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalRow {
    /// The journal entry's id (0 when unknown): which item the cursor is on across reads.
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    pub order_sn: String,
    pub kind: Kind,
    /// Tracking number (ship, modify), the number a waybill call took, the start of a note's text.
    pub number: String,
    pub user: String,
    pub state: RowState,
    /// It needs the operator: the last item of its order and kind, pending, unknown or a conflict.
    pub open: bool,
    /// What the journal says of the outcome (an error, how a lost answer was checked); may be empty.
    pub detail: String,
}

/// What one read of the journal gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalPage {
    pub rows: Vec<JournalRow>,
    /// How many entries the journal holds in all: more than `rows` when the read was limited.
    pub total: u64,
}

impl From<Vec<JournalRow>> for JournalPage {
    fn from(rows: Vec<JournalRow>) -> Self {
        let total = rows.len() as u64;
        JournalPage { rows, total }
    }
}

#[derive(Debug, Clone, Default)]
pub struct JournalState {
    /// What needs the operator first, then newest first.
    pub rows: Vec<JournalRow>,
    /// Entries in the journal in all.
    pub total: u64,
    /// Indices into `rows` of those the filter leaves, in order; the cursor moves in these.
    pub shown: Vec<usize>,
    pub cursor: usize,
    /// `/` on this screen: words that must all match (order number, number, operator, kind, outcome).
    pub filter: Input,
    pub loading: Option<ReqId>,
    /// The detail on screen was opened from the journal: Back returns there.
    pub opened_from: bool,
    /// Each row's searchable words, lower-cased, in both languages (parallel to `rows`).
    search: Vec<String>,
}

impl JournalState {
    /// How many items need the operator (the header's counter; hidden when 0).
    pub fn attention(&self) -> usize {
        self.rows.iter().filter(|r| r.open).count()
    }

    pub fn current(&self) -> Option<&JournalRow> {
        self.rows.get(*self.shown.get(self.cursor)?)
    }

    /// The rows the filter leaves, in order.
    pub fn visible(&self) -> impl Iterator<Item = &JournalRow> {
        self.shown.iter().filter_map(|&i| self.rows.get(i))
    }

    /// Takes a new read; the cursor stays on its item when it is still there (and shown).
    pub fn set(&mut self, page: JournalPage) {
        let keep = self.current().map(|r| (r.id, r.order_sn.clone(), r.kind));
        let mut rows = page.rows;
        rows.sort_by(|a, b| {
            b.open
                .cmp(&a.open)
                .then(b.at.cmp(&a.at))
                .then(b.id.cmp(&a.id))
        });
        self.search = rows.iter().map(search_text).collect();
        self.rows = rows;
        self.total = page.total.max(self.rows.len() as u64);
        self.refilter();
        let found = keep.and_then(|(id, sn, kind)| {
            self.visible()
                .position(|r| r.id == id && r.order_sn == sn && r.kind == kind)
        });
        self.cursor = found
            .unwrap_or(self.cursor)
            .min(self.shown.len().saturating_sub(1));
    }

    /// Applies the filter's words again (after a read or an edit).
    pub fn refilter(&mut self) {
        let words: Vec<String> = self
            .filter
            .value()
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        self.shown = self
            .search
            .iter()
            .enumerate()
            .filter(|(_, s)| words.iter().all(|w| s.contains(w.as_str())))
            .map(|(i, _)| i)
            .collect();
        self.cursor = self.cursor.min(self.shown.len().saturating_sub(1));
    }

    /// More entries are in the journal than were read.
    pub fn cut(&self) -> bool {
        self.total > self.rows.len() as u64
    }
}

/// A row's words for the filter: order number, number, operator, and its kind and outcome in both
/// languages and the journal's codes (`ok`, `intent`), so `失败`, `failed` and `fail` all find a failure.
fn search_text(r: &JournalRow) -> String {
    format!(
        "{} {} {} {} {} {} {} {}",
        r.order_sn,
        r.number,
        r.user,
        r.kind.word(Lang::Zh),
        r.kind.word(Lang::En),
        r.state.word(Lang::Zh),
        r.state.word(Lang::En),
        r.state.code(),
    )
    .to_lowercase()
}
