//! The pddshuju gateway and the waybill service over HTTP: list by Beijing time, gift_send with a
//! signed array field, per-order results on the shared store, tokens and idempotent save_trade.

mod sim_support;

use pddtui::domain::time::format_beijing;
use serde_json::{Value, json};
use sim_support::*;

#[tokio::test]
async fn list_by_beijing_time_returns_recent_unshipped_masked() {
    let s = start().await;
    let start_t =
        format_beijing(jiff::Timestamp::from_second(s.now.as_second() - 72 * 3600).unwrap());
    let end_t = format_beijing(jiff::Timestamp::from_second(s.now.as_second() + 60).unwrap());
    let v = s
        .pdd(
            "/gift_pdd_order_list_get",
            &[("start", &start_t), ("end", &end_t)],
        )
        .await;
    assert_eq!(v["msg"], "success", "{v}");
    let rows = v["data"].as_array().unwrap();
    let cutoff = s.now.as_second() - 48 * 3600;
    let expected: Vec<&pddtui::domain::Order> = s
        .orders
        .iter()
        .filter(|o| o.order_status == 1 && o.confirm_time.unwrap().as_second() >= cutoff)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(rows.len(), expected.len());
    let (row, o) = (&rows[0], expected[0]);
    assert_eq!(row["order_sn"], o.order_sn);
    assert_eq!(row["confirm_time"], format_beijing(o.confirm_time.unwrap()));
    assert_eq!(row["receiver_name"], o.receiver_name_mask);
    assert_eq!(row["receiver_phone"], o.receiver_phone_mask);
    assert_eq!(row["receiver_address"], o.receiver_address_mask);
    assert_eq!(row["address"], o.address_mask);
    assert_eq!(row["item_list"][0]["outer_id"], o.item_list[0].outer_id);
    assert_eq!(
        row["item_list"][0]["goods_count"],
        o.item_list[0].goods_count
    );
    // A narrow window in Beijing time: only what was confirmed inside it.
    let c = o.confirm_time.unwrap();
    let a = format_beijing(c);
    let b = format_beijing(jiff::Timestamp::from_second(c.as_second() + 1).unwrap());
    let v = s
        .pdd("/gift_pdd_order_list_get", &[("start", &a), ("end", &b)])
        .await;
    assert!(
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["order_sn"] == o.order_sn)
    );
    let v = s
        .pdd(
            "/gift_pdd_order_list_get",
            &[("start", "yesterday"), ("end", &b)],
        )
        .await;
    assert_eq!(v, json!({"code": 500, "msg": "参数错误: start"}));
    s.run.shutdown().await;
}

#[tokio::test]
async fn gift_send_per_order_results_on_the_shared_store() {
    let s = start().await;
    let ok = s.shippable(0).order_sn;
    let refunding = s
        .find(|o| o.order_status == 1 && o.refund_status == 2)
        .order_sn;
    let send_data = json!([
        {"order_sn": ok, "logistics_id": "85", "tracking_number": "YT1234567890123"},
        {"order_sn": refunding, "logistics_id": "85", "tracking_number": "YT1234567890124"},
    ])
    .to_string();
    let v = s.pdd("/gift_send", &[("send_data", &send_data)]).await;
    assert_eq!(v["msg"], "success", "{v}");
    assert_eq!(v["data"][0], json!({"order_sn": ok, "msg": "success"}));
    assert_eq!(v["data"][1]["order_sn"], refunding);
    assert_eq!(v["data"][1]["code"], 500);
    assert_eq!(v["data"][1]["msg"], "订单售后中,不能发货");
    // Shipped for fw199 too: a first shipment there is refused.
    assert_eq!(s.sim_order(&ok).await["ship_count"], 1);
    assert_eq!(
        s.ship(&ok, "85", "YT1234567890125", "1").await["code"],
        20002
    );
    assert_eq!(s.sim_order(&refunding).await["order"]["order_status"], 1);
    let log = s.requests().await;
    assert!(log.iter().any(|e| e["path"] == "/gift_send"
        && e["order_sn"] == ok.as_str()
        && e["outcome"] == "ok"));
    assert!(log.iter().any(|e| e["path"] == "/gift_send"
        && e["order_sn"] == refunding.as_str()
        && e["outcome"] == "error:20004"));
    s.run.shutdown().await;
}

#[tokio::test]
async fn pddshuju_refuses_bad_sign_unknown_shop_and_bad_params() {
    let s = start().await;
    let sn = s.shippable(0).order_sn;
    let send_data = format!(
        r#"[{{"order_sn":"{sn}","logistics_id":"85","tracking_number":"YT1234567890123"}}]"#
    );
    // The signature covers the raw field: re-serializing the array with spaces breaks it.
    let mut p = s.pdd_params(&[("send_data", &send_data)]);
    p.insert("send_data".into(), send_data.replace(",", ", "));
    let v = s.fw_with("/gift_send", &p).await;
    assert_eq!(v, json!({"code": 500, "msg": "签名错误"}));
    assert_eq!(s.sim_order(&sn).await["ship_count"], 0);
    // Unknown ownuser, signed correctly.
    let mut p = map(&[
        ("ownuser", "someone"),
        ("state", "demo-state"),
        ("send_data", &send_data),
    ]);
    let sign = pdd_sign(&p, pddtui::sim::DEMO_PDDSHUJU_SECRET);
    p.insert("sign".into(), sign);
    let v = s.fw_with("/gift_send", &p).await;
    assert_eq!(
        v,
        json!({"code": 500, "msg": "未绑定店铺,请绑定店铺之后再继续操作"})
    );
    // Lower-case sign is a signing bug.
    let mut p = s.pdd_params(&[("send_data", &send_data)]);
    let lower = p["sign"].to_lowercase();
    p.insert("sign".into(), lower);
    assert_eq!(s.fw_with("/gift_send", &p).await["msg"], "签名错误");
    // Bad send_data.
    let v = s.pdd("/gift_send", &[("send_data", "not json")]).await;
    assert_eq!(v, json!({"code": 500, "msg": "参数错误: send_data"}));
    assert_eq!(s.sim_order(&sn).await["ship_count"], 0);
    // And the properly signed one ships.
    let v = s.pdd("/gift_send", &[("send_data", &send_data)]).await;
    assert_eq!(v["data"][0]["msg"], "success");
    s.run.shutdown().await;
}

#[tokio::test]
async fn waybill_tokens_and_idempotent_numbers() {
    let s = start().await;
    let bad: Value = s
        .http
        .get(s.url("/api/token"))
        .query(&[("client_id", "demo-client"), ("client_secret", "nope")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        bad,
        json!({"code": 0, "msg": "client_id或client_secret错误"})
    );
    let token = s.token().await;
    let save = |token: String, out: &'static str| {
        let s = &s;
        async move {
            let body = json!({"trade": {"receiver_name": "~AgAAAA~x~1~~", "tid": ""}, "orders": [],
                "out_trade_no": out, "out_e_commerce_no": "240601-123456789012345", "ptemp_id": "1696", "_partner": "pddtui"});
            s.http
                .post(s.url("/api/free/entry/save_trade"))
                .query(&[("access_token", token)])
                .json(&body)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let a = save(token.clone(), "OUT-1").await;
    assert_eq!(a["code"], 1, "{a}");
    let number = a["data"]["ecode_no"].as_str().unwrap().to_string();
    assert!(
        number.starts_with("YT")
            && number.len() == 15
            && number[2..].chars().all(|c| c.is_ascii_digit())
    );
    assert_eq!(a["data"]["out_trade_no"], "OUT-1");
    assert_eq!(a["data"]["express_print_data"]["ecode_no"], number.as_str());
    let again = save(token.clone(), "OUT-1").await;
    assert_eq!(again["data"]["ecode_no"], number.as_str());
    let other = save(token.clone(), "OUT-2").await;
    assert_ne!(other["data"]["ecode_no"], number.as_str());
    let expired = save("not-a-token".into(), "OUT-3").await;
    assert_eq!(expired, json!({"code": 40001, "msg": "access_token已过期"}));
    let missing = save(token.clone(), "").await;
    assert_eq!(missing, json!({"code": 0, "msg": "参数错误: out_trade_no"}));
    assert_eq!(s.token().await.len(), 32);
    s.run.shutdown().await;
}
