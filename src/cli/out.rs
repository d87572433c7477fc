//! Where the CLI prints: every line on stdout or stderr passes the one sanitiser (`domain::text`) here,
//! whatever its source (network, journal, keymap, config, file names, OS errors). A reader that closes
//! stdout early (`| head`) is a quiet end, and a stderr that is gone is no error.

use super::exit::Failure;
use crate::domain::text::{escape_controls, json_escape_controls};
use std::io::Write;

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

/// Prints human text on stdout, made safe.
pub fn say(text: &str) -> Result<(), Failure> {
    print_safe(&terminal_safe(text, false))
}

/// Writes `text`, already made safe, and a newline to stdout. A reader that has gone (EPIPE:
/// `| head -c 10`) ends the output quietly, as for any Unix tool; any other failure to write is an error.
pub fn print_safe(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    quiet_on_pipe(writeln!(out, "{text}").and_then(|()| out.flush()))
}

/// Maps a write to stdout: a broken pipe is a quiet success, anything else a failure.
pub fn quiet_on_pipe(r: std::io::Result<()>) -> Result<(), Failure> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Failed(format!("stdout: {e}"))),
        Ok(()) => Ok(()),
    }
}

/// Prints human text on stderr (warnings, errors, findings), made safe. A stderr that is closed or hung
/// up (an SSH drop) loses the line, never the process: `eprintln!` would panic there.
pub fn warn(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", terminal_safe(text, false)).and_then(|()| err.flush());
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
