//! The real binary in a pseudo-terminal against `pddtui sim`: it opens on the queue, takes keys, changes
//! orders through the simulator, and leaves the terminal as it found it — also when the terminal goes away.

mod bin_support;

use bin_support::pty::Term;
use bin_support::{Shop, Sim, first_unshipped, shop_with, sim_get, unshipped};
use std::io::Write;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

fn start_sim() -> Sim {
    bin_support::start_sim(40, 11, &[])
}

fn shop(sim: &Sim) -> Shop {
    bin_support::fw199_shop(sim)
}

/// The terminal modes the workstation turned on are turned off again, the last ones in the stream.
fn assert_restored(raw: &str) {
    let entered = raw
        .find("\x1b[?1049h")
        .expect("entered the alternate screen");
    let left = raw.rfind("\x1b[?1049l").expect("left the alternate screen");
    assert!(left > entered);
    assert!(
        raw.rfind("\x1b[?25h").is_some_and(|i| i > entered),
        "cursor shown again"
    );
}

/// A simulator, a shop that points at it, and the workstation open on its queue (the first order drawn).
fn open_on_queue() -> (Sim, Shop, Term) {
    let sim = start_sim();
    let shop = shop(&sim);
    let first = first_unshipped(&shop);
    let term = Term::open(&shop, &[]);
    term.wait_for(&first);
    (sim, shop, term)
}

#[test]
fn opens_on_the_queue_and_quits_cleanly() {
    let (_sim, _shop, mut term) = open_on_queue();
    term.send("q");
    let status = term.wait_exit(Duration::from_secs(3));
    assert!(status.success(), "{status:?}");
    std::thread::sleep(Duration::from_millis(100));
    assert_restored(&term.raw());
}

#[test]
fn exits_within_a_second_when_the_terminal_goes_away() {
    let (sim, _shop, mut term) = open_on_queue();
    // What an SSH drop looks like to the process: every fd of the pty master closes (SIGHUP, then EIO).
    term.stop.store(true, Ordering::SeqCst);
    term.reader.take().unwrap().join().unwrap();
    term.writer = None;
    term.master = None;
    let started = Instant::now();
    term.wait_exit(Duration::from_secs(3));
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "took {:?}",
        started.elapsed()
    );
    let _ = sim_get(&sim, "/__sim/requests");
}

/// The texts the session waits for, in each language.
struct Texts {
    args: &'static [&'static str],
    confirm: &'static str,
    shipped: &'static str,
    flagged: &'static str,
    note_open: &'static str,
    noted: &'static str,
}

const ZH: Texts = Texts {
    args: &[],
    confirm: "y 确认发货",
    shipped: "已发货",
    flagged: "旗帜已更新",
    note_open: "旗帜名",
    noted: "备注已保存",
};

const EN: Texts = Texts {
    args: &["--lang", "en"],
    confirm: "y ships",
    shipped: "shipped",
    flagged: "flags updated",
    note_open: "flag name",
    noted: "note saved",
};

/// An operator's session at 80×24, keyboard only: filter to an order and ship it, flag another and write
/// its note, quit. The simulator's own state confirms each change.
fn operator_session(t: &Texts) {
    let sim = start_sim();
    let shop = shop(&sim);
    let queue = unshipped(&shop);
    let mut ok = queue
        .iter()
        .filter(|o| o["refund_status"] == 1 && o["risk_control_status"] == 0)
        .map(|o| o["order_sn"].as_str().unwrap().to_string());
    let (to_ship, to_flag) = (ok.next().unwrap(), ok.next().unwrap());
    let mut term = Term::open(&shop, t.args);
    term.wait_for(&to_ship);

    term.send("/");
    term.send(&to_ship);
    term.send("\r");
    term.send("s");
    // A courier the order's note names is preset (issue 12), with focus on the number: back to the courier
    // then. A preset lands as the courier list arrives, and a key within the next second is held: settle first.
    term.settle(
        std::time::Duration::from_millis(1200),
        std::time::Duration::from_secs(8),
    );
    let screen = term.screen();
    if !(screen.contains("▶快递公司") || screen.contains("▶courier")) {
        term.send("\x1b[Z");
    }
    term.wait_for("YTO");
    term.send("yto");
    term.send("\r");
    term.send("YT1234567890123");
    term.send("\r");
    term.wait_for(t.confirm);
    term.send("y");
    term.wait_for(&format!("{} {to_ship}", t.shipped));

    term.send("\x1b");
    term.send("/");
    term.send(&to_flag);
    term.send("\r");
    term.send("2");
    term.wait_for(t.flagged);
    term.send("n");
    term.wait_for(t.note_open);
    term.send("e2e备注");
    term.send("\r");
    term.wait_for(t.noted);
    term.send("\x1b");
    term.send("q");
    let status = term.wait_exit(Duration::from_secs(3));
    assert!(status.success(), "{status:?}");
    std::thread::sleep(Duration::from_millis(100));
    assert_restored(&term.raw());

    let shipped = sim_get(&sim, &format!("/__sim/orders/{to_ship}"));
    assert_eq!(shipped["order"]["order_status"], 2);
    assert_eq!(shipped["order"]["tracking_number"], "YT1234567890123");
    assert_eq!(shipped["order"]["logistics_id"], 85);
    assert_eq!(shipped["ship_count"], 1);
    let flagged = sim_get(&sim, &format!("/__sim/orders/{to_flag}"));
    assert_eq!(flagged["order"]["remark_tag"], 2);
    assert!(
        flagged["order"]["remark"]
            .as_str()
            .unwrap()
            .contains("e2e备注"),
        "{flagged}"
    );
    assert_eq!(flagged["order"]["order_status"], 1);
}

#[test]
fn an_operator_ships_flags_and_notes_with_the_keyboard() {
    operator_session(&ZH);
}

#[test]
fn the_same_session_in_english() {
    operator_session(&EN);
}

/// SIGTERM (a logout, a supervisor) restores the terminal before the process ends.
#[test]
fn sigterm_restores_the_terminal() {
    let (_sim, _shop, mut term) = open_on_queue();
    let pid = term.child.process_id().unwrap().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    term.wait_exit(Duration::from_secs(2));
    std::thread::sleep(Duration::from_millis(100));
    assert_restored(&term.raw());
}

/// Buyer text with escape sequences reaches the screen as plain characters, never as terminal commands.
#[test]
fn buyer_text_cannot_inject_escape_sequences() {
    let sim = start_sim();
    let shop = shop(&sim);
    let mut order: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/fw199_order_detail_seed003.json")).unwrap();
    let now = jiff::Timestamp::now();
    let beijing = |t: jiff::Timestamp| pddtui::domain::time::format_beijing(t);
    let data = &mut order["data"];
    data["order_sn"] = "261122-000000000000666".into();
    data["confirm_time"] = beijing(now).into();
    data["last_ship_time"] = beijing(
        now.checked_sub(jiff::SignedDuration::from_hours(100))
            .unwrap(),
    )
    .into();
    data["item_list"][0]["goods_name"] = "\u{1b}]52;c;ZXZpbA==\u{7}恶意\u{1b}[2J商品".into();
    data["buyer_memo"] = "\u{1b}[31m快点发\u{1b}[0m".into();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let status = reqwest::Client::new()
            .post(format!("{}/__sim/orders", sim.url))
            .json(&order["data"])
            .send()
            .await
            .unwrap()
            .status();
        assert!(status.is_success());
    });
    let mut term = Term::open(&shop, &[]);
    let screen = term.wait_for("261122-000000000000666");
    assert!(screen.contains("恶意"), "{screen}");
    let raw = term.raw();
    assert!(
        !raw.contains("\u{1b}]52;c;ZXZpbA=="),
        "OSC 52 from buyer text reached the terminal"
    );
    assert!(
        !raw.contains("\u{1b}[2J"),
        "a clear-screen from buyer text reached the terminal"
    );
    term.send("q");
    term.wait_exit(Duration::from_secs(3));
}

/// Over SSH every byte counts: moving the cursor redraws what changed, not the screen.
#[test]
fn a_keystroke_costs_few_bytes() {
    let (_sim, _shop, mut term) = open_on_queue();
    std::thread::sleep(Duration::from_millis(500));
    let full = term.raw().len();
    let mut per_key = Vec::new();
    for _ in 0..5 {
        let before = term.raw().len();
        term.send("j");
        std::thread::sleep(Duration::from_millis(150));
        per_key.push(term.raw().len() - before);
    }
    // The median: a minute boundary may redraw every time-left cell during one of the five keys.
    let mut sorted = per_key.clone();
    sorted.sort();
    let median = sorted[sorted.len() / 2];
    eprintln!("first screen {full} bytes; per keystroke {per_key:?}");
    assert!(sorted[0] > 0, "every key moved the cursor: {per_key:?}");
    assert!(
        median < 1200,
        "a keystroke sent {median} bytes (first screen {full})"
    );
    term.send("q");
    term.wait_exit(Duration::from_secs(3));
}

/// `0` clears a flag through the note endpoint and keeps the note's text.
#[test]
fn zero_clears_a_flag_and_keeps_the_note() {
    let sim = start_sim();
    let shop = shop(&sim);
    let flagged = unshipped(&shop)
        .into_iter()
        .find(|o| o["remark_tag"] != 0 && !o["remark"].as_str().unwrap_or("").is_empty())
        .expect("a flagged order with a note");
    let sn = flagged["order_sn"].as_str().unwrap().to_string();
    let mut term = Term::open(&shop, &[]);
    term.wait_for("│");
    term.send("/");
    term.send(&sn);
    term.send("\r");
    term.wait_for(&sn);
    term.send("0");
    term.wait_for("旗帜已更新");
    term.send("q");
    term.wait_exit(Duration::from_secs(3));
    let after = &sim_get(&sim, &format!("/__sim/orders/{sn}"))["order"];
    assert_eq!(after["remark_tag"], 0);
    assert_eq!(after["remark"], flagged["remark"]);
}

/// A planted secret never reaches the screen, nor any file the workstation writes.
#[test]
fn the_secret_is_never_on_screen_or_in_its_files() {
    const SECRET: &str = "plant-s3cret-XYZ";
    let sim = bin_support::start_sim(40, 11, &["--secret", SECRET]);
    let shop = shop_with(&format!(
        "[profiles.demo]\ngateway = \"fw199\"\nbase_url = \"{}\"\nappid = \"demo-app\"\nseller_nick = \"demo-shop\"\n\
         secret = \"{SECRET}\"\n",
        sim.url
    ));
    let first = first_unshipped(&shop);
    let mut term = Term::open(&shop, &[]);
    term.wait_for(&first);
    for keys in [
        "\r", "\x1b", "?", "\x1b", "s", "\x1b", "n", "\x1b", "J", "\x1b", "q",
    ] {
        term.send(keys);
    }
    term.wait_exit(Duration::from_secs(3));
    assert!(
        !term.raw().contains(SECRET),
        "the secret reached the terminal"
    );
    let mut files = vec![shop.data.clone()];
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(std::fs::read_dir(&p).unwrap().flatten().map(|e| e.path()));
        } else {
            let bytes = std::fs::read(&p).unwrap_or_default();
            assert!(
                !bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
                "{} holds the secret",
                p.display()
            );
        }
    }
}

/// The workstation on a queue of `orders` orders, resized to 120×40 once its first screen is drawn.
fn open_at_120x40(orders: usize) -> (Sim, Shop, Term) {
    let sim = bin_support::start_sim(orders, 11, &[]);
    let shop = shop(&sim);
    let first = first_unshipped(&shop);
    let term = Term::open(&shop, &[]);
    term.wait_for(&first);
    term.resize(40, 120);
    (sim, shop, term)
}

/// Waits until nothing has been written for `quiet` (at most 15 s); returns the bytes written so far.
fn settle(term: &Term, quiet: Duration) -> usize {
    term.settle(quiet, Duration::from_secs(15))
}

/// Issue 6 over SSH: at 120×40 one `j` costs at most 1 KB (median of 50 moves, some of which scroll).
#[test]
fn fifty_moves_at_120x40_cost_under_a_kilobyte_each() {
    let (_sim, _shop, mut term) = open_at_120x40(200);
    let full = settle(&term, Duration::from_millis(700));
    let mut per_move = Vec::new();
    for _ in 0..50 {
        let before = term.raw.lock().unwrap().len();
        term.writer.as_mut().unwrap().write_all(b"j").unwrap();
        term.writer.as_mut().unwrap().flush().unwrap();
        per_move.push(settle(&term, Duration::from_millis(200)) - before);
    }
    let mut sorted = per_move.clone();
    sorted.sort();
    let median = sorted[sorted.len() / 2];
    eprintln!("120x40: first screen {full} bytes; median per move {median}; per move {per_move:?}");
    assert!(sorted[0] > 0, "every move redrew something: {per_move:?}");
    assert!(median <= 1024, "a move sent {median} bytes: {per_move:?}");
    term.send("q");
    term.wait_exit(Duration::from_secs(3));
}

/// Issue 6: a workstation left alone writes nothing; only a minute turning may redraw the countdowns.
#[test]
fn an_idle_workstation_writes_nothing() {
    let (_sim, _shop, mut term) = open_at_120x40(40);
    // Past the first sync's toast, whose disappearing is a change on screen.
    std::thread::sleep(Duration::from_secs(7));
    settle(&term, Duration::from_secs(1));
    let minute = || jiff::Timestamp::now().as_second() / 60;
    let mut written = Vec::new();
    for _ in 0..2 {
        let (before, m) = (term.raw.lock().unwrap().len(), minute());
        std::thread::sleep(Duration::from_secs(3));
        let n = term.raw.lock().unwrap().len() - before;
        written.push(n);
        if minute() == m {
            assert_eq!(n, 0, "idle for 3 s, yet wrote {n} bytes");
            break;
        }
        // A minute turned: the countdowns may be redrawn, nothing else.
        assert!(n <= 4096, "a minute turning wrote {n} bytes");
    }
    eprintln!("idle: {written:?} bytes");
    term.send("q");
    term.wait_exit(Duration::from_secs(3));
}

/// A shop with one pddshuju profile pointing at `sim`.
fn pddshuju_shop(sim: &Sim) -> Shop {
    shop_with(&format!(
        "[profiles.gift]\ngateway = \"pddshuju\"\nbase_url = \"{}\"\nownuser = \"demo-owner\"\n\
         state = \"demo-state\"\nsecret = \"demo-secret\"\n",
        sim.url
    ))
}

/// The workstation on a pddshuju profile at 80×24: what the gateway does not send reads "unknown", no note
/// or flag key is offered, the ship dialog has no IMEI or refund address; an order shipped elsewhere (here
/// by the CLI) stays in the queue after a refresh, marked as no longer listed, with when it was last.
#[test]
fn a_pddshuju_shop_says_what_it_cannot_know_and_keeps_orders_it_stops_listing() {
    let sim = start_sim();
    let shop = pddshuju_shop(&sim);
    let queue = unshipped(&shop);
    let mut ok = queue
        .iter()
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .filter(|sn| {
            let o = &bin_support::sim_order(&sim, sn)["order"];
            o["refund_status"] == 1 && o["risk_control_status"] == 0
        });
    let (to_ship, elsewhere) = (ok.next().unwrap(), ok.next().unwrap());
    let mut term = Term::open(&shop, &[]);
    let screen = term.wait_for(queue[0]["order_sn"].as_str().unwrap());
    assert!(screen.contains("已超时 未知"), "{screen}");
    assert!(screen.contains("退款/风控 未知"), "{screen}");
    assert!(!screen.contains('~'), "no estimated countdown: {screen}");
    assert!(
        !screen.contains("编辑备注") && !screen.contains("插红旗"),
        "{screen}"
    );

    term.send("/");
    term.send(&to_ship);
    term.send("\r");
    term.send("s");
    term.settle(Duration::from_millis(1200), Duration::from_secs(8));
    let screen = term.screen();
    assert!(
        !screen.contains("IMEI") && !screen.contains("退货地址"),
        "{screen}"
    );
    if !screen.contains("▶快递公司") {
        term.send("\x1b[Z");
    }
    term.wait_for("YTO");
    term.send("yto");
    term.send("\r");
    term.send("YT1234567890123");
    term.send("\r");
    term.wait_for("y 确认发货");
    term.send("y");
    term.wait_for(&format!("已发货 {to_ship}"));

    // Shipped by someone else: the gateway stops listing it, the queue keeps it, marked.
    bin_support::cli(
        &shop,
        &[
            "ship",
            &elsewhere,
            "--courier",
            "85",
            "--tracking",
            "YT1234567890124",
        ],
    );
    term.send("\x1b");
    term.send("/");
    term.send(&elsewhere);
    term.send("\r");
    term.send("r");
    term.wait_for("窗口外");
    term.send("\r");
    term.wait_for("最后出现于");
    // Its whole order is still read from the store (not only what its row knows).
    term.wait_for("─ 商品 ─");
    term.send("q");
    term.send("\x1b");
    term.send("q");
    let status = term.wait_exit(Duration::from_secs(3));
    assert!(status.success(), "{status:?}");
    assert_eq!(
        bin_support::sim_order(&sim, &to_ship)["order"]["order_status"],
        2
    );
    assert_eq!(bin_support::sim_order(&sim, &to_ship)["ship_count"], 1);
}
