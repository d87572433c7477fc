//! The help overlay's state and keys: where it scrolled to and which keymap section it lists first (the
//! dialog or screen it was opened from). Scrolled with the keys of `[help]`; closing gives back what was under it.

use crate::tui::dialog::Ctx;
use crate::tui::keys::command::Command;
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Section;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    /// Lines scrolled off the top.
    pub scroll: u16,
    /// The section whose keys help lists first: the dialog it was opened from, else the screen's.
    pub first: Section,
}

/// What a key in help asks of the rest of the workstation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Help stays (scrolled, or the key did nothing).
    Stay,
    /// Help closes; the dialog it was opened over comes back as it was.
    Close,
}

impl Help {
    /// Help listing `first`'s keys first, scrolled to the top.
    pub fn new(first: Section) -> Help {
        Help { scroll: 0, first }
    }

    pub fn on_key(&mut self, ctx: &Ctx, key: Key) -> Outcome {
        let cmd = ctx.keymap.resolve(Section::Help, key);
        let scroll = &mut self.scroll;
        match cmd {
            Some(Command::MoveDown) => *scroll = scroll.saturating_add(1),
            Some(Command::MoveUp) => *scroll = scroll.saturating_sub(1),
            Some(Command::PageDown) => *scroll = scroll.saturating_add(10),
            Some(Command::PageUp) => *scroll = scroll.saturating_sub(10),
            Some(Command::Back | Command::Help | Command::Quit) => return Outcome::Close,
            _ => {}
        }
        Outcome::Stay
    }
}
