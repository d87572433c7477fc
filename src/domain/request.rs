//! What an operator asks a gateway to do, after validation: ship one order, update a note.
//! Only `validate` builds these, so anything holding one has passed the checks.

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipRequest {
    pub order_sn: String,
    pub logistics_id: i64,
    pub tracking_number: String,
    /// `imei=11,22;` or `deviceSn=…;`, already in the wire format.
    pub feature: Option<String>,
    pub refund_address_id: Option<String>,
    pub redelivery: Redelivery,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRequest {
    pub order_sn: String,
    pub note: String,
    /// The flag and its name; both or neither, as the gateway demands.
    pub tag: Option<(Flag, String)>,
}
