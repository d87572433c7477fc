//! A seller's note is never lost or rewritten: the real binary (workstation in a pty, and the CLI) against
//! `pddtui sim`, with the note changed behind its back as the merchant backend would.

mod bin_support;

use bin_support::pty::Term;
use bin_support::{BIN, Shop, Sim, cli, fw199_shop, sim_get, sim_order, sim_post, unshipped};
use serde_json::{Value, json};
use std::time::Duration;

fn start() -> (Sim, Shop) {
    let sim = bin_support::start_sim(40, 11, &[]);
    let shop = fw199_shop(&sim);
    (sim, shop)
}

/// Writes the note in the simulator's "merchant backend" (`POST /__sim/orders/{sn}/note`).
fn backend_note(sim: &Sim, sn: &str, note: &str) {
    sim_post(
        sim,
        &format!("/__sim/orders/{sn}/note"),
        json!({ "note": note }),
    );
}

/// Gateway calls of `path` for `sn` the simulator has received.
fn calls(sim: &Sim, path: &str, sn: &str) -> usize {
    let log = sim_get(sim, "/__sim/requests");
    log.as_array()
        .unwrap()
        .iter()
        .filter(|e| e["path"] == path && e["order_sn"] == sn)
        .count()
}

const NOTE: &str = "/gateway/pdd/order/noteupdate";
const DETAIL: &str = "/gateway/pdd/order/detail";

/// A note a terminal must never see raw, and that the queue shows cut: newline, tab, ESC, > 1,000 chars.
fn hostile_note() -> String {
    format!(
        "第一行\n第二行\tTAB\x1b[2J\x1b]0;title\x07{}END",
        "长备注".repeat(400)
    )
}

/// The workstation open on `shop`, the cursor on `sn` (filtered to it).
fn open_on(shop: &Shop, sn: &str) -> Term {
    let mut term = Term::open(shop, &[]);
    term.wait_for(sn);
    term.send("/");
    term.send(sn);
    term.send("\r");
    term.wait_for(sn);
    term
}

fn quit(mut term: Term) {
    // A key right after a dialog closed by itself is dropped (it was meant for the dialog): wait that out.
    std::thread::sleep(Duration::from_millis(1200));
    term.send("q");
    term.wait_exit(Duration::from_secs(3));
}

fn first_unshipped(shop: &Shop) -> (String, Value) {
    let o = unshipped(shop).remove(0);
    (o["order_sn"].as_str().unwrap().to_string(), o)
}

fn flag_key_keeps(note: &str) {
    let (sim, shop) = start();
    let (sn, _) = first_unshipped(&shop);
    let term = open_on(&shop, &sn);
    // The queue has loaded; now the seller writes a note in the merchant backend.
    backend_note(&sim, &sn, note);
    let mut term = term;
    term.send("3");
    term.wait_for("旗帜已更新");
    quit(term);
    let after = &sim_order(&sim, &sn)["order"];
    assert_eq!(
        after["remark"].as_str().unwrap(),
        note,
        "the backend's note, byte for byte"
    );
    assert_eq!(after["remark_tag"], 3);
    assert_eq!(calls(&sim, NOTE, &sn), 1);
}

#[test]
fn a_flag_key_keeps_a_note_written_in_the_backend_after_the_queue_loaded() {
    flag_key_keeps("后台刚写的备注: 周五前发顺丰");
}

#[test]
fn a_flag_key_sends_a_raw_note_back_unchanged() {
    flag_key_keeps(&hostile_note());
}

#[test]
fn the_cli_flag_without_text_sends_the_raw_note_back_unchanged() {
    let (sim, shop) = start();
    let (sn, _) = first_unshipped(&shop);
    let note = hostile_note();
    backend_note(&sim, &sn, &note);
    let out = cli(&shop, &["note", &sn, "--tag", "2", "--tag-name", "黄色"]);
    assert!(String::from_utf8_lossy(&out).contains(&sn));
    let after = &sim_order(&sim, &sn)["order"];
    assert_eq!(after["remark"].as_str().unwrap(), note);
    assert_eq!(
        (
            after["remark_tag"].clone(),
            after["remark_tag_name"].clone()
        ),
        (json!(2), json!("黄色"))
    );
    // `--tag 0` clears the flag and still keeps the note.
    cli(&shop, &["note", &sn, "--tag", "0"]);
    let after = &sim_order(&sim, &sn)["order"];
    assert_eq!(after["remark"].as_str().unwrap(), note);
    assert_eq!(after["remark_tag"], 0);
    // A new text without --tag keeps the flag the gateway holds now.
    cli(&shop, &["note", &sn, "--tag", "4", "--tag-name", "蓝"]);
    cli(&shop, &["note", &sn, "--text", "新的备注"]);
    let after = &sim_order(&sim, &sn)["order"];
    assert_eq!(
        (
            after["remark"].as_str().unwrap(),
            after["remark_tag"].as_i64()
        ),
        ("新的备注", Some(4))
    );
    assert_eq!(after["remark_tag_name"], "蓝");
}

#[test]
fn the_cli_sends_nothing_for_an_unchanged_note() {
    let (sim, shop) = start();
    let (sn, _) = first_unshipped(&shop);
    backend_note(&sim, &sn, "不变的备注");
    let before = calls(&sim, NOTE, &sn);
    let out = std::process::Command::new(BIN)
        .arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(shop.dir.path().join("cli-data"))
        .args(["--lang", "en", "note", &sn, "--text", "不变的备注"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing sent"));
    assert_eq!(calls(&sim, NOTE, &sn), before);
}

#[test]
fn the_note_editor_shows_a_changed_note_and_sends_nothing_until_the_operator_chooses() {
    let (sim, shop) = start();
    let (sn, _) = first_unshipped(&shop);
    backend_note(&sim, &sn, "旧备注");
    let mut term = open_on(&shop, &sn);
    backend_note(&sim, &sn, "后台新写的备注");
    term.send("n");
    term.wait_for("备注内容");
    term.send("加急");
    term.send("\r");
    let screen = term.wait_for("备注在后台被修改了");
    assert!(screen.contains("后台新写的备注"), "{screen}");
    assert!(screen.contains("旧备注加急"), "{screen}");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        calls(&sim, NOTE, &sn),
        0,
        "nothing sent before the operator chooses"
    );
    assert_eq!(sim_order(&sim, &sn)["order"]["remark"], "后台新写的备注");
    // Esc: back to the editor, the typed text kept; Enter then y: the operator's text is sent.
    term.send("\x1b");
    std::thread::sleep(Duration::from_millis(200));
    let screen = term.screen();
    assert!(
        screen.contains("旧备注加急") && !screen.contains("备注在后台被修改了"),
        "{screen}"
    );
    term.send("\r");
    term.wait_for("备注已保存");
    quit(term);
    assert_eq!(sim_order(&sim, &sn)["order"]["remark"], "旧备注加急");
    assert_eq!(calls(&sim, NOTE, &sn), 1);
}

#[test]
fn saving_an_unchanged_note_in_the_editor_sends_nothing() {
    let (sim, shop) = start();
    let (sn, before) = first_unshipped(&shop);
    let mut term = open_on(&shop, &sn);
    let reads = calls(&sim, DETAIL, &sn);
    term.send("n");
    term.wait_for("备注内容");
    term.send("\r");
    term.wait_for("备注没有改动");
    std::thread::sleep(Duration::from_millis(300));
    quit(term);
    assert_eq!(calls(&sim, NOTE, &sn), 0, "no note request");
    assert_eq!(calls(&sim, DETAIL, &sn), reads, "not even a read");
    assert_eq!(sim_order(&sim, &sn)["order"]["remark"], before["remark"]);
}

/// Sets the note and the flag in the simulator's merchant backend, as a seller (or a teammate) would.
fn backend_flag(sim: &Sim, sn: &str, note: &str, tag: i64, name: &str) {
    sim_post(
        sim,
        &format!("/__sim/orders/{sn}/note"),
        json!({ "note": note, "tag": tag, "tag_name": name }),
    );
}

#[test]
fn a_flag_key_over_a_flag_changed_in_the_backend_shows_both_and_sends_nothing_until_the_operator_chooses()
 {
    let (sim, shop) = start();
    let (sn, _) = first_unshipped(&shop);
    backend_flag(&sim, &sn, "旧备注", 1, "红色");
    let mut term = open_on(&shop, &sn);
    // The queue shows red; the backend sets blue with a new note.
    backend_flag(&sim, &sn, "后台新写的备注", 4, "蓝色");
    term.send("2");
    let screen = term.wait_for("旗帜已被改动");
    for want in ["红色", "蓝色", "黄色", "后台新写的备注"] {
        assert!(screen.contains(want), "{want:?} in\n{screen}");
    }
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        calls(&sim, NOTE, &sn),
        0,
        "nothing sent before the operator chooses"
    );
    // Esc keeps theirs: still nothing sent, the order stays blue.
    term.send("\x1b");
    term.wait_for("已保留现在的旗帜");
    assert_eq!(calls(&sim, NOTE, &sn), 0);
    assert_eq!(sim_order(&sim, &sn)["order"]["remark_tag"], 4);
    // Changed once more behind its back (green); `2` again shows it; `y` applies yellow over it.
    backend_flag(&sim, &sn, "后台新写的备注", 3, "绿色");
    term.send("2");
    term.wait_for("绿色");
    // The dialog came by itself: a key within a second is taken as meant for the queue, and dropped.
    std::thread::sleep(Duration::from_millis(1200));
    term.send("y");
    term.wait_for("旗帜已更新");
    quit(term);
    let after = &sim_order(&sim, &sn)["order"];
    assert_eq!(
        (after["remark_tag"].as_i64(), after["remark"].as_str()),
        (Some(2), Some("后台新写的备注")),
        "yellow over the backend's note, kept byte for byte"
    );
    assert_eq!(calls(&sim, NOTE, &sn), 1);
}
