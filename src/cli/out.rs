//! Where the CLI prints: every line on stdout or stderr passes the one sanitiser (`domain::text`) here,
//! whatever its source (network, journal, keymap, config, file names, OS errors).

use crate::domain::text::{escape_controls, json_escape_controls};

/// The lines of `out` made safe for a terminal: placeholders for controls and bidi marks, no
/// width-changing format characters. For JSON, what would change is written as `\uXXXX` instead, so a
/// program reading it gets the data back unchanged.
pub fn terminal_safe(out: &str, json: bool) -> String {
    let line = if json {
        json_escape_controls
    } else {
        escape_controls
    };
    out.lines().map(line).collect::<Vec<_>>().join("\n")
}

/// Prints human text on stdout.
pub fn say(text: &str) {
    println!("{}", terminal_safe(text, false));
}

/// Prints human text on stderr (warnings, errors, findings).
pub fn warn(text: &str) {
    eprintln!("{}", terminal_safe(text, false));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_made_safe() {
        let text = "a\u{1b}]0;T\u{7}\nb\u{61c}c\u{200e}\n❤\u{fe0f}";
        assert_eq!(
            terminal_safe(text, false),
            "a\u{241b}]0;T\u{2407}\nb\u{fffd}c\u{fffd}\n❤"
        );
        let json = serde_json::to_string(&"x\u{61c}\u{200e}y").unwrap_or_default();
        assert_eq!(terminal_safe(&json, true), "\"x\\u061c\\u200ey\"");
    }
}
