//! `pddtui ship --csv FILE`: batch shipping from a file. STUB until the batch work lands.

use super::args::ShipArgs;
use super::exit::Failure;
use super::session::Session;

pub async fn run(_s: &Session, _a: &ShipArgs) -> Result<String, Failure> {
    Err(Failure::Usage("ship --csv: not implemented yet".into()))
}
