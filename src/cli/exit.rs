//! Exit codes: 0 success, 1 the operation failed, 2 usage or validation error. One line on stderr.
//! A reader that closes stdout early (`| head`) is a quiet end, and a stderr that is gone is no error.

use std::process::ExitCode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The operation was tried and failed (exit 1).
    Failed(String),
    /// Bad usage, config or input; nothing was sent (exit 2).
    Usage(String),
}

impl Failure {
    /// The line is sanitised here: it can quote an OS error, a file name or a gateway's message.
    pub fn report(&self) -> ExitCode {
        match self {
            Failure::Failed(m) => {
                super::out::warn(m);
                tracing::error!("{m}");
                ExitCode::from(1)
            }
            Failure::Usage(m) => {
                super::out::warn(m);
                tracing::warn!("{m}");
                ExitCode::from(2)
            }
        }
    }
}
