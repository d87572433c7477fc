//! `pddtui ship --courier` takes what the CSV's courier column takes: an id, a code in any case or a
//! full name, through the one resolver; a courier it cannot find is a usage error naming the value.

mod bin_support;

use bin_support::{BIN, Shop, fw199_shop, sim_order, start_sim, unshipped};
use serde_json::Value;
use std::process::{Command, Output, Stdio};

fn ship(shop: &Shop, lang: &str, sn: &str, courier: &str, tracking: &str) -> Output {
    Command::new(BIN)
        .arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(&shop.data)
        .args(["--lang", lang, "ship", sn, "--courier", courier])
        .args(["--tracking", tracking])
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

/// Unshipped orders that may ship (no after-sale, no risk hold).
fn shippable(orders: &[Value]) -> Vec<String> {
    orders
        .iter()
        .filter(|o| {
            o["refund_status"] == 1 && o["risk_control_status"] == 0 && o["order_status"] == 1
        })
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_id_a_code_in_any_case_or_a_name_ships() {
    let sim = start_sim(60, 7, &[]);
    let shop = fw199_shop(&sim);
    let orders = shippable(&unshipped(&shop));
    assert!(orders.len() >= 4, "{orders:?}");
    let cases = [
        ("85", "YT1234567890123", 85, "圆通快递"),
        ("YTO", "YT1234567890124", 85, "圆通快递"),
        ("zto", "75123456789012", 115, "中通快递"),
        ("圆通快递", "YT1234567890125", 85, "圆通快递"),
    ];
    for (sn, (courier, number, id, name)) in orders.iter().zip(cases) {
        let out = ship(&shop, "zh", sn, courier, number);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{courier}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stdout).contains(&format!("{name} {number}")),
            "{courier}: {}",
            text(&out.stdout)
        );
        let state = sim_order(&sim, sn);
        assert_eq!(state["order"]["logistics_id"], id, "{courier}");
        assert_eq!(state["order"]["tracking_number"], number, "{courier}");
        assert_eq!(state["ship_count"], 1, "{courier}");
    }
}

#[test]
fn an_unknown_courier_is_a_usage_error_naming_it_in_both_languages() {
    let sim = start_sim(60, 7, &[]);
    let shop = fw199_shop(&sim);
    let sn = shippable(&unshipped(&shop)).remove(0);
    // `顺丰` is not the list's name (`顺丰快递`): no guessing from a part of a name.
    let zh = ship(&shop, "zh", &sn, "顺丰", "SF1234567890123");
    assert_eq!(zh.status.code(), Some(2), "{}", text(&zh.stderr));
    let err = text(&zh.stderr);
    assert!(
        err.contains("--courier '顺丰'") && err.contains("不在快递公司列表中") && err.contains(&sn),
        "{err}"
    );
    let en = ship(&shop, "en", &sn, "Shunfeng", "SF1234567890123");
    assert_eq!(en.status.code(), Some(2), "{}", text(&en.stderr));
    let err = text(&en.stderr);
    assert!(
        err.contains("--courier 'Shunfeng'") && err.contains("not in the courier list"),
        "{err}"
    );
    // An empty value names what is wanted.
    let empty = ship(&shop, "en", &sn, " ", "SF1234567890123");
    assert_eq!(empty.status.code(), Some(2));
    assert!(text(&empty.stderr).contains("--courier is empty"));
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 0);
}
