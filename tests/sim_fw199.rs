//! The fw199 gateway over HTTP: listing and its limits, authentication failures, ship rules,
//! note updates, and the inspection endpoints.

mod sim_support;

use serde_json::{Value, json};
use sim_support::*;

const LIST: &str = "/gateway/pdd/order/list";

fn secs(t: jiff::Timestamp) -> String {
    t.as_second().to_string()
}

async fn list_page(s: &Sim, start: i64, end: i64, page: &str, size: &str) -> Value {
    let (start, end) = (start.to_string(), end.to_string());
    s.fw(
        LIST,
        &[
            ("order_status", "5"),
            ("refund_status", "5"),
            ("start_confirm_at", &start),
            ("end_confirm_at", &end),
            ("page", page),
            ("page_size", size),
            ("use_has_next", "true"),
        ],
    )
    .await
}

#[tokio::test]
async fn list_pages_through_a_day() {
    let s = start().await;
    let end = s.now.as_second() + 1;
    let start = end - 86_400;
    let expected: Vec<&str> = s
        .orders
        .iter()
        .filter(|o| (start..end).contains(&o.confirm_time.unwrap().as_second()))
        .map(|o| o.order_sn.as_str())
        .collect();
    assert!(
        expected.len() > 100,
        "need more than one page, got {}",
        expected.len()
    );
    let mut got = Vec::new();
    for page in 1.. {
        let v = list_page(&s, start, end, &page.to_string(), "100").await;
        assert_eq!(v["code"], 0, "{v}");
        assert_eq!(v["data"]["total_count"], expected.len());
        let list = v["data"]["order_list"].as_array().unwrap();
        assert!(list.len() <= 100);
        got.extend(
            list.iter()
                .map(|o| o["order_sn"].as_str().unwrap().to_string()),
        );
        if !v["data"]["has_next"].as_bool().unwrap() {
            break;
        }
    }
    assert_eq!(got, expected);
    // Filters: unshipped only.
    let (a, b) = (start.to_string(), end.to_string());
    let v = s
        .fw(
            LIST,
            &[
                ("order_status", "1"),
                ("refund_status", "5"),
                ("start_confirm_at", &a),
                ("end_confirm_at", &b),
                ("page", "1"),
                ("page_size", "100"),
            ],
        )
        .await;
    let unshipped = s
        .orders
        .iter()
        .filter(|o| {
            o.order_status == 1 && (start..end).contains(&o.confirm_time.unwrap().as_second())
        })
        .count();
    assert_eq!(v["data"]["total_count"], unshipped);
    assert!(
        v["data"]["order_list"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["order_status"] == 1)
    );
    s.run.shutdown().await;
}

#[tokio::test]
async fn list_limits_are_enforced() {
    let s = start().await;
    let end = s.now.as_second();
    let v = list_page(&s, end - 86_401, end, "1", "100").await;
    assert_eq!(v["code"], 10004, "{v}");
    assert!(v["message"].as_str().unwrap().contains("24小时"));
    assert_eq!(
        list_page(&s, end - 3600, end, "1", "101").await["code"],
        10003
    );
    assert_eq!(
        list_page(&s, end - 3600, end, "1", "0").await["code"],
        10003
    );
    assert_eq!(
        list_page(&s, end - 3600, end, "0", "10").await["code"],
        10003
    );
    assert_eq!(list_page(&s, end, end - 10, "1", "10").await["code"], 10003);
    // Missing parameter.
    let v = s
        .fw(
            LIST,
            &[
                ("order_status", "5"),
                ("refund_status", "5"),
                ("start_confirm_at", "1"),
                ("page", "1"),
                ("page_size", "10"),
            ],
        )
        .await;
    assert_eq!(v["code"], 10003);
    assert!(
        v["message"].as_str().unwrap().contains("end_confirm_at"),
        "{v}"
    );
    assert!(v["data"].is_null());
    // Increment window of 30 min.
    let inc = |a: i64, b: i64| {
        let (a, b) = (a.to_string(), b.to_string());
        let s = &s;
        async move {
            s.fw(
                "/gateway/pdd/order/list/increment",
                &[
                    ("is_lucky_flag", "0"),
                    ("order_status", "5"),
                    ("refund_status", "5"),
                    ("start_updated_at", &a),
                    ("end_updated_at", &b),
                    ("page", "1"),
                    ("page_size", "100"),
                ],
            )
            .await
        }
    };
    let v = inc(end - 1801, end).await;
    assert_eq!(v["code"], 10004);
    assert!(v["message"].as_str().unwrap().contains("30分钟"));
    assert_eq!(
        inc(end - 1800, end + 1).await["code"],
        10004,
        "1801 s apart"
    );
    assert_eq!(
        inc(end - 1800, end).await["code"],
        0,
        "exactly 30 min is allowed"
    );
    let v = inc(end - 1799, end + 1).await;
    assert_eq!(v["code"], 0, "{v}");
    let expected = s
        .orders
        .iter()
        .filter(|o| (end - 1799..end + 1).contains(&o.updated_at.unwrap().as_second()))
        .count();
    assert_eq!(v["data"]["total_count"], expected);
    s.run.shutdown().await;
}

#[tokio::test]
async fn authentication_failures() {
    let s = start().await;
    let o = s.shippable(0);
    let sn = o.order_sn.as_str();
    // Wrong sign: refused and nothing changes.
    let mut p = s.fw_params(&[
        ("order_sn", sn),
        ("logistics_id", "85"),
        ("tracking_number", "YT1234567890123"),
        ("feature", ""),
        ("refund_address_id", ""),
        ("redelivery_type", "1"),
    ]);
    p.insert("tracking_number".into(), "YT9999999999999".into());
    let v = s.fw_with("/gateway/pdd/logistices/onlinesend", &p).await;
    assert_eq!(v["code"], 10001);
    assert!(v["message"].as_str().unwrap().contains("签名"));
    let so = s.sim_order(sn).await;
    assert_eq!(so["order"]["order_status"], 1);
    assert_eq!(so["ship_count"], 0);
    // Upper-case sign is a signing bug, not accepted.
    let mut p = s.fw_params(&[("order_sn", sn)]);
    let upper = p["sign"].to_uppercase();
    p.insert("sign".into(), upper);
    assert_eq!(
        s.fw_with("/gateway/pdd/order/detail", &p).await["code"],
        10001
    );
    // Stale timestamp (signed correctly).
    let stale = (s.now.as_second() - 601).to_string();
    let v = s
        .fw(
            "/gateway/pdd/order/detail",
            &[("order_sn", sn), ("timestamp", &stale)],
        )
        .await;
    assert_eq!(v["code"], 10002);
    let fresh = (s.now.as_second() - 500).to_string();
    assert_eq!(
        s.fw(
            "/gateway/pdd/order/detail",
            &[("order_sn", sn), ("timestamp", &fresh)]
        )
        .await["code"],
        0
    );
    // Unknown seller, signed correctly.
    let mut p = map(&[
        ("order_sn", sn),
        ("appid", pddtui::sim::DEMO_FW199_APPID),
        ("seller_nick", "other-shop"),
        ("timestamp", &secs(jiff::Timestamp::now())),
    ]);
    let sign = fw_sign(&p, pddtui::sim::DEMO_FW199_SECRET);
    p.insert("sign".into(), sign);
    let v = s.fw_with("/gateway/pdd/order/detail", &p).await;
    assert_eq!(v["code"], 10005);
    assert!(v["message"].as_str().unwrap().contains("授权"));
    // Detail of an unknown order; missing order_sn.
    assert_eq!(
        s.fw(
            "/gateway/pdd/order/detail",
            &[("order_sn", "200101-000000000000000")]
        )
        .await["code"],
        20001
    );
    assert_eq!(s.fw("/gateway/pdd/order/detail", &[]).await["code"], 10003);
    s.run.shutdown().await;
}

#[tokio::test]
async fn custom_secret_replaces_the_demo_one() {
    let opts = pddtui::sim::Options {
        orders: 5,
        secret: Some("s3cret".into()),
        ..Default::default()
    };
    let run = pddtui::sim::start("127.0.0.1:0".parse().unwrap(), opts)
        .await
        .unwrap();
    let mut p = map(&[
        ("appid", "demo-app"),
        ("seller_nick", "demo-shop"),
        ("timestamp", &secs(jiff::Timestamp::now())),
    ]);
    let sign = fw_sign(&p, "s3cret");
    p.insert("sign".into(), sign);
    let http = reqwest::Client::new();
    let v: Value = http
        .post(format!(
            "{}/gateway/pdd/logistices/getcompany",
            run.base_url()
        ))
        .form(&p)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["code"], 0, "{v}");
    let jt = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == 384)
        .unwrap();
    assert_eq!(jt["available"], 0);
    assert_eq!(jt["logistics_company"], "极兔快递");
    run.shutdown().await;
}

#[tokio::test]
async fn ship_rules() {
    let s = start().await;
    let sn = s.shippable(0).order_sn;
    // Modify of an unshipped order.
    assert_eq!(
        s.ship(&sn, "85", "YT1111111111111", "2").await["code"],
        20003
    );
    // First shipment.
    let v = s.ship(&sn, "85", "YT1111111111111", "1").await;
    assert_eq!(v, json!({"code": 0, "message": "ok", "data": true}));
    let so = s.sim_order(&sn).await;
    assert_eq!(so["order"]["order_status"], 2);
    assert_eq!(so["order"]["logistics_id"], 85);
    assert_eq!(so["order"]["tracking_number"], "YT1111111111111");
    assert_ne!(so["order"]["shipping_time"], "");
    assert_eq!(so["ship_count"], 1);
    assert_eq!(so["tracking_numbers"], json!(["YT1111111111111"]));
    // A second first shipment.
    let v = s.ship(&sn, "85", "YT2222222222222", "1").await;
    assert_eq!(v["code"], 20002);
    assert_eq!(s.sim_order(&sn).await["ship_count"], 1);
    // Modify overwrites.
    assert_eq!(s.ship(&sn, "115", "75123456789012", "2").await["code"], 0);
    let so = s.sim_order(&sn).await;
    assert_eq!(so["order"]["logistics_id"], 115);
    assert_eq!(so["order"]["tracking_number"], "75123456789012");
    assert_eq!(so["ship_count"], 2);
    assert_eq!(
        so["tracking_numbers"],
        json!(["YT1111111111111", "75123456789012"])
    );
    // Detail reflects the ship too.
    let d = s
        .fw("/gateway/pdd/order/detail", &[("order_sn", &sn)])
        .await;
    assert_eq!(d["data"]["tracking_number"], "75123456789012");

    let refunding = s
        .find(|o| o.order_status == 1 && (2..=3).contains(&o.refund_status))
        .order_sn;
    assert_eq!(
        s.ship(&refunding, "85", "YT3333333333333", "1").await["code"],
        20004
    );
    let risk = s
        .find(|o| o.order_status == 1 && o.refund_status == 1 && o.risk_control_status == 1)
        .order_sn;
    assert_eq!(
        s.ship(&risk, "85", "YT3333333333333", "1").await["code"],
        20005
    );
    let other = s.shippable(1).order_sn;
    assert_eq!(
        s.ship(&other, "384", "JT1234567890123", "1").await["code"],
        20006
    );
    assert_eq!(s.ship(&other, "999", "1234", "1").await["code"], 20007);
    assert_eq!(
        s.ship("200101-000000000000000", "85", "YT3333333333333", "1")
            .await["code"],
        20001
    );
    assert_eq!(s.ship(&other, "85", "", "1").await["code"], 10003);
    for sn in [&refunding, &risk, &other] {
        let so = s.sim_order(sn).await;
        assert_eq!(so["order"]["order_status"], 1);
        assert_eq!(so["ship_count"], 0);
    }
    s.run.shutdown().await;
}

#[tokio::test]
async fn note_update_rules() {
    let s = start().await;
    const NOTE: &str = "/gateway/pdd/order/noteupdate";
    let o = s.find(|o| o.remark_tag.is_none());
    let sn = o.order_sn.as_str();
    let v = s
        .fw(
            NOTE,
            &[
                ("order_sn", sn),
                ("note", "改发中通"),
                ("tag", "2"),
                ("tag_name", "黄色"),
            ],
        )
        .await;
    assert_eq!(v["code"], 0);
    assert_eq!(v["data"]["success"], true);
    assert_eq!(v["data"]["error_code"], 1_000_000);
    let so = s.sim_order(sn).await;
    assert_eq!(so["order"]["remark"], "改发中通");
    assert_eq!(so["order"]["remark_tag"], 2);
    assert_eq!(so["order"]["remark_tag_name"], "黄色");
    // Neither tag nor tag_name: the note changes and the flag is cleared (CONTRACT.md).
    let v = s.fw(NOTE, &[("order_sn", sn), ("note", "只改备注")]).await;
    assert_eq!(v["data"]["success"], true);
    let so = s.sim_order(sn).await;
    assert_eq!(so["order"]["remark"], "只改备注");
    assert_eq!(so["order"]["remark_tag"], 0);
    assert_eq!(so["order"]["remark_tag_name"], "");
    let flag_again = [
        ("order_sn", sn),
        ("note", "只改备注"),
        ("tag", "2"),
        ("tag_name", "黄色"),
    ];
    assert_eq!(s.fw(NOTE, &flag_again).await["data"]["success"], true);
    // Inner-layer failures: outer code 0, success false, nothing changes.
    for extra in [
        vec![("tag", "3")],
        vec![("tag_name", "绿色")],
        vec![("tag", "6"), ("tag_name", "紫")],
        vec![("tag", "1"), ("tag_name", "四个字符")],
    ] {
        let mut params = vec![("order_sn", sn), ("note", "不该保存")];
        params.extend(extra.iter().copied());
        let v = s.fw(NOTE, &params).await;
        assert_eq!(v["code"], 0, "{v}");
        assert_eq!(v["data"]["success"], false, "{extra:?}: {v}");
        assert_ne!(v["data"]["error_code"], 1_000_000);
        assert!(!v["data"]["error_msg"].as_str().unwrap().is_empty());
    }
    let so = s.sim_order(sn).await;
    assert_eq!(so["order"]["remark"], "只改备注");
    assert_eq!(so["order"]["remark_tag"], 2);
    // Three characters is the limit, allowed.
    let v = s
        .fw(
            NOTE,
            &[
                ("order_sn", sn),
                ("note", "x"),
                ("tag", "5"),
                ("tag_name", "紫色的"),
            ],
        )
        .await;
    assert_eq!(v["data"]["success"], true);
    assert_eq!(s.fw(NOTE, &[("order_sn", sn)]).await["code"], 10003);
    s.run.shutdown().await;
}

#[tokio::test]
async fn inspection_plants_orders_and_logs_requests() {
    let s = start().await;
    let fixture: Value =
        serde_json::from_str(include_str!("fixtures/fw199_order_detail_seed003.json")).unwrap();
    let mut order = fixture["data"].clone();
    order["buyer_memo"] = json!("\u{1b}]52;c;ZXZpbA==\u{7}快点");
    let r = s
        .http
        .post(s.url("/__sim/orders"))
        .json(&order)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"ok": true}));
    let sn = "210317-001532562392221";
    let so = s.sim_order(sn).await;
    assert_eq!(so["order"]["receiver_name_mask"], "M*k");
    assert_eq!(
        so["order"]["buyer_memo"], "\u{1b}]52;c;ZXZpbA==\u{7}快点",
        "the sim serves planted text as is"
    );
    assert_eq!(so["ship_count"], 0);
    // Detail serves it, and shipping works on it (a planted order has a 2021 confirm time: unaffected).
    let d = s.fw("/gateway/pdd/order/detail", &[("order_sn", sn)]).await;
    assert_eq!(d["data"]["order_sn"], sn);
    assert_eq!(
        d["data"]["open_address_id"],
        fixture["data"]["open_address_id"]
    );
    assert_eq!(s.ship(sn, "121", "4307495240153", "1").await["code"], 0);
    assert_eq!(s.ship(sn, "121", "4307495240153", "1").await["code"], 20002);
    let r = s
        .http
        .get(s.url("/__sim/orders/000000-000000000000000"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let log = s.requests().await;
    let ships: Vec<&Value> = log
        .iter()
        .filter(|e| e["path"] == "/gateway/pdd/logistices/onlinesend")
        .collect();
    assert_eq!(ships.len(), 2);
    assert_eq!(ships[0]["order_sn"], sn);
    assert_eq!(ships[0]["outcome"], "ok");
    assert_eq!(ships[1]["outcome"], "error:20002");
    assert!(
        log.iter()
            .any(|e| e["path"] == "/gateway/pdd/order/detail" && e["outcome"] == "ok")
    );
    s.run.shutdown().await;
}

#[tokio::test]
async fn a_large_shop_lists_pages_quickly() {
    let now = jiff::Timestamp::now();
    let opts = pddtui::sim::Options {
        orders: 100_000,
        seed: 1,
        now: Some(now),
        ..Default::default()
    };
    let run = pddtui::sim::start("127.0.0.1:0".parse().unwrap(), opts)
        .await
        .unwrap();
    let s = Sim {
        base: run.base_url(),
        run,
        http: reqwest::Client::new(),
        now,
        orders: vec![],
    };
    let end = now.as_second();
    let t = std::time::Instant::now();
    for page in ["1", "50", "100"] {
        let v = list_page(&s, end - 86_400, end, page, "100").await;
        assert_eq!(v["code"], 0);
        assert!(v["data"]["total_count"].as_u64().unwrap() > 20_000);
    }
    assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
    s.run.shutdown().await;
}
