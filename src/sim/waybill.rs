//! The waybill service: access tokens and save_trade, which issues YTO-shaped numbers, the same
//! number again for a repeated out_trade_no (so a retry never takes a second waybill).

use super::state::{Sim, Waybill};
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use jiff::Timestamp;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;

const TOKEN: &str = "/api/token";
const SAVE: &str = "/api/free/entry/save_trade";
const EXPIRES_IN: i64 = 7200;

pub fn routes() -> Router<Arc<Sim>> {
    Router::new()
        .route(TOKEN, get(token))
        .route(SAVE, post(save_trade))
}

fn answer(sim: &Sim, path: &str, sn: Option<&str>, body: Value) -> Response {
    let outcome = match body["code"].as_i64() {
        Some(1) => "ok".to_string(),
        Some(c) => format!("error:{c}"),
        None => "error".to_string(),
    };
    sim.log(path, sn, outcome);
    Json(body).into_response()
}

async fn token(State(sim): State<Arc<Sim>>, Query(q): Query<HashMap<String, String>>) -> Response {
    let c = &sim.creds;
    let ok = q.get("client_id") == Some(&c.wb_client_id)
        && q.get("client_secret") == Some(&c.wb_client_secret);
    let body = if sim.faults().auth_expired {
        json!({"code": 0, "msg": "授权已过期"})
    } else if !ok {
        json!({"code": 0, "msg": "client_id或client_secret错误"})
    } else {
        let mut inner = sim.lock();
        let t = inner.rng.hex(32);
        inner
            .tokens
            .insert(t.clone(), Timestamp::now().as_second() + EXPIRES_IN);
        json!({"code": 1, "msg": "success", "data": {"access_token": t, "expires_in": EXPIRES_IN}})
    };
    answer(&sim, TOKEN, None, body)
}

async fn save_trade(
    State(sim): State<Arc<Sim>>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let req: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let sn = req["out_e_commerce_no"].as_str().map(str::to_string);
    let out = answer_save(
        &sim,
        q.get("access_token").map(String::as_str).unwrap_or(""),
        &req,
    );
    answer(&sim, SAVE, sn.as_deref(), out)
}

fn answer_save(sim: &Sim, token: &str, req: &Value) -> Value {
    let now = Timestamp::now().as_second();
    let mut inner = sim.lock();
    if inner.tokens.get(token).is_none_or(|&exp| exp <= now) {
        return json!({"code": 40001, "msg": "access_token已过期"});
    }
    let out_trade_no = match req["out_trade_no"].as_str().map(str::trim) {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => return json!({"code": 0, "msg": "参数错误: out_trade_no"}),
    };
    let wb = match inner.waybills.get(&out_trade_no) {
        Some(wb) => wb.clone(),
        None => {
            let ecode_no = loop {
                let n = format!("YT{}", inner.rng.digits(13));
                if inner.issued.insert(n.clone()) {
                    break n;
                }
            };
            let tid = match req["trade"]["tid"].as_str().map(str::trim) {
                Some(t) if !t.is_empty() => t.to_string(),
                _ => format!("16{}", inner.rng.digits(11)),
            };
            let wb = Waybill { tid, ecode_no };
            inner.waybills.insert(out_trade_no.clone(), wb.clone());
            wb
        }
    };
    json!({"code": 1, "msg": "success", "data": {
        "tid": wb.tid,
        "out_trade_no": out_trade_no,
        "ecode_no": wb.ecode_no,
        "express_print_data": {
            "ecode_no": wb.ecode_no, "datoubi": "", "pc_code": "", "pc_name": "", "config": "",
            "package_id": "1", "water_mark": "", "userid": "123906",
            "print_data": {
                "encryptedData": "AES:c2ltdWxhdG9y", "signature": "MD:c2lt",
                "templateURL": "http://cloudprint.cainiao.com/template/standard/801/114",
                "ver": "waybill_print_secret_version_1"
            }
        }
    }})
}
