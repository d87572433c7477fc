//! The seller's note as the gateway holds it (raw, sent back byte for byte) beside the copy a screen shows
//! (sanitised), and a small fingerprint of the raw note so a queue row can tell that it changed.

use super::flag::Flag;
use super::order::Order;
use super::text::sanitize;

/// FNV-1a over the note's bytes: eight bytes per queue row instead of a second copy of the note, enough to
/// see that the note the operator saw is not the one the gateway holds now.
pub fn fingerprint(raw: &str) -> u64 {
    raw.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// An order's note and flag as just read from the gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Exactly as the gateway sent it: newlines, tabs, escapes and all, however long.
    pub raw: String,
    pub tag: Option<Flag>,
    pub tag_name: String,
}

impl Note {
    pub fn of(o: &Order) -> Note {
        Note {
            raw: o.raw_remark().to_string(),
            tag: o.remark_tag,
            tag_name: o.remark_tag_name.clone(),
        }
    }

    /// The copy that may be drawn on a terminal.
    pub fn display(&self) -> String {
        sanitize(&self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_tell_notes_apart_that_look_alike() {
        assert_eq!(fingerprint("备注"), fingerprint("备注"));
        assert_ne!(fingerprint("a\nb"), fingerprint("a b"));
        let long = "x".repeat(1200);
        assert_ne!(fingerprint(&long), fingerprint(&format!("{long}y")));
        assert_eq!(sanitize("a\nb"), sanitize("a b"));
    }
}
