//! What a refresh of a 100,000-order queue costs: decoding the gateway's JSON into orders, sanitizing
//! them, and sorting by urgency. Run: `cargo bench --bench orders`.

use criterion::{Criterion, criterion_group, criterion_main};
use pddtui::domain::Order;
use pddtui::domain::order::sort_by_urgency;
use std::hint::black_box;

const N: usize = 100_000;

fn now() -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_795_000_000).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

fn bench(c: &mut Criterion) {
    let orders = pddtui::sim::shop::generate(42, N, now());
    let json = serde_json::to_string(&orders).unwrap_or_default();
    let mut g = c.benchmark_group("queue_100k");
    g.sample_size(10);
    g.bench_function("decode_json", |b| {
        b.iter(|| {
            serde_json::from_str::<Vec<Order>>(black_box(&json))
                .map(|v| v.len())
                .unwrap_or(0)
        })
    });
    g.bench_function("sanitize", |b| {
        b.iter_batched(
            || orders.clone(),
            |mut v| {
                v.iter_mut().for_each(Order::sanitize);
                v
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.bench_function("sort_by_urgency", |b| {
        b.iter_batched(
            || orders.clone(),
            |mut v| {
                sort_by_urgency(&mut v);
                v
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
