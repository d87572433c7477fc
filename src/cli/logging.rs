//! Logs go to `pddtui.log` in the data dir, never to the screen. `RUST_LOG` sets the level (default info).

use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// Starts file logging; keep the guard alive until exit so the last lines are written.
pub fn init(data_dir: &Path) -> Option<WorkerGuard> {
    std::fs::create_dir_all(data_dir).ok()?;
    let appender = tracing_appender::rolling::never(data_dir, "pddtui.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(guard)
}
