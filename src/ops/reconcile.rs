//! Checking what is pending (an intent a crash left, an unknown outcome) by reading the order back, and
//! writing what was found. Runs at start, on demand (`pddtui journal --reconcile`), and before a ship.

use super::check::{Check, read_back};
use super::claim::while_claimed;
use super::error::OpError;
use crate::api::Gateway;
use crate::store::{Filter, Journal, OpEntry, OpKind, OpOutcome, Refusal, ShipEntry, ShipState};

/// What checking a pending operation found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reconciled {
    /// It went through: now journalled as ok.
    Applied,
    /// It did not: journalled as failed, safe to send again.
    NotApplied,
    /// The order was shipped with another number (`found`): journalled as a conflict for the operator.
    Conflict { found: String },
    /// Still cannot tell; it stays pending and blocks a new shipment of that order.
    Unknown,
}

/// Checks one pending entry and journals the finding.
pub async fn resolve(
    gw: &Gateway,
    journal: &Journal,
    entry: &OpEntry,
) -> Result<Reconciled, OpError> {
    // A waybill call whose number was journalled but not its outcome: the number is the answer. Otherwise
    // the service cannot be asked; taking it again (`take_waybill`, the same number) settles it.
    let taken = match entry.kind {
        OpKind::Waybill => journal.get(&entry.order_sn)?.and_then(|w| w.number),
        _ => None,
    };
    let found = match &taken {
        Some(_) => Check::Applied,
        None => read_back(gw, entry).await,
    };
    let (note, outcome) = match &found {
        Check::Applied => ("checked: applied", Reconciled::Applied),
        Check::NotApplied => ("checked: not applied", Reconciled::NotApplied),
        Check::Conflict(n) => (
            "checked: shipped with another number",
            Reconciled::Conflict { found: n.clone() },
        ),
        Check::Unknown => {
            if entry.state == ShipState::Intent {
                // The process that wrote it is gone (or we would not hold the claim): it was sent or not.
                let error = "checked: cannot tell yet";
                journal.settle(entry.id, OpOutcome::Unknown { error })?;
            }
            return Ok(Reconciled::Unknown);
        }
    };
    // Keep the original error of a lost answer beside what the check found.
    let text = match &entry.error {
        Some(e) if !e.starts_with("checked") => format!("{e}; {note}"),
        _ => note.to_string(),
    };
    let written = match &found {
        Check::Conflict(n) => OpOutcome::Conflict {
            error: &text,
            found: n,
        },
        Check::NotApplied => OpOutcome::Failed { error: &text },
        _ => OpOutcome::Done {
            result: taken.as_deref(),
            how: Some(&text),
        },
    };
    if journal.settle(entry.id, written)? {
        return Ok(outcome);
    }
    // Its sender wrote the outcome meanwhile (a note holds no claim): that answer stands, not the check.
    Ok(recorded(journal, entry)?.unwrap_or(outcome))
}

/// What the journal holds now for `entry`, as a finding; `None` when the entry is gone.
fn recorded(journal: &Journal, entry: &OpEntry) -> Result<Option<Reconciled>, OpError> {
    let filter = Filter {
        since: None,
        order_sn: Some(entry.order_sn.clone()),
    };
    let now = journal
        .entries(&filter)?
        .into_iter()
        .find(|e| e.id == entry.id);
    Ok(now.map(|e| match e.state {
        ShipState::Done => Reconciled::Applied,
        ShipState::Failed => Reconciled::NotApplied,
        ShipState::Conflict => Reconciled::Conflict {
            found: e.result.unwrap_or_default(),
        },
        ShipState::Intent | ShipState::Unknown => Reconciled::Unknown,
    }))
}

/// Checks every pending operation (shipments, notes, waybill calls), skipping orders another live
/// process is working on right now. Returns what was found, oldest first.
pub async fn reconcile_all(
    gw: &Gateway,
    journal: &Journal,
) -> Result<Vec<(OpEntry, Reconciled)>, OpError> {
    let mut out = Vec::new();
    for entry in journal.pending_ops()? {
        let found = while_claimed(journal, &entry.order_sn, async {
            resolve(gw, journal, &entry).await
        })
        .await;
        match found {
            Ok(found) => out.push((entry, found)),
            Err(OpError::Refused(Refusal::InProgress(_))) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// Checks every shipment left pending by an earlier run (a crash, a lost answer, a dropped terminal).
/// The workstation calls it at start; what stays `Unknown` is checked again before any new send.
pub async fn reconcile_pending(
    gw: &Gateway,
    journal: &Journal,
) -> Result<Vec<(ShipEntry, Reconciled)>, OpError> {
    Ok(reconcile_all(gw, journal)
        .await?
        .into_iter()
        .filter_map(|(e, r)| e.ship_entry().map(|s| (s, r)))
        .collect())
}
