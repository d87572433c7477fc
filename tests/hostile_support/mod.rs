//! Helpers of the hostile_* tests: plant a seed-003 order with chosen fields into a running simulator,
//! a shop that points at it, and a run of the binary with extra environment.
#![allow(dead_code)]

use crate::bin_support::{BIN, Shop, Sim};
use std::process::{Command, Output, Stdio};

/// Plants the seed-003 order with hostile text, due soon (so it sorts to the top of the queue).
pub fn plant(sim: &Sim, sn: &str, hours_left: i64, edit: impl Fn(&mut serde_json::Value)) {
    let mut order: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/fw199_order_detail_seed003.json")).unwrap();
    let now = jiff::Timestamp::now();
    let beijing = |t: jiff::Timestamp| pddtui::domain::time::format_beijing(t);
    let data = &mut order["data"];
    data["order_sn"] = sn.into();
    data["created_time"] = beijing(now - jiff::SignedDuration::from_hours(2)).into();
    data["confirm_time"] = beijing(now - jiff::SignedDuration::from_hours(2)).into();
    data["pay_time"] = beijing(now - jiff::SignedDuration::from_hours(2)).into();
    data["updated_at"] = beijing(now - jiff::SignedDuration::from_hours(1)).into();
    data["last_ship_time"] = beijing(now + jiff::SignedDuration::from_hours(hours_left)).into();
    edit(data);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let resp = reqwest::Client::new()
            .post(format!("{}/__sim/orders", sim.url))
            .json(&order["data"])
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_success(), "{:?}", resp.text().await);
    });
}

/// Runs the binary on the shop's config and data dir.
pub fn run(shop: &Shop, env: &[(&str, &str)], args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(&shop.data)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}
