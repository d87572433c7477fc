//! A throwaway PostgreSQL server for the team tests, made from the machine's own binaries: `initdb` into
//! a private temporary dir, `pg_ctl start` on a free loopback port with a private socket dir, stopped
//! and removed when dropped. Run as root, the server runs as the `postgres` user (initdb refuses root).
//! Without the binaries a test fails with one line saying what to install: it never passes silently.
#![allow(dead_code)]

pub mod relay;
#[allow(unused_imports)]
pub use relay::Relay;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The directory holding `initdb` and `pg_ctl`: `PDDTUI_PG_BIN`, else the newest
/// `/usr/lib/postgresql/*/bin`, else whatever `PATH` has.
pub fn bin_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("PDDTUI_PG_BIN") {
        return Some(PathBuf::from(d));
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    found.sort();
    if let Some((_, b)) = found.pop() {
        return Some(b);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find(|d| d.join("initdb").is_file() && d.join("pg_ctl").is_file())
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A PostgreSQL server of one test, on 127.0.0.1:`port`, trust authentication for user `pddtui`.
pub struct PgServer {
    pub port: u16,
    bin: PathBuf,
    dir: PathBuf,
    stopped: bool,
}

/// What to install when the server binaries are missing: the line a test fails with and a bench prints.
pub const MISSING: &str = "PostgreSQL server binaries (initdb, pg_ctl) not found: install the Debian package \
     `postgresql` (apt-get install postgresql), or set PDDTUI_PG_BIN to their directory";

impl PgServer {
    /// Makes and starts a new server; panics with what to install when PostgreSQL is missing.
    pub fn start() -> PgServer {
        let Some(bin) = bin_dir() else {
            panic!("{MISSING}");
        };
        let base = std::env::temp_dir().join(format!(
            "pddtui-pg-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(base.join("sock")).unwrap();
        if is_root() {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&base)
                .status()
                .unwrap()
                .success();
            assert!(ok, "chown of {} to postgres failed", base.display());
        }
        let server = PgServer {
            port: free_port(),
            bin,
            dir: base,
            stopped: true,
        };
        let data = server.dir.join("data");
        let out = server.run(
            "initdb",
            &[
                "-D",
                &data.to_string_lossy(),
                "-U",
                "pddtui",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
        );
        assert!(out.status.success(), "initdb failed: {}", text(&out));
        let mut server = server;
        server.start_again();
        server
    }

    /// Runs one of the server's programs, as `postgres` when this process is root.
    fn run(&self, program: &str, args: &[&str]) -> Output {
        let exe = self.bin.join(program);
        let mut cmd = if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        cmd.args(args).output().unwrap()
    }

    /// Starts the server (again, after `stop`) on the same port and data.
    pub fn start_again(&mut self) {
        let data = self.dir.join("data");
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off \
             -c max_connections=100",
            self.port,
            self.dir.join("sock").display()
        );
        let out = self.run(
            "pg_ctl",
            &[
                "-D",
                &data.to_string_lossy(),
                "-o",
                &opts,
                "-l",
                &self.dir.join("log").to_string_lossy(),
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
        assert!(
            out.status.success(),
            "pg_ctl start failed: {}\n{}",
            text(&out),
            std::fs::read_to_string(self.dir.join("log")).unwrap_or_default()
        );
        self.stopped = false;
    }

    /// Stops the server at once (`-m immediate`: as a crash of the server process would, open
    /// connections cut). Every commit it acknowledged survives: the server runs with `fsync=off`, which
    /// only risks data on a crash of the machine, never `synchronous_commit=off`, which would lose the
    /// last commits here.
    pub fn stop(&mut self) {
        let data = self.dir.join("data");
        let _ = self.run(
            "pg_ctl",
            &[
                "-D",
                &data.to_string_lossy(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
        );
        self.stopped = true;
    }

    /// Stops and starts again: every connection is cut, the data stays.
    pub fn restart(&mut self) {
        self.stop();
        self.start_again();
    }

    /// The URL of database `db` (made by `create_db`, or `postgres`).
    pub fn url(&self, db: &str) -> String {
        format!(
            "postgres://pddtui@127.0.0.1:{}/{db}?sslmode=disable",
            self.port
        )
    }

    /// Creates a database and returns its URL.
    pub fn create_db(&self, name: &str) -> String {
        let out = self.psql("postgres", &format!("CREATE DATABASE {name}"));
        assert!(
            out.status.success(),
            "CREATE DATABASE {name}: {}",
            text(&out)
        );
        self.url(name)
    }

    /// Runs SQL through `psql` (from the same binaries) and returns its output.
    pub fn psql(&self, db: &str, sql: &str) -> Output {
        let psql = self.bin.join("psql");
        Command::new(psql)
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d"])
            .arg(self.url(db))
            .args(["-c", sql])
            .output()
            .unwrap()
    }

    /// One value (first column of the first row) of a query, trimmed.
    pub fn value(&self, db: &str, sql: &str) -> String {
        let out = self.psql(db, sql);
        assert!(out.status.success(), "{sql}: {}", text(&out));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("log")).unwrap_or_default()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        if !self.stopped {
            self.stop();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Waits until `f` holds, at most `limit`; returns whether it did.
pub fn wait_until(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + limit;
    while Instant::now() < end {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    f()
}
