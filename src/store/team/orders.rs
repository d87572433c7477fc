//! The queue of a shop as its sync leader fetched it, shared with the team: one row per order (the whole
//! order as JSON, whether it is in the unshipped queue, a version), and per shop the high-water mark and a
//! change counter. Followers read the rows changed since the counter they last saw, never the gateway.

use super::leader::{Holder, hold};
use super::{NOW, TeamDb, pg_error};
use crate::domain::Order;
use crate::store::model::StoreError;
use std::collections::HashMap;

/// The channel a write is announced on (payload: the profile), for workstations that listen.
pub const CHANNEL: &str = "pddtui_sync";

/// How long before the mark an order must have left the queue for its row to be forgotten: the row is
/// deleted once every copy of it a list or refresh still running could bring is older than its leaving,
/// so a stale copy can never put it back in the queue as unshipped.
pub const PRUNE_AFTER: i64 = 24 * 3600;

/// What the leader writes in one transaction.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// Orders fetched (any status: one that left the queue is kept, out of it, so followers see it leave).
    pub orders: Vec<Order>,
    /// After a whole list: the orders it listed; every other order in the queue has left it.
    pub listed: Option<Vec<String>>,
    /// The high-water mark reached (Unix s): every change up to it has been fetched.
    pub mark: Option<i64>,
}

/// The shared sync state of a shop.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    /// Unix s; none before the first sync.
    pub mark: Option<i64>,
    /// Seconds since the leader last wrote a sync (database clock); none before the first.
    pub age: Option<i64>,
    /// The change counter: every row changed since has a greater one.
    pub seq: i64,
    /// The newest change counter among rows forgotten (`PRUNE_AFTER`): a reader whose counter is older
    /// never saw some of them leave the queue, and must read the queue whole.
    pub pruned: i64,
}

/// Rows read: each order with whether it is in the queue, and the marks as of the same snapshot.
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub marks: Marks,
    pub orders: Vec<(Order, bool)>,
}

/// Writes `batch` under the lease `fence` of `me`: refused (nothing written) when the lease was taken
/// over. An older copy of an order never replaces a newer one; an unchanged one is not rewritten. Returns
/// the change counter after the write.
pub async fn write(
    db: TeamDb,
    profile: String,
    me: Holder,
    fence: i64,
    batch: Batch,
) -> Result<i64, StoreError> {
    // One copy per order (the newest): one statement may not change a row twice.
    let mut newest: HashMap<String, Order> = HashMap::new();
    for o in batch.orders {
        match newest.get(&o.order_sn) {
            Some(old) if old.updated_at > o.updated_at => {}
            _ => {
                newest.insert(o.order_sn.clone(), o);
            }
        }
    }
    let (mut sns, mut bodies, mut updated, mut queued) = (vec![], vec![], vec![], vec![]);
    for (sn, o) in newest {
        let body = serde_json::to_string(&o).map_err(|e| StoreError::Db(e.to_string()))?;
        updated.push(o.updated_at.map(|t| t.as_second()));
        queued.push(o.is_unshipped());
        sns.push(sn);
        bodies.push(body);
    }
    db.run(move |mut conn| async move {
        let tx = conn.transaction().await.map_err(pg_error)?;
        hold(&tx, &profile, &me, fence).await?;
        let seq: i64 = tx
            .query_one(
                "INSERT INTO sync_marks (profile, seq, fence) VALUES ($1, 1, $2) \
                 ON CONFLICT (profile) DO UPDATE SET seq = sync_marks.seq + 1, fence = $2 \
                 RETURNING seq",
                &[&profile, &fence],
            )
            .await
            .map_err(pg_error)?
            .get(0);
        if !sns.is_empty() {
            tx.execute(
                "INSERT INTO sync_orders (profile, order_sn, body, updated_at, in_queue, seq) \
                 SELECT $1, u.sn, u.body, u.upd, u.inq, $6 \
                 FROM UNNEST($2::text[], $3::text[], $4::bigint[], $5::bool[]) AS u(sn, body, upd, inq) \
                 ON CONFLICT (profile, order_sn) DO UPDATE SET body = EXCLUDED.body, \
                     updated_at = EXCLUDED.updated_at, in_queue = EXCLUDED.in_queue, \
                     version = sync_orders.version + 1, seq = EXCLUDED.seq \
                 WHERE (sync_orders.body <> EXCLUDED.body OR sync_orders.in_queue <> EXCLUDED.in_queue) \
                     AND (sync_orders.updated_at IS NULL OR EXCLUDED.updated_at IS NULL \
                          OR sync_orders.updated_at <= EXCLUDED.updated_at)",
                &[&profile, &sns, &bodies, &updated, &queued, &seq],
            )
            .await
            .map_err(pg_error)?;
        }
        if let Some(listed) = &batch.listed {
            tx.execute(
                "UPDATE sync_orders o SET in_queue = false, version = o.version + 1, seq = $3 \
                 WHERE o.profile = $1 AND o.in_queue \
                     AND NOT EXISTS (SELECT 1 FROM UNNEST($2::text[]) AS l(sn) WHERE l.sn = o.order_sn)",
                &[&profile, listed, &seq],
            )
            .await
            .map_err(pg_error)?;
        }
        if let Some(mark) = batch.mark {
            // Orders out of the queue since before this write (their leaving already announced) and
            // unchanged for a day before the mark are forgotten; the counter says up to where.
            tx.execute(
                "WITH gone AS (DELETE FROM sync_orders WHERE profile = $1 AND NOT in_queue AND seq < $2 \
                     AND (updated_at IS NULL OR updated_at < $3) RETURNING seq) \
                 UPDATE sync_marks SET pruned = GREATEST(pruned, (SELECT MAX(seq) FROM gone)) \
                 WHERE profile = $1 AND EXISTS (SELECT 1 FROM gone)",
                &[&profile, &seq, &(mark - PRUNE_AFTER)],
            )
            .await
            .map_err(pg_error)?;
            tx.execute(
                &format!(
                    "UPDATE sync_marks SET mark = GREATEST(COALESCE(mark, $2), $2), synced_at = {NOW} \
                     WHERE profile = $1"
                ),
                &[&profile, &mark],
            )
            .await
            .map_err(pg_error)?;
        }
        tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &profile])
            .await
            .map_err(pg_error)?;
        tx.commit().await.map_err(pg_error)?;
        Ok(seq)
    })
    .await
}

/// The shop's marks (default when nothing was ever written).
pub async fn marks(db: TeamDb, profile: String) -> Result<Marks, StoreError> {
    db.run(move |conn| async move { marks_in(&conn, &profile).await })
        .await
}

async fn marks_in(
    c: &impl deadpool_postgres::GenericClient,
    profile: &str,
) -> Result<Marks, StoreError> {
    let row = c
        .query_opt(
            &format!(
                "SELECT mark, {NOW} - synced_at, seq, pruned FROM sync_marks WHERE profile = $1"
            ),
            &[&profile],
        )
        .await
        .map_err(pg_error)?;
    Ok(row
        .map(|r| Marks {
            mark: r.get(0),
            age: r.get(1),
            seq: r.get(2),
            pruned: r.get(3),
        })
        .unwrap_or_default())
}

/// The orders changed since the counter `since` (in the queue or not), or with `None` every order in the
/// queue; with the marks of the same snapshot, whose `seq` is the counter to ask from next time.
pub async fn read(db: TeamDb, profile: String, since: Option<i64>) -> Result<Read, StoreError> {
    db.run(move |mut conn| async move {
        let tx = conn
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await
            .map_err(pg_error)?;
        let marks = marks_in(&tx, &profile).await?;
        let rows = match since {
            Some(seq) => {
                tx.query(
                    "SELECT order_sn, body, in_queue FROM sync_orders WHERE profile = $1 AND seq > $2",
                    &[&profile, &seq],
                )
                .await
            }
            None => {
                tx.query(
                    "SELECT order_sn, body, in_queue FROM sync_orders WHERE profile = $1 AND in_queue",
                    &[&profile],
                )
                .await
            }
        }
        .map_err(pg_error)?;
        tx.commit().await.map_err(pg_error)?;
        let mut orders = Vec::with_capacity(rows.len());
        for r in rows {
            let body: String = r.get(1);
            match serde_json::from_str::<Order>(&body) {
                Ok(mut o) => {
                    // Written by another host: text reaches this terminal only sanitised.
                    o.sanitize();
                    orders.push((o, r.get(2)));
                }
                Err(e) => {
                    let sn: String = r.get(0);
                    tracing::warn!("team queue: unreadable order {sn}: {e}");
                }
            }
        }
        Ok(Read { marks, orders })
    })
    .await
}
