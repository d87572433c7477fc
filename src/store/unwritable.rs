//! The journal of a data dir that cannot be written (read-only, full, a file in its place): it refuses every
//! write with the reason, so shipping, notes and waybills stop; the trail, where one exists, is still read.

use super::backend::{Duplicates, JournalBackend};
use super::model::{Actor, Claim, Filter, NewOp, OpEntry, OpOutcome, StoreError};
use super::sqlite::SqliteJournal;
use super::waybills::WaybillEntry;
use std::path::Path;

#[derive(Debug)]
pub struct Unwritable {
    /// Why there is no journal, said whole (names the data dir), for the operator.
    pub reason: String,
    /// The journal already in the data dir, opened to read only, if there is one.
    reader: Option<SqliteJournal>,
}

impl Unwritable {
    /// Refuses every write with `reason`; reads the journal `data_dir` holds, if it can.
    pub fn new(reason: String, data_dir: &Path) -> Self {
        let reader = match SqliteJournal::open_reading(data_dir) {
            Ok(r) => Some(r),
            Err(e) => {
                tracing::info!("no journal to read: {e}");
                None
            }
        };
        Unwritable { reason, reader }
    }

    fn refuse<T>(&self) -> Result<T, StoreError> {
        Err(StoreError::Db(self.reason.clone()))
    }
}

impl JournalBackend for Unwritable {
    fn begin(&self, _: &Actor, _: &NewOp, _: Duplicates) -> Result<i64, StoreError> {
        self.refuse()
    }

    fn finish(&self, _: i64, _: OpOutcome<'_>) -> Result<(), StoreError> {
        self.refuse()
    }

    fn settle(&self, _: i64, _: OpOutcome<'_>) -> Result<bool, StoreError> {
        self.refuse()
    }

    fn entries(&self, filter: &Filter) -> Result<Vec<OpEntry>, StoreError> {
        self.reader
            .as_ref()
            .map_or(Ok(Vec::new()), |r| r.entries(filter))
    }

    fn each_entry(
        &self,
        filter: &Filter,
        each: &mut dyn FnMut(OpEntry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        match &self.reader {
            Some(r) => r.each_entry(filter, each),
            None => Ok(()),
        }
    }

    fn latest(&self) -> Result<Vec<OpEntry>, StoreError> {
        self.reader.as_ref().map_or(Ok(Vec::new()), |r| r.latest())
    }

    fn recent(&self, limit: usize) -> Result<Vec<OpEntry>, StoreError> {
        self.reader
            .as_ref()
            .map_or(Ok(Vec::new()), |r| r.recent(limit))
    }

    fn count(&self) -> Result<u64, StoreError> {
        self.reader.as_ref().map_or(Ok(0), |r| r.count())
    }

    fn number_used_by(&self, _: &str, _: &str) -> Result<Option<String>, StoreError> {
        Ok(None)
    }

    fn claim(&self, _: &Claim, _: i64) -> Result<(), StoreError> {
        self.refuse()
    }

    fn release(&self, _: &str, _: &str, _: u32) -> Result<(), StoreError> {
        Ok(())
    }

    fn claims(&self, now: i64) -> Result<Vec<Claim>, StoreError> {
        self.reader
            .as_ref()
            .map_or(Ok(Vec::new()), |r| r.claims(now))
    }

    fn waybill(&self, order_sn: &str) -> Result<Option<WaybillEntry>, StoreError> {
        self.reader
            .as_ref()
            .map_or(Ok(None), |r| r.waybill(order_sn))
    }

    fn put_waybill(&self, _: &WaybillEntry) -> Result<(), StoreError> {
        self.refuse()
    }
}
