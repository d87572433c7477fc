//! Requests for the queue's orders, one order and the courier list; a newer request makes the older stale.

use crate::api::StatusFilter;
use crate::tui::app::{App, Screen};
use crate::tui::msg::Effect;

pub use crate::ops::queue_read::LOOKBACK;

/// The detail screen of `sn`, fetched again when the gateway has details.
pub fn open_order(app: &mut App, sn: String) -> Vec<Effect> {
    app.screen = Screen::Detail {
        order_sn: sn.clone(),
        scroll: 0,
    };
    // The whole order comes from the detail store and, where the gateway reads one order, fresh from it.
    let id = app.next_id();
    app.pending.detail = Some(id);
    vec![Effect::FetchDetail { id, order_sn: sn }]
}

/// Asks for the queue's orders again: what changed since the mark where the gateway can say (a few
/// requests), else the whole list. A newer request makes the older one stale.
pub fn refresh(app: &mut App) -> Vec<Effect> {
    if app.cache_loading {
        // Begins when the cache's rest is in (`fetched::cache_rest`).
        return Vec::new();
    }
    match app.mark {
        Some(mark) if app.settings.caps.increments && !app.queue.show_shipped => {
            let id = begin(app);
            app.full_started = None;
            vec![Effect::FetchChanges { id, mark }]
        }
        _ => full_refresh(app),
    }
}

/// Lists every order of the window again (no mark yet, a mark too old, shipped orders shown, or asked
/// for with its own key).
pub fn full_refresh(app: &mut App) -> Vec<Effect> {
    if app.cache_loading {
        return Vec::new();
    }
    let id = begin(app);
    app.full_started = Some(app.now);
    let start = app.now.checked_sub(LOOKBACK).unwrap_or(app.now);
    let status = if app.queue.show_shipped {
        StatusFilter::All
    } else {
        StatusFilter::Unshipped
    };
    vec![Effect::FetchOrders {
        id,
        status,
        start,
        end: app.now,
        partial: app.orders.is_empty() || app.sync_partial,
    }]
}

/// A new request for the queue's orders; the next timed refresh counts from now.
fn begin(app: &mut App) -> crate::tui::msg::ReqId {
    let id = app.next_id();
    app.pending.orders = Some(id);
    app.sync_progress = 0;
    app.next_refresh = app
        .now
        .checked_add(app.settings.refresh_every)
        .unwrap_or(app.now);
    id
}

pub fn fetch_couriers(app: &mut App) -> Vec<Effect> {
    let id = app.next_id();
    app.pending.couriers = Some(id);
    vec![Effect::FetchCouriers { id }]
}

/// Reads the journal again (an effect); the newest request wins.
pub fn journal(app: &mut App) -> Vec<Effect> {
    let id = app.next_id();
    app.journal.loading = Some(id);
    vec![Effect::LoadJournal { id }]
}

/// Checks the shipments an earlier run left pending (at start-up, and `r` on the journal screen).
pub fn reconcile(app: &mut App) -> Vec<Effect> {
    let id = app.next_id();
    app.pending.reconcile = Some(id);
    vec![Effect::Reconcile { id }]
}
