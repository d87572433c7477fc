//! What the journal holds: one entry per operation (intent, then outcome), the claims of orders being
//! shipped, and the refusals a write can meet. Plain data, shared by every backend.

use crate::domain::{Redelivery, ShipRequest};
use serde::{Deserialize, Serialize};

/// The state of an operation; the same words for shipments, notes and waybill numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShipState {
    /// Written before sending; a crash leaves it here.
    Intent,
    /// Confirmed by the gateway, or found applied when checked ("ok").
    Done,
    /// Refused, or found not applied when checked: safe to send again.
    Failed,
    /// Sent, but no answer (timeout, connection lost): must be checked before anything is re-sent.
    Unknown,
    /// Checked: the order was shipped with another number. The operator must decide.
    Conflict,
}

impl ShipState {
    pub fn code(self) -> &'static str {
        match self {
            ShipState::Intent => "intent",
            ShipState::Done => "ok",
            ShipState::Failed => "failed",
            ShipState::Unknown => "unknown",
            ShipState::Conflict => "conflict",
        }
    }

    pub fn from_code(s: &str) -> Option<ShipState> {
        [
            ShipState::Intent,
            ShipState::Done,
            ShipState::Failed,
            ShipState::Unknown,
            ShipState::Conflict,
        ]
        .into_iter()
        .find(|st| st.code() == s)
    }

    /// Pending: sent or about to be, with no answer known.
    pub fn is_pending(self) -> bool {
        matches!(self, ShipState::Intent | ShipState::Unknown)
    }
}

/// What became of an operation begun earlier, as `Journal::finish` writes it: the state with the texts
/// that state carries. An empty text is written as none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpOutcome<'a> {
    /// It went through. `result`: what it gave back (the waybill number taken); `how`: how that was
    /// learned when the answer itself was lost ("…; checked: applied").
    Done {
        result: Option<&'a str>,
        how: Option<&'a str>,
    },
    /// It did not go through (refused, or found not applied when checked): safe to send again.
    Failed { error: &'a str },
    /// Sent, but no answer: must be checked before anything is re-sent.
    Unknown { error: &'a str },
    /// Checked: the order was shipped with another number, `found`; `error` says how that was learned.
    Conflict { error: &'a str, found: &'a str },
}

impl<'a> OpOutcome<'a> {
    /// Confirmed by its answer, with nothing to keep.
    pub const DONE: OpOutcome<'static> = OpOutcome::Done {
        result: None,
        how: None,
    };

    /// A state read from elsewhere (an old journal, a whole entry) with its text; `None` for an intent,
    /// which has no outcome yet. A conflict's number found is not known here: the entry keeps its own.
    pub fn of(state: ShipState, text: Option<&'a str>) -> Option<OpOutcome<'a>> {
        let error = text.unwrap_or_default();
        match state {
            ShipState::Intent => None,
            ShipState::Done => Some(OpOutcome::Done {
                result: None,
                how: text,
            }),
            ShipState::Failed => Some(OpOutcome::Failed { error }),
            ShipState::Unknown => Some(OpOutcome::Unknown { error }),
            ShipState::Conflict => Some(OpOutcome::Conflict { error, found: "" }),
        }
    }

    pub fn state(&self) -> ShipState {
        match self {
            OpOutcome::Done { .. } => ShipState::Done,
            OpOutcome::Failed { .. } => ShipState::Failed,
            OpOutcome::Unknown { .. } => ShipState::Unknown,
            OpOutcome::Conflict { .. } => ShipState::Conflict,
        }
    }

    /// The text kept in the entry's `error` column, if any.
    pub fn error(&self) -> Option<&'a str> {
        let text = match *self {
            OpOutcome::Done { how, .. } => how,
            OpOutcome::Failed { error }
            | OpOutcome::Unknown { error }
            | OpOutcome::Conflict { error, .. } => Some(error),
        };
        text.filter(|t| !t.is_empty())
    }

    /// What the operation produced, kept in the entry's `result` column, if any.
    pub fn result(&self) -> Option<&'a str> {
        let result = match *self {
            OpOutcome::Done { result, .. } => result,
            OpOutcome::Conflict { found, .. } => Some(found),
            OpOutcome::Failed { .. } | OpOutcome::Unknown { .. } => None,
        };
        result.filter(|t| !t.is_empty())
    }
}

/// What an operation does to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpKind {
    Ship,
    Modify,
    Note,
    Waybill,
}

impl OpKind {
    pub fn code(self) -> &'static str {
        match self {
            OpKind::Ship => "ship",
            OpKind::Modify => "modify",
            OpKind::Note => "note",
            OpKind::Waybill => "waybill",
        }
    }

    pub fn from_code(s: &str) -> Option<OpKind> {
        [OpKind::Ship, OpKind::Modify, OpKind::Note, OpKind::Waybill]
            .into_iter()
            .find(|k| k.code() == s)
    }

    /// Shipping and modifying act on the same thing (the order's shipment), so the later one decides.
    pub fn group(self) -> &'static str {
        match self {
            OpKind::Ship | OpKind::Modify => "ship",
            OpKind::Note => "note",
            OpKind::Waybill => "waybill",
        }
    }

    pub fn of(redelivery: Redelivery) -> OpKind {
        match redelivery {
            Redelivery::First => OpKind::Ship,
            Redelivery::Modify => OpKind::Modify,
        }
    }
}

/// Who acts: the OS user and the config profile (shop).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user: String,
    pub profile: String,
}

/// An operation about to be sent. `params` never holds a secret: only what the operator typed.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOp {
    pub kind: OpKind,
    pub order_sn: String,
    pub logistics_id: Option<i64>,
    /// The tracking number shipped, or the waybill `out_trade_no` asked for.
    pub number: Option<String>,
    pub params: serde_json::Value,
}

/// The params journalled for a shipment: the request's fields, as the request serialises them.
#[derive(Serialize)]
struct ShipParams<'a> {
    order_sn: &'a str,
    logistics_id: i64,
    tracking_number: &'a str,
    feature: Option<&'a str>,
    refund_address_id: Option<&'a str>,
    redelivery: Redelivery,
}

impl NewOp {
    pub fn ship(req: &ShipRequest) -> NewOp {
        Self::shipment(&ShipParams {
            order_sn: &req.order_sn,
            logistics_id: req.logistics_id,
            tracking_number: &req.tracking_number,
            feature: req.feature.as_deref(),
            refund_address_id: req.refund_address_id.as_deref(),
            redelivery: req.redelivery,
        })
    }

    /// A shipment already journalled elsewhere (an old journal file, a whole entry written at once):
    /// written down again as it was, not sent, so not validated again.
    pub fn recorded(entry: &ShipEntry) -> NewOp {
        Self::shipment(&ShipParams {
            order_sn: &entry.order_sn,
            logistics_id: entry.logistics_id,
            tracking_number: &entry.tracking_number,
            feature: None,
            refund_address_id: None,
            redelivery: entry.redelivery,
        })
    }

    fn shipment(p: &ShipParams<'_>) -> NewOp {
        NewOp {
            kind: OpKind::of(p.redelivery),
            order_sn: p.order_sn.to_string(),
            logistics_id: Some(p.logistics_id),
            number: Some(p.tracking_number.to_string()),
            params: serde_json::to_value(p).unwrap_or(serde_json::Value::Null),
        }
    }
}

/// One operation of the audit trail: its intent and, once known, its outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpEntry {
    pub id: i64,
    /// Unix seconds of the intent.
    pub at: i64,
    pub user: String,
    pub profile: String,
    pub kind: OpKind,
    pub order_sn: String,
    pub logistics_id: Option<i64>,
    pub number: Option<String>,
    pub params: serde_json::Value,
    pub state: ShipState,
    /// The error of a failed or unknown outcome, or what a check found.
    pub error: Option<String>,
    /// What the operation produced (a waybill number; the number found on a conflicting order).
    pub result: Option<String>,
    /// Unix seconds of the outcome.
    pub outcome_at: Option<i64>,
}

impl OpEntry {
    /// The first `chars` characters of a note entry's text: enough to recognise it in the trail.
    pub fn note_start(&self, chars: usize) -> String {
        self.params
            .get("note")
            .and_then(|v| v.as_str())
            .map(|t| t.chars().take(chars).collect())
            .unwrap_or_default()
    }

    /// The shipment view of a ship or modify entry.
    pub fn ship_entry(&self) -> Option<ShipEntry> {
        let redelivery = match self.kind {
            OpKind::Ship => Redelivery::First,
            OpKind::Modify => Redelivery::Modify,
            _ => return None,
        };
        Some(ShipEntry {
            at: self.at,
            order_sn: self.order_sn.clone(),
            state: self.state,
            logistics_id: self.logistics_id.unwrap_or_default(),
            tracking_number: self.number.clone().unwrap_or_default(),
            redelivery,
            note: self.error.clone(),
        })
    }
}

/// A shipment as the faces see it (what the workstation marks and tells after a check).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipEntry {
    /// Unix seconds.
    pub at: i64,
    pub order_sn: String,
    pub state: ShipState,
    pub logistics_id: i64,
    pub tracking_number: String,
    pub redelivery: Redelivery,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl ShipEntry {
    pub fn new(req: &ShipRequest, state: ShipState, note: Option<String>) -> Self {
        ShipEntry {
            at: jiff::Timestamp::now().as_second(),
            order_sn: req.order_sn.clone(),
            state,
            logistics_id: req.logistics_id,
            tracking_number: req.tracking_number.clone(),
            redelivery: req.redelivery,
            note,
        }
    }

    pub fn is_pending(&self) -> bool {
        self.state.is_pending()
    }
}

/// An order being shipped by a process: others refuse to ship it until released or expired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claim {
    pub order_sn: String,
    pub user: String,
    pub host: String,
    pub pid: u32,
    /// Unix seconds.
    pub expires_at: i64,
}

/// The trail as a screen shows it: what needs the operator first, then the newest of the rest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// First the entries that need the operator (the last of their order and kind, pending, unknown or a
    /// conflict), newest first; then the newest of the others (at most the limit asked), newest first.
    pub entries: Vec<OpEntry>,
    /// How many of `entries`, from the first, need the operator.
    pub open: usize,
    /// How many entries the journal holds in all (more than `entries` when the limit cut it).
    pub total: u64,
}

/// Which entries to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Unix seconds: entries whose intent is at or after.
    pub since: Option<i64>,
    pub order_sn: Option<String>,
}

/// Why the journal refused to write an intent: nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("order {order_sn} is being shipped by {user} (pid {pid})", order_sn = .0.order_sn, user = .0.user, pid = .0.pid)]
    InProgress(Claim),
    #[error("order {order_sn}: tracking number {number} was already used for order {other_order}")]
    DuplicateNumber {
        order_sn: String,
        number: String,
        other_order: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The database could not be opened, read or written.
    #[error("journal database: {0}")]
    Db(String),
    /// Another process held the database past every wait; the caller's retry loop sees it first.
    #[error("journal database: {0}")]
    Busy(String),
    /// The team's database did not answer (down, unreachable, connection lost): nothing that needs an
    /// intent written may be sent until it does.
    #[error("team database unreachable: {0}")]
    Unreachable(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
        match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => StoreError::Busy(e.to_string()),
            _ => StoreError::Db(e.to_string()),
        }
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        StoreError::Db(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Courier;
    use crate::domain::validate::{ShipInput, ship};

    #[test]
    fn a_recorded_shipment_is_journalled_like_the_request_it_was() {
        let couriers = [Courier {
            id: 85,
            code: "YTO".into(),
            name: "圆通快递".into(),
            available: 1,
        }];
        let input = ShipInput {
            order_sn: "210317-001532562392221",
            courier_id: 85,
            tracking: "YT1234567890123",
            imei: "",
            refund_address_id: None,
            modify: true,
        };
        let req = ship(&input, &couriers).unwrap().request;
        let op = NewOp::ship(&req);
        assert_eq!(op.params, serde_json::to_value(&req).unwrap());
        let again = NewOp::recorded(&ShipEntry::new(&req, ShipState::Unknown, None));
        assert_eq!(again, op);
    }
}
