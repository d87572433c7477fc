//! One face over the two order gateways, so the CLI and the workstation need not care which a profile uses.
//! What a gateway lacks (pddshuju: detail, notes, modify) answers `ApiError::Unsupported`.

use super::vocab::{Capabilities, PageSink, ShipOutcome, StatusFilter};
use super::{ApiError, fw199, pddshuju};
use crate::domain::{Courier, NoteRequest, Order, ShipRequest};
use jiff::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GatewayKind {
    Fw199,
    Pddshuju,
}

impl GatewayKind {
    pub fn name(self) -> &'static str {
        match self {
            GatewayKind::Fw199 => "fw199",
            GatewayKind::Pddshuju => "pddshuju",
        }
    }
}

#[derive(Debug, Clone)]
pub enum Gateway {
    Fw199(fw199::Client),
    Pddshuju(pddshuju::Client),
}

impl Gateway {
    pub fn kind(&self) -> GatewayKind {
        match self {
            Gateway::Fw199(_) => GatewayKind::Fw199,
            Gateway::Pddshuju(_) => GatewayKind::Pddshuju,
        }
    }

    pub fn capabilities(&self) -> Capabilities {
        match self {
            Gateway::Fw199(_) => Capabilities::FW199,
            Gateway::Pddshuju(_) => Capabilities::PDDSHUJU,
        }
    }

    /// An order as `--json` writes it: what this gateway does not send is `null`, never a default.
    pub fn order_json(&self, o: &Order) -> Result<serde_json::Value, serde_json::Error> {
        let mut v = serde_json::to_value(o)?;
        if let Gateway::Pddshuju(_) = self {
            pddshuju::model::null_unsent(&mut v);
        }
        Ok(v)
    }

    fn unsupported(&self, operation: &'static str) -> ApiError {
        ApiError::Unsupported {
            gateway: self.kind().name(),
            operation,
        }
    }

    /// Orders confirmed in `[start, end)`, every page of every window. pddshuju knows only unshipped orders.
    pub async fn list_orders(
        &self,
        status: StatusFilter,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<Order>, ApiError> {
        match self {
            Gateway::Fw199(c) => c.list_orders(status, start, end).await,
            Gateway::Pddshuju(c) => match status {
                StatusFilter::Shipped => Err(self.unsupported("list shipped orders")),
                _ => c.list_orders(start, end).await,
            },
        }
    }

    /// Like `list_orders`, with the names of the orders skipped because they could not be decoded (an
    /// order the gateway mangled never hides the others: the faces name it).
    pub async fn list_orders_named(
        &self,
        status: StatusFilter,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<(Vec<Order>, Vec<String>), ApiError> {
        match self {
            Gateway::Fw199(c) => c.list_orders_named(status, start, end).await,
            Gateway::Pddshuju(c) => match status {
                StatusFilter::Shipped => Err(self.unsupported("list shipped orders")),
                _ => c.list_orders_named(start, end).await,
            },
        }
    }

    /// Like `list_orders`, handing the orders to `sink` page by page as they arrive (sanitized, not merged:
    /// the same order can come twice, the later read with the later `updated_at`). Returns the names of
    /// the orders skipped because they could not be decoded.
    pub async fn list_orders_each(
        &self,
        status: StatusFilter,
        start: Timestamp,
        end: Timestamp,
        sink: PageSink<'_>,
    ) -> Result<Vec<String>, ApiError> {
        match self {
            Gateway::Fw199(c) => c.list_orders_each(status, start, end, sink).await,
            Gateway::Pddshuju(c) => match status {
                StatusFilter::Shipped => Err(self.unsupported("list shipped orders")),
                _ => c.list_orders_each(start, end, sink).await,
            },
        }
    }

    /// Orders updated in `[start, end)` (fw199's increment endpoint), one copy of each. pddshuju has no
    /// such endpoint: the caller lists again in full.
    pub async fn list_orders_incremental(
        &self,
        status: StatusFilter,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<Order>, ApiError> {
        match self {
            Gateway::Fw199(c) => c.list_orders_incremental(status, start, end).await,
            Gateway::Pddshuju(_) => Err(self.unsupported("list changed orders")),
        }
    }

    /// One order, read fresh. On pddshuju, found in the unshipped list of the last two days.
    pub async fn order_detail(&self, order_sn: &str) -> Result<Order, ApiError> {
        match self {
            Gateway::Fw199(c) => c.order_detail(order_sn).await,
            Gateway::Pddshuju(_) => Err(self.unsupported("read an order's detail")),
        }
    }

    /// The live courier list (fw199), or the reference list where the gateway has none.
    pub async fn couriers(&self) -> Result<Vec<Courier>, ApiError> {
        match self {
            Gateway::Fw199(c) => c.couriers().await,
            Gateway::Pddshuju(_) => Ok(crate::domain::courier::reference_list()),
        }
    }

    pub async fn ship(&self, req: &ShipRequest) -> Result<(), ApiError> {
        match self {
            Gateway::Fw199(c) => c.ship(req).await,
            Gateway::Pddshuju(c) => {
                if req.redelivery == crate::domain::Redelivery::Modify {
                    return Err(self.unsupported("modify a shipment"));
                }
                let mut results = c.ship_batch(std::slice::from_ref(req)).await?;
                match results.pop() {
                    Some((_, r)) => r,
                    None => Err(ApiError::Decode {
                        reason: "no per-order result".into(),
                        snippet: String::new(),
                    }),
                }
            }
        }
    }

    /// Several shipments; per-order results. pddshuju sends them in one call, fw199 one by one.
    pub async fn ship_batch(&self, reqs: &[ShipRequest]) -> Result<Vec<ShipOutcome>, ApiError> {
        match self {
            Gateway::Fw199(c) => {
                let mut out = Vec::with_capacity(reqs.len());
                for r in reqs {
                    out.push((r.order_sn.clone(), c.ship(r).await));
                }
                Ok(out)
            }
            Gateway::Pddshuju(c) => c.ship_batch(reqs).await,
        }
    }

    pub async fn update_note(&self, req: &NoteRequest) -> Result<(), ApiError> {
        match self {
            Gateway::Fw199(c) => c.update_note(req).await,
            Gateway::Pddshuju(_) => Err(self.unsupported("update notes")),
        }
    }
}
