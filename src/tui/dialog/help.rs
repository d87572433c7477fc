//! The help overlay's flow: opened from the queue, the detail or a dialog (which it hides and gives
//! back when closed), and scrolled with the keys of `[help]`.

use crate::tui::app::{App, Overlay};
use crate::tui::keys::command::Command;
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Section;
use crate::tui::msg::Effect;

/// Opens help over whatever is shown; a dialog under it comes back, as it was, when help closes.
pub fn open(app: &mut App) {
    let under = std::mem::replace(&mut app.overlay, Overlay::None);
    let over = match under {
        Overlay::Ship(_) | Overlay::Note(_) => Some(Box::new(under)),
        _ => None,
    };
    app.overlay = Overlay::Help { scroll: 0, over };
}

/// The section whose keys help lists first: the dialog it was opened from, else the screen's.
pub fn first_section(app: &App) -> Section {
    match &app.overlay {
        Overlay::Help { over: Some(o), .. } => match **o {
            Overlay::Ship(_) => Section::Ship,
            Overlay::Note(_) => Section::Note,
            _ => app.screen_section(),
        },
        _ => app.screen_section(),
    }
}

pub fn on_key(app: &mut App, key: Key) -> Vec<Effect> {
    let Overlay::Help { scroll, over } = &mut app.overlay else {
        return Vec::new();
    };
    let cmd = app.keymap.resolve(Section::Help, key);
    match cmd {
        Some(Command::MoveDown) => *scroll = scroll.saturating_add(1),
        Some(Command::MoveUp) => *scroll = scroll.saturating_sub(1),
        Some(Command::PageDown) => *scroll = scroll.saturating_add(10),
        Some(Command::PageUp) => *scroll = scroll.saturating_sub(10),
        Some(Command::Back | Command::Help | Command::Quit) => {
            app.overlay = over.take().map_or(Overlay::None, |o| *o);
        }
        _ => {}
    }
    Vec::new()
}
