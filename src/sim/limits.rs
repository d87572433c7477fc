//! What the gateway counts and limits per path: every request is counted (`/__sim/requests/counts`), and
//! with fault `rate_limit_per_min` each fw199 path answers 10007 调用频率超限 once its bucket is empty.

use super::errors;
use super::state::Sim;
use axum::Json;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

/// One token bucket per path: `per_min / 60` tokens a second, holding at most one second's worth (at
/// least one), so a client that spreads its calls over the minute is never refused while a burst is.
#[derive(Debug, Default)]
pub struct Buckets(HashMap<String, (f64, Instant)>);

impl Buckets {
    /// Takes a token of `path` at `now`; false when there is none.
    pub fn take(&mut self, path: &str, per_min: u32, now: Instant) -> bool {
        let rate = f64::from(per_min) / 60.0;
        let cap = rate.max(1.0);
        let (tokens, last) = self.0.entry(path.to_string()).or_insert((cap, now));
        let elapsed = now.saturating_duration_since(*last).as_secs_f64();
        *tokens = (*tokens + elapsed * rate).min(cap);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

pub async fn layer(State(sim): State<Arc<Sim>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let per_min = {
        let mut inner = sim.lock();
        *inner.counts.entry(path.clone()).or_insert(0) += 1;
        inner.faults.rate_limit_per_min
    };
    let limited = per_min > 0
        && path.starts_with("/gateway/")
        && !sim.lock().buckets.take(&path, per_min, Instant::now());
    if limited {
        let e = errors::rate_limited();
        sim.log(&path, None, format!("error:{}", e.code));
        return Json(json!({"code": e.code, "message": e.message, "data": null})).into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_is_cut_and_the_minute_refills() {
        let mut b = Buckets::default();
        let t0 = Instant::now();
        // 600 a minute: ten at once, then one every 100 ms.
        let granted = (0..20).filter(|_| b.take("/p", 600, t0)).count();
        assert_eq!(granted, 10);
        assert!(!b.take("/p", 600, t0 + Duration::from_millis(50)));
        assert!(b.take("/p", 600, t0 + Duration::from_millis(150)));
        assert!(b.take("/other", 600, t0), "each path has its own bucket");
        // 30 a minute: one at once, the next after two seconds.
        assert!(b.take("/slow", 30, t0));
        assert!(!b.take("/slow", 30, t0 + Duration::from_secs(1)));
        assert!(b.take("/slow", 30, t0 + Duration::from_secs(2)));
    }
}
