//! When a request is sent again without asking anyone: only where it provably was not applied — a
//! connect failure (a few tries, with backoff), and PDD's interception answer after its wait.

use crate::api::ApiError;
use crate::store::Duplicates;
use std::future::Future;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShipPolicy {
    /// Further tries after a connect failure (the request never left).
    pub connect_retries: u32,
    /// The first backoff; doubled for each further try.
    pub backoff: Duration,
    /// Wait out `ApiError::Intercepted` and try once more. The workstation, which shows its own
    /// countdown, leaves this off.
    pub wait_intercepted: bool,
    /// Whether a tracking number another order already used is refused before sending.
    pub duplicates: Duplicates,
}

impl Default for ShipPolicy {
    /// The workstation's policy: connect retries, no interception wait, duplicates refused.
    fn default() -> Self {
        ShipPolicy {
            connect_retries: 2,
            backoff: Duration::from_millis(300),
            wait_intercepted: false,
            duplicates: Duplicates::Refuse,
        }
    }
}

impl ShipPolicy {
    /// The CLI's policy: like the workstation's, and it waits out an interception once.
    pub fn cli() -> Self {
        ShipPolicy {
            wait_intercepted: true,
            ..ShipPolicy::default()
        }
    }
}

/// Runs `attempt` until it succeeds or fails in a way that is not provably harmless to repeat.
/// `before_retry` runs before each further try (the shipping code renews its claim there).
pub async fn with_retries<T, F, Fut>(
    policy: &ShipPolicy,
    mut before_retry: impl FnMut(),
    mut attempt: F,
) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let mut connect_tries = 0;
    let mut waited = false;
    let mut backoff = policy.backoff;
    loop {
        match attempt().await {
            Err(ApiError::Connect { .. }) if connect_tries < policy.connect_retries => {
                connect_tries += 1;
                tokio::time::sleep(backoff).await;
                backoff = backoff.saturating_mul(2);
            }
            Err(ApiError::Intercepted {
                retry_after_secs, ..
            }) if policy.wait_intercepted && !waited => {
                waited = true;
                tracing::info!(retry_after_secs, "intercepted; waiting to retry once");
                // Never wait absurdly long on a garbled answer.
                tokio::time::sleep(Duration::from_secs(retry_after_secs.min(120))).await;
            }
            other => return other,
        }
        before_retry();
    }
}
