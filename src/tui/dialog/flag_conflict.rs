//! The orders a flag key left alone because their flag changed since the operator saw it (another operator
//! or the merchant backend): the flag seen, the flag now and the note now beside the flag asked. Nothing was
//! sent to them; `y` applies the operator's flag over what is now shown, `t` / Esc keeps theirs.

use crate::domain::note::fingerprint;
use crate::ops::note::{Edit, FlagChange, SeenFlag, TagEdit};
use crate::tui::dialog::Ctx;
use crate::tui::keys::command::Command;
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Section;

/// The flag conflicts of one key press, on screen until the operator chooses.
#[derive(Debug, Clone, PartialEq)]
pub struct FlagConflict {
    /// Each order left out, with what it holds now, in the order of the selection.
    pub orders: Vec<(String, FlagChange)>,
    /// Orders of the same key press that were flagged (or already held that flag).
    pub done: usize,
}

/// What a key in the dialog asks of the rest of the workstation. The dialog closes after either.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Nothing: the dialog stays.
    None,
    /// Their flags stay; nothing is sent.
    Keep,
    /// The operator's flags, each over the flag and note now shown (changed once more: asked again).
    Apply(Vec<(String, Edit)>),
}

impl FlagConflict {
    pub fn new(orders: Vec<(String, FlagChange)>, done: usize) -> FlagConflict {
        FlagConflict { orders, done }
    }

    /// `[note_conflict]`: `confirm` (y) applies mine; `take_theirs` (t) or `back` (Esc, n) keeps theirs.
    /// Enter does nothing here: overwriting another operator's flag takes the explicit key.
    pub fn on_key(&self, ctx: &Ctx, key: Key) -> Outcome {
        match ctx.keymap.get(Section::NoteConflict, key) {
            Some(Command::Confirm) => Outcome::Apply(self.mine_anyway()),
            Some(Command::TakeTheirs | Command::Back) => Outcome::Keep,
            _ => Outcome::None,
        }
    }

    /// The operator's flag for each order, seen over what the dialog shows now.
    pub fn mine_anyway(&self) -> Vec<(String, Edit)> {
        self.orders
            .iter()
            .map(|(sn, c)| {
                let edit = Edit {
                    text: None,
                    tag: TagEdit::Colour(c.asked.as_ref().map(|t| t.0)),
                    seen: Some(fingerprint(&c.now.raw)),
                    seen_flag: Some(SeenFlag::of_note(&c.now)),
                };
                (sn.clone(), edit)
            })
            .collect()
    }
}
