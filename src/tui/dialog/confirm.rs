//! The question shown when `q` / Ctrl-C is pressed while a shipment is in flight: quit anyway (the shipment is
//! journalled, so quitting only defers its check to the next start) or keep waiting. It sits over whatever
//! dialog is open (a ship or import dialog whose shipment is in flight stays under it, and still takes results).

use crate::tui::dialog::Ctx;
use crate::tui::keys::command::Command;
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Section;

/// The quit question on screen. It holds nothing but its presence: any key answers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuitQuestion;

/// What the answer asks of the rest of the workstation. The question goes away after either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// `y` (or quit again): leave now.
    Leave,
    /// Any other key: keep waiting.
    Stay,
}

impl QuitQuestion {
    /// The answer to the question: `y` (or quit again) leaves; any other key keeps waiting.
    pub fn on_key(&mut self, ctx: &Ctx, key: Key) -> Outcome {
        let confirm = matches!(
            ctx.keymap.resolve(Section::Confirm, key),
            Some(Command::Confirm | Command::Quit)
        );
        if confirm {
            Outcome::Leave
        } else {
            Outcome::Stay
        }
    }
}
