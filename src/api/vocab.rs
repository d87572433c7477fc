//! The words every gateway client and the facade share: what a gateway can do, which orders to list, a
//! shipment's per-order outcome, where listed pages go, how many requests fly at once. A leaf: the clients
//! and the facade depend on it, never on each other for these.

use super::ApiError;
use crate::domain::Order;

/// What the profile's gateway can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    pub detail: bool,
    pub note: bool,
    pub modify_shipment: bool,
    pub live_couriers: bool,
    /// Orders carry `last_ship_time`; otherwise the deadline is estimated.
    pub deadlines: bool,
    /// Orders carry prices and amounts (pddshuju's order sync has none: show "—", never ¥0.00).
    pub amounts: bool,
    /// Orders carry their refund, after-sale and risk status, the seller's flag and the urged, pre-sale
    /// and stock-out marks (pddshuju's has none: unknown, never "none").
    pub statuses: bool,
    /// A shipment can carry an IMEI and a refund address (pddshuju's `gift_send` takes neither).
    pub ship_extras: bool,
    /// The listing holds only the unshipped orders of the last two days (pddshuju): an order missing from
    /// it may have shipped elsewhere, or only grown older, so the queue keeps it, marked.
    pub recent_only: bool,
    /// Orders carry the buyer's `open_address_id`, so orders of one address form merge groups (pddshuju's
    /// carry none: no group is ever shown, nor explained).
    pub addresses: bool,
    /// The gateway lists the orders changed in a span (fw199's `list/increment`): a refresh asks for
    /// those alone. pddshuju has none: every refresh lists again.
    pub increments: bool,
}

impl Capabilities {
    /// fw199: everything.
    pub const FW199: Capabilities = Capabilities {
        detail: true,
        note: true,
        modify_shipment: true,
        live_couriers: true,
        deadlines: true,
        amounts: true,
        statuses: true,
        ship_extras: true,
        recent_only: false,
        increments: true,
        addresses: true,
    };

    /// pddshuju (seed 000): a list of recent unshipped orders and a batch ship, nothing else.
    pub const PDDSHUJU: Capabilities = Capabilities {
        detail: false,
        note: false,
        modify_shipment: false,
        live_couriers: false,
        deadlines: false,
        amounts: false,
        statuses: false,
        ship_extras: false,
        recent_only: true,
        increments: false,
        addresses: false,
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    Unshipped,
    Shipped,
    All,
}

/// Per-order result of a (batch) shipment.
pub type ShipOutcome = (String, Result<(), ApiError>);

/// Where a listing hands each page of orders as it arrives.
pub type PageSink<'a> = &'a mut (dyn FnMut(Vec<Order>) + Send);

/// Requests in flight at once while listing: enough to hide latency, few enough not to trip the
/// gateway's rate limit.
pub const CONCURRENCY: usize = 8;

/// A service's base URL and an endpoint's path, with exactly one slash between them.
pub(crate) fn join(base: &str, path: &str) -> String {
    format!("{}{}", base.trim_end_matches('/'), path)
}
