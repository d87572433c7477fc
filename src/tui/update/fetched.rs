//! Results of the fetches (orders, one order's detail, couriers) folded into the state.
//! A result whose request is no longer the pending one is stale and dropped untouched.

use crate::api::ApiError;
use crate::domain::{Courier, Order};
use crate::i18n::{errors, tui as tr};
use crate::ops::sync::Refresh;
use crate::store::cache::Cache;
use crate::tui::app::{App, Level, Overlay, SyncFailure};
use crate::tui::msg::{Effect, ReqId};
use crate::tui::queue::order_list::OrderList;
use crate::tui::queue::rows;
use crate::tui::update::cursor::place_cursor;
use crate::tui::update::fetch;
use jiff::Timestamp;

fn fail(app: &mut App, what: &str, e: &ApiError) {
    let lang = app.lang();
    app.toast(
        Level::Error,
        tr::failed(lang, what, &errors::api_error(e, lang)),
    );
}

/// A sync or refresh failed: said in the header until one succeeds (with since when), and in the log.
/// The queue on screen stays as it was, usable.
fn sync_failed(app: &mut App, e: ApiError) {
    tracing::warn!("sync failed: {e}");
    if app.sync_failure.is_none() {
        // Told once as it happens; the header keeps saying it while it lasts.
        fail(app, tr::loading_orders(app.lang()), &e);
    }
    let since = app.sync_failure.as_ref().map_or(app.now, |f| f.since);
    app.sync_failure = Some(SyncFailure { error: e, since });
}

/// A sync or refresh succeeded: the queue is as the gateway has it now.
fn synced(app: &mut App, mark: Option<Timestamp>) {
    app.last_sync = Some(app.now);
    app.cached_at = None;
    app.sync_failure = None;
    app.sync_partial = false;
    if mark.is_some() {
        app.mark = mark;
    }
}

/// What an incremental refresh found, merged into the queue (cursor and selection kept); a mark too old
/// makes it a whole list.
pub fn changed(app: &mut App, id: ReqId, result: Result<Refresh, ApiError>) -> Vec<Effect> {
    if app.pending.orders != Some(id) {
        return Vec::new();
    }
    app.pending.orders = None;
    app.dirty = true;
    match result {
        Ok(Refresh::TooOld) => fetch::full_refresh(app),
        Ok(Refresh::Changed { orders, mark }) => {
            let sn = rows::current(app).map(|o| o.order_sn.clone());
            for o in &orders {
                if let Some(row) = app.orders.find(&o.order_sn) {
                    app.flag_seen.changing(row, app.now);
                }
                // A whole order read this run is replaced by its newer copy.
                if app.details.get(&o.order_sn).is_some() {
                    app.details.insert(o.clone());
                }
            }
            let merged = app.orders.merge(orders);
            tracing::debug!(?merged, "refreshed");
            synced(app, Some(mark));
            let orders = &app.orders;
            app.queue.selected.retain(|s| orders.contains(s));
            place_cursor(app, sn.as_deref());
            let mut fx = vec![Effect::SaveCache];
            fx.extend(crate::tui::update::claims::poll(app));
            fx
        }
        Err(e) => {
            sync_failed(app, e);
            Vec::new()
        }
    }
}

pub fn orders(app: &mut App, id: ReqId, result: Result<Box<OrderList>, ApiError>) -> Vec<Effect> {
    if app.pending.orders != Some(id) {
        return Vec::new();
    }
    app.pending.orders = None;
    app.dirty = true;
    let started = app.full_started.take();
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
            synced(app, started);
            let orders = &app.orders;
            app.queue.selected.retain(|s| orders.contains(s));
            place_cursor(app, sn.as_deref());
            let mut fx = vec![Effect::SaveCache];
            fx.extend(crate::tui::update::claims::poll(app));
            return fx;
        }
        Err(e) => sync_failed(app, e),
    }
    Vec::new()
}

/// What a first sync has received so far, shown while the queue has nothing better (empty, or already
/// showing an earlier part): sorted, with the cursor on the same order, marked incomplete in the header.
pub fn progress(app: &mut App, id: ReqId, orders: usize, partial: Option<Box<OrderList>>) {
    if app.pending.orders != Some(id) {
        return;
    }
    app.sync_progress = orders;
    app.dirty = true;
    if let Some(list) = partial
        && (app.sync_partial || app.orders.is_empty())
    {
        let sn = rows::current(app).map(|o| o.order_sn.clone());
        app.orders = *list;
        app.sync_partial = true;
        let orders = &app.orders;
        app.queue.selected.retain(|s| orders.contains(s));
        place_cursor(app, sn.as_deref());
    }
}

/// Shows what an earlier run cached, at once, before the first sync answers; marked with its age.
pub fn from_cache(app: &mut App, cache: Cache) {
    app.orders = OrderList::from_rows(cache.rows, cache.texts, cache.interner);
    let at = Timestamp::from_second(cache.synced_at).unwrap_or(app.now);
    app.last_sync = Some(at);
    app.cached_at = Some(at);
    app.mark = cache.mark.and_then(|m| Timestamp::from_second(m).ok());
    app.dirty = true;
    place_cursor(app, None);
}

/// A start from a big cache: its head (the first screen's rows) shown at once, marked incomplete, while the
/// rest is read (`cache_rest`); keys work meanwhile, refreshes wait.
pub fn from_cache_head(app: &mut App, head: Cache) {
    from_cache(app, head);
    app.cache_loading = true;
    app.sync_partial = true;
}

/// The rest of the cache whose head a start showed: every row (cursor and selection kept), then the
/// refresh that waited for it. Unreadable now: the head stays, and a whole list replaces it.
pub fn cache_rest(app: &mut App, cache: Option<Box<Cache>>) -> Vec<Effect> {
    if !app.cache_loading {
        return Vec::new();
    }
    app.cache_loading = false;
    app.sync_partial = false;
    app.dirty = true;
    match cache {
        Some(c) => {
            let sn = rows::current(app).map(|o| o.order_sn.clone());
            let Cache {
                rows,
                texts,
                interner,
                ..
            } = *c;
            app.orders = OrderList::from_rows(rows, texts, interner);
            let orders = &app.orders;
            app.queue.selected.retain(|s| orders.contains(s));
            place_cursor(app, sn.as_deref());
        }
        None => {
            app.sync_partial = true;
            app.mark = None;
        }
    }
    fetch::refresh(app)
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
                if let Some(row) = app.orders.find(&order.order_sn) {
                    app.flag_seen.changing(row, app.now);
                }
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
