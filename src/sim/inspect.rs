//! Inspection endpoints under /__sim for tests and demos: look at an order, the request log, plant an
//! order, write a note as the merchant backend would, and replace the fault set. Never subject to faults.

use super::faults::Faults;
use super::state::Sim;
use crate::domain::Order;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use std::sync::Arc;

pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route("/__sim/orders/{order_sn}", get(order))
        .route("/__sim/orders", post(plant).get(numbers))
        .route("/__sim/orders/{order_sn}/note", post(backend_note))
        .route("/__sim/requests", get(requests).delete(reset_requests))
        .route("/__sim/requests/counts", get(counts))
        .route("/__sim/faults", post(set_faults).get(get_faults))
        .route("/__sim/wire", post(set_wire))
}

/// Replaces the wire patches whole (an empty list ends them).
async fn set_wire(
    State(sim): State<Arc<Sim>>,
    Json(patches): Json<Vec<super::wire::WirePatch>>,
) -> Response {
    sim.lock().patches = patches.clone();
    Json(patches).into_response()
}

async fn order(State(sim): State<Arc<Sim>>, Path(sn): Path<String>) -> Response {
    let inner = sim.lock();
    match inner.store.get(&sn) {
        Some(so) => Json(json!({
            "order": so.order,
            "ship_count": so.ship_count,
            "tracking_numbers": so.tracking_numbers,
        }))
        .into_response(),
        None => (StatusCode::NOT_FOUND, Json(json!({"error": "订单不存在"}))).into_response(),
    }
}

/// Which orders `GET /__sim/orders` names: by order_status and refund_status (absent = any).
#[derive(serde::Deserialize)]
struct Which {
    order_status: Option<i64>,
    refund_status: Option<i64>,
}

/// The numbers of every order of the shop (those with the statuses asked for), by (confirm_time,
/// order_sn), and how many: what a full sync must end with, for tests at any size.
async fn numbers(State(sim): State<Arc<Sim>>, Query(w): Query<Which>) -> Response {
    let mut sns = Vec::new();
    {
        let inner = sim.lock();
        let store = &inner.store;
        store.confirmed_between(i64::MIN, i64::MAX, |e| {
            let s = e.status();
            if w.order_status.is_none_or(|x| x == s.order_status)
                && w.refund_status.is_none_or(|x| x == s.refund_status)
            {
                sns.push(store.order_sn(e));
            }
        });
    }
    Json(json!({"total_count": sns.len(), "order_sns": sns})).into_response()
}

/// Takes one order in the detail shape; a whole fw199 envelope (`{"data": {…}}`) is accepted too.
/// Planting is a change made now, like any other: its `updated_at` is the sim's now, whatever it says,
/// so the increment endpoint sees it (an after-sale or a risk review opened behind the client's back).
async fn plant(State(sim): State<Arc<Sim>>, Json(v): Json<Value>) -> Response {
    let v = match v.get("order_sn") {
        None if v.get("data").is_some() => v["data"].clone(),
        _ => v,
    };
    match serde_json::from_value::<Order>(v) {
        Ok(mut o) if !o.order_sn.is_empty() => {
            o.updated_at = Some(sim.now());
            sim.lock().store.upsert(o);
            Json(json!({"ok": true})).into_response()
        }
        Ok(_) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"ok": false, "error": "order_sn missing"})),
        )
            .into_response(),
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"ok": false, "error": e.to_string()})),
        )
            .into_response(),
    }
}

/// What the merchant backend's note box sends: the note, and a flag only when one is given.
#[derive(serde::Deserialize)]
struct BackendNote {
    note: String,
    #[serde(default)]
    tag: Option<i64>,
    #[serde(default)]
    tag_name: Option<String>,
}

/// Writes a note the way a seller does in the merchant backend, behind the client's back: the note is
/// stored byte for byte, the flag kept unless one is given. Not logged as a gateway request.
async fn backend_note(
    State(sim): State<Arc<Sim>>,
    Path(sn): Path<String>,
    Json(b): Json<BackendNote>,
) -> Response {
    let now = sim.now();
    let mut inner = sim.lock();
    let Some(so) = inner.store.get_mut(&sn) else {
        return (StatusCode::NOT_FOUND, Json(json!({"error": "订单不存在"}))).into_response();
    };
    let o = &mut so.order;
    o.remark = b.note;
    if let Some(code) = b.tag {
        o.remark_tag = crate::domain::Flag::from_code(code);
        o.remark_tag_name = b.tag_name.unwrap_or_default();
    }
    o.updated_at = Some(now);
    Json(json!({"ok": true})).into_response()
}

async fn requests(State(sim): State<Arc<Sim>>) -> Response {
    let log: Vec<_> = sim.lock().log.iter().cloned().collect();
    Json(log).into_response()
}

/// Requests received per gateway path, `{"/gateway/pdd/order/list": 12, …}`.
async fn counts(State(sim): State<Arc<Sim>>) -> Response {
    Json(sim.lock().counts.clone()).into_response()
}

/// Forgets the request log and the counts.
async fn reset_requests(State(sim): State<Arc<Sim>>) -> Response {
    let mut inner = sim.lock();
    inner.log.clear();
    inner.counts.clear();
    Json(json!({"ok": true})).into_response()
}

async fn set_faults(State(sim): State<Arc<Sim>>, Json(f): Json<Faults>) -> Response {
    sim.lock().faults = f.clone();
    Json(f).into_response()
}

async fn get_faults(State(sim): State<Arc<Sim>>) -> Response {
    Json(sim.faults()).into_response()
}
