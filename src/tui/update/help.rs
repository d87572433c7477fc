//! Help applied to the app: opened over whatever is shown (a ship or note dialog under it comes back, as it
//! was, when help closes), and its keys (`dialog::help`).

use crate::tui::app::{App, Overlay};
use crate::tui::dialog::help::{Help, Outcome};
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Section;
use crate::tui::msg::Effect;

/// Opens help over whatever is shown; a dialog under it comes back, as it was, when help closes.
pub fn open(app: &mut App) {
    let under = std::mem::replace(&mut app.overlay, Overlay::None);
    let (first, over) = match under {
        Overlay::Ship(_) => (Section::Ship, Some(Box::new(under))),
        Overlay::Note(_) => (Section::Note, Some(Box::new(under))),
        _ => (app.screen_section(), None),
    };
    app.overlay = Overlay::Help {
        help: Help::new(first),
        over,
    };
}

/// A key in help: it scrolls help, or closes it and gives back what was under it.
pub fn on_key(app: &mut App, key: Key) -> Vec<Effect> {
    let Some((mut help, over)) = app.lift(Overlay::help) else {
        return Vec::new();
    };
    app.overlay = match help.on_key(&app.ctx(), key) {
        Outcome::Stay => Overlay::Help { help, over },
        Outcome::Close => over.map_or(Overlay::None, |o| *o),
    };
    Vec::new()
}
