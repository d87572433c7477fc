//! Client of the pddshuju gateway (seed 000): order sync and batch ship. STUB: interface only.

use super::{ApiError, HttpOptions, Secret, gateway::ShipOutcome};
use crate::domain::{Order, ShipRequest};
use jiff::Timestamp;

#[derive(Debug, Clone)]
pub struct Config {
    pub base_url: String,
    pub ownuser: String,
    pub state: String,
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
        _start: Timestamp,
        _end: Timestamp,
    ) -> Result<Vec<Order>, ApiError> {
        Err(ApiError::Unsupported {
            gateway: "pddshuju",
            operation: "list (stub)",
        })
    }

    pub async fn ship_batch(&self, _reqs: &[ShipRequest]) -> Result<Vec<ShipOutcome>, ApiError> {
        Err(ApiError::Unsupported {
            gateway: "pddshuju",
            operation: "ship (stub)",
        })
    }
}
