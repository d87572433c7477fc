//! Hostile buyer text through the headless CLI: the human output shows placeholders, `--json` stays valid
//! JSON, and neither carries a raw control character or bidi override to the terminal.

mod bin_support;
mod hostile_support;

use bin_support::fw199_shop;
use bin_support::start_sim;
use hostile_support::{plant, run};
use pddtui::domain::text::placeholder;

const SN: &str = "261122-000000000000671";

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
    plant(&sim, SN, 5, |d| {
        d["buyer_memo"] = "\u{1b}]0;TITLE\u{7}快\u{9b}2J点\u{202e}发".into();
        d["remark"] = format!("\u{1b}]52;c;QQ==\u{7}{}", "长".repeat(5000)).into();
        d["item_list"][0]["goods_name"] = "\u{1b}[2J商品\u{2028}🎉".into();
    });
    let shop = fw199_shop(&sim);
    let run = |args: &[&str]| run(&shop, &[], args);

    for args in [vec!["show", SN], vec!["orders"]] {
        let out = run(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_no_controls(&out.stdout, &args.join(" "));
        assert_no_controls(&out.stderr, &args.join(" "));
        assert!(String::from_utf8_lossy(&out.stdout).contains('\u{241b}'));
    }
    let out = run(&["show", SN, "--json"]);
    assert!(out.status.success());
    assert_no_controls(&out.stdout, "show --json");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let memo = v["buyer_memo"].as_str().unwrap();
    assert!(memo.starts_with("\u{241b}]0;TITLE\u{2407}快"), "{memo}");
    let remark = v["remark"].as_str().unwrap();
    assert_eq!(remark.chars().count(), 1001, "capped with …");
    assert!(remark.ends_with('…'));
}
