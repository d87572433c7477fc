//! An append-only file of JSON lines, synced on every append, read back tolerating a torn last line
//! (a crash mid-write must not make the journal unreadable).

use serde::{Serialize, de::DeserializeOwned};
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub struct JsonlFile {
    path: PathBuf,
    lock: Arc<Mutex<()>>,
}

impl JsonlFile {
    pub fn open(dir: &Path, name: &str) -> io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(name);
        // Create it now (private to the user) so a read before the first append is not an error.
        let mut opts = OpenOptions::new();
        opts.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        opts.open(&path)?;
        Ok(JsonlFile {
            path,
            lock: Arc::new(Mutex::new(())),
        })
    }

    pub fn append<T: Serialize>(&self, value: &T) -> io::Result<()> {
        let mut line = serde_json::to_string(value).map_err(io::Error::other)?;
        line.push('\n');
        let _guard = self
            .lock
            .lock()
            .map_err(|_| io::Error::other("journal lock poisoned"))?;
        let mut f = OpenOptions::new().append(true).open(&self.path)?;
        f.write_all(line.as_bytes())?;
        f.sync_data()
    }

    /// Every readable entry in order; unreadable lines (a torn write) are skipped.
    pub fn read_all<T: DeserializeOwned>(&self) -> io::Result<Vec<T>> {
        let _guard = self
            .lock
            .lock()
            .map_err(|_| io::Error::other("journal lock poisoned"))?;
        let f = File::open(&self.path)?;
        let mut out = Vec::new();
        for line in BufReader::new(f).lines() {
            let line = line?;
            if let Ok(v) = serde_json::from_str(&line) {
                out.push(v);
            }
        }
        Ok(out)
    }
}
