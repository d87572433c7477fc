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
    /// The newest generation written of the drafts, and the bytes it wrote: the same drafts again are not
    /// written (and synced to disk) again — at exit, on a disk busy with other work, each sync can take
    /// seconds, and the drafts were usually saved already as they were typed.
    drafts: Arc<Mutex<(u64, Vec<u8>)>>,
    /// The newest generation of the offline cache written. Each file has its own lock, which also keeps
    /// writes of that file apart: a slow cache write must never hold up the drafts saved at exit.
    cache: Arc<Mutex<u64>>,
}

impl StateWriter {
    pub fn new(dir: PathBuf) -> StateWriter {
        StateWriter {
            dir,
            next: Arc::new(AtomicU64::new(1)),
            drafts: Arc::new(Mutex::new((0, Vec::new()))),
            cache: Arc::new(Mutex::new(0)),
        }
    }

    /// A ticket taken on the UI thread, in the order the snapshots were made.
    pub fn ticket(&self) -> u64 {
        self.next.fetch_add(1, Ordering::SeqCst)
    }

    pub fn drafts(&self, ticket: u64, state: &Persisted) {
        // A poisoned lock only means another write panicked; the generations are still right.
        let mut written = self.drafts.lock().unwrap_or_else(|e| e.into_inner());
        if written.0 >= ticket {
            return;
        }
        let bytes = match drafts::encode(state) {
            Ok(b) => b,
            Err(e) => return tracing::warn!("cannot save drafts: {e}"),
        };
        if written.0 > 0 && written.1 == bytes {
            written.0 = ticket;
            return;
        }
        match drafts::save_bytes(&self.dir, &bytes) {
            Ok(()) => *written = (ticket, bytes),
            Err(e) => tracing::warn!("cannot save drafts: {e}"),
        }
    }

    pub fn cache(&self, ticket: u64, c: &Snapshot) {
        let mut written = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if *written >= ticket {
            return;
        }
        match cache::save_snapshot(&self.dir, c) {
            Ok(()) => *written = ticket,
            Err(e) => tracing::warn!("cannot save offline cache: {e}"),
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

    /// The same drafts again (the save at exit after the one made as they were typed) are not rewritten;
    /// different ones are.
    #[test]
    fn the_same_drafts_are_not_written_twice() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let w = StateWriter::new(dir.path().to_path_buf());
        let inode = || {
            std::fs::metadata(dir.path().join(drafts::FILE_NAME))
                .unwrap()
                .ino()
        };
        let mut state = Persisted {
            last_courier: Some(2),
            ..Default::default()
        };
        w.drafts(w.ticket(), &state);
        let first = inode();
        w.drafts(w.ticket(), &state);
        assert_eq!(inode(), first, "rewritten though nothing changed");
        state.last_courier = Some(3);
        w.drafts(w.ticket(), &state);
        assert_ne!(inode(), first, "a change was not written");
        assert_eq!(drafts::load(dir.path()), state);
        // An older ticket after the newest still changes nothing, even with other content.
        let old = w.ticket();
        w.drafts(w.ticket(), &state);
        w.drafts(old, &Persisted::default());
        assert_eq!(drafts::load(dir.path()), state);
    }
}
