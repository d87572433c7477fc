//! When a request is sent again without asking anyone: only where it provably was not applied — a
//! connect failure (a few tries, with backoff), and PDD's interception answer after its wait.

use crate::api::ApiError;
use crate::store::Duplicates;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// Told the seconds before a retry is waited out, so a face can say why nothing happens meanwhile.
#[derive(Clone)]
pub struct OnWait(pub Arc<dyn Fn(u64) + Send + Sync>);

impl std::fmt::Debug for OnWait {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnWait")
    }
}

#[derive(Debug, Clone)]
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
    /// Called before an interception is waited out.
    pub on_wait: Option<OnWait>,
}

impl Default for ShipPolicy {
    /// The workstation's policy: connect retries, no interception wait, duplicates refused.
    fn default() -> Self {
        ShipPolicy {
            connect_retries: 2,
            backoff: Duration::from_millis(300),
            wait_intercepted: false,
            duplicates: Duplicates::Refuse,
            on_wait: None,
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
                // Never wait absurdly long on a garbled answer, nor past a claim's expiry.
                let secs = retry_after_secs.min(90);
                tracing::info!(secs, "intercepted; waiting to retry once");
                if let Some(OnWait(f)) = &policy.on_wait {
                    f(secs);
                }
                tokio::time::sleep(Duration::from_secs(secs)).await;
            }
            other => return other,
        }
        before_retry();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn fast(wait: bool) -> ShipPolicy {
        ShipPolicy {
            backoff: Duration::from_millis(1),
            wait_intercepted: wait,
            ..ShipPolicy::default()
        }
    }

    fn connect() -> ApiError {
        ApiError::Connect {
            url: "u".into(),
            detail: "refused".into(),
        }
    }

    fn intercepted() -> ApiError {
        ApiError::Intercepted {
            retry_after_secs: 0,
            message: "接口超时,0秒后重试".into(),
        }
    }

    async fn count(
        policy: &ShipPolicy,
        answers: Vec<Result<(), ApiError>>,
    ) -> (u32, Result<(), ApiError>) {
        let tries = AtomicU32::new(0);
        let answers = std::sync::Mutex::new(answers.into_iter());
        let r = with_retries(
            policy,
            || {},
            || {
                tries.fetch_add(1, Ordering::SeqCst);
                let next = answers.lock().unwrap().next().unwrap_or(Ok(()));
                async move { next }
            },
        )
        .await;
        (tries.load(Ordering::SeqCst), r)
    }

    #[tokio::test]
    async fn connect_failures_are_retried_a_few_times() {
        let (n, r) = count(&fast(false), vec![Err(connect()), Err(connect()), Ok(())]).await;
        assert_eq!((n, r), (3, Ok(())));
        let (n, r) = count(&fast(false), vec![Err(connect()); 5]).await;
        assert_eq!(n, 3);
        assert!(matches!(r, Err(ApiError::Connect { .. })));
    }

    #[tokio::test]
    async fn an_interception_is_waited_out_once_only_when_the_policy_says_so() {
        let (n, r) = count(&fast(true), vec![Err(intercepted()), Err(intercepted())]).await;
        assert_eq!(n, 2);
        assert!(matches!(r, Err(ApiError::Intercepted { .. })));
        let (n, _) = count(&fast(false), vec![Err(intercepted())]).await;
        assert_eq!(n, 1);
    }

    #[tokio::test]
    async fn an_unknown_outcome_is_never_retried() {
        let lost = ApiError::ConnectionLost("reset".into());
        let (n, r) = count(&fast(true), vec![Err(lost.clone())]).await;
        assert_eq!((n, r), (1, Err(lost)));
    }
}
