//! One bad order never hides the others: a lone surrogate escape in a goods name becomes U+FFFD, an order
//! that cannot be decoded at all is skipped and named, and the page's other orders are kept — through the
//! real clients against the simulator (its wire patches serve the raw bytes) and through `pddtui orders`.

mod bin_support;
mod hostile_support;

use bin_support::{Sim, fw199_shop, start_sim};
use hostile_support::{assert_inert, plant, run, set_wire};
use pddtui::api::{HttpOptions, Secret, StatusFilter, fw199, pddshuju};
use pddtui::domain::Order;

const SURROGATE_SN: &str = "261122-000000000000691";
const BROKEN_SN: &str = "261122-000000000000692";

/// Lone surrogates in one goods name; in another order an item that decodes on neither gateway (an
/// object where fw199 wants a text and pddshuju a number).
const PATCHES: &[(&str, &str)] = &[
    ("LONE-SURROGATE", "纸\\udc80巾\\ud83d"),
    (
        "\"goods_spec\":\"BREAK-ME\"",
        "\"goods_spec\":{\"n\":1},\"goods_count\":{\"n\":1}",
    ),
];

/// The sim's seed orders plus the two planted ones (patches not yet set).
fn hostile_sim(n: usize) -> Sim {
    let sim = start_sim(n, 3, &[]);
    plant(&sim, SURROGATE_SN, 3, |d| {
        d["item_list"][0]["goods_name"] = "LONE-SURROGATE".into();
    });
    plant(&sim, BROKEN_SN, 4, |d| {
        d["item_list"][0]["goods_spec"] = "BREAK-ME".into();
    });
    sim
}

fn fw(url: &str) -> fw199::Client {
    let config = fw199::Config {
        base_url: url.into(),
        appid: "demo-app".into(),
        seller_nick: "demo-shop".into(),
        secret: Secret::new("demo-secret"),
    };
    fw199::Client::new(config, HttpOptions::default()).unwrap()
}

fn pdd(url: &str) -> pddshuju::Client {
    let config = pddshuju::Config {
        base_url: url.into(),
        ownuser: "demo-owner".into(),
        state: "demo-state".into(),
        secret: Secret::new("demo-secret"),
    };
    pddshuju::Client::new(config, HttpOptions::default()).unwrap()
}

fn sns(orders: &[Order]) -> Vec<String> {
    let mut v: Vec<String> = orders.iter().map(|o| o.order_sn.clone()).collect();
    v.sort();
    v
}

/// Checks one listing before and after the patches: the same orders but the broken one, which is named;
/// the goods name with lone surrogates shown with U+FFFD.
fn check(clean: (Vec<Order>, Vec<String>), patched: (Vec<Order>, Vec<String>)) {
    assert!(clean.1.is_empty(), "{:?}", clean.1);
    let mut expected = sns(&clean.0);
    assert!(expected.len() >= 3, "{expected:?}");
    expected.retain(|sn| sn != BROKEN_SN);
    assert_eq!(sns(&patched.0), expected);
    assert_eq!(patched.1, vec![BROKEN_SN.to_string()]);
    let o = patched
        .0
        .iter()
        .find(|o| o.order_sn == SURROGATE_SN)
        .unwrap();
    assert_eq!(o.item_list[0].goods_name, "纸\u{fffd}巾\u{fffd}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_clients_keep_the_other_orders_of_the_page() {
    let sim = tokio::task::spawn_blocking(|| hostile_sim(12))
        .await
        .unwrap();
    let url = sim.url.clone();
    let (fw, pdd) = (fw(&url), pdd(&url));
    let now = jiff::Timestamp::now();
    let month = now - jiff::SignedDuration::from_hours(24 * 30);
    let two_days = now - jiff::SignedDuration::from_hours(47);
    let fw_clean = fw
        .list_orders_named(StatusFilter::All, month, now)
        .await
        .unwrap();
    let pdd_clean = pdd.list_orders_named(two_days, now).await.unwrap();
    let u = url.clone();
    tokio::task::spawn_blocking(move || set_wire(&u, PATCHES))
        .await
        .unwrap();
    let fw_patched = fw
        .list_orders_named(StatusFilter::All, month, now)
        .await
        .expect("one bad order must not fail the fw199 sync");
    check(fw_clean, fw_patched);
    let pdd_patched = pdd
        .list_orders_named(two_days, now)
        .await
        .expect("one bad order must not fail the pddshuju sync");
    check(pdd_clean, pdd_patched);
    // The detail of one order is repaired the same way.
    let detail = fw.order_detail(SURROGATE_SN).await.unwrap();
    assert_eq!(detail.item_list[0].goods_name, "纸\u{fffd}巾\u{fffd}");
    drop(sim);
}

#[test]
fn orders_lists_the_others_and_names_the_bad_one() {
    let sim = hostile_sim(6);
    let shop = fw199_shop(&sim);
    let args = ["orders", "--status", "all", "--json"];
    let listed = |out: &std::process::Output| -> Vec<String> {
        let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
        list.iter()
            .map(|o| o["order_sn"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let mut expected = listed(&run(&shop, &[], &args));
    expected.retain(|sn| sn != BROKEN_SN);
    set_wire(&sim.url, PATCHES);
    let json = run(&shop, &[], &args);
    assert!(json.status.success(), "{json:?}");
    assert_eq!(listed(&json), expected);
    let out = run(&shop, &[], &["orders", "--status", "all", "--lang", "en"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains(SURROGATE_SN), "{stdout}");
    assert!(!stdout.contains(BROKEN_SN), "{stdout}");
    assert!(
        stdout.contains(&format!("{} orders", expected.len())),
        "{stdout}"
    );
    assert!(
        stderr.contains(BROKEN_SN) && stderr.contains("skipped"),
        "{stderr}"
    );
    assert_inert(&out.stdout, "orders");
    assert_inert(&out.stderr, "orders");
}

/// The workstation lists the others, counts the skipped order in its header and names it in a toast.
#[test]
fn the_workstation_names_the_skipped_order() {
    let sim = hostile_sim(6);
    set_wire(&sim.url, PATCHES);
    let shop = fw199_shop(&sim);
    let mut term = bin_support::pty::Term::open(&shop, &[]);
    term.wait_for(SURROGATE_SN);
    let screen = term.wait_for("跳过 1 单无法解析");
    let first = screen.lines().next().unwrap_or_default();
    assert!(first.contains("跳过 1 单无法解析"), "{screen}");
    let named = screen
        .lines()
        .find(|l| l.contains("无法解析的订单已跳过"))
        .unwrap_or_else(|| panic!("no toast: {screen}"));
    assert!(named.contains(BROKEN_SN), "{screen}");
    assert_eq!(
        screen.matches(BROKEN_SN).count(),
        1,
        "only the toast names it: {screen}"
    );
    // The goods name with lone surrogates is drawn with U+FFFD.
    assert!(term.raw().contains("纸\u{fffd}巾\u{fffd}"));
    term.send("q");
    let status = term.wait_exit(std::time::Duration::from_secs(3));
    assert!(status.success(), "{status:?}");
}
