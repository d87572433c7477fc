//! Reading an order back to learn what became of an operation whose answer was lost: applied, not
//! applied, applied with another number (a conflict), or still unknown.

use crate::api::{Gateway, StatusFilter};
use crate::domain::Order;
use crate::domain::validate::same_number;
use crate::store::{OpEntry, OpKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    Applied,
    NotApplied,
    /// The order shows this other tracking number.
    Conflict(String),
    /// Cannot tell (the gateway is unreachable, or has no way to read one order).
    Unknown,
}

pub async fn read_back(gw: &Gateway, entry: &OpEntry) -> Check {
    match entry.kind {
        OpKind::Ship | OpKind::Modify => shipment(gw, entry).await,
        OpKind::Note => note(gw, entry).await,
        // The waybill service cannot be asked which numbers it handed out; taking again with the same
        // `out_trade_no` is the check (see `take_waybill`).
        OpKind::Waybill => Check::Unknown,
    }
}

async fn detail(gw: &Gateway, order_sn: &str) -> Option<Order> {
    match gw.order_detail(order_sn).await {
        Ok(order) => Some(order),
        Err(e) => {
            tracing::warn!(order_sn, error = %e, "cannot read the order back");
            None
        }
    }
}

/// fw199 has the detail; pddshuju only lists unshipped orders of the last two days.
async fn shipment(gw: &Gateway, entry: &OpEntry) -> Check {
    let ours = entry.number.clone().unwrap_or_default();
    if gw.capabilities().detail {
        return match detail(gw, &entry.order_sn).await {
            Some(order) => shipped(&order, entry.kind, &ours),
            None => Check::Unknown,
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
            if entry.kind == OpKind::Ship && list.iter().any(|o| o.order_sn == entry.order_sn) =>
        {
            Check::NotApplied
        }
        _ => Check::Unknown,
    }
}

fn shipped(order: &Order, kind: OpKind, ours: &str) -> Check {
    if !order.is_shipped() {
        return Check::NotApplied;
    }
    if same_number(&order.tracking_number, ours) {
        return Check::Applied;
    }
    match kind {
        // A first shipment that is not ours: someone shipped it otherwise.
        OpKind::Ship => Check::Conflict(order.tracking_number.clone()),
        // A modify that left the old number in place did not go through.
        _ => Check::NotApplied,
    }
}

async fn note(gw: &Gateway, entry: &OpEntry) -> Check {
    if !gw.capabilities().detail {
        return Check::Unknown;
    }
    let wanted = entry.params.get("note").and_then(|v| v.as_str());
    match (detail(gw, &entry.order_sn).await, wanted) {
        // The journal holds the note as sent (raw): compare it with the raw note, not the display copy.
        (Some(order), Some(text)) if order.raw_remark() == text => Check::Applied,
        (Some(_), Some(_)) => Check::NotApplied,
        _ => Check::Unknown,
    }
}
