//! A workstation online in the team: its row in `workstations` (host, pid, operator, profile, since),
//! its `last_seen` renewed every `BEAT` while it runs, the row removed when it closes. `team status`
//! lists those seen lately; one that died without closing drops out of the list by itself.

use super::{NOW, TeamDb, background, pg_error};
use crate::store::identity;
use crate::store::model::StoreError;
use std::time::Duration;
use tokio::task::AbortHandle;

/// How often `last_seen` is renewed (`status::ONLINE_SECS` is three of these).
pub const BEAT: Duration = Duration::from_secs(10);
/// How long closing waits for its row to be removed (a database that does not answer must not hold
/// the exit).
const LEAVE_WAIT: Duration = Duration::from_secs(2);

/// This process online in the team, until dropped.
#[derive(Debug)]
pub struct Presence {
    db: TeamDb,
    host: String,
    pid: i64,
    task: AbortHandle,
}

/// Who and where: this process, as `operator` working on `profile`.
pub fn join(db: &TeamDb, operator: &str, profile: &str) -> Result<Presence, StoreError> {
    let (host, pid) = (identity::host(), i64::from(identity::pid()));
    let (db2, h, o, p) = (
        db.clone(),
        host.clone(),
        operator.to_string(),
        profile.to_string(),
    );
    let task = background()?.spawn(async move {
        let mut beat = tokio::time::interval(BEAT);
        beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            beat.tick().await;
            if let Err(e) = seen(&db2, &h, pid, &o, &p).await {
                tracing::warn!("team presence: {e}");
            }
        }
    });
    Ok(Presence {
        db: db.clone(),
        host,
        pid,
        task: task.abort_handle(),
    })
}

/// Registers (or renews) the row; `since` stays as first written.
async fn seen(
    db: &TeamDb,
    host: &str,
    pid: i64,
    operator: &str,
    profile: &str,
) -> Result<(), StoreError> {
    let (host, operator, profile) = (host.to_string(), operator.to_string(), profile.to_string());
    db.run(move |conn| async move {
        conn.execute(
            &format!(
                "INSERT INTO workstations (host, pid, operator, profile, since, last_seen) \
                 VALUES ($1, $2, $3, $4, {NOW}, {NOW}) ON CONFLICT (host, pid) DO UPDATE SET \
                 operator = EXCLUDED.operator, profile = EXCLUDED.profile, last_seen = {NOW}"
            ),
            &[&host, &pid, &operator, &profile],
        )
        .await
        .map_err(pg_error)?;
        Ok(())
    })
    .await
}

impl Drop for Presence {
    /// Stops renewing and removes the row, waiting `LEAVE_WAIT` at most.
    fn drop(&mut self) {
        self.task.abort();
        let (host, pid) = (self.host.clone(), self.pid);
        let leave = self.db.run(move |conn| async move {
            conn.execute(
                "DELETE FROM workstations WHERE host = $1 AND pid = $2",
                &[&host, &pid],
            )
            .await
            .map_err(pg_error)?;
            Ok(())
        });
        let Ok(rt) = background() else {
            return;
        };
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        rt.spawn(async move {
            let _ = tx.send(leave.await);
        });
        match rx.recv_timeout(LEAVE_WAIT) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!("team presence: cannot leave: {e}"),
            Err(_) => tracing::warn!("team presence: no answer when leaving"),
        }
    }
}
