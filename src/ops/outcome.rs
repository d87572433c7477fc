//! Writing down what the gateway answered: an outcome received is not dropped because the team database
//! dropped the connection or restarted meanwhile; the write is tried again, over a fresh connection, for
//! as long as the workstation's claim lease (at least 5 s). Shipments, notes and waybill numbers share it.

use crate::store::{Journal, StoreError};
use std::time::Duration;

/// Runs `write` until it succeeds, tried again while the journal is unreachable or busy, for as long as
/// the journal's claim lease (at least 5 s). `write` must be safe to repeat (an outcome written twice is
/// the same outcome). The last error when it never succeeded: the caller leaves the operation pending.
pub(super) async fn write_outcome<T>(
    journal: &Journal,
    mut write: impl FnMut() -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let until = tokio::time::Instant::now() + journal.lease().max(Duration::from_secs(5));
    let mut wait = Duration::from_millis(200);
    loop {
        match write() {
            Ok(v) => return Ok(v),
            Err(StoreError::Unreachable(_) | StoreError::Busy(_))
                if tokio::time::Instant::now() + wait < until =>
            {
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(2));
            }
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn journal() -> (tempfile::TempDir, Journal) {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::open(dir.path()).unwrap();
        (dir, j)
    }

    #[tokio::test(start_paused = true)]
    async fn an_unreachable_journal_is_tried_again_until_it_answers() {
        let (_d, j) = journal();
        let tries = Cell::new(0);
        let r = write_outcome(&j, || {
            tries.set(tries.get() + 1);
            if tries.get() < 4 {
                Err(StoreError::Unreachable("db: connection closed".into()))
            } else {
                Ok(7)
            }
        })
        .await;
        assert_eq!(r, Ok(7));
        assert_eq!(tries.get(), 4);
    }

    #[tokio::test(start_paused = true)]
    async fn it_gives_up_after_the_lease_and_at_once_on_other_errors() {
        let (_d, j) = journal();
        let j = j.with_lease(Duration::from_secs(3));
        let started = tokio::time::Instant::now();
        let r: Result<(), _> =
            write_outcome(&j, || Err(StoreError::Unreachable("db: down".into()))).await;
        assert!(matches!(r, Err(StoreError::Unreachable(_))));
        let took = started.elapsed();
        assert!(
            took >= Duration::from_secs(3) && took <= Duration::from_secs(5),
            "{took:?}"
        );
        let tries = Cell::new(0);
        let r: Result<(), _> = write_outcome(&j, || {
            tries.set(tries.get() + 1);
            Err(StoreError::Db("constraint".into()))
        })
        .await;
        assert!(matches!(r, Err(StoreError::Db(_))));
        assert_eq!(
            tries.get(),
            1,
            "only a lost connection is worth waiting for"
        );
    }
}
