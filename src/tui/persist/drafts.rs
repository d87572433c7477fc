//! What the workstation keeps between runs in the data folder (`drafts.json`): the last courier used and
//! drafts of typed input, saved (debounced) as they change, so a kill or a dropped connection loses nothing.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const FILE_NAME: &str = "drafts.json";

/// Input typed for one order but not yet sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    #[serde(default)]
    pub tracking: String,
    #[serde(default)]
    pub imei: String,
    /// The optional refund address id of the ship dialog.
    #[serde(default)]
    pub refund_address: String,
    /// The courier picked in the ship dialog.
    #[serde(default)]
    pub courier: Option<i64>,
    /// The note text, when the note editor was open.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Persisted {
    #[serde(default)]
    pub last_courier: Option<i64>,
    #[serde(default)]
    pub drafts: BTreeMap<String, Draft>,
}

/// Reads the saved state; a missing or damaged file is an empty state (and logged), never an error.
pub fn load(dir: &Path) -> Persisted {
    let path = dir.join(FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
            tracing::warn!("ignoring {}: {e}", path.display());
            Persisted::default()
        }),
        Err(_) => Persisted::default(),
    }
}

/// Writes the state atomically (private temp file, fsync, rename), so a kill mid-write leaves the old file.
pub fn save(dir: &Path, state: &Persisted) -> std::io::Result<()> {
    save_bytes(dir, &encode(state)?)
}

/// The file's content for `state`.
pub fn encode(state: &Persisted) -> std::io::Result<Vec<u8>> {
    serde_json::to_vec_pretty(state).map_err(std::io::Error::other)
}

/// Writes what `encode` made.
pub fn save_bytes(dir: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::store::cache::write_atomic(dir, FILE_NAME, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damaged_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), Persisted::default());
        let mut s = Persisted {
            last_courier: Some(85),
            ..Default::default()
        };
        s.drafts.insert(
            "210317-001532562392221".into(),
            Draft {
                tracking: "YT1".into(),
                ..Default::default()
            },
        );
        save(dir.path(), &s).unwrap();
        assert_eq!(load(dir.path()), s);
        std::fs::write(dir.path().join(FILE_NAME), "{bad").unwrap();
        assert_eq!(load(dir.path()), Persisted::default());
    }
}
