//! The import dialog (`dialog::import`) applied to the app: opening it, the effects its keys ask for (read a
//! file, ship rows, ask before quitting), and what its results change in the queue.

use crate::domain::csv_rows::{FileError, Parsed};
use crate::i18n::tui as tr;
use crate::ops::OpError;
use crate::tui::app::{App, Level, Overlay};
use crate::tui::dialog::import::{ImportDialog, Outcome};
use crate::tui::keys::key::Key;
use crate::tui::msg::{Effect, ReqId, Shipment};
use crate::tui::queue::rows;
use crate::tui::update::confirm;
use crate::tui::update::{cursor, fetch};
use crossterm::event::KeyEvent;
use std::path::Path;

/// `I`: opens the dialog, and fetches the couriers the file will be checked against when none are known.
pub fn open(app: &mut App) -> Vec<Effect> {
    if app.refuse_changes() {
        return Vec::new();
    }
    app.overlay = Overlay::Import(Box::default());
    // The file names couriers by id, code or name: the live list is needed to check it.
    if app.couriers.is_empty() && app.pending.couriers.is_none() {
        return fetch::fetch_couriers(app);
    }
    Vec::new()
}

/// Takes the dialog out of the app for as long as it handles something with the app's `Ctx`.
fn take(app: &mut App) -> Option<Box<ImportDialog>> {
    app.lift(Overlay::import)
}

pub fn on_key(app: &mut App, key: Key, ev: &KeyEvent) -> Vec<Effect> {
    let Some(mut d) = take(app) else {
        return Vec::new();
    };
    let out = d.on_key(&app.ctx(), key, ev);
    match out {
        Outcome::None => {}
        Outcome::Close => return Vec::new(),
        Outcome::ReadCsv(path) => {
            let id = app.next_id();
            d.reading(id);
            app.overlay = Overlay::Import(d);
            return vec![Effect::ReadCsv {
                id,
                path,
                couriers: app.couriers.clone(),
            }];
        }
        Outcome::Ship(requests) => {
            let id = app.next_id();
            d.sending(id);
            app.pending.ships.insert(id);
            // Rows of one buyer address share their number: the journal lets them, and only them.
            let mates: std::collections::BTreeMap<String, Vec<String>> = d
                .sendable()
                .iter()
                .filter(|r| !r.mates.is_empty())
                .map(|r| (r.request.order_sn.clone(), r.mates.clone()))
                .collect();
            app.overlay = Overlay::Import(d);
            if mates.is_empty() {
                return vec![Effect::Ship { id, requests }];
            }
            return vec![Effect::ShipShared {
                id,
                requests,
                mates,
            }];
        }
        Outcome::AskQuit => {
            app.overlay = Overlay::Import(d);
            return confirm::request(app);
        }
    }
    app.overlay = Overlay::Import(d);
    Vec::new()
}

/// The file as read, shown in the dialog when it is the read the dialog waits for.
pub fn on_read(
    app: &mut App,
    id: ReqId,
    path: &Path,
    result: Result<Parsed, FileError>,
) -> Vec<Effect> {
    let Some(mut d) = take(app) else {
        return Vec::new();
    };
    if d.on_read(&app.ctx(), id, path, result) {
        app.dirty = true;
    }
    app.overlay = Overlay::Import(d);
    Vec::new()
}

/// The dialog's shipment came back: what shipped is marked, what is unknown shows `?`, and every order's
/// outcome is listed in the dialog.
pub fn on_result(app: &mut App, id: ReqId, result: Result<Vec<Shipment>, OpError>) -> Vec<Effect> {
    app.pending.ships.remove(&id);
    confirm::ships_settled(app);
    app.dirty = true;
    let lang = app.lang();
    let Some(mut d) = take(app) else {
        return Vec::new();
    };
    let done = d.on_shipped(&app.ctx(), result);
    app.overlay = Overlay::Import(d);
    for (sn, number) in done.unconfirmed {
        app.unconfirmed.insert(sn, number);
    }
    for (sn, number, courier) in &done.shipped {
        crate::tui::update::ship::mark_one_shipped(app, sn, number.as_deref(), *courier);
    }
    let (ok, failed) = (done.shipped.len(), done.failed);
    let level = if failed == 0 {
        Level::Success
    } else {
        Level::Error
    };
    app.toast(level, tr::ship_summary(lang, ok, failed));
    let sn = rows::current(app).map(|o| o.order_sn.clone());
    cursor::place_cursor(app, sn.as_deref());
    Vec::new()
}
