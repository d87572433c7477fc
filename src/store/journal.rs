//! The journal as the operations use it: who acts (user, profile), intents and outcomes, claims of
//! orders being shipped. Storage sits behind `JournalBackend`; `open` picks SQLite in the data dir.

use super::backend::{Begun, Duplicates, JournalBackend, Tenure};
use super::identity;
use super::model::{
    Actor, Claim, Filter, History, NewOp, OpEntry, OpKind, OpOutcome, ShipEntry, ShipState,
    StoreError,
};
use super::sqlite::SqliteJournal;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// How long a claim holds without being renewed (by default). Work on an order renews its claim every
/// third of this, so it only matters when a process stops without releasing.
pub const CLAIM_SECS: i64 = 120;

/// What `Journal::claim_and_begin` did; the claim is this process's, in tenure `fence`, either way.
#[derive(Debug, Clone, PartialEq)]
pub enum Started {
    /// The intent is written as operation `id`.
    Intent { id: i64, fence: i64 },
    /// Nothing written: the order's last shipment has no known outcome and is settled first.
    Pending { earlier: Box<OpEntry>, fence: i64 },
}

#[derive(Debug, Clone)]
pub struct Journal {
    backend: Arc<dyn JournalBackend>,
    actor: Actor,
    lease: Duration,
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

impl Journal {
    /// Opens (creating it, private to the user) `journal.sqlite3` in `data_dir`. The profile is empty
    /// until `with_profile` names it.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        let journal = Self::with_backend(Arc::new(SqliteJournal::open(data_dir)?));
        super::legacy::import(&journal, data_dir)?;
        Ok(journal)
    }

    /// Opens the journal of a team in its shared PostgreSQL, whose schema `pddtui team init` has made.
    pub fn open_team(config: &super::team::Config) -> Result<Self, StoreError> {
        let db = super::team::TeamDb::new(config)?;
        match super::team::migrate::check(&db) {
            Ok(()) => {}
            // Down now: every write is refused until it answers again (the pool reconnects by itself),
            // and the queue is still read from the gateway and the cache meanwhile.
            Err(StoreError::Unreachable(why)) => {
                tracing::warn!("team database unreachable at start: {why}");
            }
            Err(e) => return Err(e),
        }
        Ok(Self::with_backend(Arc::new(super::team::PgJournal::new(
            db,
        ))))
    }

    /// The team's journal when `team` is given, else the data dir's.
    pub fn open_for(
        data_dir: &Path,
        team: Option<&super::team::Config>,
    ) -> Result<Self, StoreError> {
        match team {
            Some(t) => Self::open_team(t),
            None => Self::open(data_dir),
        }
    }

    pub fn with_backend(backend: Arc<dyn JournalBackend>) -> Self {
        Journal {
            backend,
            actor: Actor {
                user: identity::os_user(),
                profile: String::new(),
            },
            lease: Duration::from_secs(CLAIM_SECS.unsigned_abs()),
        }
    }

    /// The same journal, its claims holding `lease` without renewal (at least a second).
    pub fn with_lease(mut self, lease: Duration) -> Self {
        self.lease = lease.max(Duration::from_secs(1));
        self
    }

    /// How long a claim holds without renewal.
    pub fn lease(&self) -> Duration {
        self.lease
    }

    /// The same journal, recording `profile` as the shop of what is done through it.
    pub fn with_profile(mut self, profile: &str) -> Self {
        self.actor.profile = profile.to_string();
        self
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub(crate) fn backend(&self) -> &dyn JournalBackend {
        self.backend.as_ref()
    }

    /// Writes the intent of an operation before it is sent; returns its id for `finish`.
    pub fn begin(&self, op: &NewOp, dup: Duplicates) -> Result<i64, StoreError> {
        self.backend.begin(&self.actor, op, dup)
    }

    /// Writes the outcome of an operation begun with `begin`.
    pub fn finish(&self, id: i64, outcome: OpOutcome<'_>) -> Result<(), StoreError> {
        self.backend.finish(id, outcome)
    }

    /// Writes what a check found of operation `id` only while it is still pending; false when its outcome
    /// was written meanwhile (then left alone: the sender's answer wins over a check).
    pub fn settle(&self, id: i64, outcome: OpOutcome<'_>) -> Result<bool, StoreError> {
        self.backend.settle(id, outcome)
    }

    /// The audit trail, oldest first.
    pub fn entries(&self, filter: &Filter) -> Result<Vec<OpEntry>, StoreError> {
        self.backend.entries(filter)
    }

    /// The audit trail, oldest first, handed to `each` one entry at a time; `each` stops it with an error.
    pub fn each_entry(
        &self,
        filter: &Filter,
        each: &mut dyn FnMut(OpEntry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.backend.each_entry(filter, each)
    }

    /// Every operation whose outcome is not known (intent or unknown), the last of its order and kind.
    pub fn pending_ops(&self) -> Result<Vec<OpEntry>, StoreError> {
        Ok(self
            .backend
            .latest()?
            .into_iter()
            .filter(|e| e.state.is_pending())
            .collect())
    }

    /// The trail for the journal screen: what needs the operator (pending, unknown, conflicts) first, then
    /// the newest `limit` other entries, each part newest first; with the number of entries in all.
    pub fn history(&self, limit: usize) -> Result<History, StoreError> {
        let mut open: Vec<OpEntry> = self
            .backend
            .latest()?
            .into_iter()
            .filter(|e| e.state.is_pending() || e.state == ShipState::Conflict)
            .collect();
        open.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
        let ids: std::collections::HashSet<i64> = open.iter().map(|e| e.id).collect();
        let total = self.backend.count()?;
        let n = open.len();
        let mut entries = open;
        entries.extend(
            self.backend
                .recent(limit)?
                .into_iter()
                .filter(|e| !ids.contains(&e.id)),
        );
        Ok(History {
            entries,
            open: n,
            total,
        })
    }

    /// Orders whose last shipment was found shipped with another number.
    pub fn conflicts(&self) -> Result<Vec<OpEntry>, StoreError> {
        Ok(self
            .backend
            .latest()?
            .into_iter()
            .filter(|e| e.state == ShipState::Conflict)
            .collect())
    }

    /// The last shipment entry of every order whose shipment is pending.
    pub fn pending(&self) -> Result<Vec<ShipEntry>, StoreError> {
        let mut out: Vec<ShipEntry> = self
            .pending_ops()?
            .iter()
            .filter_map(OpEntry::ship_entry)
            .collect();
        out.sort_by(|a, b| a.order_sn.cmp(&b.order_sn));
        Ok(out)
    }

    /// The pending shipment of one order, with its id.
    pub fn pending_ship(&self, order_sn: &str) -> Result<Option<OpEntry>, StoreError> {
        Ok(self
            .pending_ops()?
            .into_iter()
            .find(|e| e.order_sn == order_sn && matches!(e.kind, OpKind::Ship | OpKind::Modify)))
    }

    pub fn pending_for(&self, order_sn: &str) -> Result<Option<ShipEntry>, StoreError> {
        Ok(self.pending_ship(order_sn)?.and_then(|e| e.ship_entry()))
    }

    /// Writes a whole shipment entry at once (an intent a crashed run left, in tests and imports).
    pub fn record(&self, entry: &ShipEntry) -> Result<(), StoreError> {
        let id = self.begin(&NewOp::recorded(entry), Duplicates::Allow)?;
        if let Some(outcome) = OpOutcome::of(entry.state, entry.note.as_deref()) {
            self.finish(id, outcome)?;
        }
        Ok(())
    }

    /// Another order that already used this tracking number, if any.
    pub fn number_used_by(
        &self,
        number: &str,
        order_sn: &str,
    ) -> Result<Option<String>, StoreError> {
        self.backend.number_used_by(number, order_sn)
    }

    /// Every other order that already used this tracking number, the latest first.
    pub fn number_users(&self, number: &str, order_sn: &str) -> Result<Vec<String>, StoreError> {
        self.backend.number_users(number, order_sn)
    }

    /// This process's claim of `order_sn`, running its lease from now.
    fn my_claim(&self, order_sn: &str) -> (Claim, i64) {
        let t = now();
        let claim = Claim {
            order_sn: order_sn.to_string(),
            user: self.actor.user.clone(),
            host: identity::host(),
            pid: identity::pid(),
            expires_at: t.saturating_add(i64::try_from(self.lease.as_secs()).unwrap_or(CLAIM_SECS)),
        };
        (claim, t)
    }

    /// This process in the claim's tenure `fence`.
    pub fn tenure(&self, fence: i64) -> Tenure {
        Tenure {
            host: identity::host(),
            pid: identity::pid(),
            fence,
        }
    }

    /// Claims the order of `op` for this process and writes its intent, unless the order's last shipment is
    /// pending: then that entry is handed back, to be settled under the claim first. Refused (nothing
    /// held) while another live process holds the order, or when the number is another order's.
    pub fn claim_and_begin(&self, op: &NewOp, dup: Duplicates) -> Result<Started, StoreError> {
        let (claim, t) = self.my_claim(&op.order_sn);
        match self
            .backend
            .claim_and_begin(&claim, t, &self.actor, op, dup)?
        {
            Begun::Intent { id, fence } => Ok(Started::Intent { id, fence }),
            Begun::Pending { id, fence } => {
                let earlier = self
                    .backend
                    .entries(&Filter {
                        since: None,
                        order_sn: Some(op.order_sn.clone()),
                    })?
                    .into_iter()
                    .find(|e| e.id == id);
                match earlier {
                    Some(earlier) => Ok(Started::Pending {
                        earlier: Box::new(earlier),
                        fence,
                    }),
                    None => Err(StoreError::Db(format!(
                        "order {}: pending entry {id} not found",
                        op.order_sn
                    ))),
                }
            }
        }
    }

    /// Extends this process's claim of `order_sn` held in tenure `fence`; false when another process took
    /// it over since (its lease ran out meanwhile): the claim is then left alone.
    pub fn renew(&self, order_sn: &str, fence: i64) -> Result<bool, StoreError> {
        let (claim, t) = self.my_claim(order_sn);
        self.backend.renew(&claim, t, &self.tenure(fence))
    }

    /// Writes the outcome of operation `id` and lets go of this process's claim of `order_sn` if it
    /// still holds it in tenure `fence`. Safe to repeat.
    pub fn finish_and_release(
        &self,
        id: i64,
        outcome: OpOutcome<'_>,
        order_sn: &str,
        fence: i64,
    ) -> Result<(), StoreError> {
        self.backend
            .finish_and_release(id, outcome, order_sn, &self.tenure(fence))
    }

    /// Lets go of this process's claim of `order_sn` if it still holds it in tenure `fence`.
    pub fn release_held(&self, order_sn: &str, fence: i64) -> Result<(), StoreError> {
        self.backend.release_held(order_sn, &self.tenure(fence))
    }

    /// Claims an order for this process for its lease (renewing a claim it holds); refused with
    /// `Refusal::InProgress` while another live process holds it.
    pub fn claim(&self, order_sn: &str) -> Result<(), StoreError> {
        let (claim, t) = self.my_claim(order_sn);
        self.backend.claim(&claim, t)
    }

    pub fn release(&self, order_sn: &str) -> Result<(), StoreError> {
        self.backend
            .release(order_sn, &identity::host(), identity::pid())
    }

    /// Orders being shipped right now by some process (this one included), for "in progress by USER".
    pub fn claims(&self) -> Result<Vec<Claim>, StoreError> {
        self.backend.claims(now())
    }
}
