//! The shared state of a team in PostgreSQL (`[team] database_url`): the journal, the claims, the
//! workstations online. Every call is one short transaction on a small pool; the pool lives on a
//! background runtime of its own, so the synchronous `JournalBackend` can be served from any thread
//! (the UI's, a blocking task's, a CLI's) and a database that does not answer is given up on in time.

mod fenced;
mod journal;
pub mod leader;
pub mod listen;
pub mod migrate;
pub mod orders;
pub mod presence;
pub mod status;

pub use journal::PgJournal;

use super::model::StoreError;
use crate::api::Secret;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;

/// How long a connection attempt may take before the database is called unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one call (wait for a connection, run, commit) may take in all.
const CALL_TIMEOUT: Duration = Duration::from_secs(15);

/// `[team]` resolved: where the shared database is. The URL may carry a password: it is a secret,
/// never shown; `where_` names the server and database for messages.
#[derive(Debug, Clone)]
pub struct Config {
    pub url: Secret,
    /// `[team] sync_lease_secs`: how long a shop's sync leader holds its lease without renewing it (it
    /// renews every third of it); another workstation takes over once it runs out.
    pub sync_lease: Duration,
}

/// The sync lease when `[team]` names none.
pub const SYNC_LEASE_SECS: u64 = 30;

impl Config {
    /// The team database at `url`, with every other setting at its default.
    pub fn at(url: Secret) -> Self {
        Config {
            url,
            sync_lease: Duration::from_secs(SYNC_LEASE_SECS),
        }
    }

    /// `host:port/dbname` of the URL, for messages and `team status` (never the user's password).
    pub fn where_(&self) -> String {
        match self.url.expose().parse::<tokio_postgres::Config>() {
            Ok(c) => describe(&c),
            Err(_) => "(unreadable database_url)".into(),
        }
    }
}

fn describe(c: &tokio_postgres::Config) -> String {
    use tokio_postgres::config::Host;
    let host = match c.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = c.get_ports().first().copied().unwrap_or(5432);
    format!("{host}:{port}/{}", c.get_dbname().unwrap_or(""))
}

/// The process's runtime for database work: one thread that lives as long as the process (a runtime
/// dropped inside another's task would panic, so it is never dropped).
fn background() -> Result<&'static tokio::runtime::Handle, StoreError> {
    static HANDLE: OnceLock<tokio::runtime::Handle> = OnceLock::new();
    if let Some(h) = HANDLE.get() {
        return Ok(h);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("pddtui-team")
        .enable_all()
        .build()?;
    let handle = rt.handle().clone();
    std::thread::Builder::new()
        .name("pddtui-team-rt".into())
        .spawn(move || rt.block_on(std::future::pending::<()>()))?;
    Ok(HANDLE.get_or_init(|| handle))
}

/// A pool of connections to the team's database.
#[derive(Clone)]
pub struct TeamDb {
    pool: Pool,
    where_: String,
    /// The connection settings, for the one connection outside the pool (`listen`).
    pg: tokio_postgres::Config,
}

impl std::fmt::Debug for TeamDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TeamDb").field("at", &self.where_).finish()
    }
}

impl TeamDb {
    /// A pool for `config` (no connection is made yet: `migrate` or the first call makes one). TLS goes
    /// through rustls with the webpki roots when the URL's `sslmode` asks for it (`prefer` by default).
    pub fn new(config: &Config) -> Result<Self, StoreError> {
        let mut pg: tokio_postgres::Config =
            config
                .url
                .expose()
                .parse()
                .map_err(|e: tokio_postgres::Error| {
                    StoreError::Db(format!("team database_url: {}", redact(&e.to_string())))
                })?;
        if pg.get_connect_timeout().is_none() {
            pg.connect_timeout(CONNECT_TIMEOUT);
        }
        pg.keepalives(true).keepalives_idle(Duration::from_secs(10));
        #[cfg(target_os = "linux")]
        pg.tcp_user_timeout(CALL_TIMEOUT);
        if pg.get_application_name().is_none() {
            pg.application_name("pddtui");
        }
        let where_ = describe(&pg);
        let tls = tokio_postgres_rustls::MakeRustlsConnect::with_webpki_roots();
        let manager = Manager::from_config(
            pg.clone(),
            tls,
            ManagerConfig {
                // A pooled connection is only checked for being closed (a lost one is dropped and
                // replaced), not pinged: a ping would cost every call a round trip.
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(4)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(CALL_TIMEOUT))
            .create_timeout(Some(CONNECT_TIMEOUT))
            .recycle_timeout(Some(CONNECT_TIMEOUT))
            .build()
            .map_err(|e| StoreError::Db(format!("team database: {e}")))?;
        Ok(TeamDb { pool, where_, pg })
    }

    /// `host:port/dbname`, for messages.
    pub fn where_(&self) -> &str {
        &self.where_
    }

    /// Runs `f` with a connection of the pool on the background runtime and waits for it, at most
    /// `CALL_TIMEOUT`: callable from any thread, a runtime's worker too (it blocks that worker as a
    /// SQLite write does).
    pub fn call<T, F, Fut>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(deadpool_postgres::Object) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, StoreError>> + Send,
    {
        self.block(self.run(f))
    }

    /// Waits for `fut` run on the background runtime, at most `CALL_TIMEOUT` (and a second).
    pub fn block<T: Send + 'static>(
        &self,
        fut: impl Future<Output = Result<T, StoreError>> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        background()?.spawn(async move {
            let _ = tx.send(fut.await);
        });
        rx.recv_timeout(CALL_TIMEOUT + Duration::from_secs(1))
            .unwrap_or_else(|_| Err(self.unreachable("no answer in time")))
    }

    /// The same as `call`, awaited on the caller's runtime.
    pub fn run<T, F, Fut>(
        &self,
        f: F,
    ) -> impl Future<Output = Result<T, StoreError>> + Send + 'static
    where
        T: Send + 'static,
        F: FnOnce(deadpool_postgres::Object) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, StoreError>> + Send,
    {
        let pool = self.pool.clone();
        let where_ = self.where_.clone();
        async move {
            let work = async {
                let conn = pool.get().await.map_err(|e| {
                    StoreError::Unreachable(format!("{where_}: {}", redact(&e.to_string())))
                })?;
                f(conn).await
            };
            match tokio::time::timeout(CALL_TIMEOUT, work).await {
                Ok(r) => r,
                Err(_) => Err(StoreError::Unreachable(format!(
                    "{where_}: no answer in time"
                ))),
            }
        }
    }

    fn unreachable(&self, why: &str) -> StoreError {
        StoreError::Unreachable(format!("{}: {why}", self.where_))
    }
}

/// A database error as a store error: a lost or refused connection is `Unreachable` (nothing may be
/// sent on it), anything else `Db`. Texts pass through `Secret`'s redaction.
pub(crate) fn pg_error(e: tokio_postgres::Error) -> StoreError {
    let text = redact(&e.to_string());
    let text = match e.as_db_error() {
        Some(db) => format!("{text}: {}", redact(db.message())),
        None => text,
    };
    if e.is_closed() || e.as_db_error().is_none() {
        StoreError::Unreachable(text)
    } else {
        StoreError::Db(text)
    }
}

fn redact(s: &str) -> String {
    crate::api::secret::redact(s).into_owned()
}

/// The database's clock in Unix seconds: leases are compared on one clock, whatever the hosts' say.
pub(crate) const NOW: &str = "(EXTRACT(EPOCH FROM clock_timestamp())::BIGINT)";
