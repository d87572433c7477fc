//! Results of the fetches (orders, one order's detail, couriers) folded into the state.
//! A result whose request is no longer the pending one is stale and dropped untouched.

use crate::api::ApiError;
use crate::domain::{Courier, Order};
use crate::i18n::{errors, tui as tr};
use crate::store::cache::Cache;
use crate::tui::app::{App, Level, Overlay};
use crate::tui::msg::{Effect, ReqId};
use crate::tui::queue::order_list::OrderList;
use crate::tui::queue::rows;
use crate::tui::update::cursor::place_cursor;
use jiff::Timestamp;

fn fail(app: &mut App, what: &str, e: &ApiError) {
    let lang = app.lang();
    app.toast(
        Level::Error,
        tr::failed(lang, what, &errors::api_error(e, lang)),
    );
}

pub fn orders(app: &mut App, id: ReqId, result: Result<Box<OrderList>, ApiError>) -> Vec<Effect> {
    if app.pending.orders != Some(id) {
        return Vec::new();
    }
    app.pending.orders = None;
    app.dirty = true;
    match result {
        Ok(mut list) => {
            let sn = rows::current(app).map(|o| o.order_sn.clone());
            if app.settings.caps.recent_only {
                // The orders it no longer lists stay, marked (see `OrderList::keep_unlisted`).
                let listed_at = app.last_sync.unwrap_or(app.now).as_second();
                list.keep_unlisted(&app.orders, listed_at, app.now.as_second());
            }
            app.orders = *list;
            if !app.orders.skipped().is_empty() {
                let text = tr::orders_skipped_named(app.lang(), app.orders.skipped());
                app.toast(Level::Error, text);
            }
            app.last_sync = Some(app.now);
            app.cached_at = None;
            let orders = &app.orders;
            app.queue.selected.retain(|s| orders.contains(s));
            place_cursor(app, sn.as_deref());
            let mut fx = vec![Effect::SaveCache];
            fx.extend(crate::tui::update::claims::poll(app));
            return fx;
        }
        Err(e) => fail(app, tr::loading_orders(app.lang()), &e),
    }
    Vec::new()
}

/// Shows what an earlier run cached, at once, before the first sync answers; marked with its age.
pub fn from_cache(app: &mut App, cache: Cache) {
    app.orders = OrderList::from_rows(cache.rows, cache.interner);
    let at = Timestamp::from_second(cache.synced_at).unwrap_or(app.now);
    app.last_sync = Some(at);
    app.cached_at = Some(at);
    app.dirty = true;
    place_cursor(app, None);
}

/// One whole order: a stored copy (shown at once) or a fresh read, which also renews the order's row.
/// A memo read for a batch's ship dialog fails without a toast: its line keeps saying it is not read.
pub fn detail(app: &mut App, id: ReqId, result: Result<Order, ApiError>, fresh: bool, last: bool) {
    let memo = app.pending.memos.contains_key(&id);
    if app.pending.detail != Some(id) && !memo {
        return;
    }
    if last && memo {
        app.pending.memos.remove(&id);
    } else if last {
        app.pending.detail = None;
    }
    app.dirty = true;
    match result {
        Ok(order) => {
            if fresh {
                app.orders.upsert(&order);
            }
            app.details.insert(order);
        }
        Err(_) if memo => {}
        Err(e) => fail(app, tr::t(app.lang(), tr::T::DetailTitle), &e),
    }
}

pub fn couriers(app: &mut App, id: ReqId, result: Result<Vec<Courier>, ApiError>) -> Vec<Effect> {
    if app.pending.couriers != Some(id) {
        return Vec::new();
    }
    app.pending.couriers = None;
    app.dirty = true;
    match result {
        Ok(list) => {
            app.couriers = list;
            let last = app.persisted.last_courier;
            if let Overlay::Ship(d) = &mut app.overlay {
                d.couriers_arrived(&app.couriers, last);
            }
        }
        Err(e) => {
            fail(app, tr::t(app.lang(), tr::T::Courier), &e);
            // Shipping must stay possible: fall back to the reference list, which the validation accepts.
            if app.couriers.is_empty() {
                app.couriers = crate::domain::courier::reference_list();
            }
        }
    }
    Vec::new()
}
