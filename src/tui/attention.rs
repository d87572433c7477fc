//! The journal screen (`J`): shipments (and, with the SQLite journal, notes and waybills) that need the
//! operator: pending, unknown outcome, or a conflict. Read as an effect; `r` reconciles, Enter opens the order.

use crate::tui::req::ReqId;

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
