//! A full sync of a 100,000-order shop from the simulator with 50 ms of latency per answer: every window and
//! page of four days, decoded and merged. Run: `cargo bench --bench sync`. The sequential time (one
//! request at a time) is printed once beside criterion's figures for the default concurrency; so is
//! the median of five syncs under PDD's default rate limits, with its floor (requests ÷ the list limit a
//! second).

use criterion::{Criterion, criterion_group, criterion_main};
use pddtui::api::rate::RateLimits;
use pddtui::api::{HttpOptions, Secret, StatusFilter, fw199};
use pddtui::sim::{self, Faults, Options};
use std::time::{Duration, Instant};

const N: usize = 100_000;
/// Syncs under the default rate limits, the median printed.
const LIMITED_RUNS: usize = 5;

fn client(base: &str) -> Option<fw199::Client> {
    let http = HttpOptions {
        connect_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(60),
    };
    fw199::Client::new(
        fw199::Config {
            base_url: base.into(),
            appid: sim::DEMO_FW199_APPID.into(),
            seller_nick: sim::DEMO_FW199_SELLER_NICK.into(),
            secret: Secret::new(sim::DEMO_FW199_SECRET),
        },
        http,
    )
    .ok()
}

fn bench(c: &mut Criterion) {
    let Ok(rt) = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    else {
        return;
    };
    let faults = Faults {
        latency_ms: 50,
        ..Default::default()
    };
    let listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let Ok(running) = rt.block_on(sim::start(
        listen,
        Options {
            orders: N,
            seed: 3,
            faults,
            ..Default::default()
        },
    )) else {
        return;
    };
    let Some(fast) = client(&running.base_url()) else {
        return;
    };
    let now = jiff::Timestamp::now();
    let Ok(start) = now.checked_sub(jiff::SignedDuration::from_hours(96)) else {
        return;
    };
    let sync = |c: &fw199::Client| {
        rt.block_on(c.list_orders(StatusFilter::Unshipped, start, now))
            .map(|v| v.len())
    };

    let slow = fast.clone().with_concurrency(1);
    let t = Instant::now();
    let n = sync(&slow).unwrap_or(0);
    println!(
        "sequential sync: {n} orders in {:.1} s (concurrency 1)",
        t.elapsed().as_secs_f64()
    );

    // Under PDD's default limits the list endpoint allows 100 requests a second: the floor is the requests
    // a sync makes at that pace. Several syncs, the median printed (the machine is shared and noisy).
    let limited = fast.clone().with_rate_limits(RateLimits::PDD);
    let base = running.base_url();
    let requests = || {
        rt.block_on(async {
            let counts: std::collections::BTreeMap<String, u64> =
                reqwest::get(format!("{base}/__sim/requests/counts"))
                    .await
                    .ok()?
                    .json()
                    .await
                    .ok()?;
            counts.get(fw199::PATH_LIST).copied()
        })
        .unwrap_or(0)
    };
    // One sync without limits just before: when it too takes longer than the floor, the machine (the
    // simulator and the decoding sharing its cores), not the limiter, bounds the figures below.
    let t = Instant::now();
    let n = sync(&fast).unwrap_or(0);
    println!(
        "sync without limits, just before: {n} orders in {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let mut runs = Vec::new();
    for _ in 0..LIMITED_RUNS {
        let before = requests();
        let t = Instant::now();
        let n = sync(&limited).unwrap_or(0);
        let took = t.elapsed().as_secs_f64();
        let asked = requests().saturating_sub(before);
        let floor = asked as f64 / (f64::from(RateLimits::PDD.list) / 60.0);
        println!(
            "sync under the default rate limits: {n} orders, {asked} requests in {took:.2} s; floor {floor:.2} s ({:+.1} %)",
            (took / floor - 1.0) * 100.0
        );
        runs.push((took, floor));
    }
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((took, floor)) = runs.get(runs.len() / 2) {
        println!(
            "sync under the default rate limits, median of {LIMITED_RUNS}: {took:.2} s; floor {floor:.2} s ({:+.1} %)",
            (took / floor - 1.0) * 100.0
        );
    }

    let mut g = c.benchmark_group("sync_100k_latency_50ms");
    g.sample_size(10);
    g.bench_function(format!("concurrency_{}", pddtui::api::CONCURRENCY), |b| {
        b.iter(|| sync(&fast))
    });
    g.finish();
    rt.block_on(running.shutdown());
}

criterion_group!(benches, bench);
criterion_main!(benches);
