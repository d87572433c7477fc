//! The journal of a data dir that cannot be written (read-only, full, a file in its place): it holds
//! nothing and refuses every write with the reason, so shipping, notes and waybills stop and reading goes on.

use super::backend::{Duplicates, JournalBackend};
use super::model::{Actor, Claim, Filter, NewOp, OpEntry, ShipState, StoreError};
use super::waybills::WaybillEntry;

#[derive(Debug)]
pub struct Unwritable {
    /// Why there is no journal, said whole (names the data dir), for the operator.
    pub reason: String,
}

impl Unwritable {
    fn refuse<T>(&self) -> Result<T, StoreError> {
        Err(StoreError::Db(self.reason.clone()))
    }
}

impl JournalBackend for Unwritable {
    fn begin(&self, _: &Actor, _: &NewOp, _: Duplicates) -> Result<i64, StoreError> {
        self.refuse()
    }

    fn finish(
        &self,
        _: i64,
        _: ShipState,
        _: Option<&str>,
        _: Option<&str>,
    ) -> Result<(), StoreError> {
        self.refuse()
    }

    fn entries(&self, _: &Filter) -> Result<Vec<OpEntry>, StoreError> {
        Ok(Vec::new())
    }

    fn latest(&self) -> Result<Vec<OpEntry>, StoreError> {
        Ok(Vec::new())
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

    fn claims(&self, _: i64) -> Result<Vec<Claim>, StoreError> {
        Ok(Vec::new())
    }

    fn waybill(&self, _: &str) -> Result<Option<WaybillEntry>, StoreError> {
        Ok(None)
    }

    fn put_waybill(&self, _: &WaybillEntry) -> Result<(), StoreError> {
        self.refuse()
    }
}
