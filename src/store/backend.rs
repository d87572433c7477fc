//! The narrow interface every journal storage implements: SQLite in the data dir today, a shared
//! PostgreSQL journal for teams on several hosts later. Each method is one short transaction.

use super::model::{Actor, Claim, Filter, NewOp, OpEntry, OpKind, OpOutcome, StoreError};
use super::waybills::WaybillEntry;

/// How an intent treats a tracking number already used for another order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Duplicates {
    Refuse,
    Allow,
    /// Refused unless every other order that used the number is one of these: the orders of one buyer
    /// address leaving in one parcel (`domain::group`), as the caller found them.
    SharedWith(std::sync::Arc<[String]>),
}

/// What `claim_and_begin` did, the claim being this process's in either case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Begun {
    /// The intent is written as operation `id`.
    Intent { id: i64, fence: i64 },
    /// Nothing written: the order's last shipment, operation `id`, has no known outcome and is to be
    /// settled first.
    Pending { id: i64, fence: i64 },
}

/// Who holds a claim, and in which tenure: the fence grows with every change of holder, so a process
/// whose lease another took over can tell (0 where the storage keeps no fence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenure {
    pub host: String,
    pub pid: u32,
    pub fence: i64,
}

/// The condition `settle` adds to the SQL of an outcome's write (both engines): only over an operation
/// still pending.
pub(crate) const PENDING_ONLY: &str = " AND state IN ('intent', 'unknown')";

pub trait JournalBackend: Send + Sync + std::fmt::Debug {
    /// Writes an intent (durably, before the request leaves) and returns its id. A ship or modify whose
    /// number another order already used is refused in the same transaction unless allowed.
    fn begin(&self, actor: &Actor, op: &NewOp, dup: Duplicates) -> Result<i64, StoreError>;

    /// Writes the outcome of an operation begun earlier (or the result of checking it).
    fn finish(&self, id: i64, outcome: OpOutcome<'_>) -> Result<(), StoreError>;

    /// Writes what a check found of operation `id`, only while it is still pending (intent or unknown):
    /// false when an outcome was written meanwhile. The answer the sending process received is the
    /// truth, and a check (another workstation's, which holds no claim on a note) never writes over it.
    fn settle(&self, id: i64, outcome: OpOutcome<'_>) -> Result<bool, StoreError>;

    /// The audit trail, oldest first.
    fn entries(&self, filter: &Filter) -> Result<Vec<OpEntry>, StoreError>;

    /// The audit trail, oldest first, one entry at a time (nothing held but the entry): `each` may stop
    /// the walk with an error, which is returned.
    fn each_entry(
        &self,
        filter: &Filter,
        each: &mut dyn FnMut(OpEntry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.entries(filter)?.into_iter().try_for_each(each)
    }

    /// The last entry of every order and kind group (shipment, note, waybill), oldest first.
    fn latest(&self) -> Result<Vec<OpEntry>, StoreError>;

    /// The newest `limit` entries, newest first (for a screen: the trail may be long).
    fn recent(&self, limit: usize) -> Result<Vec<OpEntry>, StoreError> {
        let mut all = self.entries(&Filter::default())?;
        all.reverse();
        all.truncate(limit);
        Ok(all)
    }

    /// How many entries the trail holds.
    fn count(&self) -> Result<u64, StoreError> {
        let mut n = 0u64;
        self.each_entry(&Filter::default(), &mut |_| {
            n += 1;
            Ok(())
        })?;
        Ok(n)
    }

    /// Another order whose shipment used `number` (or whose waybill took it).
    fn number_used_by(&self, number: &str, order_sn: &str) -> Result<Option<String>, StoreError>;

    /// Every other order whose shipment used `number` (or whose waybill took it), the latest first.
    fn number_users(&self, number: &str, order_sn: &str) -> Result<Vec<String>, StoreError> {
        Ok(self.number_used_by(number, order_sn)?.into_iter().collect())
    }

    /// Claims an order for `claim`'s process. Refused while another live process holds an unexpired claim.
    fn claim(&self, claim: &Claim, now: i64) -> Result<(), StoreError>;

    /// Releases a claim held by this process (host and pid).
    fn release(&self, order_sn: &str, host: &str, pid: u32) -> Result<(), StoreError>;

    /// Claims the order of `op` for `claim`'s process and, unless its last shipment is pending, writes
    /// the intent under the claim (refused like `claim` and `begin`, nothing held then). One round trip
    /// where the storage allows.
    fn claim_and_begin(
        &self,
        claim: &Claim,
        now: i64,
        actor: &Actor,
        op: &NewOp,
        dup: Duplicates,
    ) -> Result<Begun, StoreError> {
        self.claim(claim, now)?;
        let pending = self.latest().map(|all| {
            all.into_iter().find(|e| {
                e.order_sn == op.order_sn
                    && matches!(e.kind, OpKind::Ship | OpKind::Modify)
                    && e.state.is_pending()
            })
        });
        let begun = match pending {
            Ok(Some(e)) => Ok(Begun::Pending { id: e.id, fence: 0 }),
            Ok(None) => self
                .begin(actor, op, dup)
                .map(|id| Begun::Intent { id, fence: 0 }),
            Err(e) => Err(e),
        };
        if begun.is_err() {
            let _ = self.release(&claim.order_sn, &claim.host, claim.pid);
        }
        begun
    }

    /// Extends a claim held in `tenure`; false when it passed to another process (or was let go) since.
    fn renew(&self, claim: &Claim, now: i64, _tenure: &Tenure) -> Result<bool, StoreError> {
        match self.claim(claim, now) {
            Ok(()) => Ok(true),
            Err(StoreError::Refused(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Writes the outcome of operation `id` (always: it is what this process was answered) and lets go
    /// of the claim of `order_sn` if `tenure` still holds it. Safe to repeat.
    fn finish_and_release(
        &self,
        id: i64,
        outcome: OpOutcome<'_>,
        order_sn: &str,
        tenure: &Tenure,
    ) -> Result<(), StoreError> {
        self.finish(id, outcome)?;
        self.release_held(order_sn, tenure)
    }

    /// Lets go of the claim of `order_sn` if `tenure` still holds it.
    fn release_held(&self, order_sn: &str, tenure: &Tenure) -> Result<(), StoreError> {
        self.release(order_sn, &tenure.host, tenure.pid)
    }

    /// Claims still in force (unexpired, holder not known to be gone).
    fn claims(&self, now: i64) -> Result<Vec<Claim>, StoreError>;

    fn waybill(&self, order_sn: &str) -> Result<Option<WaybillEntry>, StoreError>;

    fn put_waybill(&self, entry: &WaybillEntry) -> Result<(), StoreError>;
}
