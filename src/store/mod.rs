//! What the program writes to its data dir: the journal of every operation (intent before the request,
//! outcome after), the claims of orders being shipped and the waybill numbers taken, in SQLite — or,
//! for a team on several hosts, in a shared PostgreSQL (`team`).

mod backend;
pub mod cache;
mod detail_codec;
pub mod details;
pub mod identity;
pub mod journal;
mod legacy;
mod model;
mod sqlite;
pub mod team;
mod unwritable;
pub mod waybills;

pub use backend::{Begun, Duplicates, JournalBackend, Tenure};
pub use details::DetailStore;
pub use journal::{CLAIM_SECS, Journal, Started};
pub use model::{
    Actor, Claim, Filter, History, NewOp, OpEntry, OpKind, OpOutcome, Refusal, ShipEntry,
    ShipState, StoreError,
};
pub use sqlite::{FILE_NAME, SqliteJournal};
pub use unwritable::Unwritable;
pub use waybills::{WaybillBook, WaybillEntry};
