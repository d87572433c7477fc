//! The whole state of the workstation, owned by the loop and changed only by `update`.
//! It holds no clients and no clock: `now` arrives with ticks, so tests can fix it.

use crate::domain::{Change, Courier, Order, OrderRow};
use crate::i18n::Lang;
use crate::tui::attention::JournalState;
use crate::tui::claims::Claims;
use crate::tui::dialog::confirm::QuitQuestion;
use crate::tui::dialog::flag_conflict::FlagConflict;
use crate::tui::dialog::help::Help;
use crate::tui::dialog::import::ImportDialog;
use crate::tui::dialog::note::NoteEditor;
use crate::tui::dialog::ship::ShipDialog;
use crate::tui::keys::keymap::{Keymap, Section};
use crate::tui::msg::ReqId;
use crate::tui::persist::autosave::Autosave;
use crate::tui::persist::drafts::Persisted;
use crate::tui::queue::details::Details;
use crate::tui::queue::order_list::OrderList;
pub use crate::tui::queue::state::{QueueState, SortKey};
pub use crate::tui::settings::Settings;
pub use crate::tui::toast::{Level, TOAST_SECS, Toast};
use jiff::{SignedDuration, Timestamp};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Queue,
    Detail {
        order_sn: String,
        scroll: u16,
    },
    /// Journal items that need attention.
    Journal,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    None,
    Filter,
    /// `over`: the dialog help was opened from, shown again when help closes.
    Help {
        help: Help,
        over: Option<Box<Overlay>>,
    },
    Ship(Box<ShipDialog>),
    Note(Box<NoteEditor>),
    Import(Box<ImportDialog>),
    /// Flags a flag key left alone: they changed since the operator saw them.
    FlagConflict(Box<FlagConflict>),
}

impl Overlay {
    /// The ship dialog, or the overlay back unchanged (for `App::lift`).
    pub fn ship(self) -> Result<Box<ShipDialog>, Overlay> {
        match self {
            Overlay::Ship(d) => Ok(d),
            other => Err(other),
        }
    }

    /// The note editor, or the overlay back unchanged (for `App::lift`).
    pub fn note(self) -> Result<Box<NoteEditor>, Overlay> {
        match self {
            Overlay::Note(ed) => Ok(ed),
            other => Err(other),
        }
    }

    /// The import dialog, or the overlay back unchanged (for `App::lift`).
    pub fn import(self) -> Result<Box<ImportDialog>, Overlay> {
        match self {
            Overlay::Import(d) => Ok(d),
            other => Err(other),
        }
    }

    /// The flag conflicts, or the overlay back unchanged (for `App::lift`).
    pub fn flag_conflict(self) -> Result<Box<FlagConflict>, Overlay> {
        match self {
            Overlay::FlagConflict(d) => Ok(d),
            other => Err(other),
        }
    }

    /// Help and what it was opened over, or the overlay back unchanged (for `App::lift`).
    #[allow(clippy::type_complexity)]
    pub fn help(self) -> Result<(Help, Option<Box<Overlay>>), Overlay> {
        match self {
            Overlay::Help { help, over } => Ok((help, over)),
            other => Err(other),
        }
    }
}

/// A sync or refresh that failed, kept in the header until one succeeds.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncFailure {
    pub error: crate::api::ApiError,
    /// The first failure of this run of failures.
    pub since: Timestamp,
}

/// Requests whose results are still wanted; anything else that arrives is stale.
#[derive(Debug, Clone, Default)]
pub struct Pending {
    pub orders: Option<ReqId>,
    pub detail: Option<ReqId>,
    /// Whole orders read for the memos a batch's ship dialog shows: request, order.
    pub memos: BTreeMap<ReqId, String>,
    pub couriers: Option<ReqId>,
    pub notes: BTreeSet<ReqId>,
    pub ships: BTreeSet<ReqId>,
    pub reconcile: Option<ReqId>,
    /// The queue's rows computed off the UI thread (not shown as busy: the view marks it by itself).
    pub rows: crate::tui::queue::worker::RowsWork,
}

impl Pending {
    pub fn busy(&self) -> bool {
        self.orders.is_some()
            || self.detail.is_some()
            || !self.memos.is_empty()
            || self.couriers.is_some()
            || !self.notes.is_empty()
            || !self.ships.is_empty()
            || self.reconcile.is_some()
    }
}

#[derive(Debug, Clone)]
pub struct App {
    pub settings: Settings,
    pub keymap: Keymap,
    pub now: Timestamp,
    /// Terminal size, for paging.
    pub size: (u16, u16),
    /// The loaded orders with their search texts; changed only through `OrderList`'s methods.
    pub orders: OrderList,
    pub couriers: Vec<Courier>,
    pub last_sync: Option<Timestamp>,
    /// Orders received so far by the sync in flight.
    pub sync_progress: usize,
    /// The queue shows only what the sync in flight (or a failed one) received: not every order.
    pub sync_partial: bool,
    /// The queue on screen comes from the offline cache, synced at this time; cleared by a fresh sync.
    pub cached_at: Option<Timestamp>,
    /// The queue shows the offline cache's first rows only, the rest being read (a start from a big cache):
    /// no refresh begins before the rest is in, so none is merged into the first rows alone.
    pub cache_loading: bool,
    /// Every change up to this time has been seen (a full list's start, or what a refresh returned): a
    /// refresh asks for what changed since. None until a full list or a cache brings one.
    pub mark: Option<Timestamp>,
    /// When the full list in flight started: its mark once it succeeds.
    pub full_started: Option<Timestamp>,
    /// The last sync or refresh failed: why, and since when it fails. Shown until one succeeds.
    pub sync_failure: Option<SyncFailure>,
    /// Whole orders read this run (the most recent few hundred), for the detail screen and the waybill.
    pub details: Details,
    pub next_refresh: Timestamp,
    pub queue: QueueState,
    pub screen: Screen,
    pub overlay: Overlay,
    pub toasts: Vec<Toast>,
    pub pending: Pending,
    pub persisted: Persisted,
    /// The journal's items that need attention, for the header's counter and the journal screen.
    pub journal: JournalState,
    /// Orders other processes are shipping right now.
    pub claims: Claims,
    /// Team mode: the live updates heard and applied.
    pub team: crate::tui::team::Team,
    /// The flags shown before changes from elsewhere of the last moment: what a flag key was meant for.
    pub flag_seen: crate::tui::flag_seen::FlagSeen,
    /// When the drafts were last written and whether they changed since.
    pub autosave: Autosave,
    /// Orders whose earlier shipment has an unknown outcome, with that shipment's number: marked `?`,
    /// and `ops::ship_durably` checks them before sending again.
    pub unconfirmed: BTreeMap<String, String>,
    /// `q` was pressed while a shipment is in flight: the question is on screen, over any dialog.
    pub quit_question: Option<QuitQuestion>,
    /// A prompt or dialog changed by itself (a result arrived, the quit question went away): the next key
    /// was meant for what was there before, so it is dropped instead of reaching what is there now. A key
    /// that comes after `hold_until` was meant for what the operator has seen by then: the hold lapses.
    pub hold_next_key: bool,
    pub hold_until: Timestamp,
    pub quit: bool,
    /// Something changed since the last draw.
    pub dirty: bool,
    /// Advances with ticks while work is in flight.
    pub spinner: usize,
    next_id: u64,
}

impl App {
    /// The overlay lifted out when `pick` takes it (`Overlay::ship`, `note`, `import`, `help`), so that
    /// it can change while it reads the rest of the `App`; any other overlay stays on screen. Whoever
    /// lifts one puts it back, or closes it by not doing so.
    pub fn lift<T>(&mut self, pick: impl FnOnce(Overlay) -> Result<T, Overlay>) -> Option<T> {
        match pick(std::mem::replace(&mut self.overlay, Overlay::None)) {
            Ok(taken) => Some(taken),
            Err(other) => {
                self.overlay = other;
                None
            }
        }
    }

    pub fn new(settings: Settings, keymap: Keymap, now: Timestamp, persisted: Persisted) -> App {
        App {
            next_refresh: now,
            settings,
            keymap,
            now,
            size: (80, 24),
            orders: OrderList::default(),
            couriers: Vec::new(),
            last_sync: None,
            sync_progress: 0,
            sync_partial: false,
            cached_at: None,
            cache_loading: false,
            mark: None,
            full_started: None,
            sync_failure: None,
            details: Details::default(),
            queue: QueueState::default(),
            screen: Screen::Queue,
            overlay: Overlay::None,
            toasts: Vec::new(),
            pending: Pending::default(),
            persisted,
            autosave: Autosave::default(),
            journal: JournalState::default(),
            claims: Claims {
                next_poll: now.checked_add(crate::tui::claims::POLL).ok(),
                ..Claims::default()
            },
            team: Default::default(),
            flag_seen: Default::default(),
            unconfirmed: BTreeMap::new(),
            quit_question: None,
            hold_next_key: false,
            hold_until: now,
            quit: false,
            dirty: true,
            spinner: 0,
            next_id: 0,
        }
    }

    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    /// The quit question is on screen.
    pub fn asking_quit(&self) -> bool {
        self.quit_question.is_some()
    }

    pub fn next_id(&mut self) -> ReqId {
        self.next_id += 1;
        ReqId(self.next_id)
    }

    pub fn toast(&mut self, level: Level, text: impl Into<String>) {
        let until = self
            .now
            .checked_add(SignedDuration::from_secs(TOAST_SECS))
            .unwrap_or(self.now);
        // Toasts quote OS errors, file names and gateway messages: the one sanitiser, whatever the source.
        self.toasts.push(Toast {
            text: crate::domain::text::sanitize(&text.into()),
            level,
            until,
        });
        // Only the newest few matter; older ones would never be read.
        if self.toasts.len() > 3 {
            self.toasts.remove(0);
        }
    }

    /// In read-only mode: says why the operator's change is not possible, and returns true.
    pub fn refuse_changes(&mut self) -> bool {
        if self.settings.read_only {
            let text = crate::i18n::tui::t(self.lang(), crate::i18n::tui::T::ReadOnlyRefused);
            self.toast(Level::Error, text);
        }
        self.settings.read_only
    }

    /// What a dialog may read while it handles a key or a result.
    pub fn ctx(&self) -> crate::tui::dialog::Ctx<'_> {
        crate::tui::dialog::Ctx {
            settings: &self.settings,
            keymap: &self.keymap,
            now: self.now,
            orders: &self.orders,
            details: &self.details,
            couriers: &self.couriers,
            claimed: &self.claims.by_order,
            persisted: &self.persisted,
        }
    }

    /// The keymap section of the screen under any dialog.
    pub fn screen_section(&self) -> Section {
        match self.screen {
            Screen::Queue => Section::Queue,
            Screen::Detail { .. } => Section::Detail,
            Screen::Journal => Section::Journal,
        }
    }

    /// The queue's row of an order.
    pub fn order(&self, sn: &str) -> Option<&OrderRow> {
        self.orders.find(sn)
    }

    /// The whole order, when it has been read this run.
    pub fn detail(&self, sn: &str) -> Option<&Order> {
        self.details.get(sn)
    }

    /// Applies a change made here to the order's row and to its whole detail, if read.
    pub fn apply(&mut self, sn: &str, change: &Change) {
        self.orders.apply(sn, change);
        self.details.apply(sn, change);
    }
}
