//! What a refresh of a 100,000-order queue costs: decoding the gateway's JSON into orders, sanitizing
//! them, sorting by urgency, making the queue's compact rows, and the heap whole orders and rows hold;
//! and what a start costs: reading the offline cache of 100,000 rows; and generating the simulator's
//! 100,000-order shop. Run: `cargo bench --bench orders`.

#[path = "support/counting.rs"]
mod counting;

use criterion::{Criterion, criterion_group, criterion_main};
use pddtui::domain::Order;
use pddtui::domain::order::sort_by_urgency;
use pddtui::store::cache;
use pddtui::tui::queue::order_list::{Builder, OrderList};
use std::hint::black_box;

const N: usize = 100_000;

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

/// Prints the heap that what `make` builds holds, per item of it (criterion measures time only).
fn report_memory<T>(what: &str, make: impl FnOnce() -> T, len: impl Fn(&T) -> usize) {
    let before = counting::live();
    let built = make();
    let held = counting::live().saturating_sub(before);
    let n = len(&built);
    println!(
        "memory: {n} {what} hold {:.1} MiB ({} bytes each)",
        held as f64 / (1024.0 * 1024.0),
        held / n.max(1)
    );
}

fn now() -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_795_000_000).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// The same orders as the workstation's filter sees them, one line each, for `fzf --filter` side by side
/// (README, Performance).
fn write_lines(orders: &[Order]) {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("queue_100k_lines.txt");
    let text: String = orders
        .iter()
        .map(|o| pddtui::tui::queue::filter::search_text(o).replace('\n', " ") + "\n")
        .collect();
    match std::fs::write(&path, text) {
        Ok(()) => println!("lines for fzf: {}", path.display()),
        Err(e) => println!("cannot write {}: {e}", path.display()),
    }
}

fn bench(c: &mut Criterion) {
    // The simulator's shop of 100,000 orders (the demo and the large-shop tests make one).
    c.bench_function("generate_100k", |b| {
        b.iter(|| black_box(pddtui::sim::shop::generate(42, N, now())))
    });
    let orders = pddtui::sim::shop::generate(42, N, now());
    let json = serde_json::to_string(&orders).unwrap_or_default();
    // The decoded list, then the queue's rows of the same orders (what the workstation keeps).
    report_memory(
        "orders",
        || serde_json::from_str::<Vec<Order>>(&json).unwrap_or_default(),
        Vec::len,
    );
    report_memory(
        "queue rows (index included)",
        || OrderList::new(&orders),
        |l| l.len(),
    );
    write_lines(&orders);
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
    g.bench_function("rows_from_pages", |b| {
        b.iter(|| {
            let mut builder = Builder::default();
            for page in orders.chunks(100) {
                builder.add(black_box(page));
            }
            builder.finish().len()
        })
    });
    // What a start reads: the offline cache of the queue's rows.
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench_cache");
    let list = OrderList::new(&orders);
    let snapshot = cache::Snapshot {
        shop: "fw199/bench".into(),
        synced_at: now().as_second(),
        mark: Some(now().as_second()),
        rows: list.shared(),
        texts: list.shared_texts(),
    };
    if let Err(e) = cache::save_snapshot(&dir, &snapshot) {
        println!("cannot write the cache: {e}");
        return;
    }
    g.bench_function("cache_load", |b| {
        b.iter(|| {
            cache::load(&dir, "fw199/bench")
                .map(|c| c.rows.len())
                .unwrap_or(0)
        })
    });
    g.bench_function("cache_save", |b| {
        b.iter(|| cache::save_snapshot(&dir, black_box(&snapshot)).is_ok())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
