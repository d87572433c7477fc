//! `pddtui sim`: runs the simulator in the foreground. Its first stdout line is exactly
//! `listening on http://HOST:PORT` (flushed), so scripts and tests can wait for it.

use super::args::SimArgs;
use super::exit::Failure;
use crate::sim;
use std::io::Write;

pub async fn run(a: &SimArgs) -> Result<(), Failure> {
    let rate = |name: &str, v: f64| {
        if (0.0..=1.0).contains(&v) {
            Ok(v)
        } else {
            Err(Failure::Usage(format!("--{name} {v}: expected 0..1")))
        }
    };
    let faults = sim::Faults {
        latency_ms: a.latency_ms,
        fail_rate: rate("fail-rate", a.fail_rate)?,
        malformed_rate: rate("malformed-rate", a.malformed_rate)?,
        intercept_rate: rate("intercept-rate", a.intercept_rate)?,
        auth_expired: a.auth_expired,
        hang: a.hang,
        drop_after_commit: a.drop_after_commit,
        intercept_secs: a.intercept_secs,
        rate_limit_per_min: a.rate_limit_per_min,
    };
    let opts = sim::Options {
        orders: a.orders,
        seed: a.seed,
        secret: a.secret.clone(),
        faults,
        reach: a.reach,
        increment_lag_secs: a.increment_lag_secs,
        ..Default::default()
    };
    let signal = shutdown_signal();
    let running = sim::start(a.listen, opts)
        .await
        .map_err(|e| Failure::Failed(format!("cannot listen on {}: {e}", a.listen)))?;
    let mut out = std::io::stdout().lock();
    let secret_note = if a.secret.is_some() {
        "(--secret)"
    } else {
        sim::DEMO_FW199_SECRET
    };
    let banner = format!(
        "listening on {}\n\
         fw199:    appid={} seller_nick={} secret={secret_note}\n\
         pddshuju: ownuser={} state={} secret={secret_note}\n\
         waybill:  client_id={} client_secret={secret_note}\n",
        running.base_url(),
        sim::DEMO_FW199_APPID,
        sim::DEMO_FW199_SELLER_NICK,
        sim::DEMO_PDDSHUJU_OWNUSER,
        sim::DEMO_PDDSHUJU_STATE,
        sim::DEMO_WAYBILL_CLIENT_ID,
    );
    out.write_all(banner.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| Failure::Failed(e.to_string()))?;
    drop(out);
    signal.await;
    running.shutdown().await;
    Ok(())
}

/// Registers the handlers at once (before the banner, so a SIGTERM sent right after it is caught) and
/// returns a future that ends on SIGINT or SIGTERM.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let ctrl_c = tokio::signal::ctrl_c();
    async move {
        #[cfg(unix)]
        if let Some(mut term) = term {
            tokio::select! {
                _ = ctrl_c => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = ctrl_c.await;
    }
}
