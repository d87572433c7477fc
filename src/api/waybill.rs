//! Client of the waybill service (seed 000, 获取快递单号): token, then `save_trade`. STUB: interface only.

use super::{ApiError, HttpOptions, Secret};
use crate::domain::Order;

/// The sender printed on the waybill.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sender {
    pub name: String,
    pub mobile: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub address: String,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub base_url: String,
    pub client_id: String,
    pub client_secret: Secret,
    pub ptemp_id: String,
    pub sender: Sender,
}

#[derive(Debug, Clone)]
pub struct Client {
    pub config: Config,
}

/// The `out_trade_no` of an order: derived from the order number, so a repeated call gets the same number.
pub fn out_trade_no(order_sn: &str) -> String {
    format!("PDDTUI-{order_sn}")
}

impl Client {
    pub fn new(config: Config, _http: HttpOptions) -> Result<Self, ApiError> {
        Ok(Client { config })
    }

    /// Takes a tracking number for `order` (idempotent per `out_trade_no`).
    pub async fn take_number(
        &self,
        _order: &Order,
        _out_trade_no: &str,
    ) -> Result<String, ApiError> {
        Err(ApiError::Unsupported {
            gateway: "waybill",
            operation: "save_trade (stub)",
        })
    }
}
