//! Writes the workstation's own files (drafts, offline cache) off the UI thread. Writes may finish out of
//! order, so each carries a generation and an older one never replaces a newer file.

use crate::store::cache::{self, Snapshot};
use crate::tui::persist::drafts::{self, Persisted};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct StateWriter {
    dir: PathBuf,
    next: Arc<AtomicU64>,
    /// The newest generation written, per file (drafts, cache). Each file has its own lock, which also keeps
    /// writes of that file apart: a slow cache write must never hold up the drafts saved at exit.
    written: Arc<[Mutex<u64>; 2]>,
}

const DRAFTS: usize = 0;
const CACHE: usize = 1;

impl StateWriter {
    pub fn new(dir: PathBuf) -> StateWriter {
        StateWriter {
            dir,
            next: Arc::new(AtomicU64::new(1)),
            written: Arc::new([Mutex::new(0), Mutex::new(0)]),
        }
    }

    /// A ticket taken on the UI thread, in the order the snapshots were made.
    pub fn ticket(&self) -> u64 {
        self.next.fetch_add(1, Ordering::SeqCst)
    }

    pub fn drafts(&self, ticket: u64, state: &Persisted) {
        self.write(DRAFTS, ticket, || drafts::save(&self.dir, state), "drafts");
    }

    pub fn cache(&self, ticket: u64, c: &Snapshot) {
        self.write(
            CACHE,
            ticket,
            || cache::save_snapshot(&self.dir, c),
            "offline cache",
        );
    }

    fn write(
        &self,
        which: usize,
        ticket: u64,
        f: impl FnOnce() -> std::io::Result<()>,
        what: &str,
    ) {
        // A poisoned lock only means another write panicked; the generations are still right.
        let mut written = self.written[which]
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if *written >= ticket {
            return;
        }
        match f() {
            Ok(()) => *written = ticket,
            Err(e) => tracing::warn!("cannot save {what}: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_write_never_replaces_a_newer_one() {
        let dir = tempfile::tempdir().unwrap();
        let w = StateWriter::new(dir.path().to_path_buf());
        let (old, new) = (w.ticket(), w.ticket());
        let newer = Persisted {
            last_courier: Some(2),
            ..Default::default()
        };
        w.drafts(new, &newer);
        w.drafts(
            old,
            &Persisted {
                last_courier: Some(1),
                ..Default::default()
            },
        );
        assert_eq!(drafts::load(dir.path()), newer);
    }
}
