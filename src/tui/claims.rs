//! Orders another process is shipping right now (claims in the journal): polled as an effect after each
//! sync and every few seconds, shown as "in progress by USER" in the queue, and refused by the ship dialog.

use crate::tui::msg::ReqId;
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
