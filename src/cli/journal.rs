//! `pddtui journal`: the audit trail of shipments, notes and waybill numbers. STUB until the journal lands.

use super::args::JournalArgs;
use super::exit::Failure;
use super::session::Session;

pub async fn run(_s: &Session, _a: &JournalArgs) -> Result<String, Failure> {
    Err(Failure::Usage("journal: not implemented yet".into()))
}
