//! Helpers of the hostile_* tests: plant a seed-003 order with chosen fields into a running simulator,
//! a shop that points at it, and a run of the binary with extra environment.
#![allow(dead_code)]

use crate::bin_support::{BIN, Shop, Sim};
use std::process::{Command, Output, Stdio};

/// Plants the seed-003 order with hostile text, due soon (so it sorts to the top of the queue).
pub fn plant(sim: &Sim, sn: &str, hours_left: i64, edit: impl Fn(&mut serde_json::Value)) {
    let mut order: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/fw199_order_detail_seed003.json")).unwrap();
    let now = jiff::Timestamp::now();
    let beijing = |t: jiff::Timestamp| pddtui::domain::time::format_beijing(t);
    let data = &mut order["data"];
    data["order_sn"] = sn.into();
    data["created_time"] = beijing(now - jiff::SignedDuration::from_hours(2)).into();
    data["confirm_time"] = beijing(now - jiff::SignedDuration::from_hours(2)).into();
    data["pay_time"] = beijing(now - jiff::SignedDuration::from_hours(2)).into();
    data["updated_at"] = beijing(now - jiff::SignedDuration::from_hours(1)).into();
    data["last_ship_time"] = beijing(now + jiff::SignedDuration::from_hours(hours_left)).into();
    // Each planted order is its own buyer's (the fixture's address would make them one merge group, whose
    // mark takes columns the goods text is checked in).
    data["open_address_id"] = format!("hostile-{sn}").into();
    edit(data);
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
        assert!(resp.status().is_success(), "{:?}", resp.text().await);
    });
}

/// Runs the binary on the shop's config and data dir.
pub fn run(shop: &Shop, env: &[(&str, &str)], args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(&shop.data)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Hostile texts beyond the first six payloads: every escape-string introducer (DCS, SOS, PM, APC), the
/// OSCs terminals act on (8 hyperlink, 7 cwd, 777 notify, 0 title, 52 clipboard), the 8-bit C1 forms as
/// characters, every bidi mark, the format characters whose width terminals disagree on, and marks piled
/// hundreds deep. Each is (name, text); `corpus_text` joins them into one field's worth.
pub const CORPUS: &[(&str, &str)] = &[
    ("DCS", "\u{1b}P1$qm\u{1b}\\"),
    ("sixel", "\u{1b}Pq#0;2;0;0;0#0~~@@vv\u{1b}\\"),
    ("SOS", "\u{1b}Xsos\u{1b}\\"),
    ("PM", "\u{1b}^pm\u{1b}\\"),
    ("APC", "\u{1b}_Gf=100;QUFB\u{1b}\\"),
    (
        "OSC 8",
        "\u{1b}]8;;http://evil.example/\u{1b}\\点我\u{1b}]8;;\u{1b}\\",
    ),
    ("OSC 7", "\u{1b}]7;file://evil/etc\u{7}"),
    ("OSC 777", "\u{1b}]777;notify;t;b\u{7}"),
    ("OSC 0", "\u{1b}]0;PWNED\u{7}"),
    ("OSC 52", "\u{1b}]52;c;cm0gLXJm\u{7}"),
    ("CSI", "\u{1b}[2J\u{1b}[H"),
    ("C1 CSI", "\u{9b}2J"),
    ("C1 OSC", "\u{9d}0;T\u{9c}"),
    ("C1 DCS", "\u{90}q\u{9c}"),
    (
        "bidi",
        "\u{61c}\u{200e}\u{200f}\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}",
    ),
    ("VS16", "❤\u{fe0f}☎\u{fe0f}"),
    ("ZWJ", "👨\u{200d}👩\u{200d}👧"),
    ("keycap", "1\u{fe0f}\u{20e3}"),
    ("skin tone", "👍\u{1f3fd}"),
    (
        "tag flag",
        "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
    ),
    ("annotation", "\u{fff9}纸\u{fffa}zhi\u{fffb}"),
    ("zero width", "\u{feff}\u{200b}\u{ad}\u{2060}"),
];

/// Every corpus payload in one text, with plain CJK between them.
pub fn corpus_text() -> String {
    let mut s = String::new();
    for (_, p) in CORPUS {
        s.push_str(p);
        s.push('货');
    }
    s.push('Z');
    s.push_str(&"\u{301}".repeat(300));
    s
}

/// A short text with the width-changing characters only (the column test: it must fit a goods column).
pub fn width_text(i: usize) -> String {
    let pieces = [
        "❤\u{fe0f}纸巾",
        "👍\u{1f3fd}抽纸",
        "1\u{fe0f}\u{20e3}号",
        "\u{fff9}纸\u{fffa}zhi\u{fffb}",
        "👨\u{200d}👩\u{200d}👧家",
        "e\u{301}\u{301}\u{301}\u{301}\u{301}",
        "🏴\u{e0067}\u{e0062}\u{e007f}旗",
        "☎\u{fe0f}\u{200b}电",
    ];
    pieces[i % pieces.len()].to_string()
}

/// What no printed output may hold: a control (C0 but `\n`, DEL, C1), a bidi control or mark, an
/// invisible format character whose width terminals disagree on, or more than two zero-width marks after
/// one base. Written out here, apart from the sanitiser, so the test does not grade it by its own list.
pub fn assert_inert(bytes: &[u8], what: &str) {
    use unicode_width::UnicodeWidthChar;
    let forbidden = |c: char| {
        matches!(c,
            '\0'..='\u{9}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
            | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
            | '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{20e3}' | '\u{feff}'
            | '\u{fe00}'..='\u{fe0f}' | '\u{fff9}'..='\u{fffb}' | '\u{1f3fb}'..='\u{1f3ff}'
            | '\u{e0000}'..='\u{e007f}' | '\u{e0100}'..='\u{e01ef}'
        )
    };
    let text = String::from_utf8_lossy(bytes);
    let mut run = 0;
    for c in text.chars() {
        assert!(
            !forbidden(c),
            "{what}: U+{:04X} printed raw in\n{text}",
            c as u32
        );
        run = if c.width() == Some(0) { run + 1 } else { 0 };
        assert!(run <= 2, "{what}: {run} marks piled in\n{text}");
    }
}

/// Sets the simulator's wire patches (at `url`): raw replacements in every gateway answer.
pub fn set_wire(url: &str, patches: &[(&str, &str)]) {
    let list: Vec<serde_json::Value> = patches
        .iter()
        .map(|(f, r)| serde_json::json!({"find": f, "replace": r}))
        .collect();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let resp = reqwest::Client::new()
            .post(format!("{url}/__sim/wire"))
            .json(&list)
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_success(), "{:?}", resp.text().await);
    });
}

/// A keymap file someone sent, as the workstation's user keymap: descriptions with escapes, bidi marks
/// and width-changing characters (help must show them inert).
pub const HOSTILE_KEYMAP: &str = r#"
[queue]
keymap = [
  { on = ["<F9>"], run = "move_down", desc = "\u001b]0;PWNED\u0007down\u001b[2J\u061c\u200e\u202e" },
  { on = ["<C-\u001b[2J>"], run = "move_up", desc = "\u009b2J\u001bP1$qm\u001b\\up❤\ufe0f" },
]
"#;

/// Plants journal entries whose texts are the corpus: a failed note and a shipment left pending (the
/// journal screen and `journal --reconcile` show it).
pub fn plant_journal(data: &std::path::Path, sn: &str) {
    use pddtui::store::{Duplicates, Journal, NewOp, OpKind, OpOutcome};
    let hostile = corpus_text();
    let journal = Journal::open(data).unwrap();
    let note = NewOp {
        kind: OpKind::Note,
        order_sn: sn.into(),
        logistics_id: None,
        number: None,
        params: serde_json::json!({ "note": format!("\u{61c}{hostile}") }),
    };
    let id = journal.begin(&note, Duplicates::Allow).unwrap();
    journal
        .finish(id, OpOutcome::Failed { error: &hostile })
        .unwrap();
    let ship = NewOp {
        kind: OpKind::Ship,
        order_sn: sn.into(),
        logistics_id: Some(85),
        number: Some(format!(
            "YT\u{1b}]0;T\u{7}\u{200e}❤\u{fe0f}{}",
            "\u{301}".repeat(50)
        )),
        params: serde_json::Value::Null,
    };
    journal.begin(&ship, Duplicates::Allow).unwrap();
}

/// What the workstation's byte stream may never carry from hostile text: an escape-string or OSC
/// introducer (the workstation sends none of its own), a C1 control, BEL, a bidi mark, a width-changing
/// format character, or more than two marks piled on one base. Its own CSI sequences are allowed.
pub fn assert_stream_clean(raw: &[u8], what: &str) {
    let text = String::from_utf8_lossy(raw);
    for intro in [
        "\u{1b}P", "\u{1b}X", "\u{1b}^", "\u{1b}_", "\u{1b}]", "\u{7}",
    ] {
        assert!(
            !text.contains(intro),
            "{what}: {intro:?} reached the terminal"
        );
    }
    let without_esc: String = text
        .chars()
        .filter(|&c| !matches!(c, '\u{1b}' | '\r' | '\n' | '\u{8}'))
        .collect();
    assert_inert(without_esc.as_bytes(), what);
}

/// Each row of `rows` that holds an order number, with the display column at which its amount
/// (`12.34`) ends.
pub fn amount_columns(rows: &[String]) -> Vec<(usize, String)> {
    rows.iter()
        .filter(|r| r.contains("261") && r.contains('¥'))
        .map(|r| (amount_end(r), r.clone()))
        .collect()
}

/// The display column where the last amount (`12.34`) of `line` ends. Columns are counted cell by cell (a
/// wide character is two), as the terminal draws.
pub fn amount_end(line: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    let chars: Vec<char> = line.chars().collect();
    let at = (1..chars.len().saturating_sub(2))
        .rev()
        .find(|&i| {
            chars[i] == '.'
                && chars[i - 1].is_ascii_digit()
                && chars[i + 1].is_ascii_digit()
                && chars[i + 2].is_ascii_digit()
        })
        .unwrap_or(0);
    chars[..at + 3].iter().map(|c| c.width().unwrap_or(0)).sum()
}
