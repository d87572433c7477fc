//! `pddtui orders` reads the unshipped queue the way the workstation does: the first run lists in full and
//! leaves the cache and its mark; the next runs ask only what changed since (fw199's increment endpoint) and
//! still answer exactly the simulator's queue; `--full` lists again. Real binary against `pddtui sim`.

mod bin_support;

use bin_support::{
    BIN, Shop, Sim, command_as, fw199_shop, output_text, shippable, sim_get, sim_order, sim_post,
    start_sim,
};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::process::{Command, Output, Stdio};

const LIST: &str = "/gateway/pdd/order/list";
const INCREMENT: &str = "/gateway/pdd/order/list/increment";

fn run(shop: &Shop, args: &[&str]) -> Output {
    command_as(shop, "op", args).output().unwrap()
}

/// `orders --json` (and `extra`): the order numbers and the orders by number.
fn orders(shop: &Shop, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["orders", "--json"];
    args.extend_from_slice(extra);
    let out = run(shop, &args);
    assert!(out.status.success(), "{}", output_text(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn numbers(list: &[Value]) -> BTreeSet<String> {
    list.iter()
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .collect()
}

/// Requests the simulator has answered on `path` so far.
fn count(sim: &Sim, path: &str) -> u64 {
    sim_get(sim, "/__sim/requests/counts")[path]
        .as_u64()
        .unwrap_or(0)
}

/// The simulator's own unshipped orders confirmed in the queue's window (4 days).
fn sim_queue(sim: &Sim, list: &[Value]) -> BTreeSet<String> {
    let all = sim_get(sim, "/__sim/orders?order_status=1");
    let mut sns: BTreeSet<String> = all["order_sns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    // Orders older than the window are not the queue's: keep only the numbers the window can hold (every
    // order the CLI listed, and any the simulator has that the CLI did not — those would be a defect).
    let listed = numbers(list);
    let cutoff = jiff::Timestamp::now().as_second() - 4 * 86_400;
    sns.retain(|sn| {
        listed.contains(sn) || {
            let o = &sim_order(sim, sn)["order"];
            o["confirm_time"]
                .as_str()
                .and_then(|t| t.parse::<jiff::civil::DateTime>().ok())
                .and_then(|t| {
                    t.to_zoned(jiff::tz::TimeZone::get("Asia/Shanghai").ok()?)
                        .ok()
                })
                .is_none_or(|t| t.timestamp().as_second() >= cutoff)
        }
    });
    sns
}

#[test]
fn a_second_read_asks_only_what_changed_and_still_answers_the_whole_queue() {
    let sim = start_sim(400, 11, &[]);
    let shop = fw199_shop(&sim);

    let first = orders(&shop, &[]);
    let lists = count(&sim, LIST);
    assert!(lists >= 1, "the first read lists in full");
    assert_eq!(numbers(&first), sim_queue(&sim, &first));

    // Changed elsewhere meanwhile: a note in the merchant backend, and an order shipped by another tool.
    let noted = first[first.len() / 2]["order_sn"]
        .as_str()
        .unwrap()
        .to_string();
    sim_post(
        &sim,
        &format!("/__sim/orders/{noted}/note"),
        json!({ "note": "改地址 from the backend" }),
    );
    let shipped = shippable(&first);
    let out = run(
        &shop,
        &[
            "ship",
            &shipped,
            "--courier",
            "85",
            "--tracking",
            "YT9300000000001",
        ],
    );
    assert!(out.status.success(), "{}", output_text(&out));

    let increments = count(&sim, INCREMENT);
    let second = orders(&shop, &[]);
    assert_eq!(count(&sim, LIST), lists, "no full list on the second read");
    let asked = count(&sim, INCREMENT) - increments;
    assert!((1..=5).contains(&asked), "{asked} increment requests");
    assert!(
        !numbers(&second).contains(&shipped),
        "the shipped order left"
    );
    let note = second
        .iter()
        .find(|o| o["order_sn"] == noted.as_str())
        .map(|o| o["remark"].clone());
    assert_eq!(note, Some(json!("改地址 from the backend")));
    assert_eq!(numbers(&second), sim_queue(&sim, &second));

    // `--full` lists again, and finds the same queue.
    let third = orders(&shop, &["--full"]);
    assert!(count(&sim, LIST) > lists, "--full lists again");
    assert_eq!(numbers(&third), numbers(&second));
}

#[test]
fn full_is_for_the_unshipped_queue_and_days_reads_apart_from_the_cache() {
    let sim = start_sim(60, 7, &[]);
    let shop = fw199_shop(&sim);
    let out = run(&shop, &["orders", "--status", "shipped", "--full"]);
    assert_eq!(out.status.code(), Some(2), "{}", output_text(&out));
    assert!(
        output_text(&out).contains("--full"),
        "{}",
        output_text(&out)
    );
    let out = run(&shop, &["orders", "--days", "3", "--full"]);
    assert_eq!(out.status.code(), Some(2), "{}", output_text(&out));

    // A one-off `--days` listing neither reads nor writes the cache: the next plain read still lists.
    let _ = orders(&shop, &["--days", "7"]);
    let lists = count(&sim, LIST);
    let _ = orders(&shop, &[]);
    assert!(count(&sim, LIST) > lists, "no cache was left by --days");
}

#[test]
fn the_demo_never_reads_a_queue_an_earlier_demo_cached() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    // An earlier run's cache of the demo shop, holding an order this run's simulator has never made.
    let demo = data.join("demo");
    let gateway = "fw199";
    let shop = format!("{gateway}/{}", pddtui::sim::DEMO_FW199_SELLER_NICK);
    let now = jiff::Timestamp::now();
    let ghost = pddtui::domain::Order {
        order_sn: "261130-000000000000042".into(),
        order_status: 1,
        confirm_time: Some(now),
        updated_at: Some(now),
        ..Default::default()
    };
    let row = pddtui::domain::OrderRow::new(&ghost, &mut Default::default());
    pddtui::store::cache::save(
        &demo,
        &pddtui::store::cache::Cache {
            shop: shop.clone(),
            synced_at: now.as_second(),
            mark: Some(now.as_second()),
            rows: vec![row],
            texts: pddtui::tui::queue::order_list::OrderList::new(std::slice::from_ref(&ghost))
                .texts()
                .clone(),
            interner: Default::default(),
        },
    )
    .unwrap();
    pddtui::store::DetailStore::open(&demo, &shop)
        .unwrap()
        .put(&[ghost])
        .unwrap();
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(&data)
        .args(["orders", "--json"])
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", output_text(&out));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(list.len() > 20, "the demo shop's own queue: {}", list.len());
    assert!(
        !numbers(&list).contains("261130-000000000000042"),
        "an earlier demo's order was shown"
    );
}
