//! Waybill numbers taken from the waybill service, by order. The `out_trade_no` is written before the
//! call, so a retry after a crash asks for the same number instead of taking a second one.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaybillEntry {
    pub order_sn: String,
    pub out_trade_no: String,
    /// None until the service answered.
    pub number: Option<String>,
}

/// The waybill numbers live in the journal database (table `waybills`); the old name stays for callers.
pub type WaybillBook = super::Journal;

impl super::Journal {
    /// The waybill entry of an order.
    pub fn get(&self, order_sn: &str) -> Result<Option<WaybillEntry>, super::StoreError> {
        self.backend().waybill(order_sn)
    }

    /// Writes (or replaces) the waybill entry of an order.
    pub fn record_waybill(&self, entry: &WaybillEntry) -> Result<(), super::StoreError> {
        self.backend().put_waybill(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_entry_wins() {
        let dir = tempfile::tempdir().unwrap();
        let b = WaybillBook::open(dir.path()).unwrap();
        let sn = "210317-000000000000001";
        assert!(b.get(sn).unwrap().is_none());
        b.record_waybill(&WaybillEntry {
            order_sn: sn.into(),
            out_trade_no: "X".into(),
            number: None,
        })
        .unwrap();
        b.record_waybill(&WaybillEntry {
            order_sn: sn.into(),
            out_trade_no: "X".into(),
            number: Some("YT1".into()),
        })
        .unwrap();
        assert_eq!(b.get(sn).unwrap().unwrap().number.as_deref(), Some("YT1"));
    }
}
