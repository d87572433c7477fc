//! When the drafts are written: after each message they are compared, on a tick written (debounced).

use crate::tui::app::App;
use crate::tui::msg::Effect;
use crate::tui::persist::autosave::{Autosave, DEBOUNCE};
use crate::tui::persist::drafts::Persisted;
use jiff::Timestamp;

/// After a message was handled: copies the open dialog into the drafts and notes whether anything changed.
pub fn after(app: &mut App, before: &Persisted) {
    crate::tui::update::keep_drafts(app);
    if app.persisted != *before {
        app.autosave.unsaved = true;
    }
}

/// On a tick: the write, when something changed and the last write is old enough.
pub fn tick(app: &mut App, now: Timestamp) -> Vec<Effect> {
    if !app.autosave.unsaved {
        return Vec::new();
    }
    let due = app
        .autosave
        .last_write
        .and_then(|t| t.checked_add(DEBOUNCE).ok())
        .is_none_or(|t| now >= t);
    if !due {
        return Vec::new();
    }
    app.autosave = Autosave {
        unsaved: false,
        last_write: Some(now),
    };
    vec![Effect::SaveState]
}
