//! What `pddtui team status` shows: the workstations online, the sync leader of each shop, the claims
//! in force — all on the database's clock.

use super::{NOW, TeamDb, pg_error};
use crate::store::model::StoreError;
use serde::Serialize;

/// A workstation not seen for this long is taken as gone.
pub const ONLINE_SECS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Workstation {
    pub operator: String,
    pub host: String,
    pub pid: i64,
    pub profile: String,
    /// Unix seconds.
    pub since: i64,
    pub last_seen: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leader {
    pub profile: String,
    pub operator: String,
    pub host: String,
    pub pid: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldClaim {
    pub order_sn: String,
    pub operator: String,
    pub host: String,
    pub pid: i64,
    pub expires_at: i64,
    pub fence: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamStatus {
    /// `host:port/dbname`.
    pub database: String,
    pub schema_version: i32,
    /// The database's clock, Unix seconds.
    pub now: i64,
    pub workstations: Vec<Workstation>,
    pub leaders: Vec<Leader>,
    pub claims: Vec<HeldClaim>,
}

/// Reads the team's state.
pub async fn status_async(db: TeamDb) -> Result<TeamStatus, StoreError> {
    let version = super::migrate::version_async(db.clone()).await?;
    let database = db.where_().to_string();
    db.run(move |conn| async move {
        let now: i64 = conn
            .query_one(&format!("SELECT {NOW}"), &[])
            .await
            .map_err(pg_error)?
            .get(0);
        let workstations = conn
            .query(
                "SELECT operator, host, pid, profile, since, last_seen FROM workstations \
                 WHERE last_seen > $1 ORDER BY operator, host, pid",
                &[&(now - ONLINE_SECS)],
            )
            .await
            .map_err(pg_error)?
            .iter()
            .map(|r| Workstation {
                operator: r.get(0),
                host: r.get(1),
                pid: r.get(2),
                profile: r.get(3),
                since: r.get(4),
                last_seen: r.get(5),
            })
            .collect();
        let leaders = conn
            .query(
                "SELECT profile, operator, host, pid, expires_at FROM sync_leases \
                 WHERE expires_at > $1 ORDER BY profile",
                &[&now],
            )
            .await
            .map_err(pg_error)?
            .iter()
            .map(|r| Leader {
                profile: r.get(0),
                operator: r.get(1),
                host: r.get(2),
                pid: r.get(3),
                expires_at: r.get(4),
            })
            .collect();
        let claims = conn
            .query(
                "SELECT order_sn, operator, host, pid, expires_at, fence FROM claims \
                 WHERE expires_at > $1 ORDER BY order_sn",
                &[&now],
            )
            .await
            .map_err(pg_error)?
            .iter()
            .map(|r| HeldClaim {
                order_sn: r.get(0),
                operator: r.get(1),
                host: r.get(2),
                pid: r.get(3),
                expires_at: r.get(4),
                fence: r.get(5),
            })
            .collect();
        Ok(TeamStatus {
            database,
            schema_version: version,
            now,
            workstations,
            leaders,
            claims,
        })
    })
    .await
}
