//! The terminal: its events read on a thread of their own (input), raw mode and hangups (tty), the frame writer that sends only changed cells (scroll, output),
//! the drafts writer thread (writer) and the OSC 52 clipboard.

pub mod clipboard;
pub mod input;
pub mod output;
pub mod scroll;
pub mod tty;
pub mod writer;
