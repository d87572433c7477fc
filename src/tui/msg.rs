//! The one inbound message type of the loop (keys, terminal events, ticks, task results) and the
//! effects `update` asks the runtime to carry out. Every task result carries the id of its request.

use crate::api::{ApiError, StatusFilter};
use crate::domain::{Courier, Order, ShipRequest};
use crate::ops::note::{Edit as NoteEdit, Outcome as NoteOutcome};
use crate::ops::{OpError, Reconciled};
use crate::store::{ShipEntry, StoreError};
use crate::tui::attention::JournalPage;
use crate::tui::queue::order_list::OrderList;
use crate::tui::queue::worker::{RowsDone, RowsJob};
use crate::tui::term::clipboard::{Copied, CopyError};
use crossterm::event::KeyEvent;
use jiff::Timestamp;

pub use crate::tui::req::ReqId;

/// One order's durable shipment: its number, and what came of it.
pub type Shipment = (String, Result<(), OpError>);

/// Failures keep their type here (`ApiError` for the gateway alone, `OpError` for journalled operations,
/// `StoreError` for the journal); the view translates them (`i18n::errors`).
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// The clock, read by the runtime (never inside `update`).
    Tick(Timestamp),
    /// The terminal went away (SSH dropped, stdin EOF) or a signal asked us to stop.
    TerminalGone,
    /// How many orders the sync `id` has received so far (a few times a second at most).
    SyncProgress {
        id: ReqId,
        orders: usize,
        /// The orders received so far, as queue rows, when the sync was asked to show them (a first
        /// sync over an empty queue); at growing intervals, so a long sync copies its rows a few times only.
        partial: Option<Box<OrderList>>,
    },
    /// Every row of the offline cache, read after the first screen was drawn from its head; `None` when it
    /// could not be read again.
    CacheRest(Option<Box<crate::store::cache::Cache>>),
    /// A whole sync, already made into queue rows by its task.
    Orders {
        id: ReqId,
        result: Result<Box<OrderList>, ApiError>,
    },
    /// What changed since the mark (an incremental refresh), or that the mark is too old (list again).
    Changed {
        id: ReqId,
        result: Result<crate::ops::sync::Refresh, ApiError>,
    },
    /// One whole order: from the offline store (`fresh` false) or read from the gateway; `last` is the
    /// request's final answer.
    Detail {
        id: ReqId,
        result: Box<Result<Order, ApiError>>,
        fresh: bool,
        last: bool,
    },
    Couriers {
        id: ReqId,
        result: Result<Vec<Courier>, ApiError>,
    },
    /// Each order's shipment, or (`Err`) a failure of the whole batch.
    Shipped {
        id: ReqId,
        result: Result<Vec<Shipment>, OpError>,
    },
    /// Per order, what the read-compare-write of its note came to (sent, unchanged, or a conflict).
    Noted {
        id: ReqId,
        results: Vec<(String, Result<NoteOutcome, OpError>)>,
    },
    Number {
        id: ReqId,
        order_sn: String,
        result: Result<String, OpError>,
    },
    /// What checking the shipments an earlier run left pending found.
    Reconciled {
        id: ReqId,
        result: Result<Vec<(ShipEntry, Reconciled)>, OpError>,
    },
    /// The import dialog's file, read and checked.
    CsvRead {
        id: ReqId,
        path: std::path::PathBuf,
        result: Result<crate::domain::csv_rows::Parsed, crate::domain::csv_rows::FileError>,
    },
    /// Orders claimed by other processes: (order number, user).
    Claims {
        id: ReqId,
        result: Result<Vec<(String, String)>, StoreError>,
    },
    /// The journal as read.
    JournalLoaded {
        id: ReqId,
        result: Result<JournalPage, StoreError>,
    },
    /// The team's database announced something (a claim, an outcome, a note), or its live connection
    /// came or went (team mode only).
    Team(crate::store::team::listen::Event),
    /// Journal entries read for the team's live updates (`Effect::ReadTeamOps`), oldest first.
    TeamOps {
        result: Result<Vec<crate::store::OpEntry>, StoreError>,
    },
    /// Where a copied text went (tmux's buffer, the terminal), or why it could not be copied.
    Copied {
        text: String,
        result: Result<Copied, CopyError>,
    },
    /// The queue's rows (and counts) a worker computed (`Effect::ComputeRows`).
    Rows(Box<RowsDone>),
}

/// Work for the runtime. Network effects run as tasks whose results come back as `Msg`.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    FetchOrders {
        id: ReqId,
        status: StatusFilter,
        start: Timestamp,
        end: Timestamp,
        /// Send the rows received so far with the progress (the queue is empty meanwhile).
        partial: bool,
    },
    /// Ask for the orders changed since `mark` (an incremental refresh), answered by `Msg::Changed`.
    FetchChanges {
        id: ReqId,
        mark: Timestamp,
    },
    FetchDetail {
        id: ReqId,
        order_sn: String,
    },
    FetchCouriers {
        id: ReqId,
    },
    Ship {
        id: ReqId,
        requests: Vec<ShipRequest>,
    },
    /// A shipment some of whose orders share their number with orders of the same buyer address (one
    /// parcel): `mates` names, by order, the only orders the journal may let use the number too.
    ShipShared {
        id: ReqId,
        requests: Vec<ShipRequest>,
        mates: std::collections::BTreeMap<String, Vec<String>>,
    },
    /// Read each order's current note, then write the edit over it (`ops::note::write_checked`).
    WriteNotes {
        id: ReqId,
        edits: Vec<(String, NoteEdit)>,
    },
    /// The whole order is passed when it has been read this run; otherwise the task reads it.
    TakeNumber {
        id: ReqId,
        order_sn: String,
        order: Option<Box<Order>>,
    },
    /// Check the shipments an earlier run left pending (once, at start).
    Reconcile {
        id: ReqId,
    },
    /// Read the journal's history (what needs the operator first).
    LoadJournal {
        id: ReqId,
    },
    /// Read and check a CSV file for the import dialog, against this courier list.
    ReadCsv {
        id: ReqId,
        path: std::path::PathBuf,
        couriers: Vec<Courier>,
    },
    /// Read which orders other processes are shipping.
    LoadClaims {
        id: ReqId,
    },
    /// Read the team journal's entries of one order, or those begun since a time (Unix seconds):
    /// another workstation's outcome, note or flag, applied to the queue (`Msg::TeamOps`).
    ReadTeamOps {
        order_sn: Option<String>,
        since: Option<i64>,
    },
    /// To the operator's own clipboard: tmux's buffer inside tmux, else OSC 52; answered by `Msg::Copied`.
    Copy(String),
    /// Ctrl-L: clear and repaint everything.
    ClearScreen,
    /// Write `App::persisted` (drafts, last courier) to the data folder.
    SaveState,
    /// Write the queue and the details read (`App::orders`, `App::details`) to the offline cache.
    SaveCache,
    /// Filter, sort and count a big queue off the UI thread, answered by `Msg::Rows`.
    ComputeRows(Box<RowsJob>),
}
