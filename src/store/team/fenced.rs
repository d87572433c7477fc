//! A shipment's three writes in two round trips: claim + intent in one call (`pddtui_begin_ship`), outcome +
//! release in one statement, and the lease's renewal; each carries the claim's fence, so a process whose
//! lease another took over neither frees nor extends the new holder's claim.

use super::{NOW, TeamDb, pg_error};
use crate::domain::validate::number_key;
use crate::store::backend::{Begun, Duplicates, Tenure};
use crate::store::model::{Actor, Claim, NewOp, OpKind, OpOutcome, Refusal, StoreError};
use tokio_postgres::types::{ToSql, Type};

/// Migration 4: a sequence of fences (a claim's fence grows with every change of holder and is never
/// reused, even after its row is deleted on release) and the function that claims and writes the intent.
/// The function runs as one statement: one round trip; each statement inside sees what committed before
/// it, so the number's advisory lock is taken before the other users of the number are read.
pub const SHIP_FUNCTIONS: &str = "
CREATE SEQUENCE claim_fences;
SELECT setval('claim_fences', COALESCE((SELECT MAX(fence) FROM claims), 0) + 1, false);
ALTER TABLE claims ALTER COLUMN fence SET DEFAULT nextval('claim_fences');
CREATE FUNCTION pddtui_begin_ship(
    p_order_sn TEXT, p_operator TEXT, p_host TEXT, p_pid BIGINT, p_lease BIGINT, p_gone_pid BIGINT,
    p_profile TEXT, p_kind TEXT, p_logistics_id BIGINT, p_number TEXT, p_number_key TEXT,
    p_params TEXT, p_check_dup BOOLEAN, p_shared TEXT[]
) RETURNS TABLE (status TEXT, op_id BIGINT, fence BIGINT, holder TEXT, holder_host TEXT,
                 holder_pid BIGINT, holder_until BIGINT, other_order TEXT)
LANGUAGE plpgsql AS $$
DECLARE
    v_now BIGINT := EXTRACT(EPOCH FROM clock_timestamp())::BIGINT;
    v_other TEXT;
    v_fence BIGINT;
    v_pending BIGINT;
    v_id BIGINT;
BEGIN
    IF p_check_dup AND p_number_key IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtextextended(p_number_key, 0));
        SELECT u.order_sn INTO v_other FROM (
            SELECT o.order_sn, o.id FROM ops o WHERE o.kind IN ('ship', 'modify')
                AND o.number_key = p_number_key AND o.order_sn <> p_order_sn
                AND o.state NOT IN ('failed', 'conflict')
            UNION ALL
            SELECT w.order_sn, 0 FROM waybills w WHERE w.number_key = p_number_key
                AND w.order_sn <> p_order_sn
        ) u WHERE NOT (u.order_sn = ANY (p_shared)) ORDER BY u.id DESC LIMIT 1;
        IF v_other IS NOT NULL THEN
            RETURN QUERY SELECT 'duplicate'::TEXT, NULL::BIGINT, NULL::BIGINT, NULL::TEXT, NULL::TEXT,
                NULL::BIGINT, NULL::BIGINT, v_other;
            RETURN;
        END IF;
    END IF;
    INSERT INTO claims AS c (order_sn, operator, host, pid, expires_at)
        VALUES (p_order_sn, p_operator, p_host, p_pid, v_now + p_lease)
        ON CONFLICT (order_sn) DO UPDATE SET operator = EXCLUDED.operator, host = EXCLUDED.host,
            pid = EXCLUDED.pid, expires_at = EXCLUDED.expires_at,
            fence = CASE WHEN c.host = EXCLUDED.host AND c.pid = EXCLUDED.pid THEN c.fence
                    ELSE EXCLUDED.fence END
        WHERE c.expires_at <= v_now OR (c.host = EXCLUDED.host AND c.pid = EXCLUDED.pid)
            OR (c.host = EXCLUDED.host AND c.pid = p_gone_pid)
        RETURNING c.fence INTO v_fence;
    IF v_fence IS NULL THEN
        RETURN QUERY SELECT 'held'::TEXT, NULL::BIGINT, c.fence, c.operator, c.host, c.pid,
            c.expires_at, NULL::TEXT FROM claims c WHERE c.order_sn = p_order_sn;
        RETURN;
    END IF;
    SELECT o.id INTO v_pending FROM ops o
        WHERE o.order_sn = p_order_sn AND o.kind IN ('ship', 'modify')
        ORDER BY o.id DESC LIMIT 1;
    IF v_pending IS NOT NULL AND EXISTS (
        SELECT 1 FROM ops o WHERE o.id = v_pending AND o.state IN ('intent', 'unknown')
    ) THEN
        RETURN QUERY SELECT 'pending'::TEXT, v_pending, v_fence, NULL::TEXT, NULL::TEXT,
            NULL::BIGINT, NULL::BIGINT, NULL::TEXT;
        RETURN;
    END IF;
    INSERT INTO ops (at, operator, profile, kind, order_sn, logistics_id, number, params, state,
                     host, pid, number_key, fence)
        VALUES (v_now, p_operator, p_profile, p_kind, p_order_sn, p_logistics_id, p_number, p_params,
                'intent', p_host, p_pid, p_number_key, v_fence)
        RETURNING id INTO v_id;
    RETURN QUERY SELECT 'intent'::TEXT, v_id, v_fence, NULL::TEXT, NULL::TEXT, NULL::BIGINT,
        NULL::BIGINT, NULL::TEXT;
END $$;
";

/// What `pddtui_begin_ship` answered.
pub(super) enum Answer {
    Begun(Begun),
    /// Held by `Claim`, whose process may be gone (the caller decides).
    Held(Claim),
}

/// Claims the order for `claim`'s process and writes the intent of `op` under the claim, in one round
/// trip. A claim of `gone_pid` on this host is taken as free. Nothing is taken when refused.
pub(super) async fn begin_ship(
    db: TeamDb,
    claim: Claim,
    lease: i64,
    gone_pid: i64,
    actor: Actor,
    op: NewOp,
    dup: Duplicates,
) -> Result<Answer, StoreError> {
    db.run(move |conn| async move {
        let checked = dup != Duplicates::Allow && matches!(op.kind, OpKind::Ship | OpKind::Modify);
        let shared: Vec<String> = match &dup {
            Duplicates::SharedWith(sns) => sns.to_vec(),
            _ => Vec::new(),
        };
        let pid = i64::from(claim.pid);
        let key = op.number.as_deref().map(number_key);
        let params = op.params.to_string();
        let kind = op.kind.code();
        let args: [(&(dyn ToSql + Sync), Type); 14] = [
            (&claim.order_sn, Type::TEXT),
            (&actor.user, Type::TEXT),
            (&claim.host, Type::TEXT),
            (&pid, Type::INT8),
            (&lease, Type::INT8),
            (&gone_pid, Type::INT8),
            (&actor.profile, Type::TEXT),
            (&kind, Type::TEXT),
            (&op.logistics_id, Type::INT8),
            (&op.number, Type::TEXT),
            (&key, Type::TEXT),
            (&params, Type::TEXT),
            (&checked, Type::BOOL),
            (&shared, Type::TEXT_ARRAY),
        ];
        // `query_typed`: no statement prepared first, so the call is one round trip.
        let rows = conn
            .query_typed(
                "SELECT status, op_id, fence, holder, holder_host, holder_pid, holder_until, \
                 other_order FROM pddtui_begin_ship($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
                 $12, $13, $14)",
                &args,
            )
            .await
            .map_err(pg_error)?;
        let Some(r) = rows.first() else {
            return Err(StoreError::Db("pddtui_begin_ship answered nothing".into()));
        };
        let status: String = r.get(0);
        let fence = r.get::<_, Option<i64>>(2).unwrap_or(0);
        match status.as_str() {
            "intent" => Ok(Answer::Begun(Begun::Intent {
                id: r.get(1),
                fence,
            })),
            "pending" => Ok(Answer::Begun(Begun::Pending {
                id: r.get(1),
                fence,
            })),
            "held" => Ok(Answer::Held(Claim {
                order_sn: claim.order_sn.clone(),
                user: r.get::<_, Option<String>>(3).unwrap_or_default(),
                host: r.get::<_, Option<String>>(4).unwrap_or_default(),
                pid: u32::try_from(r.get::<_, Option<i64>>(5).unwrap_or(0)).unwrap_or(0),
                expires_at: r.get::<_, Option<i64>>(6).unwrap_or(0),
            })),
            "duplicate" => Err(Refusal::DuplicateNumber {
                order_sn: op.order_sn.clone(),
                number: op.number.clone().unwrap_or_default(),
                other_order: r.get::<_, Option<String>>(7).unwrap_or_default(),
            }
            .into()),
            other => Err(StoreError::Db(format!(
                "pddtui_begin_ship answered {other:?}"
            ))),
        }
    })
    .await
}

/// Extends the claim of `claim`'s process if it still holds it in the tenure `fence`; false when the
/// claim passed to another (or was let go) since: a lost tenure is never resumed.
pub(super) async fn renew(
    db: TeamDb,
    claim: Claim,
    lease: i64,
    fence: i64,
) -> Result<bool, StoreError> {
    db.run(move |conn| async move {
        let pid = i64::from(claim.pid);
        let sql = format!(
            "UPDATE claims SET expires_at = {NOW} + $5 WHERE order_sn = $1 AND host = $2 AND pid = $3 \
             AND fence = $4 RETURNING 1"
        );
        let held = conn
            .query_typed(
                &sql,
                &[
                    (&claim.order_sn, Type::TEXT),
                    (&claim.host, Type::TEXT),
                    (&pid, Type::INT8),
                    (&fence, Type::INT8),
                    (&lease, Type::INT8),
                ],
            )
            .await
            .map_err(pg_error)?;
        Ok(!held.is_empty())
    })
    .await
}

/// Writes the outcome of operation `id` — always: it is what the gateway answered this process — and,
/// in the same statement, lets go of the claim only if this process still holds it in tenure `fence`.
/// Safe to repeat (an outcome written twice is the same outcome).
pub(super) async fn finish_and_release(
    db: TeamDb,
    id: i64,
    (state, error, result): Columns,
    tenure: Tenure,
) -> Result<(), StoreError> {
    db.run(move |conn| async move {
        let (host, pid, fence) = (tenure.host, i64::from(tenure.pid), tenure.fence);
        let sql = format!(
            "WITH done AS (UPDATE ops SET state = $2, error = $3, result = COALESCE($4, result), \
                 outcome_at = {NOW} WHERE id = $1 RETURNING order_sn), \
             freed AS (DELETE FROM claims c USING done WHERE c.order_sn = done.order_sn \
                 AND c.host = $5 AND c.pid = $6 AND c.fence = $7 RETURNING c.order_sn) \
             SELECT (SELECT COUNT(*) FROM done), (SELECT COUNT(*) FROM freed)"
        );
        conn.query_typed(
            &sql,
            &[
                (&id, Type::INT8),
                (&state, Type::TEXT),
                (&error, Type::TEXT),
                (&result, Type::TEXT),
                (&host, Type::TEXT),
                (&pid, Type::INT8),
                (&fence, Type::INT8),
            ],
        )
        .await
        .map_err(pg_error)?;
        Ok(())
    })
    .await
}

/// Lets go of the claim if this process still holds it in tenure `fence`.
pub(super) async fn release(
    db: TeamDb,
    order_sn: String,
    host: String,
    pid: i64,
    fence: i64,
) -> Result<(), StoreError> {
    db.run(move |conn| async move {
        conn.query_typed(
            "DELETE FROM claims WHERE order_sn = $1 AND host = $2 AND pid = $3 AND fence = $4",
            &[
                (&order_sn, Type::TEXT),
                (&host, Type::TEXT),
                (&pid, Type::INT8),
                (&fence, Type::INT8),
            ],
        )
        .await
        .map_err(pg_error)?;
        Ok(())
    })
    .await
}

/// An outcome's state, error and result columns.
pub(super) type Columns = (&'static str, Option<String>, Option<String>);

/// The outcome's columns.
pub(super) fn columns(outcome: OpOutcome<'_>) -> Columns {
    (
        outcome.state().code(),
        outcome.error().map(str::to_string),
        outcome.result().map(str::to_string),
    )
}
