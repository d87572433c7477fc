//! What an operator asks a gateway to do, after validation: ship one order, update a note.
//! Only `validate` builds a `ShipRequest` (the compiler sees to it), so anything holding one has passed
//! the checks.

use super::flag::Flag;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Redelivery {
    /// `redelivery_type=1`: only for unshipped orders.
    First,
    /// `redelivery_type=2`: only for shipped orders; overwrites the old shipment.
    Modify,
}

impl Redelivery {
    pub fn code(self) -> &'static str {
        match self {
            Redelivery::First => "1",
            Redelivery::Modify => "2",
        }
    }
}

/// One shipment, checked. Only `validate::ship` builds one: the private `checked` field makes a struct
/// literal anywhere outside `domain` fail to compile. It is not `Deserialize`: the journal keeps a
/// request's fields (`store::OpEntry`, `ShipEntry`) and nothing reads one back as a request; anything
/// rebuilt from outside goes through `validate` again.
///
/// ```compile_fail
/// use pddtui::domain::{Redelivery, ShipRequest};
/// let unchecked = ShipRequest {
///     order_sn: "12345".into(),
///     logistics_id: 85,
///     tracking_number: "YT 1".into(),
///     feature: None,
///     refund_address_id: None,
///     redelivery: Redelivery::First,
/// };
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShipRequest {
    pub order_sn: String,
    pub logistics_id: i64,
    pub tracking_number: String,
    /// `imei=11,22;` or `deviceSn=…;`, already in the wire format.
    pub feature: Option<String>,
    pub refund_address_id: Option<String>,
    pub redelivery: Redelivery,
    #[serde(skip)]
    pub(super) checked: Checked,
}

/// The mark of a request built by `validate`; only `domain` can make one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Checked;

impl ShipRequest {
    /// A request that skips validation, for tests of the checks further down (the gateways refuse
    /// a malformed request again before it reaches the wire).
    #[cfg(test)]
    pub(crate) fn unchecked(
        order_sn: &str,
        logistics_id: i64,
        tracking_number: &str,
        redelivery: Redelivery,
    ) -> ShipRequest {
        ShipRequest {
            order_sn: order_sn.to_string(),
            logistics_id,
            tracking_number: tracking_number.to_string(),
            feature: None,
            refund_address_id: None,
            redelivery,
            checked: Checked,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRequest {
    pub order_sn: String,
    pub note: String,
    /// The flag and its name; both or neither, as the gateway demands.
    pub tag: Option<(Flag, String)>,
}
