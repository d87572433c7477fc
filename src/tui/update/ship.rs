//! The ship dialog in the workstation: opening it over the queue or detail (reading the order's memo when
//! it is not read yet), carrying out what its keys ask (`Outcome`), the retry after an interception, and
//! the results of its requests — orders marked shipped, drafts, toasts, the cursor.

use crate::api::ApiError;
use crate::domain::Change;
use crate::i18n::{Lang, errors, refusal as refusal_tr, tui as tr};
use crate::ops::OpError;
use crate::tui::app::{App, Level, Overlay};
use crate::tui::dialog::ship::{Outcome, ShipDialog};
use crate::tui::keys::key::Key;
use crate::tui::msg::{Effect, ReqId, Shipment};
use crate::tui::queue::groups::shared_numbers;
use crate::tui::queue::rows;
use crate::tui::update::{confirm, help};
use crate::tui::update::{cursor, fetch};
use crossterm::event::KeyEvent;
use jiff::SignedDuration;

/// Opens the dialog for the selected orders (or the one under the cursor, or on the detail screen).
pub fn open(app: &mut App) -> Vec<Effect> {
    if app.refuse_changes() {
        return Vec::new();
    }
    let targets = crate::tui::update::targets::told(app);
    let Some(d) = ShipDialog::open(&app.ctx(), targets) else {
        return Vec::new();
    };
    let restored = d.restored;
    // The buyer's memo is only in the whole order: one order's is read, and a batch's for the lines it shows.
    let unread = match d.targets.as_slice() {
        [one] if d.notes.is_none() => Some(one.clone()),
        _ => None,
    };
    let batch_unread: Vec<String> = if d.targets.len() > 1 && d.notes.is_none() {
        d.targets
            .iter()
            .take(MEMOS_READ)
            .filter(|sn| app.orders.find(sn).is_some_and(|o| o.buyer_memo))
            .filter(|sn| app.details.get(sn).is_none())
            .filter(|sn| !app.pending.memos.values().any(|s| s == *sn))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    app.overlay = Overlay::Ship(Box::new(d));
    if restored {
        app.toast(Level::Info, tr::t(app.lang(), tr::T::DraftRestored));
    }
    let mut fx = Vec::new();
    if let Some(order_sn) = unread.filter(|_| app.pending.detail.is_none()) {
        let id = app.next_id();
        app.pending.detail = Some(id);
        fx.push(Effect::FetchDetail { id, order_sn });
    }
    for order_sn in batch_unread {
        let id = app.next_id();
        app.pending.memos.insert(id, order_sn.clone());
        fx.push(Effect::FetchDetail { id, order_sn });
    }
    if app.couriers.is_empty() && app.pending.couriers.is_none() {
        fx.extend(fetch::fetch_couriers(app));
    }
    fx
}

/// Most memos a batch's dialog reads when it opens: the order lines it shows (`view::ship_dialog::info`).
pub const MEMOS_READ: usize = 8;

/// A whole order was read: the open dialog learns the memos it was waiting for.
pub fn details_arrived(app: &mut App) {
    if let Some(mut d) = take(app) {
        d.details_arrived(&app.ctx());
        app.overlay = Overlay::Ship(d);
    }
}

/// The clock moved: an interception's wait that is over sends the confirmed shipment again, once.
pub fn tick(app: &mut App) -> Vec<Effect> {
    if !matches!(&app.overlay, Overlay::Ship(d) if d.wait_left(app.now) == Some(0)) {
        return Vec::new();
    }
    let Some(mut d) = take(app) else {
        return Vec::new();
    };
    let outcome = d.due(&app.ctx());
    apply(app, d, outcome)
}

pub fn on_key(app: &mut App, key: Key, ev: &KeyEvent) -> Vec<Effect> {
    let Some(mut d) = take(app) else {
        return Vec::new();
    };
    let outcome = d.on_key(&app.ctx(), key, ev);
    apply(app, d, outcome)
}

/// The ship dialog lifted out of the overlay (`App::lift`).
fn take(app: &mut App) -> Option<Box<ShipDialog>> {
    app.lift(Overlay::ship)
}

/// Carries out what a key of the dialog asked; the dialog goes back on screen unless it closed.
fn apply(app: &mut App, mut d: Box<ShipDialog>, outcome: Outcome) -> Vec<Effect> {
    match outcome {
        Outcome::Stay => app.overlay = Overlay::Ship(d),
        Outcome::Close => {}
        Outcome::CloseKeepingDrafts => d.save_drafts(&mut app.persisted),
        Outcome::OpenHelp => {
            app.overlay = Overlay::Ship(d);
            help::open(app);
        }
        Outcome::Quit => {
            app.overlay = Overlay::Ship(d);
            return confirm::request(app);
        }
        Outcome::Send(requests) => {
            let id = app.next_id();
            app.pending.ships.insert(id);
            app.persisted.last_courier = d.courier;
            d.sending(id);
            app.overlay = Overlay::Ship(d);
            let mates = shared_numbers(&app.orders, &app.details, &requests).mates;
            if mates.is_empty() {
                return vec![Effect::Ship { id, requests }];
            }
            return vec![Effect::ShipShared {
                id,
                requests,
                mates,
            }];
        }
        Outcome::TakeNumbers(orders) => {
            let mut fx = Vec::new();
            for order_sn in orders {
                let order = app.detail(&order_sn).cloned().map(Box::new);
                let id = app.next_id();
                d.taking_number(id, order_sn.clone());
                fx.push(Effect::TakeNumber {
                    id,
                    order_sn,
                    order,
                });
            }
            app.overlay = Overlay::Ship(d);
            return fx;
        }
    }
    Vec::new()
}

/// A waybill number (or why none came) for the open dialog.
pub fn on_number(
    app: &mut App,
    id: ReqId,
    sn: &str,
    result: Result<String, OpError>,
) -> Vec<Effect> {
    let lang = app.lang();
    let result = result.map_err(|e| errors::op_error(&e, lang));
    let Some(mut d) = take(app) else {
        return Vec::new();
    };
    if d.number_arrived(&app.ctx(), id, sn, result) {
        app.dirty = true;
    }
    app.overlay = Overlay::Ship(d);
    Vec::new()
}

/// Marks shipped orders and closes, or keeps the dialog open with the failed orders and their input.
pub fn on_result(app: &mut App, id: ReqId, result: Result<Vec<Shipment>, OpError>) -> Vec<Effect> {
    app.pending.ships.remove(&id);
    confirm::ships_settled(app);
    app.dirty = true;
    let lang = app.lang();
    // What the open dialog sent: whether it waits for this answer, and the numbers and courier it holds.
    let (ours, numbers, courier) = match &app.overlay {
        Overlay::Ship(d) => (d.waits_for(id), d.numbers_by_order(), d.courier),
        _ => (false, Default::default(), None),
    };
    let (outcomes, whole_error) = match result {
        Ok(o) => (o, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    let shipped: Vec<String> = outcomes
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(sn, _)| sn.clone())
        .collect();
    for sn in &shipped {
        mark_one_shipped(app, sn, numbers.get(sn).map(String::as_str), courier);
    }
    let sn = rows::current(app).map(|o| o.order_sn.clone());
    cursor::place_cursor(app, sn.as_deref());
    let failures: Vec<(String, OpError)> = outcomes
        .into_iter()
        .filter_map(|(sn, r)| r.err().map(|e| (sn, e)))
        .collect();
    // Shipments whose answer was lost and could not be checked stay marked until checked.
    for (sn, e) in &failures {
        if e.outcome_unknown() {
            let n = numbers.get(sn).cloned().unwrap_or_default();
            app.unconfirmed.insert(sn.clone(), n);
        }
    }
    let first_error = whole_error.or_else(|| failures.first().map(|(_, e)| e.clone()));
    let Some(err) = first_error else {
        if ours {
            app.overlay = Overlay::None;
        }
        app.toast(Level::Success, shipped_text(lang, &shipped));
        return Vec::new();
    };
    if !ours {
        app.toast(
            Level::Error,
            failed_text(lang, shipped.len(), failures.len(), &err),
        );
        return Vec::new();
    }
    // In the dialog every failed order is named with its own outcome (a batch's tally first).
    let text = match (&failures[..], shipped.len()) {
        ([_, _, ..], _) | ([_], 1..) => each_failure(lang, shipped.len(), &failures),
        _ => failed_text(lang, shipped.len(), failures.len(), &err),
    };
    let now = app.now;
    let wait = interception_wait(&err);
    // An interception's countdown says what happened and when it is retried: the dialog shows it alone,
    // with a batch's tally.
    let text = match wait {
        Some(_) if shipped.is_empty() && failures.len() <= 1 => None,
        Some(_) => Some(tr::ship_summary(lang, shipped.len(), failures.len().max(1))),
        None => Some(text),
    };
    if let Overlay::Ship(d) = &mut app.overlay {
        d.shipment_failed(now, &shipped, text, wait);
    }
    Vec::new()
}

/// The toast of a shipment that went out whole: the order, or how many.
fn shipped_text(lang: Lang, shipped: &[String]) -> String {
    match shipped {
        [one] => format!("{} {one}", tr::t(lang, tr::T::ShippedToast)),
        many => format!(
            "{} {}",
            tr::t(lang, tr::T::ShippedToast),
            tr::n_orders(lang, many.len())
        ),
    }
}

/// The first failure of a shipment, with how many shipped and failed when it was not one order failing.
fn failed_text(lang: Lang, shipped: usize, failed: usize, first: &OpError) -> String {
    if shipped == 0 && failed <= 1 {
        errors::op_error(first, lang)
    } else {
        format!(
            "{}: {}",
            tr::ship_summary(lang, shipped, failed.max(1)),
            errors::op_error(first, lang)
        )
    }
}

/// Most failed orders the dialog names one by one; the rest are counted.
const FAILURES_LISTED: usize = 5;

/// A batch's tally, then one line per failed order (`sn: why`), at most `FAILURES_LISTED` of them.
fn each_failure(lang: Lang, shipped: usize, failures: &[(String, OpError)]) -> String {
    let mut lines = vec![tr::ship_summary(lang, shipped, failures.len())];
    for (sn, e) in failures.iter().take(FAILURES_LISTED) {
        lines.push(format!("{sn}: {}", errors::op_error(e, lang)));
    }
    if failures.len() > FAILURES_LISTED {
        lines.push(refusal_tr::and_more(lang, failures.len() - FAILURES_LISTED));
    }
    lines.join("\n")
}

/// How long PDD asks to wait before a retry, when it intercepted the shipment.
fn interception_wait(err: &OpError) -> Option<SignedDuration> {
    match err {
        OpError::Api(ApiError::Intercepted {
            retry_after_secs, ..
        }) => Some(SignedDuration::from_secs(
            i64::try_from(*retry_after_secs).unwrap_or(60),
        )),
        _ => None,
    }
}

/// One order went out (from this dialog or the import dialog): shipped now, its draft and marks gone.
pub fn mark_one_shipped(app: &mut App, sn: &str, number: Option<&str>, courier: Option<i64>) {
    let change = Change::Shipped {
        at: app.now,
        number: number.map(str::to_string),
        courier,
    };
    app.apply(sn, &change);
    app.persisted.drafts.remove(sn);
    app.queue.selected.remove(sn);
    app.unconfirmed.remove(sn);
}
