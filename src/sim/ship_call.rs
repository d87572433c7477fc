//! One ship call against the shared store, for fw199's onlinesend and pddshuju's gift_send alike:
//! PDD's rules, then the interception fault, then the commit, all under one lock.

use super::errors::{self, GwError};
use super::rules::{self, ShipKind};
use super::state::Sim;

/// Refused calls change nothing; an interception (fault) changes nothing either.
pub fn ship(
    sim: &Sim,
    sn: &str,
    logistics_id: i64,
    number: &str,
    kind: ShipKind,
) -> Result<(), GwError> {
    let faults = sim.faults();
    let now = sim.now();
    let mut inner = sim.lock();
    let so = inner.store.get(sn).ok_or_else(errors::no_order)?;
    rules::check_ship(&so, logistics_id, kind)?;
    // PDD does not intercept numbers from its own e-waybill system (seed 001 FAQ).
    let ours = inner.issued.contains(number);
    if !ours && faults.intercept_rate > 0.0 && inner.rng.chance(faults.intercept_rate) {
        return Err(errors::intercepted(faults.intercept_wait()));
    }
    let so = inner.store.get_mut(sn).ok_or_else(errors::no_order)?;
    rules::apply_ship(so, logistics_id, number, now);
    Ok(())
}
