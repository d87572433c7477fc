//! The import dialog (`I`), the workstation's twin of `pddtui ship --csv`: a file path, the file read and
//! checked as an effect (`domain::csv_rows`), valid rows and per-line problems shown, then one batch shipment.

use crate::domain::csv_rows::{FileError, Parsed};
use crate::i18n::{csv as csv_tr, errors, tui as tr};
use crate::ops::OpError;
use crate::tui::app::{App, Level, Overlay};
use crate::tui::edit;
use crate::tui::keys::command::Command;
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Section;
use crate::tui::msg::{Effect, ReqId, Shipment};
use crossterm::event::KeyEvent;
use std::path::PathBuf;
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
    /// Valid rows held back: another process is shipping the order (line, order, user).
    pub held: Vec<(u64, String, String)>,
    pub error: Option<String>,
    pub scroll: usize,
}

impl ImportDialog {
    /// The rows that will ship: valid and not held.
    pub fn sendable(&self) -> Vec<&crate::domain::csv_rows::CsvRow> {
        self.parsed
            .iter()
            .flat_map(|p| p.rows.iter())
            .filter(|r| !self.held.iter().any(|(l, _, _)| *l == r.line))
            .collect()
    }
}

pub fn open(app: &mut App) -> Vec<Effect> {
    if app.refuse_changes() {
        return Vec::new();
    }
    app.overlay = Overlay::Import(Box::new(ImportDialog {
        path: Input::default(),
        path_selected: false,
        stage: Stage::Path,
        parsed: None,
        held: Vec::new(),
        error: None,
        scroll: 0,
    }));
    // The file names couriers by id, code or name: the live list is needed to check it.
    if app.couriers.is_empty() && app.pending.couriers.is_none() {
        return crate::tui::queue::actions::fetch_couriers(app);
    }
    Vec::new()
}

pub fn paste(d: &mut ImportDialog, text: &str) {
    if d.stage == Stage::Path {
        edit::paste(&mut d.path, &mut d.path_selected, text.trim());
    }
}

pub fn on_key(app: &mut App, key: Key, ev: &KeyEvent) -> Vec<Effect> {
    let cmd = app.keymap.get(Section::Ship, key);
    let Overlay::Import(d) = &mut app.overlay else {
        return Vec::new();
    };
    match d.stage.clone() {
        Stage::Path => {
            let cmd = if key.text_char().is_some() { None } else { cmd };
            match cmd {
                Some(Command::Back) => app.overlay = Overlay::None,
                Some(Command::Submit) => return read(app),
                _ => {
                    d.error = None;
                    edit::key(&mut d.path, &mut d.path_selected, ev);
                }
            }
        }
        Stage::Reading(_) => {}
        // As in the ship dialog: `q` / Ctrl-C ask before leaving with the shipment in flight.
        Stage::Sending(_) => {
            if app.keymap.resolve(Section::Queue, key) == Some(Command::Quit) {
                return crate::tui::dialog::confirm::request(app);
            }
        }
        Stage::Review { confirm } => match cmd {
            Some(Command::Back) if confirm => d.stage = Stage::Review { confirm: false },
            Some(Command::Back) => {
                d.stage = Stage::Path;
                d.parsed = None;
                d.held.clear();
            }
            Some(Command::MoveDown) => d.scroll = d.scroll.saturating_add(1),
            Some(Command::MoveUp) => d.scroll = d.scroll.saturating_sub(1),
            Some(Command::Submit) if !d.sendable().is_empty() => {
                d.stage = Stage::Review { confirm: true }
            }
            Some(Command::Confirm) if confirm => return send(app),
            _ => d.stage = Stage::Review { confirm: false },
        },
        Stage::Done(_) => {
            if matches!(cmd, Some(Command::Back | Command::Submit)) {
                app.overlay = Overlay::None;
            }
        }
    }
    Vec::new()
}

fn read(app: &mut App) -> Vec<Effect> {
    let couriers = app.couriers.clone();
    let id = app.next_id();
    let Overlay::Import(d) = &mut app.overlay else {
        return Vec::new();
    };
    let path = d.path.value().trim().to_string();
    if path.is_empty() {
        return Vec::new();
    }
    d.stage = Stage::Reading(id);
    d.error = None;
    vec![Effect::ReadCsv {
        id,
        path: PathBuf::from(path),
        couriers,
    }]
}

/// The file as read: its rows and problems, or why it could not be read (the path stays to fix it).
pub fn on_read(
    app: &mut App,
    id: ReqId,
    path: &std::path::Path,
    result: Result<Parsed, FileError>,
) -> Vec<Effect> {
    let lang = app.lang();
    let claims = app.claims.by_order.clone();
    let Overlay::Import(d) = &mut app.overlay else {
        return Vec::new();
    };
    if d.stage != Stage::Reading(id) {
        return Vec::new();
    }
    app.dirty = true;
    match result {
        Ok(parsed) => {
            d.held = parsed
                .rows
                .iter()
                .filter_map(|r| {
                    let sn = &r.request.order_sn;
                    claims.get(sn).map(|u| (r.line, sn.clone(), u.clone()))
                })
                .collect();
            d.parsed = Some(parsed);
            d.scroll = 0;
            d.stage = Stage::Review { confirm: false };
        }
        Err(e) => {
            // It quotes the typed path and the OS error.
            d.error = Some(crate::domain::text::sanitize(&csv_tr::file_error(
                lang, path, &e,
            )));
            d.stage = Stage::Path;
            d.path_selected = !d.path.value().is_empty();
        }
    }
    Vec::new()
}

fn send(app: &mut App) -> Vec<Effect> {
    let id = app.next_id();
    let Overlay::Import(d) = &mut app.overlay else {
        return Vec::new();
    };
    let requests: Vec<_> = d
        .sendable()
        .into_iter()
        .map(|r| r.request.clone())
        .collect();
    if requests.is_empty() {
        return Vec::new();
    }
    d.stage = Stage::Sending(id);
    app.pending.ships.insert(id);
    vec![Effect::Ship { id, requests }]
}

/// True when `id` is the import dialog's shipment (its result is shown there, not by the ship dialog).
pub fn owns(app: &App, id: ReqId) -> bool {
    matches!(&app.overlay, Overlay::Import(d) if d.stage == Stage::Sending(id))
}

/// Marks what shipped, and lists every order's outcome in the dialog.
pub fn on_result(app: &mut App, id: ReqId, result: Result<Vec<Shipment>, OpError>) -> Vec<Effect> {
    app.pending.ships.remove(&id);
    crate::tui::dialog::confirm::ships_settled(app);
    app.dirty = true;
    let lang = app.lang();
    let rows: Vec<(String, String, i64)> = match &app.overlay {
        Overlay::Import(d) => d
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
            .collect(),
        _ => Vec::new(),
    };
    let outcomes: Vec<(String, Option<String>)> = match result {
        Ok(list) => list
            .into_iter()
            .map(|(sn, r)| {
                let err = r.err().map(|e| {
                    // A lost answer: the order shows `?` until it is checked, as from the ship dialog.
                    if e.outcome_unknown()
                        && let Some((_, number, _)) = rows.iter().find(|(s, _, _)| *s == sn)
                    {
                        app.unconfirmed.insert(sn.clone(), number.clone());
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
    let mut ok = 0;
    for (sn, err) in &outcomes {
        if err.is_some() {
            continue;
        }
        ok += 1;
        let row = rows.iter().find(|(s, _, _)| s == sn);
        let number = row.map(|(_, n, _)| n.as_str());
        crate::tui::dialog::ship::mark_one_shipped(app, sn, number, row.map(|r| r.2));
    }
    let failed = outcomes.len() - ok;
    let level = if failed == 0 {
        Level::Success
    } else {
        Level::Error
    };
    app.toast(level, tr::ship_summary(lang, ok, failed));
    if let Overlay::Import(d) = &mut app.overlay {
        d.stage = Stage::Done(outcomes);
        d.scroll = 0;
    }
    let sn = crate::tui::queue::rows::current(app).map(|o| o.order_sn.clone());
    crate::tui::queue::actions::place_cursor(app, sn.as_deref());
    Vec::new()
}
