//! The shipping journal: an intent is written before a shipment is sent, its outcome after. A shipment
//! whose outcome is unknown stays pending until it is checked against the gateway.

use super::jsonl::JsonlFile;
use crate::domain::{Redelivery, ShipRequest};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShipState {
    /// Written before sending; a crash leaves it here.
    Intent,
    /// Confirmed by the gateway, or found applied when checked.
    Done,
    /// Refused, or found not applied when checked: safe to send again.
    Failed,
    /// Sent, but no answer (timeout, connection lost): must be checked before anything is re-sent.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipEntry {
    /// Unix seconds.
    pub at: i64,
    pub order_sn: String,
    pub state: ShipState,
    pub logistics_id: i64,
    pub tracking_number: String,
    pub redelivery: Redelivery,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl ShipEntry {
    pub fn new(req: &ShipRequest, state: ShipState, note: Option<String>) -> Self {
        ShipEntry {
            at: jiff::Timestamp::now().as_second(),
            order_sn: req.order_sn.clone(),
            state,
            logistics_id: req.logistics_id,
            tracking_number: req.tracking_number.clone(),
            redelivery: req.redelivery,
            note,
        }
    }

    /// Pending: the last word on this order is an intent or an unknown outcome.
    pub fn is_pending(&self) -> bool {
        matches!(self.state, ShipState::Intent | ShipState::Unknown)
    }
}

#[derive(Debug, Clone)]
pub struct Journal {
    file: JsonlFile,
}

impl Journal {
    pub fn open(data_dir: &Path) -> io::Result<Self> {
        Ok(Journal {
            file: JsonlFile::open(data_dir, "ship-journal.jsonl")?,
        })
    }

    pub fn record(&self, entry: &ShipEntry) -> io::Result<()> {
        self.file.append(entry)
    }

    /// The last entry of every order whose shipment is pending.
    pub fn pending(&self) -> io::Result<Vec<ShipEntry>> {
        let mut last: HashMap<String, ShipEntry> = HashMap::new();
        for e in self.file.read_all::<ShipEntry>()? {
            last.insert(e.order_sn.clone(), e);
        }
        let mut out: Vec<ShipEntry> = last.into_values().filter(ShipEntry::is_pending).collect();
        out.sort_by(|a, b| a.order_sn.cmp(&b.order_sn));
        Ok(out)
    }

    pub fn pending_for(&self, order_sn: &str) -> io::Result<Option<ShipEntry>> {
        Ok(self
            .file
            .read_all::<ShipEntry>()?
            .into_iter()
            .rev()
            .find(|e| e.order_sn == order_sn)
            .filter(ShipEntry::is_pending))
    }

    /// Every tracking number this machine has shipped or tried, with its order (to catch a number reused).
    pub fn numbers(&self) -> io::Result<Vec<(String, String)>> {
        Ok(self
            .file
            .read_all::<ShipEntry>()?
            .into_iter()
            .filter(|e| e.state == ShipState::Done)
            .map(|e| (e.tracking_number, e.order_sn))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(sn: &str, no: &str) -> ShipRequest {
        ShipRequest {
            order_sn: sn.into(),
            logistics_id: 85,
            tracking_number: no.into(),
            feature: None,
            refund_address_id: None,
            redelivery: Redelivery::First,
        }
    }

    #[test]
    fn pending_is_the_last_word_per_order() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::open(dir.path()).unwrap();
        let a = req("210317-000000000000001", "YT1");
        let b = req("210317-000000000000002", "YT2");
        j.record(&ShipEntry::new(&a, ShipState::Intent, None))
            .unwrap();
        j.record(&ShipEntry::new(&b, ShipState::Intent, None))
            .unwrap();
        j.record(&ShipEntry::new(&a, ShipState::Done, None))
            .unwrap();
        j.record(&ShipEntry::new(&b, ShipState::Unknown, None))
            .unwrap();
        let pending = j.pending().unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].order_sn, b.order_sn);
        assert_eq!(pending[0].state, ShipState::Unknown);
        assert!(j.pending_for(&a.order_sn).unwrap().is_none());
        assert_eq!(
            j.numbers().unwrap(),
            vec![("YT1".to_string(), a.order_sn.clone())]
        );
    }

    #[test]
    fn survives_a_torn_line_and_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::open(dir.path()).unwrap();
        let a = req("210317-000000000000001", "YT1");
        j.record(&ShipEntry::new(&a, ShipState::Intent, None))
            .unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(dir.path().join("ship-journal.jsonl"))
            .and_then(|mut f| std::io::Write::write_all(&mut f, b"{\"at\":1,\"order_sn"))
            .unwrap();
        let again = Journal::open(dir.path()).unwrap();
        assert_eq!(again.pending().unwrap().len(), 1);
    }
}
