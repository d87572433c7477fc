//! A short message at the bottom of the screen: what happened, how it went, and until when it shows.

use jiff::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Success,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub text: String,
    pub level: Level,
    pub until: Timestamp,
}

/// How long a toast stays.
pub const TOAST_SECS: i64 = 6;
