//! Shipments an earlier run left pending (crash, lost answer, dropped terminal): checked once at start as
//! an effect, then each result is told to the operator, and an order whose outcome stays unknown is marked.

use crate::i18n::{errors, tui as tr};
use crate::ops::{OpError, Reconciled};
use crate::store::ShipEntry;
use crate::tui::app::{App, Level};
use crate::tui::msg::{Effect, ReqId};
use crate::tui::queue::rows;
use crate::tui::update::cursor::place_cursor;
use crate::tui::update::fetch;

pub fn on_result(
    app: &mut App,
    id: ReqId,
    result: Result<Vec<(ShipEntry, Reconciled)>, OpError>,
) -> Vec<Effect> {
    if app.pending.reconcile != Some(id) {
        return Vec::new();
    }
    app.pending.reconcile = None;
    app.dirty = true;
    let lang = app.lang();
    let found = match result {
        Ok(found) => found,
        Err(e) => {
            let why = errors::op_error(&e, lang);
            app.toast(
                Level::Error,
                tr::failed(lang, tr::t(lang, tr::T::ReconcileFailed), &why),
            );
            return fetch::journal(app);
        }
    };
    let keep = rows::current(app).map(|o| o.order_sn.clone());
    for (entry, outcome) in found {
        let (sn, number) = (entry.order_sn.as_str(), entry.tracking_number.as_str());
        match outcome {
            Reconciled::Applied => {
                app.unconfirmed.remove(sn);
                mark_shipped(app, &entry);
                app.toast(Level::Success, tr::reconcile_applied(lang, sn, number));
            }
            Reconciled::NotApplied => {
                app.unconfirmed.remove(sn);
                app.toast(Level::Info, tr::reconcile_not_applied(lang, sn, number));
            }
            Reconciled::Unknown => {
                app.unconfirmed.insert(sn.to_string(), number.to_string());
                app.toast(Level::Error, tr::reconcile_unknown(lang, sn, number));
            }
            Reconciled::Conflict { found } => {
                app.unconfirmed.remove(sn);
                let text = crate::i18n::journal::conflict(lang, sn, number, &found);
                app.toast(Level::Error, text);
            }
        }
    }
    place_cursor(app, keep.as_deref());
    fetch::journal(app)
}

/// The shipment went through: the order counts as shipped now, and the next refresh drops it for good.
fn mark_shipped(app: &mut App, entry: &ShipEntry) {
    let change = crate::domain::Change::Shipped {
        at: app.now,
        number: Some(entry.tracking_number.clone()),
        courier: Some(entry.logistics_id),
    };
    app.apply(&entry.order_sn, &change);
    app.persisted.drafts.remove(&entry.order_sn);
    app.queue.selected.remove(&entry.order_sn);
}
