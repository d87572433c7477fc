//! Operations that combine the gateways with the journal: shipping that is never done twice, notes and
//! waybill numbers journalled, and the reconciliation of what was left pending. Both faces call these.

mod check;
mod claim;
mod durable_ship;
mod error;
pub mod note;
mod outcome;
mod policy;
pub mod queue_read;
mod reconcile;
pub mod sync;
pub mod team_sync;
mod waybill;

pub use claim::while_claimed;
pub use durable_ship::{ShipReport, ship_durably, ship_with};
pub use error::OpError;
pub use note::{note_with, update_note_journaled, write_checked};
pub use policy::{OnWait, ShipPolicy, with_retries};
pub use reconcile::{Reconciled, reconcile_all, reconcile_pending, resolve};
pub use waybill::take_waybill;
