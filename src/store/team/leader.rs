//! The sync lease of a shop: one workstation of the team (the leader) lists the shop from the gateway,
//! the others read what it wrote. The lease is taken or renewed in one statement on the database's clock;
//! its fence grows with every new holder, so a leader that stalled past its lease cannot write over the next.

use super::{NOW, TeamDb, pg_error};
use crate::store::identity;
use crate::store::model::StoreError;
use tokio_postgres::Row;

/// Who holds (or asks for) a lease: a process on a host, for an operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub host: String,
    pub pid: i64,
    pub operator: String,
}

impl Holder {
    /// This process, for `operator`.
    pub fn me(operator: &str) -> Self {
        Holder {
            host: identity::host(),
            pid: i64::from(identity::pid()),
            operator: operator.to_string(),
        }
    }
}

/// What asking for the lease came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lease {
    /// Ours until `expires_at` (Unix s, database clock); `fence` is carried by every write made under it.
    Mine { fence: i64, expires_at: i64 },
    /// Another's, until `expires_at`.
    Theirs { holder: Holder, expires_at: i64 },
}

impl Lease {
    pub fn fence(&self) -> Option<i64> {
        match self {
            Lease::Mine { fence, .. } => Some(*fence),
            Lease::Theirs { .. } => None,
        }
    }
}

fn holder(r: &Row, at: usize) -> Holder {
    Holder {
        host: r.get(at),
        pid: r.get(at + 1),
        operator: r.get(at + 2),
    }
}

/// Takes the lease of `profile` for `secs` seconds when it is free or expired, renews it when `me` holds
/// it already; otherwise says who holds it. A new holder gets the next fence; a renewal keeps it.
pub async fn acquire(
    db: TeamDb,
    profile: String,
    me: Holder,
    secs: i64,
) -> Result<Lease, StoreError> {
    db.run(move |conn| async move {
        let take = format!(
            "INSERT INTO sync_leases (profile, host, pid, operator, expires_at) \
             VALUES ($1, $2, $3, $4, {NOW} + $5) \
             ON CONFLICT (profile) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid, \
                 operator = EXCLUDED.operator, expires_at = EXCLUDED.expires_at, \
                 fence = CASE WHEN sync_leases.host = EXCLUDED.host AND sync_leases.pid = EXCLUDED.pid \
                         THEN sync_leases.fence ELSE sync_leases.fence + 1 END \
             WHERE sync_leases.expires_at <= {NOW} \
                 OR (sync_leases.host = EXCLUDED.host AND sync_leases.pid = EXCLUDED.pid) \
             RETURNING fence, expires_at"
        );
        let secs = secs.max(1);
        let got = conn
            .query_opt(
                &take,
                &[&profile, &me.host, &me.pid, &me.operator, &secs],
            )
            .await
            .map_err(pg_error)?;
        if let Some(r) = got {
            return Ok(Lease::Mine {
                fence: r.get(0),
                expires_at: r.get(1),
            });
        }
        let r = conn
            .query_one(
                "SELECT host, pid, operator, expires_at FROM sync_leases WHERE profile = $1",
                &[&profile],
            )
            .await
            .map_err(pg_error)?;
        Ok(Lease::Theirs {
            holder: holder(&r, 0),
            expires_at: r.get(3),
        })
    })
    .await
}

/// Gives the lease up at once (a workstation closing), so another takes over without waiting it out.
/// Nothing happens when `me` no longer holds it.
pub async fn release(db: TeamDb, profile: String, me: Holder) -> Result<(), StoreError> {
    db.run(move |conn| async move {
        conn.execute(
            &format!(
                "UPDATE sync_leases SET expires_at = {NOW} \
                 WHERE profile = $1 AND host = $2 AND pid = $3"
            ),
            &[&profile, &me.host, &me.pid],
        )
        .await
        .map_err(pg_error)?;
        Ok(())
    })
    .await
}

/// Within a transaction: locks the lease row and checks that `me` still holds it with `fence`, so that
/// no new holder can take it before this transaction ends. `Err(Lost)` otherwise.
pub(crate) async fn hold(
    tx: &impl deadpool_postgres::GenericClient,
    profile: &str,
    me: &Holder,
    fence: i64,
) -> Result<(), StoreError> {
    let row = tx
        .query_opt(
            "SELECT 1 FROM sync_leases WHERE profile = $1 AND host = $2 AND pid = $3 AND fence = $4 \
             FOR UPDATE",
            &[&profile, &me.host, &me.pid, &fence],
        )
        .await
        .map_err(pg_error)?;
    match row {
        Some(_) => Ok(()),
        None => Err(StoreError::Db(format!(
            "the sync lease of {profile} (fence {fence}) was taken over: nothing written"
        ))),
    }
}
