//! The orders an action on the queue applies to (`rows::targets`), said aloud when part of the selection is
//! hidden by the filter: the operator learns what is acted on instead of seeing nothing happen.

use crate::i18n::tui as tr;
use crate::tui::app::{App, Level};
use crate::tui::queue::rows;

/// The targets; with selected orders hidden, a toast says how many are selected, hidden and acted on (an
/// error when nothing is left to act on).
pub fn told(app: &mut App) -> Vec<String> {
    let targets = rows::targets(app);
    let hidden = rows::hidden_selected(app);
    if hidden > 0 {
        let selected = targets.len() + hidden;
        let text = tr::hidden_selection(app.lang(), selected, hidden, targets.len());
        let level = if targets.is_empty() {
            Level::Error
        } else {
            Level::Info
        };
        app.toast(level, text);
    }
    targets
}
