//! Taking a tracking number from the waybill service once per order: the `out_trade_no` is derived
//! from the order and written down before the call, so a retry gets the same number back.

use super::error::{OpError, failed};
use super::policy::{ShipPolicy, with_retries};
use crate::api::waybill;
use crate::domain::Order;
use crate::store::{Duplicates, Journal, NewOp, OpKind, OpOutcome, WaybillEntry};

/// The order's waybill number: the one already taken, or a new one. Journalled like every call.
pub async fn take_waybill(
    client: &waybill::Client,
    journal: &Journal,
    order: &Order,
) -> Result<String, OpError> {
    let known = journal.get(&order.order_sn)?;
    if let Some(number) = known.as_ref().and_then(|e| e.number.clone()) {
        return Ok(number);
    }
    let out_trade_no = known
        .map(|e| e.out_trade_no)
        .unwrap_or_else(|| waybill::out_trade_no(&order.order_sn));
    journal.record_waybill(&WaybillEntry {
        order_sn: order.order_sn.clone(),
        out_trade_no: out_trade_no.clone(),
        number: None,
    })?;
    let op = NewOp {
        kind: OpKind::Waybill,
        order_sn: order.order_sn.clone(),
        logistics_id: None,
        number: None,
        params: serde_json::json!({ "out_trade_no": out_trade_no }),
    };
    let id = journal.begin(&op, Duplicates::Allow)?;
    let policy = ShipPolicy::default();
    let number =
        match with_retries(&policy, || {}, || client.take_number(order, &out_trade_no)).await {
            Ok(n) => n,
            Err(e) => return Err(failed(journal, id, e)),
        };
    journal.record_waybill(&WaybillEntry {
        order_sn: order.order_sn.clone(),
        out_trade_no,
        number: Some(number.clone()),
    })?;
    journal.finish(
        id,
        OpOutcome::Done {
            result: Some(&number),
            how: None,
        },
    )?;
    Ok(number)
}
