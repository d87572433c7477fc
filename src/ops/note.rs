//! Notes and flags through the journal: intent before the request, outcome after. A note is the same
//! whole value each time, so an unknown outcome is read back at the next reconciliation.

use super::error::{OpError, failed};
use super::policy::{ShipPolicy, with_retries};
use crate::api::{ApiError, Gateway};
use crate::domain::NoteRequest;
use crate::store::{Duplicates, Journal, NewOp, OpKind, ShipState};

/// Updates a note (and its flag), journalled. The error is the gateway's, or the journal's as a gateway
/// error with code -1.
pub async fn update_note_journaled(
    gw: &Gateway,
    journal: &Journal,
    req: &NoteRequest,
) -> Result<(), ApiError> {
    Ok(note_with(gw, journal, req, &ShipPolicy::default()).await?)
}

pub async fn note_with(
    gw: &Gateway,
    journal: &Journal,
    req: &NoteRequest,
    policy: &ShipPolicy,
) -> Result<(), OpError> {
    if !gw.capabilities().note {
        // Refused without a request (the gateway has no note call): nothing to journal.
        return Err(gw
            .update_note(req)
            .await
            .err()
            .unwrap_or(ApiError::Unsupported {
                gateway: gw.kind().name(),
                operation: "update a note",
            })
            .into());
    }
    let (tag, tag_name) = match &req.tag {
        Some((flag, name)) => (Some(flag.code()), Some(name.clone())),
        None => (None, None),
    };
    let op = NewOp {
        kind: OpKind::Note,
        order_sn: req.order_sn.clone(),
        logistics_id: None,
        number: None,
        params: serde_json::json!({ "note": req.note, "tag": tag, "tag_name": tag_name }),
    };
    let id = journal.begin(&op, Duplicates::Allow)?;
    match with_retries(policy, || {}, || gw.update_note(req)).await {
        Ok(()) => {
            journal.finish(id, ShipState::Done, None, None)?;
            Ok(())
        }
        Err(e) => Err(failed(journal, id, e)),
    }
}
