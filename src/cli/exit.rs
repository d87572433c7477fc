//! Exit codes: 0 success, 1 the operation failed, 2 usage or validation error. One line on stderr.
//! A reader that closes stdout early (`| head`) is a quiet end, and a stderr that is gone is no error.

use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The operation was tried and failed (exit 1).
    Failed(String),
    /// Bad usage, config or input; nothing was sent (exit 2).
    Usage(String),
}

impl Failure {
    pub fn report(&self) -> ExitCode {
        match self {
            Failure::Failed(m) => {
                say(m);
                tracing::error!("{m}");
                ExitCode::from(1)
            }
            Failure::Usage(m) => {
                say(m);
                tracing::warn!("{m}");
                ExitCode::from(2)
            }
        }
    }
}

/// One line on stderr. A stderr that is closed or hung up (an SSH drop) loses the line, never the
/// process: `eprintln!` would panic there.
pub fn say(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}").and_then(|()| err.flush());
}

/// Writes `text` and a newline to stdout. A reader that has gone (EPIPE: `| head -c 10`) ends the output
/// quietly, as for any Unix tool; any other failure to write is an error.
pub fn print(text: &str) -> Result<(), Failure> {
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
