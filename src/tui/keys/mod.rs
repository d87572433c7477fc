//! Keys: a key press (key), the commands it can run (command), the keymap that binds them per input context
//! (keymap), the hints on screen built from it (hints).

pub mod command;
pub mod hints;
pub mod key;
pub mod keymap;
