//! One sync per shop for a team: the workstation holding the shop's sync lease (the leader) lists and
//! refreshes it from the gateway as `ops::sync` does and writes what it fetched to the team's database;
//! every other workstation reads the queue from there (the rows changed since it last read), never the gateway.

use crate::api::{ApiError, Gateway};
use crate::domain::Order;
use crate::ops::sync::{self, Refresh};
use crate::store::StoreError;
use crate::store::team::leader::{self, Holder, Lease};
use crate::store::team::orders::{self, Batch, Marks};
use crate::store::team::{Config, TeamDb};
use jiff::Timestamp;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A shop's shared queue counts as fresh (a joining leader does not list it again) while its last sync
/// is younger than the refresh interval and this.
pub const FRESH_MARGIN: Duration = Duration::from_secs(60);
/// How often a follower asks for the lease: a dead leader is replaced within the lease and this.
pub const FOLLOWER_POLL: Duration = Duration::from_secs(2);

/// What a whole sync of the queue should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Full {
    /// Another workstation leads: read the queue from the database.
    Read,
    /// This workstation leads and the shared queue is fresh: ask the gateway only what changed since the
    /// shared mark, then read the queue from the database (a workstation joining does not list again).
    CatchUp { fence: i64, mark: i64 },
    /// This workstation leads: list the shop from the gateway and write every page under `fence`.
    List { fence: i64 },
}

/// What a read of the shared queue found.
#[derive(Debug, Clone, PartialEq)]
pub enum Got {
    /// The orders changed since the last read (merge them), and the shared mark.
    Changes { orders: Vec<Order>, mark: Timestamp },
    /// The whole queue (replace it): a first read, or orders left it in a way a merge cannot tell.
    Whole { orders: Vec<Order> },
    /// The shared mark is too old for a refresh (or there is none): list the shop again.
    TooOld,
}

/// The team sync of one shop in this process.
#[derive(Clone)]
pub struct TeamSync {
    db: TeamDb,
    profile: String,
    me: Holder,
    lease: Duration,
    fresh: Duration,
    state: Arc<Mutex<State>>,
}

#[derive(Debug, Default)]
struct State {
    /// The change counter up to which this workstation's queue has read the shared rows.
    cursor: Option<i64>,
    /// The fence of the lease while this workstation holds it.
    fence: Option<i64>,
    /// A whole sync was asked for already this run (the next one lists again).
    listed_once: bool,
}

impl std::fmt::Debug for TeamSync {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TeamSync")
            .field("profile", &self.profile)
            .field("me", &self.me)
            .finish()
    }
}

impl TeamSync {
    /// The sync of `profile` for `operator` in the team's database (no connection is made yet).
    pub fn new(
        config: &Config,
        profile: &str,
        operator: &str,
        refresh_every: Duration,
    ) -> Result<Self, StoreError> {
        Ok(Self::with(
            TeamDb::new(config)?,
            profile,
            Holder::me(operator),
            config.sync_lease,
            refresh_every + FRESH_MARGIN,
        ))
    }

    /// The same with its parts given (tests: several holders in one process).
    pub fn with(db: TeamDb, profile: &str, me: Holder, lease: Duration, fresh: Duration) -> Self {
        TeamSync {
            db,
            profile: profile.to_string(),
            me,
            lease: lease.max(Duration::from_secs(1)),
            fresh,
            state: Arc::new(Mutex::new(State::default())),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The database as `ApiError` (what the queue's sync reports): nothing was asked of the gateway.
    pub fn api_error(&self, e: StoreError) -> ApiError {
        ApiError::Connect {
            url: format!("team database {}", self.db.where_()),
            detail: e.to_string(),
        }
    }

    /// Takes or renews the lease: the fence while this workstation leads, `None` while another does.
    pub async fn lead(&self) -> Result<Option<i64>, StoreError> {
        self.lease().await.map(|l| l.fence())
    }

    /// Takes or renews the lease, or says who holds it (`lead`, with the holder: `pddtui orders`
    /// names it).
    pub async fn lease(&self) -> Result<Lease, StoreError> {
        let secs = i64::try_from(self.lease.as_secs()).unwrap_or(i64::MAX);
        let got =
            leader::acquire(self.db.clone(), self.profile.clone(), self.me.clone(), secs).await;
        let fence = match &got {
            Ok(l) => l.fence(),
            // Unknown: writes carry the fence and are refused if it was lost meanwhile.
            Err(_) => self.state().fence,
        };
        let before = std::mem::replace(&mut self.state().fence, fence);
        if before != fence {
            match &got {
                Ok(Lease::Mine { fence, .. }) => {
                    tracing::info!(profile = %self.profile, fence, "this workstation leads the sync")
                }
                Ok(Lease::Theirs { holder, .. }) => tracing::info!(
                    profile = %self.profile, host = %holder.host, pid = holder.pid,
                    operator = %holder.operator, "another workstation leads the sync"
                ),
                Err(_) => {}
            }
        }
        got
    }

    /// The shop's shared sync state (its mark, and how long ago its leader last wrote a sync).
    pub async fn marks(&self) -> Result<Marks, StoreError> {
        orders::marks(self.db.clone(), self.profile.clone()).await
    }

    /// Whether the shared queue is fresh enough for a workstation joining to take it as it is: synced
    /// (it has a mark) within the refresh interval and `FRESH_MARGIN`.
    pub fn is_fresh(&self, m: &Marks) -> bool {
        m.mark.is_some()
            && m.age
                .is_some_and(|a| u64::try_from(a).is_ok_and(|a| a <= self.fresh.as_secs()))
    }

    /// Keeps asking for the lease for as long as the workstation runs: renewed every third of it while
    /// held, asked for every `FOLLOWER_POLL` (at most a third of it) while another holds it. Taking the
    /// lead over from another workstation, it asks `gateway` what changed at once (`take_over`), not at
    /// its next refresh: the team's queue was last brought up to date by a leader that stopped.
    pub async fn keep_lease(self, gateway: Gateway) {
        let mut followed = false;
        loop {
            let lead = match self.lead().await {
                Ok(Some(fence)) => {
                    if std::mem::take(&mut followed) {
                        self.take_over(&gateway, fence).await;
                    }
                    true
                }
                Ok(None) => {
                    followed = true;
                    false
                }
                Err(e) => {
                    tracing::warn!("sync lease: {e}");
                    false
                }
            };
            let third = self.lease / 3;
            let wait = if lead {
                third
            } else {
                third.min(FOLLOWER_POLL)
            };
            tokio::time::sleep(wait.max(Duration::from_millis(200))).await;
        }
    }

    /// Just become the leader after another: what changed at the gateway since the shared mark, written.
    /// Without a mark, or with one too old, nothing: the next refresh lists the shop again.
    pub async fn take_over(&self, gateway: &Gateway, fence: i64) {
        let marks = match orders::marks(self.db.clone(), self.profile.clone()).await {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!("sync taken over, no marks: {e}");
                return;
            }
        };
        let Some(mark) = marks.mark.and_then(|m| Timestamp::from_second(m).ok()) else {
            return;
        };
        match self
            .fetch_changes(gateway, fence, mark, Timestamp::now())
            .await
        {
            Ok(true) => tracing::info!(profile = %self.profile, "sync taken over: changes fetched"),
            Ok(false) => tracing::info!(profile = %self.profile, "sync taken over: mark too old"),
            Err(e) => tracing::warn!("sync taken over, the gateway's changes not fetched: {e}"),
        }
    }

    /// Gives the lease up (the workstation closes), so another takes over at once.
    pub async fn release(&self) -> Result<(), StoreError> {
        self.state().fence = None;
        leader::release(self.db.clone(), self.profile.clone(), self.me.clone()).await
    }

    /// Whether this workstation held the lease when last asked.
    pub fn leads(&self) -> bool {
        self.state().fence.is_some()
    }

    /// What a whole sync should do now.
    pub async fn plan_full(&self) -> Result<Full, StoreError> {
        let Some(fence) = self.lead().await? else {
            return Ok(Full::Read);
        };
        let first = !std::mem::replace(&mut self.state().listed_once, true);
        if first {
            let m = self.marks().await?;
            if let (Some(mark), true) = (m.mark, self.is_fresh(&m)) {
                return Ok(Full::CatchUp { fence, mark });
            }
        }
        Ok(Full::List { fence })
    }

    /// Writes what the leader fetched, under `fence`.
    pub async fn write(&self, fence: i64, batch: Batch) -> Result<i64, StoreError> {
        orders::write(
            self.db.clone(),
            self.profile.clone(),
            self.me.clone(),
            fence,
            batch,
        )
        .await
    }

    /// The same from a thread that is not the runtime's (a page writer).
    pub fn write_blocking(&self, fence: i64, batch: Batch) -> Result<i64, StoreError> {
        let me = self.clone();
        self.db.block(async move { me.write(fence, batch).await })
    }

    /// After a whole list written under `fence`: the orders that left the queue (when `listed` is given),
    /// the mark; this workstation's queue is the shared one now.
    pub async fn finish_list(
        &self,
        fence: i64,
        listed: Option<Vec<String>>,
        mark: Timestamp,
    ) -> Result<(), StoreError> {
        let batch = Batch {
            orders: Vec::new(),
            listed,
            mark: Some(mark.as_second()),
        };
        let seq = self.write(fence, batch).await?;
        self.state().cursor = Some(seq);
        Ok(())
    }

    /// The queue's shared rows changed since this workstation last read them (every row in the queue at
    /// the first read).
    pub async fn read(&self) -> Result<(Got, Marks), StoreError> {
        let since = self.state().cursor;
        let read = orders::read(self.db.clone(), self.profile.clone(), since).await?;
        self.state().cursor = Some(read.marks.seq);
        let marks = read.marks;
        // An order out of the queue whose copy still says unshipped left it unseen (a whole list stopped
        // listing it): a merge would keep it, so the queue is read whole.
        let unseen_leaving = read.orders.iter().any(|(o, q)| !q && sync::belongs(o));
        // Rows this workstation never saw leave were forgotten since it last read: a merge would keep them.
        let missed_pruned = since.is_some_and(|s| s < marks.pruned);
        let got = match (
            since,
            marks.mark.and_then(|m| Timestamp::from_second(m).ok()),
        ) {
            (Some(_), Some(mark)) if !unseen_leaving && !missed_pruned => Got::Changes {
                orders: read.orders.into_iter().map(|(o, _)| o).collect(),
                mark,
            },
            (Some(_), _) => return self.read_whole().await,
            (None, _) => Got::Whole {
                orders: read
                    .orders
                    .into_iter()
                    .filter(|(_, q)| *q)
                    .map(|(o, _)| o)
                    .collect(),
            },
        };
        Ok((got, marks))
    }

    /// Every order of the shared queue; the next read asks only what changed since.
    pub async fn read_whole(&self) -> Result<(Got, Marks), StoreError> {
        self.state().cursor = None;
        Box::pin(self.read()).await
    }

    /// A refresh: the leader asks the gateway what changed since the shared mark and writes it, then (as
    /// every follower) reads the shared rows changed since its last read. `TooOld` when the shared queue
    /// has no mark or one too old: the leader must list the shop again.
    pub async fn refresh(&self, gateway: &Gateway, now: Timestamp) -> Result<Got, ApiError> {
        if let Some(fence) = self.lead().await.map_err(|e| self.api_error(e))? {
            let marks = orders::marks(self.db.clone(), self.profile.clone())
                .await
                .map_err(|e| self.api_error(e))?;
            let Some(mark) = marks.mark.and_then(|m| Timestamp::from_second(m).ok()) else {
                return Ok(Got::TooOld);
            };
            if !self.fetch_changes(gateway, fence, mark, now).await? {
                return Ok(Got::TooOld);
            }
        }
        self.read()
            .await
            .map(|(g, _)| g)
            .map_err(|e| self.api_error(e))
    }

    /// A leader joining a fresh shared queue: what changed since its mark, written, then the whole queue.
    /// `TooOld` when the mark turned out too old for a refresh.
    pub async fn catch_up(
        &self,
        gateway: &Gateway,
        fence: i64,
        mark: i64,
        now: Timestamp,
    ) -> Result<Got, ApiError> {
        let mark = Timestamp::from_second(mark).unwrap_or(Timestamp::UNIX_EPOCH);
        if !self.fetch_changes(gateway, fence, mark, now).await? {
            return Ok(Got::TooOld);
        }
        self.read_whole()
            .await
            .map(|(g, _)| g)
            .map_err(|e| self.api_error(e))
    }

    /// The gateway's changes since `mark`, written with the new mark; false when the mark is too old.
    async fn fetch_changes(
        &self,
        gateway: &Gateway,
        fence: i64,
        mark: Timestamp,
        now: Timestamp,
    ) -> Result<bool, ApiError> {
        match sync::changes_to_now(gateway, mark, now, sync::OVERLAP).await? {
            Refresh::TooOld => Ok(false),
            Refresh::Changed { orders, mark } => {
                let batch = Batch {
                    orders,
                    listed: None,
                    mark: Some(mark.as_second()),
                };
                if let Err(e) = self.write(fence, batch).await {
                    // Stalled past the lease (another leads now): its rows are the ones to read.
                    if matches!(self.lead().await, Ok(None)) {
                        tracing::info!("sync lease lost during a refresh: {e}");
                        return Ok(true);
                    }
                    return Err(self.api_error(e));
                }
                Ok(true)
            }
        }
    }
}
