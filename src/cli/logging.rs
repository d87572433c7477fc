//! Logs go to `pddtui.log` in the data dir (private to the user, 0600), never to the screen. `RUST_LOG` sets
//! the level (default info). The log is optional: a data dir that cannot be written costs one warning.

use crate::i18n::Lang;
use std::fs::File;
use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

pub const FILE_NAME: &str = "pddtui.log";

/// Starts file logging; keep the guard alive until exit so the last lines are written. Without a log file
/// (read-only or missing data dir) one line on stderr says so and the program goes on.
pub fn init(data_dir: &Path, lang: Lang) -> Option<WorkerGuard> {
    let file = match open(data_dir) {
        Ok(f) => f,
        Err(e) => {
            super::out::warn(&crate::i18n::exits::no_log(
                lang,
                &data_dir.join(FILE_NAME).display().to_string(),
                &crate::i18n::os::io_error(lang, &e),
            ));
            return None;
        }
    };
    let (writer, guard) = tracing_appender::non_blocking(Redacting(file));
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(guard)
}

/// The log's writer: each line written has any secret the process holds blanked out (`api::secret::redact`),
/// whichever code logged it.
struct Redacting<W>(W);

impl<W: std::io::Write> std::io::Write for Redacting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match std::str::from_utf8(buf) {
            Ok(text) => self
                .0
                .write_all(crate::api::secret::redact(text).as_bytes())?,
            Err(_) => self.0.write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Opens the log for appending, created 0600; a log left readable by others by an older version is made
/// private too, since it may name shops, orders and buyers.
pub fn open(data_dir: &Path) -> std::io::Result<File> {
    std::fs::create_dir_all(data_dir)?;
    let path = data_dir.join(FILE_NAME);
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(&path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if file
            .metadata()
            .is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
        {
            let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
        }
    }
    Ok(file)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn log_lines_never_carry_a_secret() {
        use std::io::Write;
        let _s = crate::api::Secret::new("log-secret-5a4b3c");
        let mut w = Redacting(Vec::new());
        let line = b"GET /api?token=log-secret-5a4b3c failed\n";
        assert_eq!(w.write(line).unwrap(), line.len());
        assert_eq!(
            String::from_utf8(w.0).unwrap(),
            "GET /api?token=*** failed\n"
        );
    }

    #[test]
    fn the_log_is_private_new_or_old() {
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        drop(open(dir.path()).unwrap());
        assert_eq!(mode(&dir.path().join(FILE_NAME)), 0o600);
        std::fs::set_permissions(
            dir.path().join(FILE_NAME),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
        drop(open(dir.path()).unwrap());
        assert_eq!(mode(&dir.path().join(FILE_NAME)), 0o600);
    }

    #[test]
    fn a_data_dir_that_is_a_file_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain");
        std::fs::write(&file, "x").unwrap();
        assert!(open(&file).is_err());
    }
}
