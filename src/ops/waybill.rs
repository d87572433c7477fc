//! Taking a tracking number from the waybill service once per order: the `out_trade_no` is derived
//! from the order and written down before the call, so a retry gets the same number back.

use crate::api::{ApiError, waybill};
use crate::domain::Order;
use crate::store::{WaybillBook, WaybillEntry};

/// The order's waybill number: the one already taken, or a new one.
pub async fn take_waybill(
    client: &waybill::Client,
    book: &WaybillBook,
    order: &Order,
) -> Result<String, ApiError> {
    let io = |e: std::io::Error| ApiError::Gateway {
        code: -1,
        message: format!("cannot write the waybill book: {e}"),
    };
    let known = book.get(&order.order_sn).map_err(io)?;
    if let Some(number) = known.as_ref().and_then(|e| e.number.clone()) {
        return Ok(number);
    }
    let out_trade_no = known
        .map(|e| e.out_trade_no)
        .unwrap_or_else(|| waybill::out_trade_no(&order.order_sn));
    book.record(&WaybillEntry {
        order_sn: order.order_sn.clone(),
        out_trade_no: out_trade_no.clone(),
        number: None,
    })
    .map_err(io)?;
    let number = client.take_number(order, &out_trade_no).await?;
    book.record(&WaybillEntry {
        order_sn: order.order_sn.clone(),
        out_trade_no,
        number: Some(number.clone()),
    })
    .map_err(io)?;
    Ok(number)
}
