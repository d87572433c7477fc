//! The journal's history through the real binary (issue 12): a shipment done by the CLI is on the
//! workstation's `J` screen with its operator and outcome, and the operator is a name (`$USER`, else the
//! account name the system gives), never `uid 0`.

mod bin_support;

use bin_support::pty::Term;
use bin_support::{Shop, Sim, command_as, fw199_shop, output_text, shippable, unshipped};
use serde_json::Value;
use std::process::Command;
use std::time::Duration;

fn start() -> (Sim, Shop) {
    let sim = bin_support::start_sim(40, 11, &[]);
    let shop = fw199_shop(&sim);
    (sim, shop)
}

/// The binary on `shop`'s own data dir (the one the workstation reads), in English, with neither
/// `PDDTUI_OPERATOR` nor `LOGNAME` in its environment, and `USER` only when `user` names one.
fn pddtui(shop: &Shop, user: Option<&str>, args: &[&str]) -> Command {
    let mut c = command_as(shop, user.unwrap_or_default(), args);
    c.env_remove("PDDTUI_OPERATOR").env_remove("LOGNAME");
    if user.is_none() {
        c.env_remove("USER");
    }
    c
}

/// Ships `sn` with the CLI (YTO, `number`), as `user` (`None`: no `USER` at all); asserts success.
fn ship(shop: &Shop, user: Option<&str>, sn: &str, number: &str) {
    let out = pddtui(
        shop,
        user,
        &["ship", sn, "--courier", "85", "--tracking", number],
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", output_text(&out));
}

fn journal(shop: &Shop) -> Vec<Value> {
    let out = pddtui(shop, Some("reader"), &["journal", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", output_text(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The account name of this process's effective user, as `id -un` tells it.
fn account_name() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn without_user_the_operator_is_the_account_name_never_a_uid() {
    let (_sim, shop) = start();
    let sn = shippable(&unshipped(&shop));
    ship(&shop, None, &sn, "YT5550001112223");
    let entries = journal(&shop);
    let entry = entries
        .iter()
        .find(|e| e["order_sn"] == sn.as_str())
        .unwrap_or_else(|| panic!("no entry of {sn}: {entries:?}"));
    let user = entry["user"].as_str().unwrap();
    assert!(!user.starts_with("uid "), "recorded {user:?}");
    assert_eq!(user, account_name());
    assert_eq!(entry["state"], "ok");
}

#[test]
fn the_workstations_journal_shows_a_done_shipment_with_its_operator() {
    let (_sim, shop) = start();
    let sn = shippable(&unshipped(&shop));
    ship(&shop, Some("carol"), &sn, "YT5550001112224");
    let mut term = Term::open(&shop, &["--lang", "en"]);
    term.wait_for("unshipped");
    term.send("J");
    let screen = term.wait_for(&sn);
    let line = screen
        .lines()
        .find(|l| l.contains(&sn))
        .unwrap_or_default()
        .to_string();
    assert!(line.contains("ship"), "{screen}");
    assert!(line.contains("carol"), "{screen}");
    assert!(line.contains("done"), "{screen}");
    // The filter finds it by its operator; a word nothing has leaves it out.
    term.send("/");
    term.send("carol");
    term.wait_for("(1 match)");
    term.send("\r");
    assert!(term.screen().contains(&sn));
    term.send("\x1b");
    term.send("/");
    term.send("nobody-has-this");
    term.settle(Duration::from_millis(300), Duration::from_secs(3));
    assert!(!term.screen().contains(&sn), "{}", term.screen());
    term.send("\x1b");
    term.send("\x1b");
    term.send("q");
    let status = term.wait_exit(Duration::from_secs(3));
    assert!(status.success(), "{status:?}");
}
