//! The JSON-lines journal of earlier versions (`ship-journal.jsonl`, `waybills.jsonl`), imported once
//! into SQLite so a shipment left pending before the upgrade is still checked and never sent twice.

use super::model::{OpOutcome, ShipEntry, StoreError};
use super::waybills::WaybillEntry;
use super::{Duplicates, Journal, NewOp};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::Path;

const SHIPS: &str = "ship-journal.jsonl";
const WAYBILLS: &str = "waybills.jsonl";

/// Imports and renames the old files. Renaming first makes one process the importer.
pub fn import(journal: &Journal, data_dir: &Path) -> Result<(), StoreError> {
    if let Some(entries) = take::<ShipEntry>(data_dir, SHIPS)? {
        for e in last_per_order(entries, |e| e.order_sn.clone()) {
            let id = journal.begin(&NewOp::recorded(&e), Duplicates::Allow)?;
            let note = e.note.as_deref().unwrap_or("imported");
            if let Some(outcome) = OpOutcome::of(e.state, Some(note)) {
                journal.finish(id, outcome)?;
            }
        }
        done(data_dir, SHIPS)?;
    }
    if let Some(entries) = take::<WaybillEntry>(data_dir, WAYBILLS)? {
        for e in last_per_order(entries, |e| e.order_sn.clone()) {
            journal.record_waybill(&e)?;
        }
        done(data_dir, WAYBILLS)?;
    }
    Ok(())
}

/// The readable lines of an old file, once: `None` when there is none (or another process took it).
fn take<T: DeserializeOwned>(dir: &Path, name: &str) -> Result<Option<Vec<T>>, StoreError> {
    let busy = dir.join(format!("{name}.importing"));
    if std::fs::rename(dir.join(name), &busy).is_err() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&busy)?;
    // A torn last line (a crash mid-write) is skipped, as the old reader did.
    Ok(Some(
        text.lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect(),
    ))
}

fn done(dir: &Path, name: &str) -> Result<(), StoreError> {
    std::fs::rename(
        dir.join(format!("{name}.importing")),
        dir.join(format!("{name}.imported")),
    )?;
    Ok(())
}

fn last_per_order<T>(entries: Vec<T>, key: impl Fn(&T) -> String) -> Vec<T> {
    let mut last = BTreeMap::new();
    for e in entries {
        last.insert(key(&e), e);
    }
    last.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pending_shipment_of_the_old_journal_stays_pending() {
        let dir = tempfile::tempdir().unwrap();
        let lines = [
            r#"{"at":1,"order_sn":"210317-000000000000001","state":"intent","logistics_id":85,"tracking_number":"YT1","redelivery":"first"}"#,
            r#"{"at":2,"order_sn":"210317-000000000000002","state":"intent","logistics_id":85,"tracking_number":"YT2","redelivery":"first"}"#,
            r#"{"at":3,"order_sn":"210317-000000000000002","state":"done","logistics_id":85,"tracking_number":"YT2","redelivery":"first"}"#,
            r#"{"at":4,"order_sn"#,
        ];
        std::fs::write(dir.path().join(SHIPS), lines.join("\n")).unwrap();
        std::fs::write(
            dir.path().join(WAYBILLS),
            r#"{"order_sn":"210317-000000000000003","out_trade_no":"X","number":null}"#,
        )
        .unwrap();
        let j = Journal::open(dir.path()).unwrap();
        let pending = j.pending().unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].tracking_number, "YT1");
        assert_eq!(
            j.number_used_by("YT2", "210317-000000000000009")
                .unwrap()
                .as_deref(),
            Some("210317-000000000000002")
        );
        assert_eq!(
            j.get("210317-000000000000003")
                .unwrap()
                .unwrap()
                .out_trade_no,
            "X"
        );
        assert!(dir.path().join("ship-journal.jsonl.imported").exists());
        // Opening again imports nothing twice.
        let again = Journal::open(dir.path()).unwrap();
        assert_eq!(again.entries(&Default::default()).unwrap().len(), 2);
    }
}
