//! A secret (app secret, client secret, access token) whose `Debug` and `Display` never show it.

use std::fmt;
use std::sync::{Mutex, PoisonError};

#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

/// Every secret this process has held, so a report or a log line that quotes one anyway (a panic message,
/// a gateway's echo) can have it blanked out before it is written anywhere.
static KNOWN: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Shorter values are too common to blank out safely (and too short to be real secrets).
const MIN_REDACTED: usize = 6;

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        let s = s.into();
        if s.chars().count() >= MIN_REDACTED {
            let mut known = KNOWN.lock().unwrap_or_else(PoisonError::into_inner);
            if !known.contains(&s) {
                known.push(s.clone());
                // Longest first, so a secret that contains another is blanked whole.
                known.sort_by_key(|k| std::cmp::Reverse(k.len()));
            }
        }
        Secret(s)
    }

    /// The secret itself, for signing only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// `text` with every secret this process has held replaced by `***`.
pub fn redact(text: &str) -> std::borrow::Cow<'_, str> {
    let known = KNOWN.lock().unwrap_or_else(PoisonError::into_inner);
    let mut out = std::borrow::Cow::Borrowed(text);
    for k in known.iter() {
        if out.contains(k.as_str()) {
            out = std::borrow::Cow::Owned(out.replace(k.as_str(), "***"));
        }
    }
    out
}

/// Debug builds only: every secret held, for the workstation's test panic (`PDDTUI_DEBUG_PANIC`), which
/// proves the report blanks them.
#[cfg(debug_assertions)]
#[doc(hidden)]
pub fn quoted_for_debug_panic() -> String {
    KNOWN
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .join(", ")
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_printed() {
        let s = Secret::new("demo-secret");
        assert_eq!(format!("{s:?} {s}"), "Secret(***) ***");
        assert_eq!(s.expose(), "demo-secret");
    }

    #[test]
    fn a_quoted_secret_is_blanked() {
        let _short = Secret::new("abc");
        let _outer = Secret::new("tok-outer-9f8e7d");
        let _inner = Secret::new("outer-9f8e");
        assert_eq!(
            redact("sign(tok-outer-9f8e7d) with outer-9f8e, abc stays"),
            "sign(***) with ***, abc stays"
        );
        assert!(matches!(
            redact("nothing here"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
