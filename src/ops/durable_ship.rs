//! Durable shipping: claim the order, check what an earlier attempt left pending, journal the intent,
//! send, journal the outcome. When the answer is lost the order is read back instead of sent again.

use super::check::{Check, read_back};
use super::claim::while_claimed;
use super::error::OpError;
use super::policy::{ShipPolicy, with_retries};
use super::reconcile::{Reconciled, resolve};
use crate::api::Gateway;
use crate::domain::ShipRequest;
use crate::domain::validate::same_number;
use crate::store::{Journal, NewOp, OpEntry, OpOutcome, ShipState};

/// How a shipment ended when it succeeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShipReport {
    /// The gateway confirmed it.
    Sent,
    /// The answer was lost (now or in an earlier run), and reading the order back showed it applied.
    FoundApplied,
}

/// Ships `req` at most once, with the workstation's policy (`ShipPolicy::default()`).
pub async fn ship_durably(
    gw: &Gateway,
    journal: &Journal,
    req: &ShipRequest,
) -> Result<ShipReport, OpError> {
    ship_with(gw, journal, req, &ShipPolicy::default()).await
}

/// Ships `req` at most once. While it runs the order is claimed, so another process refuses to ship it.
pub async fn ship_with(
    gw: &Gateway,
    journal: &Journal,
    req: &ShipRequest,
    policy: &ShipPolicy,
) -> Result<ShipReport, OpError> {
    while_claimed(journal, &req.order_sn, claimed(gw, journal, req, policy)).await
}

async fn claimed(
    gw: &Gateway,
    journal: &Journal,
    req: &ShipRequest,
    policy: &ShipPolicy,
) -> Result<ShipReport, OpError> {
    if let Some(pending) = journal.pending_ship(&req.order_sn)?
        && let Some(done) = settle_earlier(gw, journal, req, &pending).await?
    {
        return Ok(done);
    }
    let id = journal.begin(&NewOp::ship(req), policy.duplicates.clone())?;
    let renew = || {
        if let Err(e) = journal.claim(&req.order_sn) {
            tracing::warn!(order_sn = %req.order_sn, error = %e, "cannot renew claim");
        }
    };
    let sent = with_retries(policy, renew, || gw.ship(req)).await;
    let e = match sent {
        Ok(()) => {
            journal.finish(id, OpOutcome::DONE)?;
            return Ok(ShipReport::Sent);
        }
        Err(e) => e,
    };
    if !e.outcome_unknown() {
        journal.finish(
            id,
            OpOutcome::Failed {
                error: &e.to_string(),
            },
        )?;
        return Err(e.into());
    }
    tracing::warn!(order_sn = %req.order_sn, error = %e, "ship outcome unknown; checking");
    let entry = OpEntry {
        id,
        ..placeholder(req)
    };
    let why = e.to_string();
    match read_back(gw, &entry).await {
        Check::Applied => {
            let how = format!("{why}; checked: applied");
            journal.finish(
                id,
                OpOutcome::Done {
                    result: None,
                    how: Some(&how),
                },
            )?;
            Ok(ShipReport::FoundApplied)
        }
        Check::NotApplied => {
            let text = format!("{why}; checked: not applied");
            journal.finish(id, OpOutcome::Failed { error: &text })?;
            Err(e.into())
        }
        Check::Conflict(found) => {
            let text = format!("{why}; checked: shipped with another number");
            journal.finish(
                id,
                OpOutcome::Conflict {
                    error: &text,
                    found: &found,
                },
            )?;
            Err(OpError::Conflict {
                order_sn: req.order_sn.clone(),
                ours: req.tracking_number.clone(),
                found,
            })
        }
        Check::Unknown => {
            journal.finish(id, OpOutcome::Unknown { error: &why })?;
            Err(e.into())
        }
    }
}

/// An earlier attempt of this order is pending: check it first. `Some` when it settles this request.
async fn settle_earlier(
    gw: &Gateway,
    journal: &Journal,
    req: &ShipRequest,
    pending: &OpEntry,
) -> Result<Option<ShipReport>, OpError> {
    let number = pending.number.clone().unwrap_or_default();
    match resolve(gw, journal, pending).await? {
        Reconciled::Applied
            if same_number(&number, &req.tracking_number)
                && pending.logistics_id == Some(req.logistics_id) =>
        {
            Ok(Some(ShipReport::FoundApplied))
        }
        Reconciled::Applied => Err(OpError::AlreadyShipped {
            order_sn: req.order_sn.clone(),
            shipped: number,
        }),
        Reconciled::NotApplied => Ok(None),
        Reconciled::Conflict { found } => Err(OpError::Conflict {
            order_sn: req.order_sn.clone(),
            ours: number,
            found,
        }),
        Reconciled::Unknown => Err(OpError::Unchecked {
            order_sn: req.order_sn.clone(),
            number,
            cause: "the order cannot be read back".into(),
        }),
    }
}

/// The entry as `read_back` needs it, for the attempt just made.
fn placeholder(req: &ShipRequest) -> OpEntry {
    let op = NewOp::ship(req);
    OpEntry {
        id: 0,
        at: 0,
        user: String::new(),
        profile: String::new(),
        kind: op.kind,
        order_sn: op.order_sn,
        logistics_id: op.logistics_id,
        number: op.number,
        params: op.params,
        state: ShipState::Intent,
        error: None,
        result: None,
        outcome_at: None,
    }
}
