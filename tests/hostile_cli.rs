//! Hostile buyer text through the headless CLI: the human output shows placeholders, `--json` stays valid
//! JSON, and neither carries a raw control character or bidi override to the terminal.

mod bin_support;
mod hostile_support;

use bin_support::fw199_shop;
use bin_support::start_sim;
use hostile_support::{amount_end, assert_inert, corpus_text, plant, run, width_text};
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

#[test]
fn keys_prints_a_hostile_keymap_safely() {
    let sim = start_sim(1, 3, &[]);
    let shop = fw199_shop(&sim);
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("pddtui");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("keymap.toml"), hostile_support::HOSTILE_KEYMAP).unwrap();
    let xdg = home.path().to_str().unwrap();
    let out = run(&shop, &[("XDG_CONFIG_HOME", xdg)], &["keys"]);
    assert!(out.status.success(), "{out:?}");
    assert_inert(&out.stdout, "keys stdout");
    assert_inert(&out.stderr, "keys stderr");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("␛]0;PWNED␇down"),
        "the description is shown: {text}"
    );
    assert!(!out.stderr.is_empty(), "the bad key name is warned about");
}

/// The journal's texts (a note, an error, a tracking number) are someone's input: planted straight into
/// the journal, they are printed by `journal`, `journal --reconcile`, `--csv` and `--json` without a raw
/// control, bidi mark or width-changing character.
#[test]
fn journalled_text_is_printed_safely() {
    let sim = start_sim(5, 3, &[]);
    plant(&sim, SN, 5, |_| {});
    let shop = fw199_shop(&sim);
    hostile_support::plant_journal(&shop.data, SN);
    for args in [
        vec!["journal"],
        vec!["journal", "--csv"],
        vec!["journal", "--json"],
        vec!["journal", "--reconcile"],
        vec!["journal", "--reconcile", "--json"],
    ] {
        let out = run(&shop, &[], &args);
        let what = args.join(" ");
        assert_inert(&out.stdout, &what);
        assert_inert(&out.stderr, &what);
        if args.contains(&"--json") {
            let v: serde_json::Value =
                serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{what}: {e}"));
            let note = v[0]["params"]["note"].as_str().unwrap_or_default();
            assert!(note.starts_with('\u{61c}'), "JSON keeps the data: {what}");
        } else {
            assert!(
                String::from_utf8_lossy(&out.stdout).contains('␛'),
                "{what}: {}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }
}

/// The whole corpus in every buyer field, the width payloads in the goods of more orders: `orders`, `show`,
/// `couriers` and the refusals of `ship` and `note` print nothing raw, the JSON reads back, and the amount
/// column of `orders` lines up on every row.
#[test]
fn hostile_corpus_through_every_command() {
    let sim = start_sim(5, 3, &[]);
    let hostile = corpus_text();
    plant(&sim, SN, 1, |d| {
        d["buyer_memo"] = hostile.clone().into();
        d["remark"] = hostile.clone().into();
        d["item_list"][0]["goods_name"] = hostile.clone().into();
        d["item_list"][0]["goods_spec"] = hostile.clone().into();
        d["receiver_name_mask"] = hostile.clone().into();
        d["address_mask"] = hostile.clone().into();
    });
    let width_sns: Vec<String> = (0..8)
        .map(|i| format!("261122-00000000000068{i}"))
        .collect();
    for (i, sn) in width_sns.iter().enumerate() {
        plant(&sim, sn, 2 + i as i64, |d| {
            d["item_list"][0]["goods_name"] = width_text(i).into();
            d["buyer_memo"] = width_text(i + 3).into();
        });
    }
    let shop = fw199_shop(&sim);
    let run = |args: &[&str]| run(&shop, &[], args);
    for args in [
        vec!["orders"],
        vec!["orders", "--json"],
        vec!["show", SN],
        vec!["show", SN, "--json"],
        vec!["show", &width_sns[0]],
        vec!["couriers"],
        vec!["couriers", "--json"],
    ] {
        let out = run(&args);
        let what = args.join(" ");
        assert!(out.status.success(), "{what}: {out:?}");
        assert_inert(&out.stdout, &what);
        assert_inert(&out.stderr, &what);
        if args.contains(&"--json") {
            serde_json::from_slice::<serde_json::Value>(&out.stdout)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
        }
    }
    // Refusals quote what was typed: a number and a note with escapes, an order number with bidi marks.
    for args in [
        vec!["ship", SN, "--courier", "85", "--tracking", &hostile],
        vec![
            "ship",
            "\u{202e}261122-000000000000671\u{1b}[2J",
            "--courier",
            "85",
            "--tracking",
            "YT1",
        ],
        vec!["note", "\u{61c}\u{1b}]0;T\u{7}", "text"],
        vec!["show", "\u{9b}2J\u{200f}"],
    ] {
        let out = run(&args);
        let what = format!("{:?}", args[0..2].to_vec());
        assert!(!out.status.success(), "{what}");
        assert_inert(&out.stdout, &what);
        assert_inert(&out.stderr, &what);
    }
    // A CSV file of hostile rows: the per-line problems, the result lines and the summary print nothing raw.
    let csv = shop.dir.path().join("\u{202e}hostile\u{1b}[2J.csv");
    let mut body = String::from("order_sn,courier,tracking_number,imei\n");
    body.push_str(&format!("{SN},85,YT\u{1b}]0;T\u{7}1,\n"));
    body.push_str(&format!("\u{9b}2J{hostile},85,YT9300000000001,\n"));
    body.push_str(&format!(
        "{},\u{61c}85\u{200e},YT9300000000002,\n",
        width_sns[0]
    ));
    std::fs::write(&csv, body).unwrap();
    let csv_arg = csv.to_str().unwrap();
    for args in [
        vec!["ship", "--csv", csv_arg],
        vec!["ship", "--csv", csv_arg, "--skip-invalid"],
    ] {
        let out = run(&args);
        let what = format!("ship --csv {:?}", &args[3..]);
        assert_inert(&out.stdout, &what);
        assert_inert(&out.stderr, &what);
    }
    // Every row's amount ends at the same column.
    let out = run(&["orders", "--lang", "en"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let ends: Vec<(usize, &str)> = text
        .lines()
        .filter(|l| l.contains("261122-"))
        .map(|l| (amount_end(l), l))
        .collect();
    assert!(ends.len() >= 9, "{text}");
    assert!(
        ends.iter().all(|(e, _)| *e == ends[0].0),
        "amount column moved:\n{text}"
    );
}
