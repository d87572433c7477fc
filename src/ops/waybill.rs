//! Taking a tracking number from the waybill service once per order: the `out_trade_no` is derived
//! from the order and written down before the call, so a retry gets the same number back. A call whose
//! number could not be journalled stays pending and is settled by the next call for the order (the same
//! `out_trade_no`, so the same number), never by taking a second waybill.

use super::error::{OpError, failed};
use super::outcome::write_outcome;
use super::policy::{ShipPolicy, with_retries};
use crate::api::waybill;
use crate::domain::Order;
use crate::store::{Duplicates, Filter, Journal, NewOp, OpKind, OpOutcome, WaybillEntry};

/// The order's waybill number: the one already taken, or a new one. Journalled like every call.
pub async fn take_waybill(
    client: &waybill::Client,
    journal: &Journal,
    order: &Order,
) -> Result<String, OpError> {
    let sn = &order.order_sn;
    let known = journal.get(sn)?;
    let pending = pending_call(journal, sn)?;
    if let Some(number) = known.as_ref().and_then(|e| e.number.clone()) {
        // The number was journalled but the call's outcome was not: it is, now.
        if let Some(id) = pending {
            journal.settle(
                id,
                taken(&number, Some("checked: the number was journalled")),
            )?;
        }
        return Ok(number);
    }
    let out_trade_no = known
        .map(|e| e.out_trade_no)
        .unwrap_or_else(|| waybill::out_trade_no(sn));
    journal.record_waybill(&WaybillEntry {
        order_sn: sn.clone(),
        out_trade_no: out_trade_no.clone(),
        number: None,
    })?;
    let (id, how) = match pending {
        Some(id) => (id, Some("taken again with the same out_trade_no")),
        None => {
            let op = NewOp {
                kind: OpKind::Waybill,
                order_sn: sn.clone(),
                logistics_id: None,
                number: None,
                params: serde_json::json!({ "out_trade_no": out_trade_no }),
            };
            (journal.begin(&op, Duplicates::Allow)?, None)
        }
    };
    let policy = ShipPolicy::default();
    let number =
        match with_retries(&policy, || {}, || client.take_number(order, &out_trade_no)).await {
            Ok(n) => n,
            Err(e) => return Err(failed(journal, id, e).await),
        };
    let entry = WaybillEntry {
        order_sn: sn.clone(),
        out_trade_no,
        number: Some(number.clone()),
    };
    // The number is written down before it is handed out: a journal that dropped the connection or
    // restarted is waited for; one that stays away leaves the call pending and the number unused.
    write_outcome(journal, || {
        journal.record_waybill(&entry)?;
        journal.finish(id, taken(&number, how))
    })
    .await
    .map_err(|e| {
        tracing::error!(order_sn = %sn, id, error = %e, "the waybill number taken cannot be journalled");
        OpError::Unrecorded {
            order_sn: sn.clone(),
            kind: OpKind::Waybill,
            number: Some(number.clone()),
            cause: e.to_string(),
        }
    })?;
    Ok(number)
}

fn taken<'a>(number: &'a str, how: Option<&'a str>) -> OpOutcome<'a> {
    OpOutcome::Done {
        result: Some(number),
        how,
    }
}

/// The order's last waybill call, when its outcome was never journalled: it is settled, not doubled.
fn pending_call(journal: &Journal, order_sn: &str) -> Result<Option<i64>, OpError> {
    let filter = Filter {
        since: None,
        order_sn: Some(order_sn.to_string()),
    };
    Ok(journal
        .entries(&filter)?
        .into_iter()
        .rfind(|e| e.kind == OpKind::Waybill)
        .filter(|e| e.state.is_pending())
        .map(|e| e.id))
}
