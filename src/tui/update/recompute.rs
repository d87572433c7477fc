//! The rows and counts of a big queue, computed by a worker: asked for after every message that changed what
//! they depend on, taken only while still wanted, with the cursor kept on its order.

use crate::tui::app::App;
use crate::tui::msg::Effect;
use crate::tui::queue::rows;
use crate::tui::queue::worker::{RowsDone, RowsJob};
use crate::tui::update::cursor::place_cursor;

/// Asks a worker for the rows and counts when those on screen are not the current ones. One job at a time:
/// keys typed while one runs are taken by the next, asked for when its result comes (`on_rows`).
pub fn request(app: &mut App) -> Vec<Effect> {
    if rows::inline(app) || app.pending.rows.in_flight.is_some() {
        return Vec::new();
    }
    let key = rows::key(app);
    let memo = app.orders.memo();
    // Nothing to show yet (a new list): computed here once, as a small queue's always are.
    if memo.last_rows().is_none() {
        rows::visible(app);
    }
    if memo.last_summary().is_none() {
        rows::summary(app);
    }
    let want_rows = !memo.rows_current(&key);
    let want_summary = !memo.summary_current(key.minute);
    if !want_rows && !want_summary {
        return Vec::new();
    }
    let (orders, generation) = (app.orders.snapshot(), memo.generation());
    let (facets, prev) = (memo.known_facets(), memo.fresh_rows().filter(|_| want_rows));
    let id = app.next_id();
    app.pending.rows.in_flight = Some(id);
    vec![Effect::ComputeRows(Box::new(RowsJob {
        id,
        orders,
        generation,
        key,
        caps: app.settings.caps,
        rows: want_rows,
        summary: want_summary,
        facets,
        prev,
    }))]
}

/// A worker's result: taken when it was computed from the orders as they are, for the filter, sort and
/// minute in force; else dropped. Then the next job is asked for, if any is needed.
pub fn on_rows(app: &mut App, done: RowsDone) -> Vec<Effect> {
    if app.pending.rows.in_flight != Some(done.id) {
        return Vec::new();
    }
    app.pending.rows.in_flight = None;
    if app.orders.shares(&done.orders) {
        if let Some(f) = done.facets {
            app.orders.memo().put_facets(done.generation, f);
        }
        let key = rows::key(app);
        if let Some(s) = done.summary
            && done.key.minute == key.minute
            && app
                .orders
                .memo()
                .put_summary(done.generation, key.minute, s)
        {
            app.dirty = true;
        }
        if let Some(r) = done.rows
            && done.key == key
        {
            take_rows(app, done.generation, key, r);
        }
    }
    request(app)
}

/// Puts new rows on screen. The cursor stays on its order; after a new filter text it keeps its row number
/// instead: typing a filter put it on the first row, and `j` pressed before the result moved it down the
/// filter's rows, not after an order of the rows the filter replaced.
fn take_rows(app: &mut App, generation: u64, key: crate::tui::queue::memo::RowsKey, r: Vec<usize>) {
    let sn = rows::current(app).map(|o| o.order_sn.clone());
    let new_filter = app
        .orders
        .memo()
        .last_key()
        .is_some_and(|k| k.filter != key.filter);
    if !app.orders.memo().put_rows(generation, key, r) {
        return;
    }
    app.dirty = true;
    let n = rows::visible(app).len();
    if new_filter {
        app.queue.cursor = app.queue.cursor.min(n.saturating_sub(1));
        return;
    }
    place_cursor(app, sn.as_deref());
}
