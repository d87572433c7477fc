//! Profiles of shops from `config.toml`, secrets from the file or the environment, and the data dir.
