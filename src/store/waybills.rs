//! Waybill numbers taken from the waybill service, by order. The `out_trade_no` is written before the
//! call, so a retry after a crash asks for the same number instead of taking a second one.

use super::jsonl::JsonlFile;
use serde::{Deserialize, Serialize};
use std::io;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaybillEntry {
    pub order_sn: String,
    pub out_trade_no: String,
    /// None until the service answered.
    pub number: Option<String>,
}

#[derive(Debug, Clone)]
pub struct WaybillBook {
    file: JsonlFile,
}

impl WaybillBook {
    pub fn open(data_dir: &Path) -> io::Result<Self> {
        Ok(WaybillBook {
            file: JsonlFile::open(data_dir, "waybills.jsonl")?,
        })
    }

    pub fn record(&self, entry: &WaybillEntry) -> io::Result<()> {
        self.file.append(entry)
    }

    /// The latest entry of an order.
    pub fn get(&self, order_sn: &str) -> io::Result<Option<WaybillEntry>> {
        Ok(self
            .file
            .read_all::<WaybillEntry>()?
            .into_iter()
            .rev()
            .find(|e| e.order_sn == order_sn))
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
        b.record(&WaybillEntry {
            order_sn: sn.into(),
            out_trade_no: "X".into(),
            number: None,
        })
        .unwrap();
        b.record(&WaybillEntry {
            order_sn: sn.into(),
            out_trade_no: "X".into(),
            number: Some("YT1".into()),
        })
        .unwrap();
        assert_eq!(b.get(sn).unwrap().unwrap().number.as_deref(), Some("YT1"));
    }
}
