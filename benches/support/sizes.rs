//! The shop sizes a scaling bench runs at: 10,000, 100,000 and 1,000,000 orders in one run, or those named in
//! `PDDTUI_BENCH_SIZES` (comma-separated) for a quick try. A bench takes it with
//! `#[path = "support/sizes.rs"] mod sizes;`.

pub fn sizes() -> Vec<usize> {
    std::env::var("PDDTUI_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .filter(|v: &Vec<usize>| !v.is_empty())
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000])
}
