//! Drafts are written as they change, not only at exit, so `kill -9` or a dropped SSH session loses at
//! most the last half second of typing. `update` only decides *when*; the runtime writes off the UI thread.

use jiff::{SignedDuration, Timestamp};

/// At most one write per this interval while the operator types.
pub const DEBOUNCE: SignedDuration = SignedDuration::from_millis(500);

#[derive(Debug, Clone, Default)]
pub struct Autosave {
    /// The persisted state changed since the last write.
    pub unsaved: bool,
    pub last_write: Option<Timestamp>,
}
