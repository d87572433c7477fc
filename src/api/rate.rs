//! Request limits shared by every clone of a client: a per-second cap over all calls, and PDD's per-minute
//! limits per endpoint. Each call takes the next free slot, so bursts of page requests are spread out
//! instead of tripping the gateway's own limit; an answer that says "too frequent" is waited out and retried.

use super::ApiError;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

#[derive(Debug, Clone)]
pub struct RateLimit {
    gap: Duration,
    next: Arc<Mutex<Option<Instant>>>,
}

impl RateLimit {
    /// At most `per_second` calls a second; `None` for 0 (no limit).
    pub fn per_second(per_second: u32) -> Option<RateLimit> {
        (per_second > 0).then(|| RateLimit::every(Duration::from_secs(1) / per_second))
    }

    /// At most `per_minute` calls a minute, evenly spread; `None` for 0 (no limit).
    pub fn per_minute(per_minute: u32) -> Option<RateLimit> {
        (per_minute > 0).then(|| RateLimit::every(Duration::from_secs(60) / per_minute))
    }

    fn every(gap: Duration) -> RateLimit {
        RateLimit {
            gap,
            next: Arc::new(Mutex::new(None)),
        }
    }

    /// Waits for this call's slot.
    pub async fn wait(&self) {
        let slot = {
            let mut next = self.next.lock().await;
            let now = Instant::now();
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + self.gap);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

/// Which of PDD's per-endpoint limits a call counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    List,
    Increment,
    Detail,
    Ship,
    Note,
    Couriers,
}

/// Requests a minute per endpoint (0: no limit): `[rate_limits]` of the config. The defaults are PDD's
/// published limits where it publishes one (order list 6,000, increment 3,000), else our decision
/// (README "Rate limits"): detail 3,000, ship 3,000, note 1,000, couriers 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub list: u32,
    pub increment: u32,
    pub detail: u32,
    pub ship: u32,
    pub note: u32,
    pub couriers: u32,
}

impl RateLimits {
    /// PDD's limits (see the type).
    pub const PDD: RateLimits = RateLimits {
        list: 6_000,
        increment: 3_000,
        detail: 3_000,
        ship: 3_000,
        note: 1_000,
        couriers: 100,
    };

    /// No limit on any endpoint.
    pub const NONE: RateLimits = RateLimits {
        list: 0,
        increment: 0,
        detail: 0,
        ship: 0,
        note: 0,
        couriers: 0,
    };
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits::PDD
    }
}

/// One limiter per endpoint, shared by every clone of the client that holds it.
#[derive(Debug, Clone, Default)]
pub struct Limiters {
    list: Option<RateLimit>,
    increment: Option<RateLimit>,
    detail: Option<RateLimit>,
    ship: Option<RateLimit>,
    note: Option<RateLimit>,
    couriers: Option<RateLimit>,
}

impl Limiters {
    pub fn new(l: RateLimits) -> Limiters {
        Limiters {
            list: RateLimit::per_minute(l.list),
            increment: RateLimit::per_minute(l.increment),
            detail: RateLimit::per_minute(l.detail),
            ship: RateLimit::per_minute(l.ship),
            note: RateLimit::per_minute(l.note),
            couriers: RateLimit::per_minute(l.couriers),
        }
    }

    /// Waits for a slot of `endpoint`'s limit.
    pub async fn wait(&self, endpoint: Endpoint) {
        let limit = match endpoint {
            Endpoint::List => &self.list,
            Endpoint::Increment => &self.increment,
            Endpoint::Detail => &self.detail,
            Endpoint::Ship => &self.ship,
            Endpoint::Note => &self.note,
            Endpoint::Couriers => &self.couriers,
        };
        if let Some(l) = limit {
            l.wait().await;
        }
    }
}

/// Retries after a rate-limited answer: how often, and the first wait (doubled each time, at most `max`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub retries: u32,
    pub first: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    /// Six retries over about 24 s: longer than any one-minute bucket needs to let a call through again.
    fn default() -> Self {
        Backoff {
            retries: 6,
            first: Duration::from_millis(500),
            max: Duration::from_secs(8),
        }
    }
}

impl Backoff {
    /// Runs `call`; a `RateLimited` answer (nothing was done) is waited out and the call made again, up to
    /// `retries` times. Only the last answer counts.
    pub async fn run<T, F, Fut>(&self, mut call: F) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let mut wait = self.first;
        let mut retries = 0;
        loop {
            match call().await {
                Err(ApiError::RateLimited(m)) if retries < self.retries => {
                    tracing::info!(
                        wait_ms = wait.as_millis() as u64,
                        "rate limited, waiting: {m}"
                    );
                    tokio::time::sleep(wait).await;
                    retries += 1;
                    wait = (wait * 2).min(self.max);
                }
                other => return other,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test(start_paused = true)]
    async fn spreads_calls_over_the_second() {
        let limit = RateLimit::per_second(10).unwrap();
        let start = Instant::now();
        for _ in 0..21 {
            limit.wait().await;
        }
        // 21 calls at 10/s: the last one starts 2 s after the first.
        assert_eq!(start.elapsed(), Duration::from_secs(2));
        assert!(RateLimit::per_second(0).is_none());
    }

    #[tokio::test(start_paused = true)]
    async fn each_endpoint_has_its_own_minute() {
        let l = Limiters::new(RateLimits {
            list: 6_000,
            increment: 60,
            ..RateLimits::NONE
        });
        let start = Instant::now();
        for _ in 0..101 {
            l.wait(Endpoint::List).await;
        }
        assert_eq!(start.elapsed(), Duration::from_secs(1), "6,000 a minute");
        let start = Instant::now();
        for _ in 0..3 {
            l.wait(Endpoint::Increment).await;
        }
        assert_eq!(start.elapsed(), Duration::from_secs(2), "60 a minute");
        // Unlimited endpoints never wait; clones share the limiters.
        let start = Instant::now();
        let shared = l.clone();
        for _ in 0..1000 {
            shared.wait(Endpoint::Ship).await;
        }
        shared.wait(Endpoint::Increment).await;
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }

    /// The client's share of the sync figure, apart from the machine: a 100,000-order sync's 854 list pages,
    /// `CONCURRENCY` in flight, each answered 50 ms after its slot, under PDD's list limit, end within 10 %
    /// of the floor (854 ÷ 100 a second): the limiter, not the pages in flight, sets the pace.
    #[tokio::test(start_paused = true)]
    async fn pages_in_flight_keep_the_list_limit_busy() {
        use futures::{StreamExt, stream};
        let l = Limiters::new(RateLimits::PDD);
        let start = Instant::now();
        stream::iter(0..854)
            .map(|_| async {
                l.wait(Endpoint::List).await;
                tokio::time::sleep(Duration::from_millis(50)).await;
            })
            .buffer_unordered(crate::api::CONCURRENCY)
            .collect::<Vec<()>>()
            .await;
        let floor = Duration::from_millis(8_540);
        let took = start.elapsed();
        assert!(took >= floor.mul_f64(0.99), "{took:?}");
        assert!(took <= floor.mul_f64(1.1), "{took:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn rate_limited_answers_are_waited_out_then_given_up() {
        let calls = AtomicU32::new(0);
        let b = Backoff::default();
        let start = Instant::now();
        let r = b
            .run(|| async {
                let n = calls.fetch_add(1, Ordering::SeqCst);
                if n < 3 {
                    Err(ApiError::RateLimited("调用频率超限".into()))
                } else {
                    Ok(n)
                }
            })
            .await;
        assert_eq!(r, Ok(3));
        assert_eq!(start.elapsed(), Duration::from_millis(500 + 1000 + 2000));
        calls.store(0, Ordering::SeqCst);
        let r: Result<(), _> = b
            .run(|| async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(ApiError::RateLimited("x".into()))
            })
            .await;
        assert!(matches!(r, Err(ApiError::RateLimited(_))));
        assert_eq!(calls.load(Ordering::SeqCst), 7, "the call and six retries");
        // Other failures are not retried here.
        calls.store(0, Ordering::SeqCst);
        let r: Result<(), _> = b
            .run(|| async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(ApiError::Timeout(Duration::from_secs(1)))
            })
            .await;
        assert!(r.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
