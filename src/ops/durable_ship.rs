//! Durable shipping: claim the order and journal the intent (or check what an earlier attempt left
//! pending first), send, journal the outcome and let go of the claim. When the answer is lost the order is
//! read back instead of sent again; when the outcome cannot be journalled it stays pending, never resent.

use super::check::{Check, read_back};
use super::claim::while_held;
use super::error::OpError;
use super::outcome::write_outcome;
use super::policy::{ShipPolicy, with_retries};
use super::reconcile::{Reconciled, resolve};
use crate::api::Gateway;
use crate::domain::ShipRequest;
use crate::domain::validate::same_number;
use crate::store::{Journal, NewOp, OpEntry, OpKind, OpOutcome, ShipState, Started};

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
/// In the journal it costs two round trips: the claim and the intent in one, the outcome and the
/// claim's release in the other.
pub async fn ship_with(
    gw: &Gateway,
    journal: &Journal,
    req: &ShipRequest,
    policy: &ShipPolicy,
) -> Result<ShipReport, OpError> {
    let op = NewOp::ship(req);
    let sn = &req.order_sn;
    let mut settled = false;
    let (id, fence) = loop {
        match journal.claim_and_begin(&op, policy.duplicates.clone())? {
            Started::Intent { id, fence } => break (id, fence),
            // An earlier attempt of this order is pending: checked under the claim before anything is sent.
            Started::Pending { earlier, fence } => {
                let done = while_held(
                    journal,
                    sn,
                    fence,
                    settle_earlier(gw, journal, req, &earlier),
                )
                .await;
                match done {
                    Ok(None) if !settled => settled = true,
                    other => {
                        let _ = journal.release_held(sn, fence);
                        return match other {
                            Ok(Some(done)) => Ok(done),
                            Ok(None) => Err(OpError::Unchecked {
                                order_sn: sn.clone(),
                                number: earlier.number.unwrap_or_default(),
                                cause: "it stays pending after its check".into(),
                            }),
                            Err(e) => Err(e),
                        };
                    }
                }
            }
        }
    };
    let (result, outcome) =
        while_held(journal, sn, fence, send(gw, journal, req, policy, fence)).await;
    record(journal, id, &outcome, sn, fence).await?;
    result
}

/// An outcome to write, owned (it outlives the borrows of the error it was made from).
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Done { how: Option<String> },
    Failed(String),
    Conflict { error: String, found: String },
    Unknown(String),
}

impl Outcome {
    fn as_op(&self) -> OpOutcome<'_> {
        match self {
            Outcome::Done { how } => OpOutcome::Done {
                result: None,
                how: how.as_deref(),
            },
            Outcome::Failed(error) => OpOutcome::Failed { error },
            Outcome::Conflict { error, found } => OpOutcome::Conflict { error, found },
            Outcome::Unknown(error) => OpOutcome::Unknown { error },
        }
    }
}

/// Writes the outcome and lets go of the claim. A journal that cannot be reached is tried again, for as
/// long as the claim's lease (so the order stays this process's meanwhile); after that the intent stays
/// pending: whoever ships the order next reads it back first, and `journal --reconcile` checks it. The
/// request is never sent again for want of its outcome.
async fn record(
    journal: &Journal,
    id: i64,
    outcome: &Outcome,
    order_sn: &str,
    fence: i64,
) -> Result<(), OpError> {
    write_outcome(journal, || {
        journal.finish_and_release(id, outcome.as_op(), order_sn, fence)
    })
    .await
    .map_err(|e| {
        tracing::error!(order_sn, id, error = %e, "the outcome of a shipment sent cannot be journalled");
        OpError::Unrecorded {
            order_sn: order_sn.to_string(),
            kind: OpKind::Ship,
            number: None,
            cause: e.to_string(),
        }
    })
}

/// Sends the request whose intent is operation `id`; the outcome to write, and what the caller is told.
async fn send(
    gw: &Gateway,
    journal: &Journal,
    req: &ShipRequest,
    policy: &ShipPolicy,
    fence: i64,
) -> (Result<ShipReport, OpError>, Outcome) {
    let renew = || match journal.renew(&req.order_sn, fence) {
        Ok(true) => {}
        Ok(false) => tracing::error!(order_sn = %req.order_sn, "the claim was taken over"),
        Err(e) => tracing::warn!(order_sn = %req.order_sn, error = %e, "cannot renew claim"),
    };
    let e = match with_retries(policy, renew, || gw.ship(req)).await {
        Ok(()) => return (Ok(ShipReport::Sent), Outcome::Done { how: None }),
        Err(e) => e,
    };
    if !e.outcome_unknown() {
        let outcome = Outcome::Failed(e.to_string());
        return (Err(e.into()), outcome);
    }
    tracing::warn!(order_sn = %req.order_sn, error = %e, "ship outcome unknown; checking");
    let why = e.to_string();
    match read_back(gw, &placeholder(req)).await {
        Check::Applied => (
            Ok(ShipReport::FoundApplied),
            Outcome::Done {
                how: Some(format!("{why}; checked: applied")),
            },
        ),
        Check::NotApplied => (
            Err(e.into()),
            Outcome::Failed(format!("{why}; checked: not applied")),
        ),
        Check::Conflict(found) => (
            Err(OpError::Conflict {
                order_sn: req.order_sn.clone(),
                ours: req.tracking_number.clone(),
                found: found.clone(),
            }),
            Outcome::Conflict {
                error: format!("{why}; checked: shipped with another number"),
                found,
            },
        ),
        Check::Unknown => (Err(e.into()), Outcome::Unknown(why)),
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
