//! The pddshuju gateway: order list of the last two days and batch shipping (gift_send), on the
//! same order store as fw199, answered in `{msg, data}` / `{code: 500, msg}` (CONTRACT.md).

use super::errors::GwError;
use super::params::Params;
use super::rules::ShipKind;
use super::server::Kill;
use super::sign;
use super::state::Sim;
use crate::domain::time::{format_beijing, parse_beijing};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router, routing::post};
use serde_json::{Value, json};
use std::sync::Arc;

const LIST: &str = "/gift_pdd_order_list_get";
const SEND: &str = "/gift_send";

/// The list only ever returns orders confirmed within this long before the shop's now.
const RECENT_SECS: i64 = 48 * 3600;

const NOT_BOUND: &str = "未绑定店铺,请绑定店铺之后再继续操作";

pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route(LIST, post(list))
        .route(SEND, post(send))
}

fn fail(sim: &Sim, path: &str, msg: &str) -> Response {
    sim.log(path, None, "error:500");
    Json(json!({"code": 500, "msg": msg})).into_response()
}

/// Parameters, shop binding, signature over the raw fields, authorization.
fn gate(sim: &Sim, p: &Params) -> Result<(), String> {
    let c = &sim.creds;
    for k in ["ownuser", "state", "sign"] {
        if p.get(k).trim().is_empty() {
            return Err(format!("参数错误: {k}"));
        }
    }
    if p.get("ownuser") != c.pdd_ownuser || p.get("state") != c.pdd_state {
        return Err(NOT_BOUND.into());
    }
    if !sign::matches(&p.0, &sign::pddshuju(&p.0, &c.pdd_secret)) {
        return Err("签名错误".into());
    }
    if sim.faults().auth_expired {
        return Err(NOT_BOUND.into());
    }
    Ok(())
}

fn time_param(p: &Params, k: &str) -> Result<jiff::Timestamp, String> {
    match parse_beijing(p.get(k)) {
        Ok(Some(t)) => Ok(t),
        _ => Err(format!("参数错误: {k}")),
    }
}

async fn list(State(sim): State<Arc<Sim>>, body: Bytes) -> Response {
    let p = Params::parse(&body);
    let r = gate(&sim, &p).and_then(|()| {
        let start = time_param(&p, "start")?;
        let end = time_param(&p, "end")?;
        let now = sim.now();
        let recent = jiff::Timestamp::from_second(now.as_second() - RECENT_SECS).unwrap_or(now);
        let (mut picked, shop) = (Vec::new(), sim.lock().store.shop());
        sim.lock()
            .store
            .confirmed_between(start.max(recent).as_second(), end.as_second(), |e| {
                if e.status().order_status == 1 {
                    picked.push(e.pick());
                }
            });
        let rows: Vec<Value> = picked.into_iter().map(|p| row(&p.order(&shop))).collect();
        Ok(rows)
    });
    match r {
        Ok(rows) => {
            sim.log(LIST, None, "ok");
            Json(json!({"msg": "success", "data": rows})).into_response()
        }
        Err(msg) => fail(&sim, LIST, &msg),
    }
}

/// One order as pddshuju lists it: receiver fields are the masked texts.
fn row(o: &crate::domain::Order) -> Value {
    let items: Vec<Value> = o
        .item_list
        .iter()
        .map(|i| json!({"outer_id": i.outer_id, "goods_name": i.goods_name, "goods_count": i.goods_count, "goods_spec": i.goods_spec}))
        .collect();
    json!({
        "buyer_memo": o.buyer_memo,
        "order_sn": o.order_sn,
        "confirm_time": o.confirm_time.map(format_beijing).unwrap_or_default(),
        "receiver_name": o.receiver_name_mask,
        "country": o.country,
        "province": o.province,
        "city": o.city,
        "town": o.town,
        "address": o.address_mask,
        "receiver_phone": o.receiver_phone_mask,
        "remark": o.remark,
        "receiver_address": o.receiver_address_mask,
        "item_list": items,
    })
}

/// `logistics_id` may come as a JSON string ("85") or number.
fn id_of(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// One entry of send_data: validated and applied like a first fw199 shipment.
fn send_one(sim: &Sim, entry: &Value) -> Result<(), GwError> {
    let text = |k: &str| {
        entry
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let sn = text("order_sn");
    let number = text("tracking_number");
    if sn.is_empty() {
        return Err(super::errors::bad_param("order_sn", "不能为空"));
    }
    if number.is_empty() {
        return Err(super::errors::bad_param("tracking_number", "不能为空"));
    }
    let id = entry
        .get("logistics_id")
        .and_then(id_of)
        .ok_or_else(|| super::errors::bad_param("logistics_id", "必须是整数"))?;
    super::ship_call::ship(sim, &sn, id, &number, ShipKind::First)
}

async fn send(
    State(sim): State<Arc<Sim>>,
    Extension(kill): Extension<Kill>,
    body: Bytes,
) -> Response {
    let p = Params::parse(&body);
    let entries =
        gate(&sim, &p).and_then(
            |()| match serde_json::from_str::<Value>(p.get("send_data")) {
                Ok(Value::Array(a)) if !a.is_empty() => Ok(a),
                _ => Err("参数错误: send_data".to_string()),
            },
        );
    let entries = match entries {
        Ok(e) => e,
        Err(msg) => return fail(&sim, SEND, &msg),
    };
    let mut results = Vec::with_capacity(entries.len());
    let mut committed = false;
    for entry in &entries {
        let sn = entry.get("order_sn").and_then(Value::as_str).unwrap_or("");
        match send_one(&sim, entry) {
            Ok(()) => {
                committed = true;
                sim.log(SEND, Some(sn), "ok");
                results.push(json!({"order_sn": sn, "msg": "success"}));
            }
            Err(e) => {
                sim.log(SEND, Some(sn), format!("error:{}", e.code));
                results.push(json!({"order_sn": sn, "code": 500, "msg": e.message}));
            }
        }
    }
    if committed && sim.faults().drop_after_commit {
        sim.log(SEND, None, "fault:drop_after_commit");
        kill.fire().await;
    }
    Json(json!({"msg": "success", "data": results})).into_response()
}
