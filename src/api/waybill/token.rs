//! The cached access token of the waybill service: shared by every clone of the client, fetched once,
//! kept until shortly before it expires. The lock is held while fetching so that clones never race for one.

use crate::api::Secret;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// Renew this long before the announced expiry, so a token never dies between check and use.
const MARGIN: Duration = Duration::from_secs(300);

#[derive(Debug, Clone)]
pub struct Cached {
    pub token: Secret,
    pub renew_at: Instant,
}

impl Cached {
    /// A token valid for `expires_in` seconds from now, renewed a margin early (at most half its life).
    pub fn new(token: Secret, expires_in: i64, now: Instant) -> Cached {
        let life = Duration::from_secs(u64::try_from(expires_in).unwrap_or(0));
        let margin = MARGIN.min(life / 2);
        Cached {
            token,
            renew_at: now + (life - margin),
        }
    }

    pub fn is_fresh(&self, now: Instant) -> bool {
        now < self.renew_at
    }
}

#[derive(Debug, Clone, Default)]
pub struct TokenCache {
    pub slot: Arc<Mutex<Option<Cached>>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renews_a_margin_early() {
        let now = Instant::now();
        let c = Cached::new(Secret::new("t"), 7200, now);
        assert!(c.is_fresh(now + Duration::from_secs(6899)));
        assert!(!c.is_fresh(now + Duration::from_secs(6900)));
        // A short-lived token keeps half its life rather than none.
        let c = Cached::new(Secret::new("t"), 60, now);
        assert!(c.is_fresh(now + Duration::from_secs(29)));
        assert!(!c.is_fresh(now + Duration::from_secs(30)));
        assert!(!Cached::new(Secret::new("t"), -5, now).is_fresh(now));
    }
}
