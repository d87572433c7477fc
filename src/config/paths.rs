//! Default locations (XDG): the config file, the user keymap and the data dir.

use etcetera::BaseStrategy;
use std::path::PathBuf;

fn strategy() -> Option<etcetera::base_strategy::Xdg> {
    etcetera::base_strategy::Xdg::new().ok()
}

/// `$XDG_CONFIG_HOME/pddtui/config.toml`.
pub fn default_config_path() -> Option<PathBuf> {
    strategy().map(|s| s.config_dir().join("pddtui").join("config.toml"))
}

/// `$XDG_CONFIG_HOME/pddtui/keymap.toml`, whether or not it exists.
pub fn user_keymap_path() -> Option<PathBuf> {
    strategy().map(|s| s.config_dir().join("pddtui").join("keymap.toml"))
}

/// `$XDG_DATA_HOME/pddtui`.
pub fn default_data_dir() -> PathBuf {
    strategy()
        .map(|s| s.data_dir().join("pddtui"))
        .unwrap_or_else(|| PathBuf::from(".pddtui"))
}
