//! Hostile buyer text through the headless CLI: the human output shows placeholders, `--json` stays valid
//! JSON, and neither carries a raw control character or bidi override to the terminal.

mod bin_support;

use bin_support::{BIN, Shop, shop_with, start_sim};
use pddtui::domain::text::placeholder;
use std::process::{Command, Output, Stdio};

const SN: &str = "261122-000000000000671";

fn run(shop: &Shop, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(&shop.data)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn assert_no_controls(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| c != '\n' && placeholder(c).is_some())
        .collect();
    assert!(bad.is_empty(), "{what}: {bad:?} in\n{text}");
}

#[test]
fn hostile_text_is_printed_safely() {
    let sim = start_sim(5, 3, &[]);
    let mut order: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/fw199_order_detail_seed003.json")).unwrap();
    let now = jiff::Timestamp::now();
    let beijing = |t: jiff::Timestamp| pddtui::domain::time::format_beijing(t);
    let data = &mut order["data"];
    data["order_sn"] = SN.into();
    data["confirm_time"] = beijing(now - jiff::SignedDuration::from_hours(1)).into();
    data["last_ship_time"] = beijing(now + jiff::SignedDuration::from_hours(5)).into();
    data["buyer_memo"] = "\u{1b}]0;TITLE\u{7}快\u{9b}2J点\u{202e}发".into();
    data["remark"] = format!("\u{1b}]52;c;QQ==\u{7}{}", "长".repeat(5000)).into();
    data["item_list"][0]["goods_name"] = "\u{1b}[2J商品\u{2028}🎉".into();
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
        assert!(resp.status().is_success());
    });
    let shop = shop_with(&format!(
        "[profiles.demo]\ngateway = \"fw199\"\nbase_url = \"{}\"\nappid = \"demo-app\"\nseller_nick = \"demo-shop\"\n\
         secret = \"demo-secret\"\n",
        sim.url
    ));

    for args in [vec!["show", SN], vec!["orders"]] {
        let out = run(&shop, &args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_no_controls(&out.stdout, &args.join(" "));
        assert_no_controls(&out.stderr, &args.join(" "));
        assert!(String::from_utf8_lossy(&out.stdout).contains('\u{241b}'));
    }
    let out = run(&shop, &["show", SN, "--json"]);
    assert!(out.status.success());
    assert_no_controls(&out.stdout, "show --json");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let memo = v["buyer_memo"].as_str().unwrap();
    assert!(memo.starts_with("\u{241b}]0;TITLE\u{2407}快"), "{memo}");
    let remark = v["remark"].as_str().unwrap();
    assert_eq!(remark.chars().count(), 1001, "capped with …");
    assert!(remark.ends_with('…'));
}
