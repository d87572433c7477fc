//! The journal behind `JournalBackend` in the team's PostgreSQL: the same rules as the SQLite journal
//! (intent before the request, outcome after, a number used once unless shared within a parcel), shared
//! by every workstation of the team. Leases are reckoned on the database's clock.

use super::fenced::{self, Answer};
use super::{NOW, TeamDb, pg_error};
use crate::domain::validate::number_key;
use crate::store::backend::{Begun, Duplicates, JournalBackend, PENDING_ONLY, Tenure};
use crate::store::identity;
use crate::store::model::{
    Actor, Claim, Filter, NewOp, OpEntry, OpKind, OpOutcome, Refusal, ShipState, StoreError,
};
use crate::store::waybills::WaybillEntry;
use deadpool_postgres::GenericClient;
use tokio_postgres::Row;

const COLUMNS: &str = "id, at, operator, profile, kind, order_sn, logistics_id, number, params, \
                       state, error, result, outcome_at";

/// The journal of a team.
#[derive(Debug, Clone)]
pub struct PgJournal {
    db: TeamDb,
}

impl PgJournal {
    /// The journal in `db`, whose schema `migrate` has brought up to date.
    pub fn new(db: TeamDb) -> Self {
        PgJournal { db }
    }

    pub fn db(&self) -> &TeamDb {
        &self.db
    }
}

fn entry(r: &Row) -> OpEntry {
    let kind: String = r.get(4);
    let params: String = r.get(8);
    let state: String = r.get(9);
    OpEntry {
        id: r.get(0),
        at: r.get(1),
        user: r.get(2),
        profile: r.get(3),
        kind: OpKind::from_code(&kind).unwrap_or(OpKind::Ship),
        order_sn: r.get(5),
        logistics_id: r.get(6),
        number: r.get(7),
        params: serde_json::from_str(&params).unwrap_or(serde_json::Value::Null),
        // An unreadable state is treated as unknown: it must be checked, never trusted.
        state: ShipState::from_code(&state).unwrap_or(ShipState::Unknown),
        error: r.get(10),
        result: r.get(11),
        outcome_at: r.get(12),
    }
}

/// Every other order that used `number`, the latest first, each once.
async fn users_of(
    c: &impl GenericClient,
    number: &str,
    order_sn: &str,
) -> Result<Vec<String>, StoreError> {
    // A failed or conflicting shipment did not put the number on its order.
    let rows = c
        .query(
            "SELECT order_sn FROM (
                 SELECT order_sn, id FROM ops WHERE kind IN ('ship', 'modify') AND number_key = $1
                     AND order_sn <> $2 AND state NOT IN ('failed', 'conflict')
                 UNION ALL
                 SELECT order_sn, 0 FROM waybills WHERE number_key = $1 AND order_sn <> $2
             ) u ORDER BY id DESC",
            &[&number_key(number), &order_sn],
        )
        .await
        .map_err(pg_error)?;
    let mut out: Vec<String> = Vec::new();
    for r in rows {
        let sn: String = r.get(0);
        if !out.contains(&sn) {
            out.push(sn);
        }
    }
    Ok(out)
}

fn claim_row(r: &Row) -> Claim {
    Claim {
        order_sn: r.get(0),
        user: r.get(1),
        host: r.get(2),
        pid: u32::try_from(r.get::<_, i64>(3)).unwrap_or(0),
        expires_at: r.get(4),
    }
}

/// A claim of this host whose process is gone holds nothing, whatever its lease says.
fn holder_gone(c: &Claim) -> bool {
    c.host == identity::host() && identity::process_gone(c.pid)
}

impl PgJournal {
    /// Writes the outcome of operation `id` where `only` (empty, or `PENDING_ONLY`) holds; true when
    /// written.
    fn write_outcome(
        &self,
        id: i64,
        outcome: OpOutcome<'_>,
        only: &'static str,
    ) -> Result<bool, StoreError> {
        let state = outcome.state().code();
        let error = outcome.error().map(str::to_string);
        let result = outcome.result().map(str::to_string);
        self.db.call(move |conn| async move {
            let n = conn
                .execute(
                    &format!(
                        "UPDATE ops SET state = $2, error = $3, result = COALESCE($4, result), \
                         outcome_at = {NOW} WHERE id = $1{only}"
                    ),
                    &[&id, &state, &error, &result],
                )
                .await
                .map_err(pg_error)?;
            Ok(n > 0)
        })
    }
}

impl JournalBackend for PgJournal {
    fn begin(&self, actor: &Actor, op: &NewOp, dup: Duplicates) -> Result<i64, StoreError> {
        let actor = actor.clone();
        let op = op.clone();
        self.db.call(move |mut conn| async move {
            let tx = conn.transaction().await.map_err(pg_error)?;
            let shared_with: &[String] = match &dup {
                Duplicates::SharedWith(sns) => sns,
                _ => &[],
            };
            let checked =
                dup != Duplicates::Allow && matches!(op.kind, OpKind::Ship | OpKind::Modify);
            if checked && let Some(number) = &op.number {
                // One number at a time: two hosts sending the same number for two orders are serialised
                // here, so the second sees the first's intent.
                tx.execute(
                    "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                    &[&number_key(number)],
                )
                .await
                .map_err(pg_error)?;
                let users = users_of(&tx, number, &op.order_sn).await?;
                if let Some(other) = users.into_iter().find(|sn| !shared_with.contains(sn)) {
                    return Err(Refusal::DuplicateNumber {
                        order_sn: op.order_sn.clone(),
                        number: number.clone(),
                        other_order: other,
                    }
                    .into());
                }
            }
            let pid = i64::from(identity::pid());
            let host = identity::host();
            let row = tx
                .query_one(
                    &format!(
                        "INSERT INTO ops (at, operator, profile, kind, order_sn, logistics_id, number, \
                         params, state, host, pid, number_key, fence) \
                         VALUES ({NOW}, $1, $2, $3, $4, $5, $6, $7, 'intent', $8, $9, $10, \
                         (SELECT fence FROM claims WHERE order_sn = $4 AND host = $8 AND pid = $9)) \
                         RETURNING id"
                    ),
                    &[
                        &actor.user,
                        &actor.profile,
                        &op.kind.code(),
                        &op.order_sn,
                        &op.logistics_id,
                        &op.number,
                        &op.params.to_string(),
                        &host,
                        &pid,
                        &op.number.as_deref().map(number_key),
                    ],
                )
                .await
                .map_err(pg_error)?;
            tx.commit().await.map_err(pg_error)?;
            Ok(row.get::<_, i64>(0))
        })
    }

    fn finish(&self, id: i64, outcome: OpOutcome<'_>) -> Result<(), StoreError> {
        self.write_outcome(id, outcome, "").map(|_| ())
    }

    fn settle(&self, id: i64, outcome: OpOutcome<'_>) -> Result<bool, StoreError> {
        self.write_outcome(id, outcome, PENDING_ONLY)
    }

    fn entries(&self, filter: &Filter) -> Result<Vec<OpEntry>, StoreError> {
        let (since, order_sn) = (filter.since, filter.order_sn.clone());
        self.db.call(move |conn| async move {
            let rows = conn
                .query(
                    &format!(
                        "SELECT {COLUMNS} FROM ops WHERE ($1::BIGINT IS NULL OR at >= $1) \
                         AND ($2::TEXT IS NULL OR order_sn = $2) ORDER BY id"
                    ),
                    &[&since, &order_sn],
                )
                .await
                .map_err(pg_error)?;
            Ok(rows.iter().map(entry).collect())
        })
    }

    /// Read in pages of a thousand after the last entry handed out: a long trail is printed in the
    /// memory of a page.
    fn each_entry(
        &self,
        filter: &Filter,
        each: &mut dyn FnMut(OpEntry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut after = i64::MIN;
        loop {
            let (since, order_sn) = (filter.since, filter.order_sn.clone());
            let page: Vec<OpEntry> = self.db.call(move |conn| async move {
                let rows = conn
                    .query(
                        &format!(
                            "SELECT {COLUMNS} FROM ops WHERE ($1::BIGINT IS NULL OR at >= $1) \
                             AND ($2::TEXT IS NULL OR order_sn = $2) AND id > $3 ORDER BY id \
                             LIMIT 1000"
                        ),
                        &[&since, &order_sn, &after],
                    )
                    .await
                    .map_err(pg_error)?;
                Ok(rows.iter().map(entry).collect())
            })?;
            let Some(last) = page.last() else {
                return Ok(());
            };
            after = last.id;
            page.into_iter().try_for_each(&mut *each)?;
        }
    }

    fn latest(&self) -> Result<Vec<OpEntry>, StoreError> {
        self.db.call(move |conn| async move {
            let rows = conn
                .query(
                    &format!(
                        "SELECT {COLUMNS} FROM ops WHERE id IN (SELECT MAX(id) FROM ops GROUP BY \
                         order_sn, CASE kind WHEN 'modify' THEN 'ship' ELSE kind END) ORDER BY id"
                    ),
                    &[],
                )
                .await
                .map_err(pg_error)?;
            Ok(rows.iter().map(entry).collect())
        })
    }

    fn recent(&self, limit: usize) -> Result<Vec<OpEntry>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.db.call(move |conn| async move {
            let rows = conn
                .query(
                    &format!("SELECT {COLUMNS} FROM ops ORDER BY id DESC LIMIT $1"),
                    &[&limit],
                )
                .await
                .map_err(pg_error)?;
            Ok(rows.iter().map(entry).collect())
        })
    }

    fn count(&self) -> Result<u64, StoreError> {
        self.db.call(move |conn| async move {
            let row = conn
                .query_one("SELECT COUNT(*) FROM ops", &[])
                .await
                .map_err(pg_error)?;
            Ok(row.get::<_, i64>(0).unsigned_abs())
        })
    }

    fn number_used_by(&self, number: &str, order_sn: &str) -> Result<Option<String>, StoreError> {
        Ok(self.number_users(number, order_sn)?.into_iter().next())
    }

    fn number_users(&self, number: &str, order_sn: &str) -> Result<Vec<String>, StoreError> {
        let (number, order_sn) = (number.to_string(), order_sn.to_string());
        self.db
            .call(move |conn| async move { users_of(&conn, &number, &order_sn).await })
    }

    /// `INSERT … ON CONFLICT … WHERE` the lease ran out or the holder is this process: the claim is taken
    /// or renewed in one statement, its fence counting every change of holder.
    fn claim(&self, claim: &Claim, now: i64) -> Result<(), StoreError> {
        let claim = claim.clone();
        let lease = (claim.expires_at - now).max(1);
        self.db.call(move |conn| async move {
            let pid = i64::from(claim.pid);
            let take = format!(
                "INSERT INTO claims (order_sn, operator, host, pid, expires_at) \
                 VALUES ($1, $2, $3, $4, {NOW} + $5) \
                 ON CONFLICT (order_sn) DO UPDATE SET operator = EXCLUDED.operator, \
                     host = EXCLUDED.host, pid = EXCLUDED.pid, expires_at = EXCLUDED.expires_at, \
                     fence = CASE WHEN claims.host = EXCLUDED.host AND claims.pid = EXCLUDED.pid \
                             THEN claims.fence ELSE EXCLUDED.fence END \
                 WHERE claims.expires_at <= {NOW} \
                     OR (claims.host = EXCLUDED.host AND claims.pid = EXCLUDED.pid) \
                     OR (claims.host = EXCLUDED.host AND claims.pid = $6) \
                 RETURNING fence"
            );
            let taken = conn
                .query_opt(
                    &take,
                    &[&claim.order_sn, &claim.user, &claim.host, &pid, &lease, &-1i64],
                )
                .await
                .map_err(pg_error)?;
            if taken.is_some() {
                return Ok(());
            }
            let held = conn
                .query_opt(
                    "SELECT order_sn, operator, host, pid, expires_at FROM claims WHERE order_sn = $1",
                    &[&claim.order_sn],
                )
                .await
                .map_err(pg_error)?
                .map(|r| claim_row(&r));
            match held {
                // The holder is a process of this host that is gone: its claim holds nothing.
                Some(h) if holder_gone(&h) => {
                    let gone = i64::from(h.pid);
                    let again = conn
                        .query_opt(
                            &take,
                            &[&claim.order_sn, &claim.user, &claim.host, &pid, &lease, &gone],
                        )
                        .await
                        .map_err(pg_error)?;
                    match again {
                        Some(_) => Ok(()),
                        None => Err(StoreError::Db(format!(
                            "order {}: the claim changed hands while being taken",
                            claim.order_sn
                        ))),
                    }
                }
                Some(h) => Err(Refusal::InProgress(h).into()),
                // Released between the two statements: take it now.
                None => {
                    conn.query_opt(
                        &take,
                        &[&claim.order_sn, &claim.user, &claim.host, &pid, &lease, &-1i64],
                    )
                    .await
                    .map_err(pg_error)?;
                    Ok(())
                }
            }
        })
    }

    /// One round trip (`pddtui_begin_ship`); a second only when the holder is a process of this host
    /// that is gone.
    fn claim_and_begin(
        &self,
        claim: &Claim,
        now: i64,
        actor: &Actor,
        op: &NewOp,
        dup: Duplicates,
    ) -> Result<Begun, StoreError> {
        let lease = (claim.expires_at - now).max(1);
        let ask = |gone: i64| {
            self.db.block(fenced::begin_ship(
                self.db.clone(),
                claim.clone(),
                lease,
                gone,
                actor.clone(),
                op.clone(),
                dup.clone(),
            ))
        };
        match ask(-1)? {
            Answer::Begun(b) => Ok(b),
            Answer::Held(h) if holder_gone(&h) => match ask(i64::from(h.pid))? {
                Answer::Begun(b) => Ok(b),
                Answer::Held(h) => Err(Refusal::InProgress(h).into()),
            },
            Answer::Held(h) => Err(Refusal::InProgress(h).into()),
        }
    }

    fn renew(&self, claim: &Claim, now: i64, tenure: &Tenure) -> Result<bool, StoreError> {
        let lease = (claim.expires_at - now).max(1);
        self.db.block(fenced::renew(
            self.db.clone(),
            claim.clone(),
            lease,
            tenure.fence,
        ))
    }

    /// One statement: the outcome written, the claim let go only in the tenure the work began with.
    fn finish_and_release(
        &self,
        id: i64,
        outcome: OpOutcome<'_>,
        _order_sn: &str,
        tenure: &Tenure,
    ) -> Result<(), StoreError> {
        self.db.block(fenced::finish_and_release(
            self.db.clone(),
            id,
            fenced::columns(outcome),
            tenure.clone(),
        ))
    }

    fn release_held(&self, order_sn: &str, tenure: &Tenure) -> Result<(), StoreError> {
        self.db.block(fenced::release(
            self.db.clone(),
            order_sn.to_string(),
            tenure.host.clone(),
            i64::from(tenure.pid),
            tenure.fence,
        ))
    }

    fn release(&self, order_sn: &str, host: &str, pid: u32) -> Result<(), StoreError> {
        let (order_sn, host, pid) = (order_sn.to_string(), host.to_string(), i64::from(pid));
        self.db.call(move |conn| async move {
            conn.execute(
                "DELETE FROM claims WHERE order_sn = $1 AND host = $2 AND pid = $3",
                &[&order_sn, &host, &pid],
            )
            .await
            .map_err(pg_error)?;
            Ok(())
        })
    }

    fn claims(&self, _now: i64) -> Result<Vec<Claim>, StoreError> {
        self.db.call(move |conn| async move {
            let rows = conn
                .query(
                    &format!(
                        "SELECT order_sn, operator, host, pid, expires_at FROM claims \
                         WHERE expires_at > {NOW} ORDER BY order_sn"
                    ),
                    &[],
                )
                .await
                .map_err(pg_error)?;
            Ok(rows
                .iter()
                .map(claim_row)
                .filter(|c| !holder_gone(c))
                .collect())
        })
    }

    fn waybill(&self, order_sn: &str) -> Result<Option<WaybillEntry>, StoreError> {
        let order_sn = order_sn.to_string();
        self.db.call(move |conn| async move {
            let row = conn
                .query_opt(
                    "SELECT order_sn, out_trade_no, number FROM waybills WHERE order_sn = $1",
                    &[&order_sn],
                )
                .await
                .map_err(pg_error)?;
            Ok(row.map(|r| WaybillEntry {
                order_sn: r.get(0),
                out_trade_no: r.get(1),
                number: r.get(2),
            }))
        })
    }

    fn put_waybill(&self, e: &WaybillEntry) -> Result<(), StoreError> {
        let e = e.clone();
        self.db.call(move |conn| async move {
            conn.execute(
                "INSERT INTO waybills (order_sn, out_trade_no, number, number_key) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (order_sn) DO UPDATE SET \
                 out_trade_no = EXCLUDED.out_trade_no, number = EXCLUDED.number, \
                 number_key = EXCLUDED.number_key",
                &[
                    &e.order_sn,
                    &e.out_trade_no,
                    &e.number,
                    &e.number.as_deref().map(number_key),
                ],
            )
            .await
            .map_err(pg_error)?;
            Ok(())
        })
    }
}
