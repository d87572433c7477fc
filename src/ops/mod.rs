//! Operations that combine the gateways with the journal: shipping that is never done twice, and
//! waybill numbers taken once per order. Both faces (CLI, workstation) ship through here.

pub mod csv_rows;
pub mod ship;
pub mod waybill;

pub use ship::{Reconciled, ShipReport, reconcile_pending, ship_durably};
pub use waybill::take_waybill;
