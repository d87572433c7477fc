//! Sync at any volume and the incremental refresh, against the real simulator over HTTP: windows split to
//! fit the gateway's paging reach, increments, request counts, the sim's rate limit waited out.

mod ship_support;

use jiff::{SignedDuration, Timestamp};
use pddtui::api::rate::{Backoff, RateLimits};
use pddtui::api::{ApiError, Gateway, HttpOptions, Secret, StatusFilter, fw199};
use pddtui::domain::Order;
use pddtui::ops::sync::{self, Refresh};
use pddtui::sim::{self, Faults, Options, Running};
use serde_json::{Value, json};
use ship_support::yto_as as ship_req;
use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

async fn start(opts: Options) -> Running {
    sim::start("127.0.0.1:0".parse().unwrap(), opts)
        .await
        .unwrap()
}

fn client(base: &str) -> fw199::Client {
    fw199::Client::new(
        fw199::Config {
            base_url: base.into(),
            appid: sim::DEMO_FW199_APPID.into(),
            seller_nick: sim::DEMO_FW199_SELLER_NICK.into(),
            secret: Secret::new(sim::DEMO_FW199_SECRET),
        },
        HttpOptions::default(),
    )
    .unwrap()
}

async fn counts(base: &str) -> BTreeMap<String, u64> {
    reqwest::get(format!("{base}/__sim/requests/counts"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn reset(base: &str) {
    let r = reqwest::Client::new()
        .delete(format!("{base}/__sim/requests"))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
}

async fn log(base: &str) -> Vec<Value> {
    reqwest::get(format!("{base}/__sim/requests"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A note written in the merchant backend: a change the client did not make.
async fn backend_note(base: &str, sn: &str, note: &str) {
    let r = reqwest::Client::new()
        .post(format!("{base}/__sim/orders/{sn}/note"))
        .json(&json!({ "note": note }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
}

fn sns(orders: &[Order]) -> HashSet<String> {
    orders.iter().map(|o| o.order_sn.clone()).collect()
}

const DAY: SignedDuration = SignedDuration::from_hours(24);

#[tokio::test]
async fn every_change_sets_updated_at_and_the_increment_sees_it() {
    let run = start(Options {
        orders: 200,
        seed: 5,
        ..Options::default()
    })
    .await;
    let base = run.base_url();
    let c = client(&base);
    let now = Timestamp::now();
    let unshipped = c
        .list_orders(StatusFilter::Unshipped, now - 4 * DAY, now)
        .await
        .unwrap();
    let free: Vec<&Order> = unshipped
        .iter()
        .filter(|o| {
            o.ship_block().is_none() && o.updated_at < Some(now - SignedDuration::from_secs(5))
        })
        .take(4)
        .collect();
    assert_eq!(free.len(), 4);
    let t0 = Timestamp::now();
    // Note with a flag, and shipment then modify, through the gateway.
    let note = pddtui::domain::NoteRequest {
        order_sn: free[0].order_sn.clone(),
        note: "改地址".into(),
        tag: Some((pddtui::domain::Flag::Red, "红".into())),
    };
    c.update_note(&note).await.unwrap();
    c.ship(&ship_req(&free[1].order_sn, "YT1000000000001", false))
        .await
        .unwrap();
    c.ship(&ship_req(&free[1].order_sn, "YT1000000000002", true))
        .await
        .unwrap();
    // A note in the merchant backend, and an after-sale opened there (planted).
    backend_note(&base, &free[2].order_sn, "买家要求改色").await;
    let mut refund = free[3].clone();
    refund.refund_status = 2;
    refund.updated_at = Some(now - DAY);
    let r = reqwest::Client::new()
        .post(format!("{base}/__sim/orders"))
        .json(&refund)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let changed = c
        .list_orders_incremental(
            StatusFilter::All,
            t0 - SignedDuration::from_secs(1),
            Timestamp::now() + SignedDuration::from_secs(1),
        )
        .await
        .unwrap();
    let seen = sns(&changed);
    for o in &free {
        assert!(
            seen.contains(&o.order_sn),
            "{} not in the increment",
            o.order_sn
        );
        let fresh = c.order_detail(&o.order_sn).await.unwrap();
        assert!(
            fresh.updated_at >= Some(t0 - SignedDuration::from_secs(1)),
            "{fresh:?}"
        );
    }
    let shipped = changed
        .iter()
        .find(|o| o.order_sn == free[1].order_sn)
        .unwrap();
    assert_eq!(shipped.tracking_number, "YT1000000000002");
    run.shutdown().await;
}

#[tokio::test]
async fn the_increment_sees_a_change_only_after_the_indexing_lag() {
    let run = start(Options {
        orders: 50,
        seed: 6,
        increment_lag_secs: 2,
        ..Options::default()
    })
    .await;
    let base = run.base_url();
    let c = client(&base);
    let now = Timestamp::now();
    let all = c
        .list_orders(StatusFilter::Unshipped, now - 4 * DAY, now)
        .await
        .unwrap();
    let sn = all[0].order_sn.clone();
    backend_note(&base, &sn, "late").await;
    let window = || {
        (
            Timestamp::now() - SignedDuration::from_secs(60),
            Timestamp::now() + SignedDuration::from_secs(1),
        )
    };
    let (a, b) = window();
    let early = c
        .list_orders_incremental(StatusFilter::All, a, b)
        .await
        .unwrap();
    assert!(!sns(&early).contains(&sn), "seen before the lag");
    // The full list and the detail are not delayed.
    assert_eq!(c.order_detail(&sn).await.unwrap().remark, "late");
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    let (a, b) = window();
    let late = c
        .list_orders_incremental(StatusFilter::All, a, b)
        .await
        .unwrap();
    assert!(sns(&late).contains(&sn), "seen after the lag");
    run.shutdown().await;
}

#[tokio::test]
async fn request_counts_per_path_and_reset() {
    let run = start(Options {
        orders: 250,
        seed: 1,
        ..Options::default()
    })
    .await;
    let base = run.base_url();
    let c = client(&base);
    let now = Timestamp::now();
    c.list_orders(
        StatusFilter::Unshipped,
        now - SignedDuration::from_hours(12),
        now,
    )
    .await
    .unwrap();
    c.couriers().await.unwrap();
    let n = counts(&base).await;
    assert!(n[fw199::PATH_LIST] >= 1, "{n:?}");
    assert_eq!(n[fw199::PATH_COURIERS], 1, "{n:?}");
    reset(&base).await;
    assert!(counts(&base).await.is_empty());
    assert!(log(&base).await.is_empty());
    run.shutdown().await;
}

#[tokio::test]
async fn a_window_beyond_the_reach_is_split_until_each_part_fits() {
    // 3,000 orders over four days: more than 500 in most 24 h windows.
    let run = start(Options {
        orders: 3_000,
        seed: 9,
        reach: 500,
        ..Options::default()
    })
    .await;
    let base = run.base_url();
    let now = Timestamp::now();
    let (from, to) = (now - 5 * DAY, now + SignedDuration::from_secs(1));
    // A client that pages past the reach is refused by the gateway.
    let naive = client(&base);
    let err = naive
        .list_orders(StatusFilter::All, from, to)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ApiError::Gateway { code: 10003, message } if message.contains("page")),
        "{err:?}"
    );
    let c = client(&base).with_reach(500);
    reset(&base).await;
    let got = c.list_orders(StatusFilter::All, from, to).await.unwrap();
    assert_eq!(got.len(), 3_000, "every order, once");
    let n = counts(&base).await;
    // Each order fetched once, plus a first page per split window: well under twice the pages.
    assert!(n[fw199::PATH_LIST] < 2 * 30 + 20, "{n:?}");
    assert!(log(&base).await.iter().all(|e| e["outcome"] == "ok"));
    run.shutdown().await;
}

#[tokio::test]
async fn increments_beyond_the_reach_are_split_too_and_come_once_each() {
    // The shop's clock an hour behind: every change made now is after every generated one.
    let shop_now = Timestamp::now() - SignedDuration::from_hours(1);
    let run = start(Options {
        orders: 400,
        seed: 4,
        reach: 100,
        now: Some(shop_now),
        ..Options::default()
    })
    .await;
    let base = run.base_url();
    let c = client(&base).with_reach(100);
    let all = c
        .list_orders(StatusFilter::All, shop_now - 5 * DAY, shop_now)
        .await
        .unwrap();
    // Two seconds of 90 changes each: 180 in the window, more than one page of reach. The first after the
    // shop's starting second has passed (the window starts a second after it, leaving out generated orders
    // updated in that second): on a fast machine the list above ends within it.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let mut changed = HashSet::new();
    for (i, o) in all.iter().take(180).enumerate() {
        if i == 90 {
            tokio::time::sleep(Duration::from_millis(1_100)).await;
        }
        backend_note(&base, &o.order_sn, &format!("n{i}")).await;
        changed.insert(o.order_sn.clone());
    }
    let (a, b) = (
        shop_now + SignedDuration::from_secs(1),
        shop_now + SignedDuration::from_secs(60),
    );
    let got = c
        .list_orders_incremental(StatusFilter::All, a, b)
        .await
        .unwrap();
    assert_eq!(sns(&got), changed);
    assert_eq!(got.len(), changed.len(), "one copy each");
    run.shutdown().await;
}

#[tokio::test]
async fn one_second_beyond_the_reach_is_an_error_naming_it() {
    let run = start(Options {
        orders: 10,
        seed: 2,
        reach: 100,
        ..Options::default()
    })
    .await;
    let base = run.base_url();
    let c = client(&base).with_reach(100);
    let template = c
        .list_orders(
            StatusFilter::All,
            Timestamp::now() - 5 * DAY,
            Timestamp::now(),
        )
        .await
        .unwrap()
        .remove(0);
    let confirm = Timestamp::from_second(Timestamp::now().as_second() - 3_600).unwrap();
    let http = reqwest::Client::new();
    for i in 0..101 {
        let mut o = template.clone();
        o.order_sn = format!("261130-{i:015}");
        o.confirm_time = Some(confirm);
        let r = http
            .post(format!("{base}/__sim/orders"))
            .json(&o)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }
    let err = c
        .list_orders(StatusFilter::All, confirm - DAY, confirm + DAY)
        .await
        .unwrap_err();
    match &err {
        ApiError::BeyondReach {
            start,
            end,
            total,
            reach,
        } => {
            assert_eq!(
                (*start, *end),
                (confirm.as_second(), confirm.as_second() + 1)
            );
            assert_eq!((*total, *reach), (Some(101), 100));
        }
        other => panic!("{other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.contains(&pddtui::domain::time::format_beijing(confirm)),
        "{text}"
    );
    run.shutdown().await;
}

fn gateway(c: fw199::Client) -> Gateway {
    Gateway::Fw199(c)
}

#[tokio::test]
async fn a_refresh_of_a_10k_shop_costs_a_handful_of_requests() {
    // The shop's clock four minutes behind, so the changes made now fall before "now − 3 min".
    let shop_now = Timestamp::now() - SignedDuration::from_mins(4);
    let run = start(Options {
        orders: 10_000,
        seed: 11,
        now: Some(shop_now),
        ..Options::default()
    })
    .await;
    let base = run.base_url();
    let gw = gateway(client(&base).with_rate_limits(RateLimits::PDD));
    let mark = shop_now - SignedDuration::from_mins(1);
    reset(&base).await;
    let Refresh::Changed {
        orders: quiet,
        mark: next,
    } = sync::changes_since(&gw, mark, Timestamp::now(), sync::OVERLAP)
        .await
        .unwrap()
    else {
        panic!("too old")
    };
    let n: u64 = counts(&base).await.values().sum();
    assert!(n <= 5, "nothing changed: {n} requests");
    assert!(next > mark);
    // 100 changes made elsewhere, to orders of the queue's last day.
    let now = Timestamp::now();
    let all = client(&base)
        .list_orders(StatusFilter::Unshipped, now - DAY, now)
        .await
        .unwrap();
    let mut queue = all.clone();
    for o in all.iter().take(100) {
        backend_note(&base, &o.order_sn, "加急").await;
    }
    reset(&base).await;
    let Refresh::Changed { orders, .. } =
        sync::changes_since(&gw, next, Timestamp::now(), sync::OVERLAP)
            .await
            .unwrap()
    else {
        panic!("too old")
    };
    let n: u64 = counts(&base).await.values().sum();
    assert!(n <= 10, "100 changed: {n} requests");
    assert!(
        orders.len() >= 100 && orders.len() < 100 + quiet.len() + 50,
        "{}",
        orders.len()
    );
    let m = sync::merge_orders(&mut queue, orders);
    assert!(m.updated >= 100, "{m:?}");
    assert_eq!(queue.iter().filter(|o| o.remark == "加急").count(), 100);
    // A mark older than a day asks nothing: list again in full.
    reset(&base).await;
    let r = sync::changes_since(&gw, now - 2 * DAY, now, sync::OVERLAP)
        .await
        .unwrap();
    assert_eq!(r, Refresh::TooOld);
    assert!(counts(&base).await.is_empty());
    run.shutdown().await;
}

#[tokio::test]
async fn the_gateways_rate_limit_is_waited_out() {
    let run = start(Options {
        orders: 600,
        seed: 9,
        faults: Faults {
            // Two a second: the client's eight in flight are a burst.
            rate_limit_per_min: 120,
            ..Faults::default()
        },
        ..Options::default()
    })
    .await;
    let base = run.base_url();
    let now = Timestamp::now();
    let (from, to) = (now - 5 * DAY, now + SignedDuration::from_secs(1));
    // No limit of its own: the gateway refuses some calls, and each is asked again after a wait.
    let eager = client(&base);
    let got = eager
        .list_orders(StatusFilter::All, from, to)
        .await
        .unwrap();
    assert_eq!(got.len(), 600);
    let refused = log(&base)
        .await
        .iter()
        .filter(|e| e["outcome"] == "error:10007")
        .count();
    assert!(refused > 0, "the burst was never refused");
    // With the gateway's limit as its own, it is never refused.
    tokio::time::sleep(Duration::from_secs(1)).await;
    reset(&base).await;
    let polite = client(&base).with_rate_limits(RateLimits {
        list: 120,
        ..RateLimits::NONE
    });
    assert_eq!(
        polite
            .list_orders(StatusFilter::All, from, to)
            .await
            .unwrap()
            .len(),
        600
    );
    assert!(log(&base).await.iter().all(|e| e["outcome"] == "ok"));
    // Retries exhausted: the rate limit is the answer.
    let impatient = client(&base).with_backoff(Backoff {
        retries: 1,
        first: Duration::from_millis(1),
        max: Duration::from_millis(1),
    });
    let err = impatient
        .list_orders(StatusFilter::All, from, to)
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::RateLimited(_)), "{err:?}");
    run.shutdown().await;
}
