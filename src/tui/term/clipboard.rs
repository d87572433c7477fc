//! Copying to the operator's own clipboard over SSH: inside tmux the text goes to tmux itself
//! (`tmux load-buffer -w -`, which tmux forwards to the outer terminal), elsewhere as OSC 52.

use std::ffi::OsStr;
use std::io::Write;
use std::process::{Command, Stdio};

/// How a text is copied: chosen from the `TMUX` variable only, so the choice is testable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Handed to the tmux server this process runs under.
    Tmux,
    /// Written to the terminal as OSC 52.
    Osc52,
}

/// Where a copied text went; the toast says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    /// In tmux's paste buffer (and forwarded to the outer terminal when tmux's `set-clipboard` allows).
    TmuxBuffer,
    /// Written to the terminal as OSC 52: whether it reaches the clipboard is the terminal's choice.
    Terminal,
}

/// Why a text could not be copied: what tmux or the system said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CopyError {
    Tmux(String),
    Terminal(String),
}

/// `TMUX` set (and not empty) means inside tmux, where a bare OSC 52 is dropped unless `allow-passthrough`
/// is on: tmux gets the text itself.
pub fn route(tmux_var: Option<&OsStr>) -> Route {
    match tmux_var {
        Some(v) if !v.is_empty() => Route::Tmux,
        _ => Route::Osc52,
    }
}

/// Puts `text` in tmux's paste buffer. `-w` (tmux 3.2+) also sends it to the outer terminal's clipboard;
/// an older tmux refuses the flag, and then gets the text without it.
pub fn to_tmux(text: &str) -> Result<Copied, CopyError> {
    match load_buffer(text, &["load-buffer", "-w", "-"]) {
        Ok(()) => Ok(Copied::TmuxBuffer),
        Err(first) => load_buffer(text, &["load-buffer", "-"])
            .map(|()| Copied::TmuxBuffer)
            .map_err(|_| CopyError::Tmux(first)),
    }
}

fn load_buffer(text: &str, args: &[&str]) -> Result<(), String> {
    let mut child = Command::new("tmux")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(text.as_bytes())
            .map_err(|e| e.to_string())?;
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if out.status.success() {
        return Ok(());
    }
    let said = String::from_utf8_lossy(&out.stderr).trim().to_string();
    Err(if said.is_empty() {
        out.status.to_string()
    } else {
        said
    })
}

/// Base64 (standard alphabet, padded); small enough not to need a crate.
fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The bytes to write to the terminal to put `text` on the clipboard (outside tmux).
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_and_wraps() {
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(osc52("foo"), "\x1b]52;c;Zm9v\x07");
    }

    #[test]
    fn inside_tmux_the_text_goes_to_tmux() {
        assert_eq!(
            route(Some(OsStr::new("/tmp/tmux-0/default,123,0"))),
            Route::Tmux
        );
        assert_eq!(route(None), Route::Osc52);
        // An emptied variable (`TMUX= pddtui`) is how one leaves tmux's handling on purpose.
        assert_eq!(route(Some(OsStr::new(""))), Route::Osc52);
    }
}
