//! Keys: a key press (key), the commands it can run (command), the keymap that binds them per input context
//! (keymap).

pub mod command;
pub mod key;
pub mod keymap;
