//! Profiles of shops from `config.toml`, secrets from the file or the environment, and where the
//! program writes. Errors name the file, the line and the key; secrets never reach `Debug` output.

mod file;
mod mask;
mod paths;
mod resolve;

pub use file::{ConfigFile, GatewayName, ProfileFile, RateLimitsFile, TeamFile, WaybillFile};
pub use paths::{default_config_path, default_data_dir, user_keymap_path};
pub use resolve::{
    ConfigError, ConfigWarning, GatewayConfig, Profile, UrlPart, load, resolve_profile,
};
