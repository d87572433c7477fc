//! Ships one checked CSV row: skip it when it is known shipped, refuse it when the order is blocked,
//! otherwise `ship_with`, retrying transient failures (safe: a pending shipment is checked first).

use crate::api::{ApiError, Gateway};
use crate::domain::Order;
use crate::domain::csv_rows::CsvRow;
use crate::domain::ship_check::{self, Refusal};
use crate::i18n::{
    Lang, cli as t_cli, csv as t,
    errors::{api_error, op_error},
};
use crate::ops::{OpError, ShipPolicy, ShipReport, ship_with};
use crate::store::{Duplicates, Journal};
use std::collections::HashSet;
use std::time::Duration;

/// Tries per row for answers that may be transient (502, timeout, dropped connection).
const ATTEMPTS: u32 = 3;

/// How a row that passed the checks ended; `result` is its word in the results file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    ShippedNow(String),
    ShippedBefore(String),
    Failed(String),
    Unknown(String),
}

impl Outcome {
    pub fn result(&self) -> &'static str {
        match self {
            Outcome::ShippedNow(_) | Outcome::ShippedBefore(_) => "shipped",
            Outcome::Failed(_) => "failed",
            Outcome::Unknown(_) => "unknown",
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Outcome::ShippedNow(m)
            | Outcome::ShippedBefore(m)
            | Outcome::Failed(m)
            | Outcome::Unknown(m) => m,
        }
    }
}

pub struct Ctx<'a> {
    pub gateway: &'a Gateway,
    pub journal: &'a Journal,
    pub lang: Lang,
    /// (order_sn, courier id, tracking number) whose last shipment the journal saw confirmed before
    /// this run started.
    pub done: HashSet<(String, i64, String)>,
    /// Orders the journal left pending (intent or unknown outcome) when this run started. Read once:
    /// rows of one file never share an order, so no row of this run changes another's entry.
    pub pending: HashSet<String>,
    /// The CLI's: connect retries, one interception waited out (announced), duplicate numbers refused.
    pub policy: ShipPolicy,
}

fn transient(e: &ApiError) -> bool {
    e.outcome_unknown() || matches!(e, ApiError::Connect { .. })
}

pub async fn ship_row(ctx: &Ctx<'_>, row: &CsvRow) -> Outcome {
    let lang = ctx.lang;
    let req = &row.request;
    // A pending shipment from an earlier run is ship_with's to settle: it reads the order back
    // before it would send anything.
    if ctx.pending.contains(&req.order_sn) {
        return send(ctx, row).await;
    }
    if ctx.done.contains(&(
        req.order_sn.clone(),
        req.logistics_id,
        req.tracking_number.clone(),
    )) {
        return Outcome::ShippedBefore(t::already_journal(lang, &req.tracking_number));
    }
    if ctx.gateway.capabilities().detail {
        let order = match read_order(ctx.gateway, &req.order_sn).await {
            Ok(o) => o,
            Err(e) => return Outcome::Failed(api_error(&e, lang)),
        };
        let asked = Some((req.logistics_id, req.tracking_number.as_str()));
        match ship_check::first_shipment(order.known(), asked) {
            Ok(()) => {}
            Err(Refusal::ShippedSame) => {
                return Outcome::ShippedBefore(t::already_gateway(lang, &req.tracking_number));
            }
            Err(Refusal::Shipped {
                logistics_id,
                tracking_number,
            }) => return Outcome::Failed(t::shipped_other(lang, logistics_id, &tracking_number)),
            Err(Refusal::Blocked(block)) => {
                return Outcome::Failed(t_cli::ship_block(lang, &req.order_sn, block));
            }
        }
    }
    send(ctx, row).await
}

/// Reading is idempotent, so a transient failure is simply asked again.
async fn read_order(gw: &Gateway, sn: &str) -> Result<Order, ApiError> {
    let mut attempt = 1;
    loop {
        match gw.order_detail(sn).await {
            Err(e) if transient(&e) && attempt < ATTEMPTS => backoff(attempt).await,
            other => return other,
        }
        attempt += 1;
    }
}

async fn send(ctx: &Ctx<'_>, row: &CsvRow) -> Outcome {
    let lang = ctx.lang;
    let req = &row.request;
    // Orders of one buyer address in the file (or in the journal) share the row's number: one parcel.
    let shared;
    let policy = if row.mates.is_empty() {
        &ctx.policy
    } else {
        shared = ShipPolicy {
            duplicates: Duplicates::SharedWith(row.mates.clone().into()),
            ..ctx.policy.clone()
        };
        &shared
    };
    let mut attempt = 1;
    loop {
        let err = match ship_with(ctx.gateway, ctx.journal, req, policy).await {
            Ok(report) => {
                return Outcome::ShippedNow(t::shipped_now(
                    lang,
                    &row.courier_name,
                    &req.tracking_number,
                    report == ShipReport::FoundApplied,
                ));
            }
            Err(e) => e,
        };
        // Trying again is safe whatever happened: ship_with checks a pending shipment before sending.
        if op_transient(&err) && attempt < ATTEMPTS {
            backoff(attempt).await;
            attempt += 1;
            continue;
        }
        // The journal knows whether the order was left pending (unknown) or settled as not applied.
        let still_pending = ctx
            .journal
            .pending_ship(&req.order_sn)
            .map_or(true, |p| p.is_some());
        let reason = op_error(&err, lang);
        return if still_pending {
            // An unchecked earlier shipment already says what to do; a fresh loss gets the hint.
            Outcome::Unknown(match err {
                OpError::Unchecked { .. } => reason,
                _ => t::unknown_outcome(lang, &reason),
            })
        } else {
            Outcome::Failed(reason)
        };
    }
}

fn op_transient(e: &OpError) -> bool {
    match e {
        OpError::Api(e) => transient(e),
        OpError::Unchecked { .. } => true,
        _ => false,
    }
}

async fn backoff(attempt: u32) {
    tokio::time::sleep(Duration::from_millis(100 * u64::from(attempt))).await;
}
