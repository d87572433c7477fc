//! Why a journalled operation did not succeed: the gateway's error, or the journal's own refusal
//! (order in progress elsewhere, number used twice), a conflict found by a check, or a journal failure.
//! It keeps its type up to the faces, which translate it (`i18n::errors::op_error`).

use super::outcome::write_outcome;
use crate::api::ApiError;
use crate::domain::ValidationError;
use crate::store::{Journal, OpKind, OpOutcome, Refusal, StoreError};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OpError {
    #[error(transparent)]
    Api(#[from] ApiError),
    /// Nothing was sent: another process is shipping the order, or the number is another order's.
    #[error(transparent)]
    Refused(Refusal),
    /// An earlier shipment of this order went through with the number `shipped`: a first shipment
    /// now would be refused; the operator decides (modify).
    #[error(
        "order {order_sn} was already shipped with {shipped} (an earlier attempt whose answer was lost)"
    )]
    AlreadyShipped { order_sn: String, shipped: String },
    /// Checked: the order is shipped, but with another number than the one journalled.
    #[error("order {order_sn}: journalled with {ours}, but the gateway shows {found}")]
    Conflict {
        order_sn: String,
        ours: String,
        found: String,
    },
    /// An earlier shipment's outcome is unknown and cannot be checked now: nothing is sent.
    #[error(
        "an earlier shipment of {order_sn} ({number}) has an unknown outcome and cannot be checked now: {cause}"
    )]
    Unchecked {
        order_sn: String,
        number: String,
        cause: String,
    },
    #[error("journal: {0}")]
    Journal(String),
    /// Sent, but its outcome could not be journalled (the team database stayed away): the intent stays
    /// pending, so the order is read back (a shipment, a note) or the number taken again under the same
    /// `out_trade_no` (a waybill: the same number) before anything is sent again.
    #[error(
        "order {order_sn} was sent, but its outcome could not be journalled ({cause}): it stays pending and is checked before anything is sent again (pddtui journal --reconcile)"
    )]
    Unrecorded {
        order_sn: String,
        /// What was sent: the faces word it (a note is read back, a waybill number taken again).
        kind: OpKind,
        /// The waybill number the service gave, not journalled yet.
        number: Option<String>,
        cause: String,
    },
}

impl From<ValidationError> for OpError {
    fn from(e: ValidationError) -> Self {
        OpError::Api(ApiError::Validation(e))
    }
}

impl From<StoreError> for OpError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Refused(r) => OpError::Refused(r),
            StoreError::Db(m) | StoreError::Busy(m) => OpError::Journal(m),
            StoreError::Unreachable(m) => {
                OpError::Journal(format!("team database unreachable: {m}"))
            }
        }
    }
}

impl OpError {
    /// True when the operation may have been applied: it must be checked, never re-sent blindly.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            OpError::Api(e) => e.outcome_unknown(),
            OpError::Unchecked { .. } | OpError::Unrecorded { .. } => true,
            _ => false,
        }
    }
}

/// Journals a call's error as its outcome (unknown when it may have been applied, else failed), tried
/// again over a reconnect like every outcome (`outcome::write_outcome`), and hands the error back.
pub(super) async fn failed(journal: &Journal, id: i64, e: ApiError) -> OpError {
    let error = e.to_string();
    let outcome = if e.outcome_unknown() {
        OpOutcome::Unknown { error: &error }
    } else {
        OpOutcome::Failed { error: &error }
    };
    match write_outcome(journal, || journal.finish(id, outcome)).await {
        Ok(()) => e.into(),
        Err(j) => j.into(),
    }
}
