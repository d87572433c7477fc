//! The real binary against `pddtui sim` over HTTP: every CLI command, exit codes, and the simulator's
//! own record of what changed.

mod bin_support;

use bin_support::{BIN, Shop, Sim, shippable, shop_with, sim_order};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn start_sim(extra: &[&str]) -> Sim {
    bin_support::start_sim(60, 7, extra)
}

fn shop(sim: &Sim) -> Shop {
    shop_with(&format!(
        "default_profile = \"demo\"\n[profiles.demo]\ngateway = \"fw199\"\nbase_url = \"{url}\"\nappid = \"demo-app\"\n\
         seller_nick = \"demo-shop\"\nsecret_env = \"E2E_SECRET\"\n\n[profiles.demo.waybill]\nbase_url = \"{url}\"\n\
         client_id = \"demo-client\"\nclient_secret_env = \"E2E_SECRET\"\nptemp_id = \"1696\"\n\n\
         [profiles.gift]\ngateway = \"pddshuju\"\nbase_url = \"{url}\"\nownuser = \"demo-owner\"\nstate = \"demo-state\"\n\
         secret_env = \"E2E_SECRET\"\n",
        url = sim.url
    ))
}

fn run(shop: &Shop, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(&shop.data)
        .args(args)
        .env("E2E_SECRET", "demo-secret")
        .env("TZ", "America/New_York")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

fn orders_json(shop: &Shop, status: &str) -> Vec<Value> {
    let out = run(shop, &["orders", "--status", status, "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
}

#[test]
fn orders_lists_unshipped_most_urgent_first() {
    let sim = start_sim(&[]);
    let shop = shop(&sim);
    let list = orders_json(&shop, "unshipped");
    assert!(list.len() > 20, "{}", list.len());
    assert!(list.iter().all(|o| o["order_status"] == 1));
    let deadlines: Vec<&str> = list
        .iter()
        .map(|o| o["last_ship_time"].as_str().unwrap())
        .collect();
    let mut sorted = deadlines.clone();
    sorted.sort();
    assert_eq!(deadlines, sorted, "most urgent first");
    let all = orders_json(&shop, "all");
    assert!(all.len() > list.len(), "shipped orders exist too");

    let human = run(&shop, &["orders"]);
    assert!(human.status.success());
    let out = text(&human.stdout);
    assert!(out.lines().next().unwrap().contains("订单号"), "{out}");
    assert!(
        out.trim_end().ends_with(&format!("共 {} 单", list.len())),
        "{out}"
    );
    let en = run(&shop, &["--lang", "en", "orders"]);
    assert!(text(&en.stdout).lines().next().unwrap().contains("order"));
}

#[test]
fn ship_then_modify_then_refusals() {
    let sim = start_sim(&[]);
    let shop = shop(&sim);
    let sn = shippable(&orders_json(&shop, "unshipped"));

    let out = run(
        &shop,
        &[
            "ship",
            &sn,
            "--courier",
            "85",
            "--tracking",
            "YT1234567890123",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&sn));
    let state = sim_order(&sim, &sn);
    assert_eq!(state["order"]["order_status"], 2);
    assert_eq!(state["order"]["tracking_number"], "YT1234567890123");
    assert_eq!(state["ship_count"], 1);

    // A second first shipment is refused before it is sent: the order is shipped.
    let again = run(
        &shop,
        &[
            "ship",
            &sn,
            "--courier",
            "85",
            "--tracking",
            "YT1234567890124",
        ],
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("--modify"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 1);

    let modify = run(
        &shop,
        &[
            "ship",
            &sn,
            "--courier",
            "115",
            "--tracking",
            "75123456789012",
            "--modify",
        ],
    );
    assert_eq!(modify.status.code(), Some(0), "{}", text(&modify.stderr));
    let state = sim_order(&sim, &sn);
    assert_eq!(state["order"]["tracking_number"], "75123456789012");
    assert_eq!(state["order"]["logistics_id"], 115);

    let show = run(&shop, &["show", &sn, "--json"]);
    let o: Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(o["tracking_number"], "75123456789012");
}

#[test]
fn refunding_and_risk_orders_cannot_ship() {
    let sim = start_sim(&[]);
    let shop = shop(&sim);
    let list = orders_json(&shop, "unshipped");
    let refunding = list
        .iter()
        .find(|o| o["refund_status"] == 2 || o["refund_status"] == 3)
        .expect("a refunding order");
    let sn = refunding["order_sn"].as_str().unwrap();
    let out = run(
        &shop,
        &[
            "ship",
            sn,
            "--courier",
            "85",
            "--tracking",
            "YT1234567890123",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains(sn) && err.contains("不能发货"), "{err}");
    assert_eq!(sim_order(&sim, sn)["ship_count"], 0);
    let risky = list
        .iter()
        .find(|o| o["risk_control_status"] == 1 && o["refund_status"] == 1)
        .expect("a risk order");
    let sn = risky["order_sn"].as_str().unwrap();
    let out = run(
        &shop,
        &[
            "--lang",
            "en",
            "ship",
            sn,
            "--courier",
            "85",
            "--tracking",
            "YT1234567890123",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("risk review"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn validation_errors_exit_2_and_send_nothing() {
    let sim = start_sim(&[]);
    let shop = shop(&sim);
    let sn = shippable(&orders_json(&shop, "unshipped"));
    let cases: [(&[&str], &str); 6] = [
        (
            &["ship", "12345", "--courier", "85", "--tracking", "YT1"],
            "12345",
        ),
        (
            &["ship", &sn, "--courier", "85", "--tracking", "YT 12"],
            "只能包含",
        ),
        (
            &["ship", &sn, "--courier", "999", "--tracking", "YT1"],
            "999",
        ),
        (
            &[
                "ship",
                &sn,
                "--courier",
                "384",
                "--tracking",
                "JT1234567890123",
            ],
            "不可用",
        ),
        (&["note", &sn, "--text", "x", "--tag", "2"], "旗帜名称"),
        (
            &["note", &sn, "--text", "x", "--tag", "7", "--tag-name", "紫"],
            "1-5",
        ),
    ];
    for (args, needle) in cases {
        let out = run(&shop, args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    }
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 0);
    // clap's own usage errors are exit 2 as well.
    assert_eq!(run(&shop, &["ship", &sn]).status.code(), Some(2));
}

#[test]
fn shape_mismatch_warns_but_ships() {
    let sim = start_sim(&[]);
    let shop = shop(&sim);
    let sn = shippable(&orders_json(&shop, "unshipped"));
    let out = run(
        &shop,
        &[
            "ship",
            &sn,
            "--courier",
            "44",
            "--tracking",
            "4307495240153",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("4307495240153"),
        "a warning names the number"
    );
    assert_eq!(sim_order(&sim, &sn)["order"]["order_status"], 2);
}

#[test]
fn note_with_flag_and_waybill_number() {
    let sim = start_sim(&[]);
    let shop = shop(&sim);
    let sn = shippable(&orders_json(&shop, "unshipped"));
    let out = run(
        &shop,
        &[
            "note",
            &sn,
            "--text",
            "缺货,晚点发",
            "--tag",
            "2",
            "--tag-name",
            "黄色",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let o = &sim_order(&sim, &sn)["order"];
    assert_eq!(o["remark"], "缺货,晚点发");
    assert_eq!(o["remark_tag"], 2);

    // A note without --tag keeps the flag; --tag 0 clears it.
    let keep = run(&shop, &["note", &sn, "--text", "改了备注"]);
    assert_eq!(keep.status.code(), Some(0), "{}", text(&keep.stderr));
    let o = &sim_order(&sim, &sn)["order"];
    assert_eq!(
        (o["remark"].as_str(), o["remark_tag"].as_i64()),
        (Some("改了备注"), Some(2))
    );
    assert_eq!(o["remark_tag_name"], "黄色");
    let clear = run(&shop, &["note", &sn, "--text", "改了备注", "--tag", "0"]);
    assert_eq!(clear.status.code(), Some(0), "{}", text(&clear.stderr));
    assert_eq!(sim_order(&sim, &sn)["order"]["remark_tag"], 0);

    let first = run(&shop, &["waybill", &sn]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let number = text(&first.stdout).trim().to_string();
    assert!(number.starts_with("YT"), "{number}");
    let second = run(&shop, &["waybill", &sn]);
    assert_eq!(
        text(&second.stdout).trim(),
        number,
        "the same order gets the same number"
    );
}

/// What pddshuju does not send (statuses, amounts, deadline, flag, prices) is `null` in `--json`, never a
/// made-up `refund_status: 1` or `pay_amount: 0` (the simulator's orders do have them: they are not sent).
#[test]
fn pddshuju_json_is_null_where_the_gateway_sends_nothing() {
    let sim = start_sim(&[]);
    let shop = shop(&sim);
    let out = run(&shop, &["--profile", "gift", "orders", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!list.is_empty());
    for o in &list {
        for unknown in [
            "refund_status",
            "after_sales_status",
            "risk_control_status",
            "last_ship_time",
            "pay_amount",
            "goods_amount",
            "remark_tag",
            "urge_shipping_time",
            "is_pre_sale",
            "is_stock_out",
        ] {
            assert!(o[unknown].is_null(), "{unknown} in {o}");
        }
        assert!(o["item_list"][0]["goods_price"].is_null(), "{o}");
        assert!(
            o["order_sn"].is_string() && o["confirm_time"].is_string(),
            "{o}"
        );
        assert_eq!(o["order_status"], 1);
        assert!(o["item_list"][0]["goods_count"].is_number(), "{o}");
    }
    // Even for an order the simulator holds in refund: the gateway does not say so.
    assert!(list.iter().any(|o| {
        let sn = o["order_sn"].as_str().unwrap();
        sim_order(&sim, sn)["order"]["refund_status"] != 1
    }));
    let sn = list[0]["order_sn"].as_str().unwrap();
    let show = run(&shop, &["--profile", "gift", "show", sn, "--json"]);
    assert!(show.status.success(), "{}", text(&show.stderr));
    let one: Value = serde_json::from_slice(&show.stdout).unwrap();
    assert!(
        one["refund_status"].is_null() && one["pay_amount"].is_null(),
        "{one}"
    );
    // The table says "-" where it cannot know: no estimated countdown, flag or amount.
    let table = run(&shop, &["--profile", "gift", "--lang", "en", "orders"]);
    let table = text(&table.stdout);
    let row = table.lines().find(|l| l.contains(sn)).unwrap();
    assert!(!row.contains('~') && !row.contains('¥'), "{row}");
}

#[test]
fn pddshuju_profile_lists_and_ships_but_has_no_notes() {
    let sim = start_sim(&[]);
    let shop = shop(&sim);
    let out = run(&shop, &["--profile", "gift", "orders", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!list.is_empty());
    let sn = list[0]["order_sn"].as_str().unwrap().to_string();
    let note = run(
        &shop,
        &[
            "--profile",
            "gift",
            "--lang",
            "en",
            "note",
            &sn,
            "--text",
            "x",
        ],
    );
    assert_eq!(note.status.code(), Some(1));
    assert!(
        text(&note.stderr).contains("pddshuju"),
        "{}",
        text(&note.stderr)
    );
    // Pick an order the sim will accept: not refunding, not held.
    let sn = list
        .iter()
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .find(|sn| {
            let o = &sim_order(&sim, sn)["order"];
            o["refund_status"] == 1 && o["risk_control_status"] == 0
        })
        .unwrap();
    let ship = run(
        &shop,
        &[
            "--profile",
            "gift",
            "ship",
            &sn,
            "--courier",
            "85",
            "--tracking",
            "YT1234567890123",
        ],
    );
    assert_eq!(ship.status.code(), Some(0), "{}", text(&ship.stderr));
    assert_eq!(sim_order(&sim, &sn)["order"]["order_status"], 2);
}

#[test]
fn a_lost_answer_is_checked_not_resent() {
    let sim = start_sim(&["--drop-after-commit"]);
    let shop = shop(&sim);
    let sn = shippable(&orders_json(&shop, "unshipped"));
    let out = run(
        &shop,
        &[
            "ship",
            &sn,
            "--courier",
            "85",
            "--tracking",
            "YT1234567890123",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("已生效"),
        "reported as checked: {}",
        text(&out.stdout)
    );
    assert_eq!(
        sim_order(&sim, &sn)["ship_count"],
        1,
        "shipped exactly once"
    );
}

#[test]
fn faults_fail_clearly_with_exit_1() {
    let sim = start_sim(&["--auth-expired"]);
    let shop = shop(&sim);
    let out = run(&shop, &["orders"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("授权"), "{}", text(&out.stderr));
    let wrong = Command::new(BIN)
        .arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(&shop.data)
        .args(["orders"])
        .env("E2E_SECRET", "not-the-secret")
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(1));
}

/// A proxy's 502 page behind the gateway: one line with the status and its reason, in the interface
/// language, never the page's markup.
#[test]
fn a_502_page_is_summarised_not_dumped() {
    let sim = start_sim(&["--fail-rate", "1"]);
    let shop = shop(&sim);
    for (lang, line) in [
        ("zh", "HTTP 状态 502 Bad Gateway"),
        ("en", "HTTP 502 Bad Gateway"),
    ] {
        let out = run(&shop, &["--lang", lang, "couriers"]);
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(err.contains(line), "{err}");
        assert!(!err.contains('<') && !err.contains("nginx"), "{err}");
        assert_eq!(err.matches("502").count(), 1, "{err}");
    }
}

#[test]
fn config_errors_name_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(
        &cfg,
        "[profiles.a]\ngateway = \"fw199\"\nappid = \"x\"\nsellr_nick = \"typo\"\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .arg("--config")
        .arg(&cfg)
        .args(["--data-dir"])
        .arg(dir.path())
        .arg("orders")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("config.toml") && err.contains("line 4") && err.contains("sellr_nick"),
        "{err}"
    );
}

#[test]
fn secrets_never_reach_output_or_files() {
    let sim = start_sim(&[]);
    let shop = shop(&sim);
    let sn = shippable(&orders_json(&shop, "unshipped"));
    let out = run(
        &shop,
        &[
            "ship",
            &sn,
            "--courier",
            "85",
            "--tracking",
            "YT1234567890123",
        ],
    );
    assert!(out.status.success());
    run(&shop, &["waybill", &sn]);
    assert!(
        !text(&out.stdout).contains("demo-secret") && !text(&out.stderr).contains("demo-secret")
    );
    for entry in walk(&shop.data) {
        let body = std::fs::read_to_string(&entry).unwrap_or_default();
        assert!(
            !body.contains("demo-secret"),
            "{} holds the secret",
            entry.display()
        );
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p))
            } else {
                out.push(p)
            }
        }
    }
    out
}

#[test]
fn without_config_the_demo_shop_answers() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["orders", "--json"])
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("演示店铺"));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(list.len() > 100, "{}", list.len());
    assert!(
        home.path().join("data/pddtui/pddtui.log").exists(),
        "logs go to the data dir"
    );
}

#[test]
fn version_and_help() {
    let v = Command::new(BIN).arg("--version").output().unwrap();
    assert!(v.status.success());
    assert!(text(&v.stdout).starts_with("pddtui "));
    let h = Command::new(BIN).arg("--help").output().unwrap();
    assert!(text(&h.stdout).contains("ship"));
}

#[test]
fn sim_stops_on_sigterm() {
    let sim = start_sim(&[]);
    let pid = sim.child.id().to_string();
    let mut sim = sim;
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    loop {
        if let Some(status) = sim.child.try_wait().unwrap() {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "sim still running after SIGTERM"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
