//! What the program writes to its data dir: the shipping journal and the waybill numbers taken.
//! Append-only JSON lines, flushed to disk before the network call they protect.

pub mod cache;
pub mod journal;
mod jsonl;
pub mod waybills;

pub use journal::{Journal, ShipEntry, ShipState};
pub use waybills::{WaybillBook, WaybillEntry};
