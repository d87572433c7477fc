//! Durable shipping: journal the intent, send, journal the outcome. When the answer is lost, read the
//! order back instead of sending again; a pending shipment from an earlier run is checked first.

use crate::api::{ApiError, Gateway, StatusFilter};
use crate::domain::{Order, Redelivery, ShipRequest};
use crate::store::{Journal, ShipEntry, ShipState};

/// How a shipment ended when it succeeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShipReport {
    /// The gateway confirmed it.
    Sent,
    /// The answer was lost (now or in an earlier run), and reading the order back showed it applied.
    FoundApplied,
}

/// What reading the order back says about a shipment whose answer was lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    Applied,
    NotApplied,
    /// Cannot tell (the gateway is unreachable, or has no way to read one order).
    Unknown,
}

fn journal_err(e: std::io::Error) -> ApiError {
    ApiError::Gateway {
        code: -1,
        message: format!("cannot write the shipping journal: {e}"),
    }
}

/// Ships `req` at most once. Errors whose `outcome_unknown()` is true leave the shipment pending in the
/// journal; the next call for the same order checks it before sending anything.
pub async fn ship_durably(
    gw: &Gateway,
    journal: &Journal,
    req: &ShipRequest,
) -> Result<ShipReport, ApiError> {
    if let Some(pending) = journal.pending_for(&req.order_sn).map_err(journal_err)? {
        match check(gw, &pending).await {
            Check::Applied => {
                record(journal, &pending, ShipState::Done, "checked: applied")?;
                if pending.tracking_number == req.tracking_number
                    && pending.logistics_id == req.logistics_id
                {
                    return Ok(ShipReport::FoundApplied);
                }
                // An earlier, different shipment went through: sending this one as a first shipment would
                // be refused; the operator must decide (modify).
                return Err(ApiError::Gateway {
                    code: -2,
                    message: format!(
                        "order {} was already shipped with {} (an earlier attempt whose answer was lost)",
                        pending.order_sn, pending.tracking_number
                    ),
                });
            }
            Check::NotApplied => {
                record(journal, &pending, ShipState::Failed, "checked: not applied")?
            }
            Check::Unknown => {
                return Err(ApiError::ConnectionLost(format!(
                    "an earlier shipment of {} ({}) has an unknown outcome and cannot be checked now",
                    pending.order_sn, pending.tracking_number
                )));
            }
        }
    }
    let intent = ShipEntry::new(req, ShipState::Intent, None);
    journal.record(&intent).map_err(journal_err)?;
    match gw.ship(req).await {
        Ok(()) => {
            record(journal, &intent, ShipState::Done, "confirmed")?;
            Ok(ShipReport::Sent)
        }
        Err(e) if e.outcome_unknown() => {
            tracing::warn!(order_sn = %req.order_sn, error = %e, "ship outcome unknown; checking");
            match check(gw, &intent).await {
                Check::Applied => {
                    record(
                        journal,
                        &intent,
                        ShipState::Done,
                        "answer lost; checked: applied",
                    )?;
                    Ok(ShipReport::FoundApplied)
                }
                Check::NotApplied => {
                    record(
                        journal,
                        &intent,
                        ShipState::Failed,
                        "answer lost; checked: not applied",
                    )?;
                    Err(e)
                }
                Check::Unknown => {
                    record(journal, &intent, ShipState::Unknown, &e.to_string())?;
                    Err(e)
                }
            }
        }
        Err(e) => {
            record(journal, &intent, ShipState::Failed, &e.to_string())?;
            Err(e)
        }
    }
}

/// What checking a pending shipment found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reconciled {
    /// It went through: now journalled as done.
    Applied,
    /// It did not: journalled as failed, safe to ship again.
    NotApplied,
    /// Still cannot tell; it stays pending and blocks a new shipment of that order.
    Unknown,
}

/// Checks every shipment left pending by an earlier run (a crash, a lost answer, a dropped terminal).
/// Call at start-up; what stays `Unknown` is checked again by `ship_durably` before any new send.
pub async fn reconcile_pending(
    gw: &Gateway,
    journal: &Journal,
) -> Result<Vec<(ShipEntry, Reconciled)>, ApiError> {
    let mut out = Vec::new();
    for entry in journal.pending().map_err(journal_err)? {
        let found = match check(gw, &entry).await {
            Check::Applied => {
                record(
                    journal,
                    &entry,
                    ShipState::Done,
                    "checked at start: applied",
                )?;
                Reconciled::Applied
            }
            Check::NotApplied => {
                record(
                    journal,
                    &entry,
                    ShipState::Failed,
                    "checked at start: not applied",
                )?;
                Reconciled::NotApplied
            }
            Check::Unknown => Reconciled::Unknown,
        };
        out.push((entry, found));
    }
    Ok(out)
}

fn record(
    journal: &Journal,
    base: &ShipEntry,
    state: ShipState,
    note: &str,
) -> Result<(), ApiError> {
    let mut e = base.clone();
    e.state = state;
    e.at = jiff::Timestamp::now().as_second();
    e.note = Some(note.to_string());
    journal.record(&e).map_err(journal_err)
}

/// Reads the order back. fw199 has the detail; pddshuju only lists unshipped orders of the last two days.
async fn check(gw: &Gateway, entry: &ShipEntry) -> Check {
    if gw.capabilities().detail {
        return match gw.order_detail(&entry.order_sn).await {
            Ok(order) => applied(&order, entry),
            Err(e) => {
                tracing::warn!(order_sn = %entry.order_sn, error = %e, "cannot check shipment");
                Check::Unknown
            }
        };
    }
    let now = jiff::Timestamp::now();
    let start = now
        .checked_sub(jiff::SignedDuration::from_hours(48))
        .unwrap_or(now);
    match gw.list_orders(StatusFilter::Unshipped, start, now).await {
        // Still listed as unshipped: the shipment did not go through. Gone from the list: cannot tell
        // which number it shipped with, so the operator must look.
        Ok(list)
            if list.iter().any(|o| o.order_sn == entry.order_sn)
                && entry.redelivery == Redelivery::First =>
        {
            Check::NotApplied
        }
        _ => Check::Unknown,
    }
}

fn applied(order: &Order, entry: &ShipEntry) -> Check {
    if order.is_shipped() && order.tracking_number == entry.tracking_number {
        Check::Applied
    } else {
        Check::NotApplied
    }
}
