//! The simulator at 10,000, 100,000 and 1,000,000 orders in one run (issue 15 "A lighter simulator"): the
//! real binary's `pddtui sim --orders N` from spawn to its `listening on` line (criterion, `sim_start/N`),
//! its resident memory then (median of the samples), and after every order was named once by
//! `GET /__sim/orders` (each made on demand from the seed, none kept). Issue 15's target at 1,000,000
//! orders: starts within 10 s, within 1.5 GB.
//! Run: `cargo bench --bench sim`; `PDDTUI_BENCH_SIZES=10000,100000` picks the sizes.

#[path = "support/resident.rs"]
mod resident;
#[path = "support/sizes.rs"]
mod sizes;

use criterion::{Criterion, criterion_group, criterion_main};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A simulator that is stopped when dropped.
struct Sim {
    child: Child,
    url: String,
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One start of the simulator with `orders` orders: the time to its banner, and the running simulator.
fn start(orders: usize) -> (Duration, Sim) {
    let t = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pddtui"))
        .args(["sim", "--listen", "127.0.0.1:0", "--orders"])
        .arg(orders.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the pddtui binary runs");
    let mut first = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut first);
    }
    let took = t.elapsed();
    let url = first.trim().trim_start_matches("listening on ").to_string();
    (took, Sim { child, url })
}

/// The number of orders the simulator at `url` names in `GET /__sim/orders` (every one made once).
fn name_every_order(url: &str) -> Option<u64> {
    let rt = tokio::runtime::Runtime::new().ok()?;
    rt.block_on(async {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(600))
            .build()
            .ok()?;
        let all: serde_json::Value = http
            .get(format!("{url}/__sim/orders"))
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        all["total_count"].as_u64()
    })
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn sim(c: &mut Criterion) {
    let mut g = c.benchmark_group("sim_start");
    g.sample_size(10);
    for n in sizes::sizes() {
        let mut rss = Vec::new();
        g.bench_function(n.to_string(), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let (took, sim) = start(n);
                    total += took;
                    rss.push(resident::mib(&sim.child.id().to_string()).unwrap_or(0.0));
                }
                total
            })
        });
        let (_, sim) = start(n);
        let named = name_every_order(&sim.url);
        let after = resident::mib(&sim.child.id().to_string()).unwrap_or(0.0);
        assert_eq!(named, Some(n as u64), "every order named once");
        println!(
            "sim/{n}: resident {:.0} MiB at start (median of {}), {after:.0} MiB after naming every order once",
            median(rss.clone()),
            rss.len()
        );
    }
    g.finish();
}

criterion_group!(benches, sim);
criterion_main!(benches);
