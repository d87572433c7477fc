//! The fw199 partner gateway: form POSTs under /gateway/pdd/…, checked for credentials, signature
//! and timestamp, answered in `{code, message, data}` envelopes (CONTRACT.md "fw199").

use super::errors::{self, GwError};
use super::params::Params;
use super::rules::{self, ShipKind};
use super::server::Kill;
use super::shop::Shop;
use super::sign;
use super::state::Sim;
use super::store::{Entry, Picked, Status};
use crate::domain::Order;
use crate::domain::courier::reference_list;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router, routing::post};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::{Value, json};
use std::sync::Arc;

const LIST: &str = "/gateway/pdd/order/list";
const INCREMENT: &str = "/gateway/pdd/order/list/increment";
const DETAIL: &str = "/gateway/pdd/order/detail";
const COMPANIES: &str = "/gateway/pdd/logistices/getcompany";
const SHIP: &str = "/gateway/pdd/logistices/onlinesend";
const NOTE: &str = "/gateway/pdd/order/noteupdate";

/// PDD refuses timestamps further than this from its own (real) clock.
const MAX_SKEW_SECS: i64 = 600;

pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route(LIST, post(list))
        .route(INCREMENT, post(increment))
        .route(DETAIL, post(detail))
        .route(COMPANIES, post(companies))
        .route(SHIP, post(ship))
        .route(NOTE, post(note))
}

/// Logs the outcome and wraps it in the envelope.
fn reply<T: Serialize>(sim: &Sim, path: &str, p: &Params, r: Result<T, GwError>) -> Response {
    let sn = Some(p.get("order_sn"));
    match r {
        Ok(data) => {
            sim.log(path, sn, "ok");
            Json(Answer {
                code: 0,
                message: "ok",
                data,
            })
            .into_response()
        }
        Err(e) => {
            sim.log(path, sn, format!("error:{}", e.code));
            Json(json!({"code": e.code, "message": e.message, "data": null})).into_response()
        }
    }
}

/// Common checks of every call: parameters, credentials, signature, authorization, timestamp.
fn gate(sim: &Sim, p: &Params) -> Result<(), GwError> {
    let c = &sim.creds;
    let appid = p.req("appid")?;
    let ts = p.req("timestamp")?;
    let seller = p.req("seller_nick")?;
    p.req("sign")?;
    if appid != c.fw_appid {
        return Err(errors::unauthorized());
    }
    if !sign::matches(&p.0, &sign::fw199(&p.0, &c.fw_secret)) {
        return Err(errors::bad_sign());
    }
    if seller != c.fw_seller {
        return Err(errors::unauthorized());
    }
    if sim.faults().auth_expired {
        return Err(errors::auth_expired());
    }
    let ts: i64 = ts.trim().parse().map_err(|_| errors::stale_timestamp())?;
    if (Timestamp::now().as_second() - ts).abs() > MAX_SKEW_SECS {
        return Err(errors::stale_timestamp());
    }
    Ok(())
}

/// Status filters, shared by list and increment (5 = all).
struct Filter {
    order_status: i64,
    refund_status: i64,
    trade_type: Option<i64>,
}

impl Filter {
    fn read(p: &Params) -> Result<Self, GwError> {
        let trade_type = match p.get("trade_type").trim() {
            "" => None,
            _ => Some(p.one_of("trade_type", &[0, 1])?),
        };
        Ok(Filter {
            order_status: p.one_of("order_status", &[1, 2, 3, 5])?,
            refund_status: p.int("refund_status", 1, 5)?,
            trade_type,
        })
    }

    fn keeps(&self, o: Status) -> bool {
        (self.order_status == 5 || o.order_status == self.order_status)
            && (self.refund_status == 5 || o.refund_status == self.refund_status)
            && self.trade_type.is_none_or(|t| o.trade_type == t)
    }
}

/// Reads `start_key`/`end_key` (Unix s) and checks `start < end ≤ start + max`.
fn window(
    p: &Params,
    start_key: &str,
    end_key: &str,
    max: i64,
    too_long: fn() -> GwError,
) -> Result<(i64, i64), GwError> {
    let start = p.int(start_key, 0, i64::from(u32::MAX) * 4)?;
    let end = p.int(end_key, 0, i64::from(u32::MAX) * 4)?;
    if end <= start {
        return Err(errors::bad_param(end_key, &format!("必须大于{start_key}")));
    }
    if end - start > max {
        return Err(too_long());
    }
    Ok((start, end))
}

/// Which page a list call asks for: `(skip, size)`. A page past the reach (`page × page_size > reach`) is
/// refused, however many orders match.
fn paging(p: &Params, reach: u64) -> Result<(usize, usize), GwError> {
    let page = p.int("page", 1, i64::from(u32::MAX))?;
    let size = p.int("page_size", 1, 100)?;
    if u64::try_from(page * size).unwrap_or(u64::MAX) > reach {
        return Err(errors::beyond_reach(reach));
    }
    let skip = usize::try_from((page - 1) * size).unwrap_or(usize::MAX);
    Ok((skip, usize::try_from(size).unwrap_or(100)))
}

/// The orders of one page, counting every match: fed the listing's orders in order.
struct Pager {
    skip: usize,
    size: usize,
    total: usize,
    picked: Vec<Picked>,
}

impl Pager {
    fn new((skip, size): (usize, usize)) -> Self {
        Pager {
            skip,
            size,
            total: 0,
            picked: Vec::new(),
        }
    }

    fn offer(&mut self, f: &Filter, e: Entry<'_>) {
        if !f.keeps(e.status()) {
            return;
        }
        if self.total >= self.skip && self.picked.len() < self.size {
            self.picked.push(e.pick());
        }
        self.total += 1;
    }

    /// `{order_list, total_count, has_next}`, the generated orders made here, out of the lock. Written
    /// straight to the answer's text: a page of orders as JSON values first would cost the simulator more
    /// than the client spends reading it, and a benchmark of the client would measure the simulator.
    fn answer(self, shop: &Shop) -> Page {
        let has_next = self.skip.saturating_add(self.picked.len()) < self.total;
        Page {
            order_list: self.picked.into_iter().map(|p| p.order(shop)).collect(),
            total_count: self.total,
            has_next,
        }
    }
}

/// One page of a listing, as fw199 sends it.
#[derive(Serialize)]
struct Page {
    order_list: Vec<Order>,
    total_count: usize,
    has_next: bool,
}

/// Every fw199 answer: `{code, message, data}`.
#[derive(Serialize)]
struct Answer<T> {
    code: i64,
    message: &'static str,
    data: T,
}

async fn list(State(sim): State<Arc<Sim>>, body: Bytes) -> Response {
    let p = Params::parse(&body);
    let r = gate(&sim, &p).and_then(|()| {
        let (start, end) = window(
            &p,
            "start_confirm_at",
            "end_confirm_at",
            86_400,
            errors::window_24h,
        )?;
        let f = Filter::read(&p)?;
        let mut pager = Pager::new(paging(&p, sim.shape.reach)?);
        let shop = {
            let inner = sim.lock();
            inner
                .store
                .confirmed_between(start, end, |e| pager.offer(&f, e));
            inner.store.shop()
        };
        Ok(pager.answer(&shop))
    });
    reply(&sim, LIST, &p, r)
}

async fn increment(State(sim): State<Arc<Sim>>, body: Bytes) -> Response {
    let p = Params::parse(&body);
    let r = gate(&sim, &p).and_then(|()| {
        let (start, end) = window(
            &p,
            "start_updated_at",
            "end_updated_at",
            1_800,
            errors::window_30min,
        )?;
        let f = Filter::read(&p)?;
        let mut pager = Pager::new(paging(&p, sim.shape.reach)?);
        // A change is seen `increment_lag_secs` after its updated_at: the index lags behind.
        let seen_until = sim.now().as_second() - sim.shape.increment_lag_secs + 1;
        let end = end.min(seen_until);
        let shop = {
            let mut inner = sim.lock();
            inner
                .store
                .updated_between(start, end, |e| pager.offer(&f, e));
            inner.store.shop()
        };
        Ok(pager.answer(&shop))
    });
    reply(&sim, INCREMENT, &p, r)
}

async fn detail(State(sim): State<Arc<Sim>>, body: Bytes) -> Response {
    let p = Params::parse(&body);
    let r = gate(&sim, &p).and_then(|()| {
        let sn = p.req("order_sn")?;
        let inner = sim.lock();
        let so = inner.store.get(sn).ok_or_else(errors::no_order)?;
        Ok(serde_json::to_value(&so.order).unwrap_or(Value::Null))
    });
    reply(&sim, DETAIL, &p, r)
}

async fn companies(State(sim): State<Arc<Sim>>, body: Bytes) -> Response {
    let p = Params::parse(&body);
    let r = gate(&sim, &p).map(|()| serde_json::to_value(reference_list()).unwrap_or(Value::Null));
    reply(&sim, COMPANIES, &p, r)
}

/// Validates and, unless intercepted, applies one ship call.
fn ship_once(sim: &Sim, p: &Params) -> Result<(), GwError> {
    let sn = p.req("order_sn")?;
    let logistics_id = p.int("logistics_id", 0, i64::MAX)?;
    let number = p.req("tracking_number")?.trim().to_string();
    let kind = match p.get("redelivery_type").trim() {
        "" | "1" => ShipKind::First,
        "2" => ShipKind::Modify,
        _ => return Err(errors::bad_param("redelivery_type", "取值无效")),
    };
    super::ship_call::ship(sim, sn, logistics_id, &number, kind)
}

async fn ship(
    State(sim): State<Arc<Sim>>,
    Extension(kill): Extension<Kill>,
    body: Bytes,
) -> Response {
    let p = Params::parse(&body);
    let r = gate(&sim, &p).and_then(|()| ship_once(&sim, &p));
    if r.is_ok() && sim.faults().drop_after_commit {
        sim.log(SHIP, Some(p.get("order_sn")), "fault:drop_after_commit");
        kill.fire().await;
    }
    reply(&sim, SHIP, &p, r.map(|()| Value::Bool(true)))
}

async fn note(State(sim): State<Arc<Sim>>, body: Bytes) -> Response {
    let p = Params::parse(&body);
    let request_id = format!(
        "{}{}",
        Timestamp::now().as_millisecond(),
        sim.lock().rng.digits(3)
    );
    let r = gate(&sim, &p).and_then(|()| {
        let sn = p.req("order_sn")?;
        if !p.0.contains_key("note") {
            return Err(errors::bad_param("note", "不能为空"));
        }
        let now = sim.now();
        let mut inner = sim.lock();
        let so = inner.store.get_mut(sn).ok_or_else(errors::no_order)?;
        Ok(match rules::check_note(p.get("tag").trim(), p.get("tag_name")) {
            Ok(flag) => {
                rules::apply_note(so, p.get("note"), flag, now);
                json!({"success": true, "error_code": 1_000_000, "error_msg": "", "request_id": request_id})
            }
            Err(e) => json!({"success": false, "error_code": e.code, "error_msg": e.message, "request_id": request_id}),
        })
    });
    if let Ok(d) = &r
        && d["success"] == false
    {
        sim.log(
            NOTE,
            Some(p.get("order_sn")),
            format!("error:{}", d["error_code"]),
        );
        return Json(json!({"code": 0, "message": "ok", "data": d})).into_response();
    }
    reply(&sim, NOTE, &p, r)
}
