//! Hostile buyer text through a real pseudo-terminal: escape sequences, bidi overrides, C1 controls and
//! a 10,000-character memo in every field the workstation draws; none reaches the terminal as a command.

mod bin_support;
mod hostile_support;

use bin_support::fw199_shop as shop;
use bin_support::pty::Term;
use bin_support::{Shop, Sim};
use hostile_support::plant;
use std::time::Duration;

/// Byte sequences that must never reach the terminal: each is a payload's ESC/CSI/BEL-carrying part.
const FORBIDDEN: &[(&str, &str)] = &[
    ("\u{1b}]0;", "OSC 0 (window title)"),
    ("\u{1b}]52;", "OSC 52 (clipboard)"),
    ("\u{1b}[2J", "clear screen"),
    ("\u{1b}[H恶", "cursor home"),
    ("\u{7}", "BEL"),
    ("\u{9b}", "C1 CSI"),
    ("\u{202e}", "RLO"),
    ("\u{2066}", "LRI"),
    ("\u{200f}", "RLM"),
    ("\u{2028}", "line separator"),
];

const MEMO_SN: &str = "261122-000000000000661";
const GOODS_SN: &str = "261122-000000000000662";
const LONG_SN: &str = "261122-000000000000663";

fn hostile_shop() -> (Sim, Shop) {
    let sim = bin_support::start_sim(6, 3, &[]);
    plant(&sim, MEMO_SN, 1, |d| {
        d["buyer_memo"] = "\u{1b}]0;PWNED-TITLE\u{7}快点发\u{1b}[2J货\u{9b}31m红".into();
        d["remark"] = "\u{1b}]52;c;cm0gLXJmIH4=\u{7}备注\u{2028}第二行".into();
        d["remark_tag_name"] = "\u{202e}gnirts\u{202c}".into();
        d["receiver_name_mask"] = "\u{2066}M*k\u{2069}\u{200f}".into();
        d["address_mask"] = "\u{1b}[H恶上海市*号*".into();
        d["receiver_phone_mask"] = "\u{9b}2J138****0000".into();
    });
    plant(&sim, GOODS_SN, 2, |d| {
        d["buyer_memo"] = "🎉拼多多🙂emoji\u{7f}混合 CJK 文字".into();
        d["item_list"][0]["goods_name"] =
            "\u{1b}]52;c;ZXZpbA==\u{7}恶意\u{1b}[2J商品\u{202e}evil".into();
        d["item_list"][0]["goods_spec"] = "\u{1b}[31m红色\u{1b}[0m\u{9b}H".into();
    });
    plant(&sim, LONG_SN, 3, |d| {
        d["buyer_memo"] = format!("长{}", "备注memo🎉".repeat(1430)).into();
        d["item_list"][0]["goods_name"] = "超长".repeat(400).into();
    });
    let shop = shop(&sim);
    (sim, shop)
}

fn assert_clean(raw: &str, what: &str) {
    for (seq, name) in FORBIDDEN {
        assert!(
            !raw.contains(seq),
            "{name} from buyer text reached the terminal ({what})"
        );
    }
}

/// The header is on the first line and the footer on the last; no payload moved them.
fn assert_layout(term: &Term, header: &str, what: &str) {
    let parser = term.parser.lock().unwrap();
    let screen = parser.screen();
    let rows: Vec<String> = screen.rows(0, 80).collect();
    assert_eq!(rows.len(), 24, "{what}");
    assert!(
        rows[0].contains(header),
        "header moved ({what}):\n{}",
        rows.join("\n")
    );
    assert!(
        !rows[23].trim().is_empty(),
        "footer line empty ({what}):\n{}",
        rows.join("\n")
    );
}

#[test]
fn hostile_buyer_text_never_reaches_the_terminal() {
    let (_sim, shop) = hostile_shop();
    let mut term = Term::open(&shop, &[]);
    let screen = term.wait_for(MEMO_SN);
    term.wait_for(LONG_SN);
    assert!(screen.contains("␛]52;c;ZXZpbA==␇恶意"), "{screen}");
    let header_text = "demo-shop";
    assert_layout(&term, header_text, "queue");
    let footer = term
        .parser
        .lock()
        .unwrap()
        .screen()
        .rows(0, 80)
        .nth(23)
        .unwrap();
    // The three planted orders are the most urgent: the first three rows of the queue, in order.
    let rows: Vec<String> = term.parser.lock().unwrap().screen().rows(0, 80).collect();
    let at = |sn: &str| rows.iter().position(|r| r.contains(sn)).unwrap();
    let (a, b, c) = (at(MEMO_SN), at(GOODS_SN), at(LONG_SN));
    assert!(
        a + 1 == b && b + 1 == c,
        "rows shifted:\n{}",
        rows.join("\n")
    );
    let col = |sn: &str| rows.iter().find_map(|r| r.find(sn)).unwrap();
    assert_eq!(col(MEMO_SN), col(GOODS_SN));
    assert_eq!(col(GOODS_SN), col(LONG_SN));
    assert_clean(&term.raw(), "queue");

    for sn in [MEMO_SN, GOODS_SN, LONG_SN] {
        term.send("/");
        term.send(sn);
        term.send("\r");
        term.send("\r");
        let detail = term.wait_for(&format!("订单详情 {sn}"));
        assert!(detail.lines().count() >= 23, "{detail}");
        assert_layout(&term, header_text, "detail");
        assert_clean(&term.raw(), "detail");
        term.send("\u{1b}");
        term.send("s");
        term.wait_for("YTO");
        assert_layout(&term, header_text, "ship dialog");
        assert_clean(&term.raw(), "ship dialog");
        term.send("\u{1b}");
        term.send("n");
        term.wait_for("旗帜名");
        assert_layout(&term, header_text, "note editor");
        assert_clean(&term.raw(), "note editor");
        term.send("\u{1b}");
        term.send("\u{1b}");
    }
    assert_eq!(
        term.parser
            .lock()
            .unwrap()
            .screen()
            .rows(0, 80)
            .nth(23)
            .unwrap(),
        footer
    );
    term.send("q");
    let status = term.wait_exit(Duration::from_secs(3));
    assert!(status.success(), "{status:?}");
    assert_clean(&term.raw(), "whole session");
    let raw = term.raw();
    assert!(raw.contains('\u{241b}'), "the ESC placeholder is drawn");
    assert!(
        raw.contains('\u{fffd}'),
        "the C1 and bidi placeholder is drawn"
    );
}
