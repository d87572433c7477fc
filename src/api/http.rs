//! The HTTP layer shared by the three clients: timeouts, sending a form, reading a body into an error
//! variant that tells "never sent" from "answer lost".

use std::time::Duration;

/// Timeouts of every request. Connect 5 s, the whole request 15 s unless configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpOptions {
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(15),
        }
    }
}
