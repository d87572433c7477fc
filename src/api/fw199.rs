//! Client of the fw199 partner gateway (seeds 001–003): order list, incremental list, detail, couriers,
//! ship and note update. STUB: interface only; the api work fills it in.

use super::{ApiError, HttpOptions, Secret, StatusFilter};
use crate::domain::{Courier, NoteRequest, Order, ShipRequest};
use jiff::Timestamp;

/// Where and as whom to call fw199.
#[derive(Debug, Clone)]
pub struct Config {
    pub base_url: String,
    pub appid: String,
    pub seller_nick: String,
    pub secret: Secret,
}

#[derive(Debug, Clone)]
pub struct Client {
    pub config: Config,
}

impl Client {
    pub fn new(config: Config, _http: HttpOptions) -> Result<Self, ApiError> {
        Ok(Client { config })
    }

    pub async fn list_orders(
        &self,
        _status: StatusFilter,
        _start: Timestamp,
        _end: Timestamp,
    ) -> Result<Vec<Order>, ApiError> {
        Err(ApiError::Unsupported {
            gateway: "fw199",
            operation: "list (stub)",
        })
    }

    pub async fn list_orders_incremental(
        &self,
        _status: StatusFilter,
        _start: Timestamp,
        _end: Timestamp,
    ) -> Result<Vec<Order>, ApiError> {
        Err(ApiError::Unsupported {
            gateway: "fw199",
            operation: "increment (stub)",
        })
    }

    pub async fn order_detail(&self, _order_sn: &str) -> Result<Order, ApiError> {
        Err(ApiError::Unsupported {
            gateway: "fw199",
            operation: "detail (stub)",
        })
    }

    pub async fn couriers(&self) -> Result<Vec<Courier>, ApiError> {
        Err(ApiError::Unsupported {
            gateway: "fw199",
            operation: "couriers (stub)",
        })
    }

    pub async fn ship(&self, _req: &ShipRequest) -> Result<(), ApiError> {
        Err(ApiError::Unsupported {
            gateway: "fw199",
            operation: "ship (stub)",
        })
    }

    pub async fn update_note(&self, _req: &NoteRequest) -> Result<(), ApiError> {
        Err(ApiError::Unsupported {
            gateway: "fw199",
            operation: "note (stub)",
        })
    }
}
