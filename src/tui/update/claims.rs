//! Claims read and polled: `Effect::LoadClaims` after each sync and every `POLL`, the answer kept in `App::claims`.

use crate::tui::app::App;
use crate::tui::claims::POLL;
use crate::tui::msg::{Effect, ReqId};
use jiff::Timestamp;
use std::collections::BTreeMap;

/// Reads the claims (an effect); the next timed poll is `POLL` from now.
pub fn poll(app: &mut App) -> Vec<Effect> {
    let id = app.next_id();
    app.claims.loading = Some(id);
    app.claims.next_poll = app.now.checked_add(POLL).ok();
    vec![Effect::LoadClaims { id }]
}

/// On a tick: the timed poll, unless one is under way.
pub fn tick(app: &mut App, now: Timestamp) -> Vec<Effect> {
    let due = app.claims.next_poll.is_none_or(|t| now >= t);
    if due && app.claims.loading.is_none() {
        poll(app)
    } else {
        Vec::new()
    }
}

/// Keeps the claims as read; a failed read keeps the last ones (the store said why in the log).
pub fn on_loaded(
    app: &mut App,
    id: ReqId,
    result: Result<Vec<(String, String)>, crate::store::StoreError>,
) -> Vec<Effect> {
    if app.claims.loading != Some(id) {
        return Vec::new();
    }
    app.claims.loading = None;
    if let Ok(list) = result {
        let by_order: BTreeMap<String, String> = list.into_iter().collect();
        if by_order != app.claims.by_order {
            app.claims.by_order = by_order;
            app.dirty = true;
        }
    }
    Vec::new()
}
