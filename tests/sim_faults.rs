//! Faults over HTTP: 502 pages, malformed bodies, interceptions, expired authorization, hangs,
//! a dropped connection after a committed ship, latency, and changing faults at run time.

mod sim_support;

use pddtui::sim::Faults;
use serde_json::{Value, json};
use sim_support::*;
use std::time::{Duration, Instant};

const COMPANIES: &str = "/gateway/pdd/logistices/getcompany";

#[tokio::test]
async fn fail_rate_answers_502_html() {
    let s = start_with(Faults {
        fail_rate: 1.0,
        ..Default::default()
    })
    .await;
    let r = s.post_form(COMPANIES, &s.fw_params(&[])).await.unwrap();
    assert_eq!(r.status(), 502);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("<title>502 Bad Gateway</title>") && page.contains("nginx"),
        "{page}"
    );
    let r = s.http.get(s.url("/api/token")).send().await.unwrap();
    assert_eq!(r.status(), 502);
    // Inspection is never faulted.
    assert!(
        s.requests()
            .await
            .iter()
            .any(|e| e["outcome"] == "fault:fail")
    );
    s.run.shutdown().await;
}

#[tokio::test]
async fn malformed_rate_answers_bodies_that_are_not_json() {
    let s = start_with(Faults {
        malformed_rate: 1.0,
        ..Default::default()
    })
    .await;
    for _ in 0..8 {
        let r = s.post_form(COMPANIES, &s.fw_params(&[])).await.unwrap();
        assert_eq!(r.status(), 200);
        let text = r.text().await.unwrap();
        assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
    }
    s.run.shutdown().await;
}

#[tokio::test]
async fn intercept_rate_refuses_foreign_numbers_but_not_ours() {
    let s = start_with(Faults {
        intercept_rate: 1.0,
        intercept_secs: 45,
        ..Default::default()
    })
    .await;
    let sn = s.shippable(0).order_sn;
    let v = s.ship(&sn, "85", "YT1234567890123", "1").await;
    assert_eq!(v["code"], 20008);
    assert_eq!(v["message"], "接口超时,45秒后重试");
    let so = s.sim_order(&sn).await;
    assert_eq!(so["order"]["order_status"], 1);
    assert_eq!(so["ship_count"], 0);
    // gift_send per order, default 30 s.
    s.set_faults(json!({"intercept_rate": 1.0})).await;
    let data =
        json!([{"order_sn": sn, "logistics_id": "85", "tracking_number": "YT1234567890123"}])
            .to_string();
    let v = s.pdd("/gift_send", &[("send_data", &data)]).await;
    assert_eq!(v["data"][0]["msg"], "接口超时,30秒后重试");
    // A number from the sim's own waybill service passes.
    let token = s.token().await;
    let w: Value = s
        .http
        .post(s.url("/api/free/entry/save_trade"))
        .query(&[("access_token", token)])
        .json(&json!({"out_trade_no": "X1", "trade": {}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let number = w["data"]["ecode_no"].as_str().unwrap();
    assert_eq!(s.ship(&sn, "85", number, "1").await["code"], 0);
    assert_eq!(s.sim_order(&sn).await["ship_count"], 1);
    s.run.shutdown().await;
}

#[tokio::test]
async fn auth_expired_on_every_service() {
    let s = start_with(Faults {
        auth_expired: true,
        ..Default::default()
    })
    .await;
    let v = s.fw(COMPANIES, &[]).await;
    assert_eq!(v["code"], 10006);
    assert_eq!(v["message"], "授权已过期,请重新授权");
    let v = s
        .pdd(
            "/gift_pdd_order_list_get",
            &[
                ("start", "2024-01-01 00:00:00"),
                ("end", "2024-01-02 00:00:00"),
            ],
        )
        .await;
    assert_eq!(
        v,
        json!({"code": 500, "msg": "未绑定店铺,请绑定店铺之后再继续操作"})
    );
    let v: Value = s
        .http
        .get(s.url("/api/token"))
        .query(&[
            ("client_id", "demo-client"),
            ("client_secret", "demo-secret"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v, json!({"code": 0, "msg": "授权已过期"}));
    s.run.shutdown().await;
}

#[tokio::test]
async fn hang_never_answers() {
    let s = start_with(Faults {
        hang: true,
        ..Default::default()
    })
    .await;
    let short = reqwest::Client::builder()
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let t = Instant::now();
    let err = short
        .post(s.url(COMPANIES))
        .form(&s.fw_params(&[]))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(t.elapsed() >= Duration::from_millis(450));
    // Inspection still answers, and shutdown does not wait for the hung request forever.
    assert!(
        s.requests()
            .await
            .iter()
            .any(|e| e["outcome"] == "fault:hang")
    );
    let t = Instant::now();
    s.run.shutdown().await;
    assert!(t.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn drop_after_commit_ships_then_closes_without_answer() {
    let s = start_with(Faults {
        drop_after_commit: true,
        ..Default::default()
    })
    .await;
    let sn = s.shippable(0).order_sn;
    let p = s.fw_params(&[
        ("order_sn", &sn),
        ("logistics_id", "85"),
        ("tracking_number", "YT1234567890123"),
        ("redelivery_type", "1"),
    ]);
    let err = s
        .post_form("/gateway/pdd/logistices/onlinesend", &p)
        .await
        .unwrap_err();
    assert!(!err.is_timeout() && err.status().is_none(), "{err:?}");
    let so = s.sim_order(&sn).await;
    assert_eq!(so["order"]["order_status"], 2);
    assert_eq!(so["order"]["tracking_number"], "YT1234567890123");
    assert_eq!(so["ship_count"], 1);
    // A refused ship answers normally; other endpoints too.
    assert_eq!(
        s.ship(&sn, "85", "YT1234567890124", "1").await["code"],
        20002
    );
    assert_eq!(s.fw(COMPANIES, &[]).await["code"], 0);
    // gift_send too.
    let other = s.shippable(1).order_sn;
    let data =
        json!([{"order_sn": other, "logistics_id": "85", "tracking_number": "YT1234567890125"}])
            .to_string();
    let r = s
        .post_form("/gift_send", &s.pdd_params(&[("send_data", &data)]))
        .await;
    assert!(r.is_err(), "{r:?}");
    assert_eq!(s.sim_order(&other).await["ship_count"], 1);
    s.run.shutdown().await;
}

#[tokio::test]
async fn latency_delays_answers_and_faults_change_at_run_time() {
    let s = start().await;
    let t = Instant::now();
    assert_eq!(s.fw(COMPANIES, &[]).await["code"], 0);
    let fast = t.elapsed();
    let now = s.set_faults(json!({"latency_ms": 300})).await;
    assert_eq!(now["latency_ms"], 300);
    assert_eq!(now["intercept_secs"], 0);
    let t = Instant::now();
    assert_eq!(s.fw(COMPANIES, &[]).await["code"], 0);
    assert!(
        t.elapsed() >= Duration::from_millis(300),
        "{:?} (fast was {fast:?})",
        t.elapsed()
    );
    // The JSON replaces the whole set: latency gone, auth expired.
    s.set_faults(json!({"auth_expired": true})).await;
    let t = Instant::now();
    assert_eq!(s.fw(COMPANIES, &[]).await["code"], 10006);
    assert!(t.elapsed() < Duration::from_millis(300));
    s.set_faults(json!({})).await;
    assert_eq!(s.fw(COMPANIES, &[]).await["code"], 0);
    s.run.shutdown().await;
}
