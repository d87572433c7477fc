//! A per-second request limit shared by every clone of a client: each call takes the next free slot,
//! so bursts of page requests are spread out instead of tripping the gateway's own limit.

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
        (per_second > 0).then(|| RateLimit {
            gap: Duration::from_secs(1) / per_second,
            next: Arc::new(Mutex::new(None)),
        })
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
