//! Leaving on `q` / Ctrl-C, applied to the app: at once, unless a shipment is in flight; then the quit
//! question (`dialog::confirm`) is put on screen and its answer applied here.

use crate::tui::app::App;
use crate::tui::dialog::confirm::{Outcome, QuitQuestion};
use crate::tui::keys::key::Key;
use crate::tui::msg::Effect;

/// `q` or Ctrl-C: quits, or asks when a shipment is still being sent.
pub fn request(app: &mut App) -> Vec<Effect> {
    if app.pending.ships.is_empty() {
        leave(app)
    } else {
        app.quit_question = Some(QuitQuestion);
        Vec::new()
    }
}

/// A key while the question is on screen: it answers it, and the question goes away.
pub fn on_key(app: &mut App, key: Key) -> Vec<Effect> {
    let Some(mut q) = app.quit_question.take() else {
        return Vec::new();
    };
    match q.on_key(&app.ctx(), key) {
        Outcome::Leave => leave(app),
        Outcome::Stay => Vec::new(),
    }
}

/// The shipments finished: nothing is left to wait for, so the question goes away.
pub fn ships_settled(app: &mut App) {
    if app.pending.ships.is_empty() {
        app.quit_question = None;
    }
}

fn leave(app: &mut App) -> Vec<Effect> {
    app.quit = true;
    vec![Effect::SaveState]
}
