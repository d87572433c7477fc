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
    // In characters, not bytes: the marks before the number (`▶`, `·`, `—`, flag letters) are one cell each
    // but not one byte each.
    let col = |sn: &str| {
        rows.iter()
            .find_map(|r| r.find(sn).map(|i| r[..i].chars().count()))
            .unwrap()
    };
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

const CORPUS_SN: &str = "261122-000000000000670";

/// The corpus in every field of one order, the width payloads in the goods names of eight more (all due
/// soon, so they fill the top of the queue), a hostile user keymap and a hostile journal.
fn corpus_shop() -> (Sim, Shop, Vec<String>) {
    let sim = bin_support::start_sim(4, 3, &[]);
    let hostile = hostile_support::corpus_text();
    plant(&sim, CORPUS_SN, 1, |d| {
        for field in [
            "buyer_memo",
            "remark",
            "remark_tag_name",
            "receiver_name_mask",
            "address_mask",
            "receiver_phone_mask",
        ] {
            d[field] = hostile.clone().into();
        }
        d["item_list"][0]["goods_name"] = hostile.clone().into();
        d["item_list"][0]["goods_spec"] = hostile.clone().into();
    });
    let width_sns: Vec<String> = (0..8)
        .map(|i| format!("261122-00000000000068{i}"))
        .collect();
    for (i, sn) in width_sns.iter().enumerate() {
        plant(&sim, sn, 2 + i as i64, |d| {
            d["item_list"][0]["goods_name"] = hostile_support::width_text(i).into();
            d["buyer_memo"] = hostile_support::width_text(i + 3).into();
            d["pay_amount"] = (1290 + i as i64).into();
        });
    }
    let shop = shop(&sim);
    let dir = shop.dir.path().join("xdg").join("pddtui");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("keymap.toml"), hostile_support::HOSTILE_KEYMAP).unwrap();
    hostile_support::plant_journal(&shop.data, CORPUS_SN);
    (sim, shop, width_sns)
}

fn rows(term: &Term) -> Vec<String> {
    term.parser.lock().unwrap().screen().rows(0, 80).collect()
}

/// Every cell of the screen: (row, column, contents), empty cells as a space.
fn cells(term: &Term) -> Vec<(u16, u16, String)> {
    let parser = term.parser.lock().unwrap();
    let screen = parser.screen();
    let mut out = Vec::new();
    for r in 0..24 {
        for c in 0..80 {
            let text = screen
                .cell(r, c)
                .map(|cell| cell.contents().to_string())
                .unwrap_or_default();
            out.push((r, c, if text.is_empty() { " ".into() } else { text }));
        }
    }
    out
}

/// What the terminal shows after the steps so far is what a full redraw (Ctrl-L) shows: no stale cell. Both
/// are taken within one minute of the clock: the countdowns and counts change when a minute turns (once,
/// the redraw came a moment after it and every countdown differed), so near the end of a minute this waits
/// for the next one and for the tick that draws it.
fn assert_no_stale_cells(term: &mut Term, what: &str) {
    let second = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        % 60.0;
    if second >= 57.0 {
        std::thread::sleep(Duration::from_secs_f64(61.0 - second));
    }
    let stepwise = cells(term);
    term.send("\u{c}");
    std::thread::sleep(Duration::from_millis(300));
    let redrawn = cells(term);
    let diff: Vec<_> = stepwise
        .iter()
        .zip(&redrawn)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{a:?} → {b:?}"))
        .collect();
    assert!(
        diff.is_empty(),
        "{what}: a full redraw changed cells {diff:?}\n{}",
        term.screen()
    );
}

/// Every screen (queue, detail, ship dialog, note editor, journal, help) with the corpus: no escape,
/// C1, bidi or width-changing character reaches the terminal, the header and footer stay in place, the
/// amount column lines up on every row, and what was drawn step by step is what a full redraw (Ctrl-L)
/// draws: no stale cell anywhere.
#[test]
fn hostile_corpus_through_every_screen() {
    let (_sim, shop, width_sns) = corpus_shop();
    let mut term = Term::open(&shop, &[]);
    term.wait_for(CORPUS_SN);
    term.wait_for(&width_sns[7]);
    let header = "demo-shop";
    assert_layout(&term, header, "queue");
    let amounts = hostile_support::amount_columns(&rows(&term));
    assert!(amounts.len() >= 9, "{amounts:?}");
    assert!(
        amounts.iter().all(|(c, _)| *c == amounts[0].0),
        "amount column moved:\n{}",
        amounts
            .iter()
            .map(|(c, r)| format!("{c:3} {r}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Rows move under the cursor and back: a filter, then none.
    term.send("/");
    term.send("0068");
    term.send("\u{1b}");
    term.send("G");
    term.send("g");
    assert_no_stale_cells(&mut term, "queue");

    for sn in [CORPUS_SN, width_sns[0].as_str(), width_sns[4].as_str()] {
        term.send("/");
        term.send(sn);
        term.send("\r");
        term.send("\r");
        term.wait_for(&format!("订单详情 {sn}"));
        assert_layout(&term, header, "detail");
        term.send("\u{1b}");
        term.send("s");
        term.wait_for("YTO");
        assert_layout(&term, header, "ship dialog");
        term.send("\u{1b}");
        term.send("n");
        term.wait_for("旗帜名");
        assert_layout(&term, header, "note editor");
        term.send("\u{1b}");
        term.send("\u{1b}");
    }
    term.send("J");
    term.wait_for("日志:全部记录");
    term.wait_for("YT␛]0;T␇");
    assert_layout(&term, header, "journal");
    term.send("\u{1b}");
    term.send("?");
    term.wait_for("按键帮助");
    // The user's bindings come after the built-in ones: page down to them.
    for _ in 0..8 {
        if term.screen().contains("PWNED") {
            break;
        }
        term.send("\u{4}");
    }
    term.wait_for("␛]0;PWNED␇down");
    assert_layout(&term, header, "help");
    assert_no_stale_cells(&mut term, "help");
    term.send("\u{1b}");
    term.send("q");
    let status = term.wait_exit(Duration::from_secs(3));
    assert!(status.success(), "{status:?}");
    hostile_support::assert_stream_clean(term.raw().as_bytes(), "whole session");
}

/// The width payloads in tmux, the terminal the issue saw it in: the amount column lines up on every
/// row, and the screen drawn step by step is the one a full redraw draws.
#[test]
fn widths_agree_with_tmux() {
    if std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_err()
    {
        eprintln!("tmux is not installed: skipped");
        return;
    }
    let (_sim, shop, width_sns) = corpus_shop();
    let socket = format!("pddtui-widths-{}", std::process::id());
    let tmux = |args: &[&str]| {
        std::process::Command::new("tmux")
            .args(["-L", &socket, "-f", "/dev/null"])
            .args(args)
            .env("XDG_CONFIG_HOME", shop.dir.path().join("xdg"))
            .output()
            .unwrap()
    };
    let cmd = format!(
        "TERM=xterm-256color XDG_CONFIG_HOME={} {} --config {} --data-dir {}",
        shop.dir.path().join("xdg").display(),
        bin_support::BIN,
        shop.config.display(),
        shop.data.display()
    );
    let started = tmux(&["new-session", "-d", "-x", "120", "-y", "40", &cmd]);
    assert!(started.status.success(), "{started:?}");
    struct Kill<'a>(&'a dyn Fn(&[&str]) -> std::process::Output);
    impl Drop for Kill<'_> {
        fn drop(&mut self) {
            (self.0)(&["kill-server"]);
        }
    }
    let _kill = Kill(&tmux);
    let capture = || String::from_utf8_lossy(&tmux(&["capture-pane", "-p"]).stdout).to_string();
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while !capture().contains(&width_sns[7]) {
        assert!(std::time::Instant::now() < deadline, "{}", capture());
        std::thread::sleep(Duration::from_millis(100));
    }
    // Rows move under the cursor and back, then the amount column is read.
    for keys in [&["/", "0068"][..], &["Escape"], &["G"], &["g"]] {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        tmux(&args);
        std::thread::sleep(Duration::from_millis(300));
    }
    let stepwise = capture();
    let rows: Vec<String> = stepwise.lines().map(str::to_string).collect();
    let amounts = hostile_support::amount_columns(&rows);
    assert!(amounts.len() >= 9, "{stepwise}");
    assert!(
        amounts.iter().all(|(c, _)| *c == amounts[0].0),
        "amount column moved in tmux:\n{stepwise}"
    );
    tmux(&["send-keys", "-t", "0", "C-l"]);
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(capture(), stepwise, "a full redraw changed the tmux screen");
    tmux(&["send-keys", "-t", "0", "q"]);
}
