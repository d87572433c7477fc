//! Orders another process is shipping right now (claims in the journal): polled as an effect after each
//! sync and every few seconds, shown as "in progress by USER" in the queue, and refused by the ship dialog.

use crate::tui::app::App;
use crate::tui::msg::{Effect, ReqId};
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;

/// How often claims are read while the workstation is open.
pub const POLL: SignedDuration = SignedDuration::from_secs(10);

#[derive(Debug, Clone, Default)]
pub struct Claims {
    /// Order number → the user whose process holds it (this process's own claims are left out).
    pub by_order: BTreeMap<String, String>,
    pub loading: Option<ReqId>,
    pub next_poll: Option<Timestamp>,
}

impl Claims {
    pub fn user(&self, sn: &str) -> Option<&str> {
        self.by_order.get(sn).map(String::as_str)
    }
}

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
