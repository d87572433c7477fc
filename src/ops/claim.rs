//! Holding an order's claim for exactly as long as work on it runs: claimed first, renewed while a
//! request is in flight (however long the gateway takes to answer), released after.

use crate::store::{Journal, StoreError};
use std::future::Future;

/// Runs `work` while this process holds the claim of `order_sn`. Refused, with nothing run, while another
/// live process holds it. The claim is renewed every third of its lease, so a gateway that answers later
/// than the lease never lets a second process take the order meanwhile.
pub async fn while_claimed<T, E, F>(journal: &Journal, order_sn: &str, work: F) -> Result<T, E>
where
    F: Future<Output = Result<T, E>>,
    E: From<StoreError>,
{
    journal.claim(order_sn)?;
    let every = (journal.lease() / 3).max(std::time::Duration::from_millis(100));
    let mut renew = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    renew.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let work = std::pin::pin!(work);
    let mut work = work;
    let result = loop {
        tokio::select! {
            biased;
            r = &mut work => break r,
            _ = renew.tick() => {
                // A refusal here means the lease ran out while this process stood still (suspended, a
                // stalled disk) and another took the order: the request already left, so it runs to its
                // end and its outcome is journalled; the log says what happened.
                if let Err(e) = journal.claim(order_sn) {
                    tracing::error!(order_sn, error = %e, "cannot renew the claim of an order in flight");
                }
            }
        }
    };
    if let Err(e) = journal.release(order_sn) {
        // The claim expires on its own; a stale one is also ignored once this process is gone.
        tracing::warn!(order_sn, error = %e, "cannot release claim");
    }
    result
}

/// Runs `work` while this process holds the claim of `order_sn` in tenure `fence` (taken by
/// `Journal::claim_and_begin`), renewing it every third of its lease; nothing is let go after (the
/// outcome's write does that). A renewal refused because another process took the order over (this
/// one stood still past its lease) stops the renewals: the tenure is lost for good, the work — whose
/// request already left — runs to its end, and its outcome is still written.
pub async fn while_held<T, F>(journal: &Journal, order_sn: &str, fence: i64, work: F) -> T
where
    F: Future<Output = T>,
{
    let every = (journal.lease() / 3).max(std::time::Duration::from_millis(100));
    let mut renew = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    renew.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut work = std::pin::pin!(work);
    let mut held = true;
    loop {
        tokio::select! {
            biased;
            r = &mut work => return r,
            _ = renew.tick(), if held => match journal.renew(order_sn, fence) {
                Ok(true) => {}
                Ok(false) => {
                    held = false;
                    tracing::error!(order_sn, fence, "the claim of an order in flight was taken over");
                }
                Err(e) => {
                    tracing::warn!(order_sn, error = %e, "cannot renew the claim of an order in flight");
                }
            },
        }
    }
}
