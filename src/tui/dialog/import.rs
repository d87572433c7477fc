//! The import dialog (`I`), the workstation's twin of `pddtui ship --csv`: a file path, the file read and
//! checked as an effect (`domain::csv_rows`), valid rows and per-line problems shown, then one batch shipment.
//! This file holds the dialog's state, keys and results; `update::import` applies what they ask to the app.

use crate::domain::ShipRequest;
use crate::domain::csv_rows::{CsvRow, FileError, Parsed};
use crate::domain::group::Address;
use crate::domain::ship_check::{self, Refusal};
use crate::i18n::{csv as csv_tr, errors};
use crate::ops::OpError;
use crate::tui::dialog::Ctx;
use crate::tui::edit;
use crate::tui::keys::command::Command;
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Section;
use crate::tui::msg::{ReqId, Shipment};
use crossterm::event::KeyEvent;
use std::path::{Path, PathBuf};
use tui_input::Input;

#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    /// Typing the file's path.
    Path,
    Reading(ReqId),
    /// The file's rows and problems on screen; `confirm` once Enter asked for the `y`.
    Review {
        confirm: bool,
    },
    Sending(ReqId),
    /// What the shipment did, per order (order, error text if it failed).
    Done(Vec<(String, Option<String>)>),
}

#[derive(Debug, Clone)]
pub struct ImportDialog {
    pub path: Input,
    /// The path of a file that could not be read is selected: a new path replaces it, the cursor keys mend it.
    pub path_selected: bool,
    pub stage: Stage,
    pub parsed: Option<Parsed>,
    /// Valid rows held back, never sent: (line, order, why).
    pub held: Vec<(u64, String, Held)>,
    pub error: Option<String>,
    pub scroll: usize,
}

/// Why a valid row is not shipped: what the CLI would refuse it for (`domain::ship_check`), or a claim.
#[derive(Debug, Clone, PartialEq)]
pub enum Held {
    /// Another process is shipping the order (its user).
    InProgress(String),
    /// Shipped already, after-sale, risk review.
    Refused(Refusal),
    /// The queue does not hold the order among those it loaded.
    NotInQueue,
}

/// What a key in the dialog asks of the rest of the workstation.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Nothing beyond the dialog.
    None,
    /// The dialog closes.
    Close,
    /// Read and check this file (`ImportDialog::reading` takes the request's id).
    ReadCsv(PathBuf),
    /// Ship these rows in one batch (`ImportDialog::sending` takes the request's id).
    Ship(Vec<ShipRequest>),
    /// `q` / Ctrl-C while the shipment is in flight: ask before leaving.
    AskQuit,
}

/// What a finished shipment changes outside the dialog.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shipped {
    /// Orders that shipped: order, and the tracking number and courier sent for it.
    pub shipped: Vec<(String, Option<String>, Option<i64>)>,
    /// Orders whose answer was lost, with the number sent: shown `?` until checked.
    pub unconfirmed: Vec<(String, String)>,
    pub failed: usize,
}

impl Default for ImportDialog {
    fn default() -> Self {
        ImportDialog::new()
    }
}

impl ImportDialog {
    /// An empty path, waiting for the operator to type one.
    pub fn new() -> ImportDialog {
        ImportDialog {
            path: Input::default(),
            path_selected: false,
            stage: Stage::Path,
            parsed: None,
            held: Vec::new(),
            error: None,
            scroll: 0,
        }
    }

    /// The rows that will ship: valid and not held.
    pub fn sendable(&self) -> Vec<&CsvRow> {
        self.parsed
            .iter()
            .flat_map(|p| p.rows.iter())
            .filter(|r| !self.held.iter().any(|(l, _, _)| *l == r.line))
            .collect()
    }

    /// True when `id` is this dialog's shipment (its result is shown here, not by the ship dialog).
    pub fn owns(&self, id: ReqId) -> bool {
        self.stage == Stage::Sending(id)
    }

    pub fn paste(&mut self, text: &str) {
        if self.stage == Stage::Path {
            edit::paste(&mut self.path, &mut self.path_selected, text.trim());
        }
    }

    pub fn on_key(&mut self, ctx: &Ctx, key: Key, ev: &KeyEvent) -> Outcome {
        let cmd = ctx.keymap.get(Section::Import, key);
        match self.stage.clone() {
            Stage::Path => {
                let cmd = if key.text_char().is_some() { None } else { cmd };
                match cmd {
                    Some(Command::Back) => return Outcome::Close,
                    Some(Command::Submit) => {
                        let path = self.path.value().trim();
                        if !path.is_empty() {
                            return Outcome::ReadCsv(PathBuf::from(path));
                        }
                    }
                    _ => {
                        self.error = None;
                        edit::key(&mut self.path, &mut self.path_selected, ev);
                    }
                }
            }
            Stage::Reading(_) => {}
            // As in the ship dialog: `q` / Ctrl-C ask before leaving with the shipment in flight.
            Stage::Sending(_) => {
                if ctx.keymap.resolve(Section::Import, key) == Some(Command::Quit) {
                    return Outcome::AskQuit;
                }
            }
            Stage::Review { confirm } => match cmd {
                Some(Command::Back) if confirm => self.stage = Stage::Review { confirm: false },
                Some(Command::Back) => {
                    self.stage = Stage::Path;
                    self.parsed = None;
                    self.held.clear();
                }
                Some(Command::MoveDown) => self.scroll = self.scroll.saturating_add(1),
                Some(Command::MoveUp) => self.scroll = self.scroll.saturating_sub(1),
                Some(Command::Submit) if !self.sendable().is_empty() => {
                    self.stage = Stage::Review { confirm: true }
                }
                Some(Command::Confirm) if confirm => {
                    let requests: Vec<_> = self
                        .sendable()
                        .into_iter()
                        .map(|r| r.request.clone())
                        .collect();
                    if !requests.is_empty() {
                        return Outcome::Ship(requests);
                    }
                }
                _ => self.stage = Stage::Review { confirm: false },
            },
            Stage::Done(_) => {
                if matches!(cmd, Some(Command::Back | Command::Submit)) {
                    return Outcome::Close;
                }
            }
        }
        Outcome::None
    }

    /// The file asked for by `Outcome::ReadCsv` is being read as request `id`.
    pub fn reading(&mut self, id: ReqId) {
        self.stage = Stage::Reading(id);
        self.error = None;
    }

    /// The rows asked for by `Outcome::Ship` are being shipped as request `id`.
    pub fn sending(&mut self, id: ReqId) {
        self.stage = Stage::Sending(id);
    }

    /// The file as read: its rows and problems (rows the CLI would refuse, and orders another process is
    /// shipping, held back), or why it
    /// could not be read (the path stays to fix it). False when `id` is not the read this dialog waits for.
    pub fn on_read(
        &mut self,
        ctx: &Ctx,
        id: ReqId,
        path: &Path,
        result: Result<Parsed, FileError>,
    ) -> bool {
        if self.stage != Stage::Reading(id) {
            return false;
        }
        match result {
            Ok(mut parsed) => {
                // Lines of one buyer address may share a number (one parcel); others not, nor a number
                // the journal saw on an order of another address.
                let address = |sn: &str| {
                    Address::known(
                        ctx.details
                            .get(sn)
                            .and_then(|o| o.open_address_id.as_deref()),
                        ctx.orders.find(sn).and_then(|r| r.address_group),
                    )
                };
                parsed.share_within_address(ctx.couriers, address);
                parsed.refuse_used(address);
                self.held = parsed
                    .rows
                    .iter()
                    .filter_map(|r| {
                        held(ctx, r).map(|why| (r.line, r.request.order_sn.clone(), why))
                    })
                    .collect();
                self.parsed = Some(parsed);
                self.scroll = 0;
                self.stage = Stage::Review { confirm: false };
            }
            Err(e) => {
                // It quotes the typed path and the OS error.
                self.error = Some(crate::domain::text::sanitize(&csv_tr::file_error(
                    ctx.lang(),
                    path,
                    &e,
                )));
                self.stage = Stage::Path;
                self.path_selected = !self.path.value().is_empty();
            }
        }
        true
    }

    /// The shipment's result: every order's outcome listed in the dialog; what shipped and what is
    /// unknown returned for the queue.
    pub fn on_shipped(&mut self, ctx: &Ctx, result: Result<Vec<Shipment>, OpError>) -> Shipped {
        let lang = ctx.lang();
        let rows: Vec<(String, String, i64)> = self
            .sendable()
            .iter()
            .map(|r| {
                let q = &r.request;
                (
                    q.order_sn.clone(),
                    q.tracking_number.clone(),
                    q.logistics_id,
                )
            })
            .collect();
        let mut out = Shipped::default();
        let outcomes: Vec<(String, Option<String>)> = match result {
            Ok(list) => list
                .into_iter()
                .map(|(sn, r)| {
                    let err = r.err().map(|e| {
                        // A lost answer: the order shows `?` until it is checked, as from the ship dialog.
                        if e.outcome_unknown()
                            && let Some((_, number, _)) = rows.iter().find(|(s, _, _)| *s == sn)
                        {
                            out.unconfirmed.push((sn.clone(), number.clone()));
                        }
                        errors::op_error(&e, lang)
                    });
                    (sn, err)
                })
                .collect(),
            Err(e) => {
                let text = errors::op_error(&e, lang);
                rows.iter()
                    .map(|(sn, _, _)| (sn.clone(), Some(text.clone())))
                    .collect()
            }
        };
        for (sn, err) in &outcomes {
            if err.is_some() {
                out.failed += 1;
                continue;
            }
            let row = rows.iter().find(|(s, _, _)| s == sn);
            out.shipped
                .push((sn.clone(), row.map(|r| r.1.clone()), row.map(|r| r.2)));
        }
        self.stage = Stage::Done(outcomes);
        self.scroll = 0;
        out
    }
}

/// Why `row` must not ship from the workstation now, checked as the CLI checks a row: a claim, the order
/// unknown to the queue, or shipped, after-sale or under risk review.
fn held(ctx: &Ctx, row: &CsvRow) -> Option<Held> {
    let q = &row.request;
    if let Some(user) = ctx.claimed.get(&q.order_sn) {
        return Some(Held::InProgress(user.clone()));
    }
    let Some(order) = ctx.orders.find(&q.order_sn) else {
        return Some(Held::NotInQueue);
    };
    let asked = Some((q.logistics_id, q.tracking_number.as_str()));
    ship_check::first_shipment(order.known(), asked)
        .err()
        .map(Held::Refused)
}
