//! The three gateway clients against the real simulator over HTTP: every operation, every fault mode.
//! Each test starts its own simulator on a free port, so tests run in parallel without sharing state.

use jiff::{SignedDuration, Timestamp};
use pddtui::api::waybill::{self, Sender};
use pddtui::api::{ApiError, HttpOptions, Secret, StatusFilter, fw199, pddshuju};
use pddtui::domain::row::Interner;
use pddtui::domain::{Flag, NoteRequest, Order, OrderRow, Redelivery, ShipRequest};
use pddtui::i18n::{Lang, errors::api_error};
use pddtui::sim::{self, Faults, Options, Running};
use serde_json::{Value, json};
use std::time::Duration;

async fn start(orders: usize, faults: Faults) -> Running {
    sim::start(
        "127.0.0.1:0".parse().unwrap(),
        Options {
            orders,
            seed: 7,
            faults,
            ..Options::default()
        },
    )
    .await
    .unwrap()
}

fn fw(base: &str, secret: &str, http: HttpOptions) -> fw199::Client {
    fw199::Client::new(
        fw199::Config {
            base_url: base.into(),
            appid: "demo-app".into(),
            seller_nick: "demo-shop".into(),
            secret: Secret::new(secret),
        },
        http,
    )
    .unwrap()
}

fn pdd(base: &str, secret: &str) -> pddshuju::Client {
    pddshuju::Client::new(
        pddshuju::Config {
            base_url: base.into(),
            ownuser: "demo-owner".into(),
            state: "demo-state".into(),
            secret: Secret::new(secret),
        },
        HttpOptions::default(),
    )
    .unwrap()
}

fn wb(base: &str, secret: &str) -> waybill::Client {
    waybill::Client::new(
        waybill::Config {
            base_url: base.into(),
            client_id: "demo-client".into(),
            client_secret: Secret::new(secret),
            ptemp_id: "1696".into(),
            courier_id: Some(85),
            sender: Sender {
                name: "胖大熊".into(),
                mobile: "15019712643".into(),
                province: "上海市".into(),
                city: "上海市".into(),
                district: "青浦区".into(),
                address: "1号仓库".into(),
            },
        },
        HttpOptions::default(),
    )
    .unwrap()
}

async fn inspect(base: &str, sn: &str) -> Value {
    reqwest::get(format!("{base}/__sim/orders/{sn}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn requests(base: &str) -> Vec<Value> {
    reqwest::get(format!("{base}/__sim/requests"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn set_faults(base: &str, faults: Value) {
    let r = reqwest::Client::new()
        .post(format!("{base}/__sim/faults"))
        .json(&faults)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
}

/// Everything the shop has: a range wide enough for the generator's 72 h spread.
async fn all_orders(c: &fw199::Client) -> Vec<Order> {
    let now = Timestamp::now();
    c.list_orders(
        StatusFilter::All,
        now - SignedDuration::from_hours(4 * 24),
        now + SignedDuration::from_hours(1),
    )
    .await
    .unwrap()
}

fn shippable(o: &Order) -> bool {
    o.is_unshipped() && o.ship_block().is_none() && o.after_sales_status == 0
}

fn ship_req(sn: &str, logistics_id: i64, number: &str, redelivery: Redelivery) -> ShipRequest {
    // Built the only way there is: through validation, against a list holding its courier.
    let couriers = [pddtui::domain::Courier {
        id: logistics_id,
        code: String::new(),
        name: String::new(),
        available: 1,
    }];
    let input = pddtui::domain::validate::ShipInput {
        order_sn: sn,
        courier_id: logistics_id,
        tracking: number,
        imei: "",
        refund_address_id: None,
        modify: redelivery == Redelivery::Modify,
    };
    pddtui::domain::validate::ship(&input, &couriers)
        .unwrap()
        .request
}

fn yto(n: u64) -> String {
    format!("YT{n:013}")
}

#[tokio::test]
async fn list_covers_every_window_and_page() {
    let s = start(1000, Faults::default()).await;
    let c = fw(&s.base_url(), "demo-secret", HttpOptions::default());
    let all = all_orders(&c).await;
    // 1000 orders over 72 h, most in the last two days: five 24 h windows, some of several pages;
    // anything lost or doubled shows here.
    assert_eq!(all.len(), 1000);
    let mut sns: Vec<&str> = all.iter().map(|o| o.order_sn.as_str()).collect();
    assert!(
        all.windows(2)
            .all(|w| (w[0].confirm_time, &w[0].order_sn) <= (w[1].confirm_time, &w[1].order_sn))
    );
    sns.dedup();
    assert_eq!(sns.len(), 1000);
    let lists = requests(&s.base_url())
        .await
        .into_iter()
        .filter(|r| r["path"] == fw199::PATH_LIST)
        .count();
    // 1000 orders take at least ten pages of 100, and the oldest window (72–96 h ago, empty) is asked too.
    assert!(lists > 1000 / 100, "only {lists} list calls");
    // Several pages in one window: at least one window holds more than a page.
    let per_day = |d: i64| {
        let t = Timestamp::now() - SignedDuration::from_hours(24 * d);
        all.iter()
            .filter(|o| {
                o.confirm_time
                    .is_some_and(|c| c <= t && c > t - SignedDuration::from_hours(24))
            })
            .count()
    };
    assert!(per_day(0) > 300, "{} orders today", per_day(0));

    let now = Timestamp::now();
    let unshipped = c
        .list_orders(
            StatusFilter::Unshipped,
            now - SignedDuration::from_hours(96),
            now,
        )
        .await
        .unwrap();
    assert!(!unshipped.is_empty() && unshipped.len() < 1000);
    assert!(unshipped.iter().all(|o| o.order_status == 1));
    let shipped = c
        .list_orders(
            StatusFilter::Shipped,
            now - SignedDuration::from_hours(96),
            now,
        )
        .await
        .unwrap();
    assert!(!shipped.is_empty());
    assert!(shipped.iter().all(|o| o.order_status == 2));
    s.shutdown().await;
}

#[tokio::test]
async fn detail_couriers_ship_modify_and_refusals() {
    let s = start(200, Faults::default()).await;
    let base = s.base_url();
    let c = fw(&base, "demo-secret", HttpOptions::default());

    let couriers = c.couriers().await.unwrap();
    assert!(couriers.iter().any(|c| c.id == 85 && c.code == "YTO"));
    assert!(couriers.iter().any(|c| c.id == 384 && !c.is_available()));

    let all = all_orders(&c).await;
    let target = all.iter().find(|o| shippable(o)).unwrap();
    let sn = target.order_sn.as_str();
    let detail = c.order_detail(sn).await.unwrap();
    assert_eq!(detail.order_sn, sn);
    assert!(detail.last_ship_time.is_some());
    assert_eq!(detail.receiver_name_mask, target.receiver_name_mask);

    c.ship(&ship_req(sn, 85, &yto(1), Redelivery::First))
        .await
        .unwrap();
    let v = inspect(&base, sn).await;
    assert_eq!(v["ship_count"], 1);
    assert_eq!(v["order"]["order_status"], 2);
    assert_eq!(v["order"]["tracking_number"], yto(1));

    match c.ship(&ship_req(sn, 85, &yto(2), Redelivery::First)).await {
        Err(ApiError::Gateway { code, message }) => {
            assert_eq!(code, 20002);
            assert!(message.starts_with("订单已发货"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    c.ship(&ship_req(sn, 115, "73123456789012", Redelivery::Modify))
        .await
        .unwrap();
    let v = inspect(&base, sn).await;
    assert_eq!(v["ship_count"], 2);
    assert_eq!(v["order"]["tracking_number"], "73123456789012");
    assert_eq!(v["order"]["logistics_id"], 115);

    let other = all
        .iter()
        .find(|o| shippable(o) && o.order_sn != sn)
        .unwrap();
    let code_of = |r: Result<(), ApiError>| match r {
        Err(ApiError::Gateway { code, .. }) => code,
        other => panic!("{other:?}"),
    };
    let osn = other.order_sn.as_str();
    assert_eq!(
        code_of(
            c.ship(&ship_req(osn, 85, &yto(3), Redelivery::Modify))
                .await
        ),
        20003
    );
    assert_eq!(
        code_of(
            c.ship(&ship_req(osn, 384, "JT1234567890123", Redelivery::First))
                .await
        ),
        20006
    );
    assert_eq!(
        code_of(
            c.ship(&ship_req(osn, 9999, &yto(3), Redelivery::First))
                .await
        ),
        20007
    );
    assert_eq!(
        code_of(
            c.ship(&ship_req(
                "210101-999999999999999",
                85,
                &yto(3),
                Redelivery::First
            ))
            .await
        ),
        20001
    );
    let refunding = all
        .iter()
        .find(|o| o.is_unshipped() && (2..=4).contains(&o.refund_status))
        .unwrap();
    assert_eq!(
        code_of(
            c.ship(&ship_req(
                &refunding.order_sn,
                85,
                &yto(4),
                Redelivery::First
            ))
            .await
        ),
        20004
    );
    let risky = all
        .iter()
        .find(|o| o.is_unshipped() && o.in_risk_review() && o.refund_status == 1)
        .unwrap();
    assert_eq!(
        code_of(
            c.ship(&ship_req(&risky.order_sn, 85, &yto(5), Redelivery::First))
                .await
        ),
        20005
    );
    assert_eq!(inspect(&base, osn).await["ship_count"], 0);
    s.shutdown().await;
}

#[tokio::test]
async fn increment_sees_a_fresh_shipment() {
    let s = start(100, Faults::default()).await;
    let c = fw(&s.base_url(), "demo-secret", HttpOptions::default());
    let all = all_orders(&c).await;
    let sn = all.iter().find(|o| shippable(o)).unwrap().order_sn.clone();
    c.ship(&ship_req(&sn, 85, &yto(9), Redelivery::First))
        .await
        .unwrap();
    let now = Timestamp::now();
    // Two hours: four 30 min windows.
    let recent = c
        .list_orders_incremental(
            StatusFilter::All,
            now - SignedDuration::from_hours(2),
            now + SignedDuration::from_secs(60),
        )
        .await
        .unwrap();
    let hit = recent.iter().find(|o| o.order_sn == sn).unwrap();
    assert_eq!(hit.order_status, 2);
    assert_eq!(hit.tracking_number, yto(9));
    let calls = requests(&s.base_url())
        .await
        .into_iter()
        .filter(|r| r["path"] == fw199::PATH_INCREMENT)
        .count();
    assert!(calls >= 5, "{calls}");
    s.shutdown().await;
}

#[tokio::test]
async fn note_with_and_without_tag() {
    let s = start(50, Faults::default()).await;
    let base = s.base_url();
    let c = fw(&base, "demo-secret", HttpOptions::default());
    let sn = all_orders(&c).await[0].order_sn.clone();
    c.update_note(&NoteRequest {
        order_sn: sn.clone(),
        note: "周五前发顺丰".into(),
        tag: Some((Flag::Yellow, "黄色".into())),
    })
    .await
    .unwrap();
    let v = inspect(&base, &sn).await;
    assert_eq!(v["order"]["remark"], "周五前发顺丰");
    assert_eq!(v["order"]["remark_tag"], 2);
    c.update_note(&NoteRequest {
        order_sn: sn.clone(),
        note: "只改备注".into(),
        tag: None,
    })
    .await
    .unwrap();
    assert_eq!(inspect(&base, &sn).await["order"]["remark"], "只改备注");
    let missing = c
        .update_note(&NoteRequest {
            order_sn: "210101-999999999999999".into(),
            note: "x".into(),
            tag: None,
        })
        .await;
    assert!(
        matches!(missing, Err(ApiError::Gateway { code: 20001, .. })),
        "{missing:?}"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn pddshuju_list_and_batch_ship() {
    let s = start(300, Faults::default()).await;
    let base = s.base_url();
    let p = pdd(&base, "demo-secret");
    let now = Timestamp::now();
    let orders = p
        .list_orders(now - SignedDuration::from_hours(47), now)
        .await
        .unwrap();
    assert!(!orders.is_empty());
    assert!(orders.iter().all(|o| o.order_status == 1));
    assert!(orders.iter().all(|o| o.last_ship_time.is_none()));
    assert!(
        orders
            .iter()
            .all(|o| o.deadline().is_some_and(|(_, est)| est))
    );
    assert!(orders.iter().all(|o| !o.receiver_name_mask.is_empty()));
    assert!(orders.iter().all(|o| o.receiver_name.is_empty()));

    let f = fw(&base, "demo-secret", HttpOptions::default());
    let all = all_orders(&f).await;
    let good = all.iter().find(|o| shippable(o)).unwrap();
    let shipped = all.iter().find(|o| o.order_status == 2).unwrap();
    let out = p
        .ship_batch(&[
            ship_req(&good.order_sn, 85, &yto(11), Redelivery::First),
            ship_req(&shipped.order_sn, 85, &yto(12), Redelivery::First),
        ])
        .await
        .unwrap();
    assert_eq!(out.len(), 2);
    assert_eq!(out[0], (good.order_sn.clone(), Ok(())));
    assert_eq!(out[1].0, shipped.order_sn);
    match &out[1].1 {
        Err(ApiError::Gateway { code: 500, message }) => {
            assert!(message.starts_with("订单已发货"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(inspect(&base, &good.order_sn).await["ship_count"], 1);
    s.shutdown().await;
}

#[tokio::test]
async fn waybill_numbers_are_idempotent_and_survive_a_dead_token() {
    let a = start(50, Faults::default()).await;
    let b = start(50, Faults::default()).await;
    let f = fw(&a.base_url(), "demo-secret", HttpOptions::default());
    let order = all_orders(&f).await.into_iter().find(shippable).unwrap();
    let w = wb(&a.base_url(), "demo-secret");
    let key = waybill::out_trade_no(&order.order_sn);
    let n1 = w.take_number(&order, &key).await.unwrap();
    assert!(n1.starts_with("YT") && n1.len() == 15, "{n1}");
    assert_eq!(w.take_number(&order, &key).await.unwrap(), n1);
    let n2 = w.take_number(&order, "PDDTUI-other").await.unwrap();
    assert_ne!(n1, n2);
    let tokens = requests(&a.base_url())
        .await
        .into_iter()
        .filter(|r| r["path"] == waybill::PATH_TOKEN)
        .count();
    assert_eq!(tokens, 1, "the token is cached");

    // A clone shares the token; pointed at a service that never issued it, the token is "expired".
    let mut moved = w.clone();
    moved.config.base_url = b.base_url();
    let n3 = moved.take_number(&order, &key).await.unwrap();
    assert!(n3.starts_with("YT"));
    let log: Vec<String> = requests(&b.base_url())
        .await
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["path"].as_str().unwrap(),
                r["outcome"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        log,
        [
            format!("{} error:40001", waybill::PATH_SAVE_TRADE),
            format!("{} ok", waybill::PATH_TOKEN),
            format!("{} ok", waybill::PATH_SAVE_TRADE),
        ]
    );

    // A number issued by the waybill service is never intercepted.
    set_faults(&a.base_url(), json!({"intercept_rate": 1.0})).await;
    f.ship(&ship_req(&order.order_sn, 85, &n1, Redelivery::First))
        .await
        .unwrap();
    a.shutdown().await;
    b.shutdown().await;
}

#[tokio::test]
async fn faults_map_to_their_variants() {
    let s = start(60, Faults::default()).await;
    let base = s.base_url();
    let c = fw(&base, "demo-secret", HttpOptions::default());
    let all = all_orders(&c).await;
    let sn = all.iter().find(|o| shippable(o)).unwrap().order_sn.clone();

    set_faults(&base, json!({"fail_rate": 1.0})).await;
    let e = c.order_detail(&sn).await.unwrap_err();
    assert!(matches!(e, ApiError::Http { status: 502, .. }), "{e:?}");
    // nginx's page is summarised by its status, never dumped.
    assert_eq!(api_error(&e, Lang::Zh), "HTTP 状态 502 Bad Gateway");
    assert_eq!(api_error(&e, Lang::En), "HTTP 502 Bad Gateway");

    set_faults(&base, json!({"malformed_rate": 1.0})).await;
    for _ in 0..4 {
        let e = c.order_detail(&sn).await.unwrap_err();
        match e {
            ApiError::Decode { snippet, .. } => {
                assert!(snippet.chars().count() <= 200);
                // The HTML error page (status 200) is named by its title, without markup.
                assert!(
                    !snippet.contains("<html") && !snippet.contains("<body"),
                    "{snippet}"
                );
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(matches!(c.couriers().await, Err(ApiError::Decode { .. })));

    set_faults(&base, json!({"intercept_rate": 1.0, "intercept_secs": 7})).await;
    let e = c
        .ship(&ship_req(&sn, 85, &yto(21), Redelivery::First))
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            ApiError::Intercepted {
                retry_after_secs: 7,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(inspect(&base, &sn).await["ship_count"], 0);
    let p = pdd(&base, "demo-secret");
    let out = p
        .ship_batch(&[ship_req(&sn, 85, &yto(22), Redelivery::First)])
        .await
        .unwrap();
    assert!(matches!(
        out[0].1,
        Err(ApiError::Intercepted {
            retry_after_secs: 7,
            ..
        })
    ));

    set_faults(&base, json!({"auth_expired": true})).await;
    assert!(matches!(c.couriers().await, Err(ApiError::Unauthorized(_))));
    let now = Timestamp::now();
    assert!(matches!(
        p.list_orders(now - SignedDuration::from_hours(1), now)
            .await,
        Err(ApiError::Unauthorized(_))
    ));
    let order = all.iter().find(|o| o.order_sn == sn).unwrap();
    assert!(matches!(
        wb(&base, "demo-secret")
            .take_number(order, "PDDTUI-auth")
            .await,
        Err(ApiError::Unauthorized(_))
    ));

    set_faults(&base, json!({"drop_after_commit": true})).await;
    let e = c
        .ship(&ship_req(&sn, 85, &yto(23), Redelivery::First))
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::ConnectionLost(_)), "{e:?}");
    assert!(e.outcome_unknown() && !e.never_sent());
    let v = inspect(&base, &sn).await;
    assert_eq!(v["ship_count"], 1);
    assert_eq!(v["order"]["tracking_number"], yto(23));
    let sn2 = all
        .iter()
        .find(|o| shippable(o) && o.order_sn != sn)
        .unwrap()
        .order_sn
        .clone();
    let out = p
        .ship_batch(&[ship_req(&sn2, 85, &yto(24), Redelivery::First)])
        .await
        .unwrap();
    assert!(
        matches!(out[0].1, Err(ApiError::ConnectionLost(_))),
        "{out:?}"
    );
    assert_eq!(inspect(&base, &sn2).await["ship_count"], 1);

    set_faults(&base, json!({"hang": true})).await;
    let short = HttpOptions {
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_millis(400),
    };
    let e = fw(&base, "demo-secret", short)
        .order_detail(&sn)
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Timeout(_)), "{e:?}");
    assert!(e.outcome_unknown());
    set_faults(&base, json!({})).await;
    s.shutdown().await;
}

#[tokio::test]
async fn wrong_secret_and_closed_port() {
    let s = start(20, Faults::default()).await;
    let base = s.base_url();
    let e = fw(&base, "not-the-secret", HttpOptions::default())
        .couriers()
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::BadSignature(_)), "{e:?}");
    let now = Timestamp::now();
    let e = pdd(&base, "not-the-secret")
        .list_orders(now - SignedDuration::from_hours(1), now)
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::BadSignature(_)), "{e:?}");
    let order = Order {
        order_sn: "210317-001532562392221".into(),
        ..Order::default()
    };
    let e = wb(&base, "not-the-secret")
        .take_number(&order, "PDDTUI-x")
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::BadSignature(_)), "{e:?}");
    assert!(!format!("{e} {e:?}").contains("not-the-secret"));
    s.shutdown().await;

    // A port that was just free: nothing listens, the request never leaves.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let e = fw(
        &format!("http://127.0.0.1:{port}"),
        "demo-secret",
        HttpOptions::default(),
    )
    .couriers()
    .await
    .unwrap_err();
    assert!(matches!(e, ApiError::Connect { .. }), "{e:?}");
    assert!(e.never_sent() && !e.outcome_unknown());
}

/// Unshipped orders by shared `open_address_id`, where two or more share one.
fn address_groups(orders: &[Order]) -> Vec<Vec<&Order>> {
    let mut by: std::collections::BTreeMap<&str, Vec<&Order>> = Default::default();
    for o in orders.iter().filter(|o| o.is_unshipped()) {
        if let Some(id) = o.open_address_id.as_deref() {
            by.entry(id).or_default().push(o);
        }
    }
    by.into_values().filter(|g| g.len() > 1).collect()
}

#[tokio::test]
async fn orders_to_one_address_keep_their_shared_id_through_both_gateways() {
    let s = start(300, Faults::default()).await;
    let base = s.base_url();
    let c = fw(&base, "demo-secret", HttpOptions::default());
    let all = all_orders(&c).await;
    let groups = address_groups(&all);
    assert!(groups.len() >= 2, "{} groups", groups.len());
    let mut interner = Interner::default();
    let mut seen = std::collections::HashSet::new();
    for g in &groups {
        assert!((2..=3).contains(&g.len()));
        // The id the simulator holds, kept by the list and by the detail, and one queue group per address.
        let id = g[0].open_address_id.clone().unwrap();
        let held = inspect(&base, &g[0].order_sn).await;
        assert_eq!(held["order"]["open_address_id"], id.as_str());
        let key = OrderRow::new(g[0], &mut interner).address_group;
        assert!(key.is_some() && seen.insert(key));
        for o in g {
            assert_eq!(OrderRow::new(o, &mut interner).address_group, key);
            let d = c.order_detail(&o.order_sn).await.unwrap();
            assert_eq!(d.open_address_id.as_deref(), Some(id.as_str()));
            assert_eq!(OrderRow::new(&d, &mut interner).address_group, key);
        }
    }
    // Every order outside a group is alone at its address.
    let alone = all
        .iter()
        .filter(|o| !groups.iter().flatten().any(|g| g.order_sn == o.order_sn))
        .filter(|o| o.is_unshipped())
        .map(|o| OrderRow::new(o, &mut interner).address_group.unwrap());
    for key in alone {
        assert!(
            seen.insert(Some(key)),
            "an order outside the groups shares an address"
        );
    }

    // pddshuju lists no address id (seed 000): none is made up…
    let p = pdd(&base, "demo-secret");
    let now = Timestamp::now();
    let listed = p
        .list_orders(now - SignedDuration::from_hours(47), now)
        .await
        .unwrap();
    let g = groups
        .iter()
        .find(|g| {
            g.iter()
                .all(|o| listed.iter().any(|l| l.order_sn == o.order_sn))
        })
        .expect("a group inside pddshuju's two days");
    assert!(listed.iter().all(|o| o.open_address_id.is_none()));
    // …and one it sends anyway is kept, so its orders group like fw199's.
    let patches: Vec<Value> = g
        .iter()
        .map(|o| {
            let sn = format!(r#""order_sn":"{}""#, o.order_sn);
            json!({"find": sn, "replace": format!(r#"{sn},"open_address_id":"addr-1""#)})
        })
        .collect();
    let r = reqwest::Client::new()
        .post(format!("{base}/__sim/wire"))
        .json(&patches)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let listed = p
        .list_orders(now - SignedDuration::from_hours(47), now)
        .await
        .unwrap();
    let keyed: Vec<_> = listed
        .iter()
        .filter(|o| o.open_address_id.is_some())
        .map(|o| {
            (
                o.order_sn.as_str(),
                OrderRow::new(o, &mut interner).address_group,
            )
        })
        .collect();
    assert_eq!(keyed.len(), g.len(), "{keyed:?}");
    assert!(
        keyed
            .iter()
            .all(|(sn, key)| g.iter().any(|o| o.order_sn == *sn)
                && *key == pddtui::domain::row::AddressGroup::of("addr-1"))
    );
    s.shutdown().await;
}
