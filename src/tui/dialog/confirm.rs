//! Leaving on `q` / Ctrl-C: at once, unless a shipment is in flight; then the operator is asked first
//! (the shipment is journalled, so quitting anyway only defers its check to the next start).

use crate::tui::app::App;
use crate::tui::keys::command::Command;
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Section;
use crate::tui::msg::Effect;

/// `q` or Ctrl-C: quits, or asks when a shipment is still being sent.
pub fn request(app: &mut App) -> Vec<Effect> {
    if app.pending.ships.is_empty() {
        leave(app)
    } else {
        app.asking_quit = true;
        Vec::new()
    }
}

/// The answer to the question (`[confirm]`): `y` (or quit again) leaves; any other key keeps waiting.
pub fn on_key(app: &mut App, key: Key) -> Vec<Effect> {
    app.asking_quit = false;
    let confirm = matches!(
        app.keymap.resolve(Section::Confirm, key),
        Some(Command::Confirm | Command::Quit)
    );
    if confirm { leave(app) } else { Vec::new() }
}

/// The shipments finished: nothing is left to wait for, so the question goes away.
pub fn ships_settled(app: &mut App) {
    if app.pending.ships.is_empty() {
        app.asking_quit = false;
    }
}

fn leave(app: &mut App) -> Vec<Effect> {
    app.quit = true;
    vec![Effect::SaveState]
}
