//! Figures for the README (issue 15 "A lighter simulator"), not timed assertions: how long `pddtui sim`
//! takes to start (to its `listening on` line) and its resident memory then and after a full listing, at
//! 10,000, 100,000 and 1,000,000 orders, the median of three starts each. Run:
//! `cargo test --release --test sim_figures -- --ignored --nocapture`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Resident memory of a process in MB (`VmRSS` of /proc/PID/status), 0 where there is none.
fn rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// One start: seconds to the banner, RSS then, and the base URL (the child is returned to be killed).
fn start(orders: usize) -> (Duration, f64, String, std::process::Child) {
    let t = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pddtui"))
        .args(["sim", "--listen", "127.0.0.1:0", "--orders"])
        .arg(orders.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let took = t.elapsed();
    let url = first.trim().trim_start_matches("listening on ").to_string();
    (took, rss_mb(child.id()), url, child)
}

fn median<T: PartialOrd + Copy>(mut v: Vec<T>) -> T {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v[v.len() / 2]
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "figures: run by hand with --ignored --nocapture"]
async fn simulator_start_and_memory() {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(600))
        .build()
        .unwrap();
    for orders in [10_000, 100_000, 1_000_000] {
        let (mut times, mut rss, mut after) = (Vec::new(), Vec::new(), Vec::new());
        for run in 0..3 {
            let (took, mb, url, mut child) = start(orders);
            times.push(took);
            rss.push(mb);
            if run == 0 {
                // Every order named once (each made on demand): memory stays where it was.
                let all: serde_json::Value = http
                    .get(format!("{url}/__sim/orders"))
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                assert_eq!(all["total_count"].as_u64(), Some(orders as u64));
                after.push(rss_mb(child.id()));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        println!(
            "sim with {orders} orders: start {:.2?} (median of 3), RSS {:.0} MB; {:.0} MB after naming every order",
            median(times),
            median(rss),
            after.first().copied().unwrap_or(0.0),
        );
    }
}
