//! Figures for the README (issue 13), not timed assertions: the gateway requests of one workstation
//! refresh (`ops::sync::changes_to_now`, what `r` and the timed refresh call) on a 100,000-order shop,
//! with nothing changed and with 100 orders changed elsewhere. Run:
//! `cargo test --release --test sync_figures -- --ignored --nocapture`.

use jiff::{SignedDuration, Timestamp};
use pddtui::api::rate::RateLimits;
use pddtui::api::{Gateway, HttpOptions, Secret, StatusFilter, fw199};
use pddtui::ops::sync::{self, Refresh};
use pddtui::sim::{self, Options};
use serde_json::json;
use std::collections::BTreeMap;

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

async fn counts(http: &reqwest::Client, base: &str) -> BTreeMap<String, u64> {
    let c: BTreeMap<String, u64> = http
        .get(format!("{base}/__sim/requests/counts"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    http.delete(format!("{base}/__sim/requests"))
        .send()
        .await
        .unwrap();
    c.into_iter()
        .filter(|(p, _)| p.starts_with("/gateway/"))
        .collect()
}

/// Issue 13's request targets at 100,000 orders, asserted in every `cargo test` (no full list is needed:
/// the refresh starts from a mark a minute old, as after a full list that began then).
#[tokio::test(flavor = "multi_thread")]
async fn requests_per_refresh_at_100k_orders() {
    let run = sim::start(
        "127.0.0.1:0".parse().unwrap(),
        Options {
            orders: 100_000,
            seed: 5,
            ..Options::default()
        },
    )
    .await
    .unwrap();
    let base = run.base_url();
    let http = reqwest::Client::new();
    let gw = Gateway::Fw199(client(&base).with_rate_limits(RateLimits::PDD));
    // As after a full list that started a minute ago.
    let now = Timestamp::now();
    let mark = now - SignedDuration::from_mins(1);
    // The unshipped orders, from the simulator itself (listing 100,000 orders here would only cost time).
    let queue: Vec<String> = http
        .get(format!("{base}/__sim/orders?order_status=1"))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap()["order_sns"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    counts(&http, &base).await;

    let Refresh::Changed { orders, mark } =
        sync::changes_to_now(&gw, mark, Timestamp::now(), sync::OVERLAP)
            .await
            .unwrap()
    else {
        panic!("too old")
    };
    let quiet = counts(&http, &base).await;
    let quiet_n: u64 = quiet.values().sum();
    println!(
        "100,000 orders ({} unshipped), nothing changed: {quiet_n} requests {quiet:?}, {} orders back",
        queue.len(),
        orders.len()
    );
    for sn in queue.iter().take(100) {
        let r = http
            .post(format!("{base}/__sim/orders/{sn}/note"))
            .json(&json!({ "note": "加急" }))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{sn}: {}", r.status());
    }
    counts(&http, &base).await;
    let Refresh::Changed { orders, .. } =
        sync::changes_to_now(&gw, mark, Timestamp::now(), sync::OVERLAP)
            .await
            .unwrap()
    else {
        panic!("too old")
    };
    let changed = counts(&http, &base).await;
    let changed_n: u64 = changed.values().sum();
    println!(
        "100,000 orders, 100 changed: {changed_n} requests {changed:?}, {} orders back",
        orders.len()
    );
    assert!(quiet_n <= 5 && changed_n <= 10);
    let back: std::collections::HashSet<&str> =
        orders.iter().map(|o| o.order_sn.as_str()).collect();
    let noted = queue
        .iter()
        .take(100)
        .filter(|sn| back.contains(sn.as_str()))
        .count();
    assert_eq!(noted, 100, "every order noted elsewhere comes back");
    run.shutdown().await;
}

/// The workstation's full sync (`list_orders_each` into queue rows, as `tui::effects::fetch_orders` does)
/// of a shop of 1,000,000 orders over loopback, no latency: it completes, and the queue holds exactly the
/// shop's unshipped orders (`GET /__sim/orders?order_status=1`). The list limit is raised for the figure
/// (`PDDTUI_LIST_PER_MIN`, default 0 = no limit; PDD's is 6,000 a minute, which alone makes ≥ 85 s of the
/// ≥ 8,500 pages).
#[tokio::test(flavor = "multi_thread")]
#[ignore = "figures: run by hand with --ignored --nocapture"]
async fn full_sync_of_a_million_orders() {
    let n = std::env::var("PDDTUI_SYNC_ORDERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000usize);
    let per_min: u32 = std::env::var("PDDTUI_LIST_PER_MIN")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let started = std::time::Instant::now();
    let run = sim::start(
        "127.0.0.1:0".parse().unwrap(),
        Options {
            orders: n,
            seed: 13,
            ..Options::default()
        },
    )
    .await
    .unwrap();
    let sim_start = started.elapsed();
    let base = run.base_url();
    let http = reqwest::Client::new();
    let limits = RateLimits {
        list: per_min,
        ..RateLimits::PDD
    };
    let gw = Gateway::Fw199(client(&base).with_rate_limits(limits));
    let now = Timestamp::now();
    let start = now - pddtui::tui::update::fetch::LOOKBACK;
    let t = std::time::Instant::now();
    let mut rows = pddtui::tui::queue::order_list::Builder::default();
    let skipped = gw
        .list_orders_each(StatusFilter::Unshipped, start, now, &mut |page| {
            rows.add(&page)
        })
        .await
        .unwrap();
    let list = rows.finish();
    let took = t.elapsed();
    let requests = counts(&http, &base).await;
    let total: u64 = requests.values().sum();
    let want: serde_json::Value = http
        .get(format!("{base}/__sim/orders?order_status=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let want: std::collections::BTreeSet<&str> = want["order_sns"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    let got: std::collections::BTreeSet<&str> = list.iter().map(|r| r.order_sn.as_str()).collect();
    println!(
        "full sync of {n} orders (sim started in {sim_start:.1?}): {} unshipped in the queue in {took:.1?}, \
         {total} requests {requests:?}, list limit {}",
        list.len(),
        if per_min == 0 {
            "none".to_string()
        } else {
            format!("{per_min}/min")
        }
    );
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(list.len(), want.len(), "one row per unshipped order");
    assert_eq!(got.len(), want.len());
    assert!(got == want, "the queue is the shop's unshipped orders");
    run.shutdown().await;
}
