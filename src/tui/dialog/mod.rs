//! Dialogs over the screens: ship, note (and the result of a note write), CSV import, the quit confirmation and help.

pub mod confirm;
pub mod help;
pub mod import;
pub mod note;
pub mod note_result;
pub mod ship;
