//! Issue 10 §1 with the real binary in a pseudo-terminal against `pddtui sim`: what the simulator received
//! is exactly the number entered last, after a draft, a failure and a quit question that went away, and
//! Ctrl-T takes numbers only for the courier of the waybill template.

mod bin_support;

use bin_support::pty::Term;
use bin_support::{Shop, Sim, set_faults, shippable, shop_with, sim_order, unshipped};
use serde_json::json;

const FIRST: &str = "YT5000000000001";
const SECOND: &str = "YT5000000000002";

/// An fw199 shop on `sim` with the simulator's waybill service, whose template issues YTO (85) numbers.
fn shop(sim: &Sim) -> Shop {
    shop_with(&format!(
        "[profiles.demo]\ngateway = \"fw199\"\nbase_url = \"{url}\"\nappid = \"demo-app\"\n\
         seller_nick = \"demo-shop\"\nsecret = \"demo-secret\"\n\n[profiles.demo.waybill]\n\
         base_url = \"{url}\"\nclient_id = \"demo-client\"\nclient_secret = \"demo-secret\"\n\
         ptemp_id = \"1696\"\ncourier_id = 85\n",
        url = sim.url
    ))
}

/// The workstation in English on a fresh simulator and the shop `make` writes, its cursor on a shippable order.
fn open(make: fn(&Sim) -> Shop) -> (Sim, Shop, String, Term) {
    let sim = bin_support::start_sim(40, 11, &[]);
    let shop = make(&sim);
    let sn = shippable(&unshipped(&shop));
    let mut term = Term::open(&shop, &["--lang", "en"]);
    term.wait_for(&sn);
    term.send("/");
    term.send(&sn);
    term.send("\r");
    (sim, shop, sn, term)
}

/// `s`, then YTO picked unless it is preset (the order's note may name another courier, which is then
/// preset and focus is on the number: Shift-Tab goes back to the courier).
fn open_dialog(term: &mut Term) {
    term.send("s");
    let screen = settled(term);
    if !screen.contains("圆通快递 YTO 85") {
        focus_courier(term);
        term.send("yto");
        term.send("\r");
    }
    term.wait_for("圆通快递 YTO 85");
}

/// The open dialog once still: the courier list may arrive after it opened, presetting one.
fn settled(term: &Term) -> String {
    term.wait_for("tracking no.");
    term.settle(
        std::time::Duration::from_millis(1200),
        std::time::Duration::from_secs(8),
    );
    term.screen()
}

/// Focus on the courier field (a courier the note names is preset, with focus on the number).
fn focus_courier(term: &mut Term) {
    if !settled(term).contains("▶courier") {
        term.send("\x1b[Z");
    }
}

fn ship_and_wait(term: &mut Term, sn: &str) {
    term.send("\r");
    term.wait_for("y ships");
    term.send("y");
    term.wait_for(&format!("shipped {sn}"));
}

#[test]
fn a_number_scanned_after_reopening_the_dialog_replaces_the_draft() {
    let (sim, _shop, sn, mut term) = open(bin_support::fw199_shop);
    open_dialog(&mut term);
    term.send(FIRST);
    term.send("\x1b");
    open_dialog(&mut term);
    term.wait_for(FIRST);
    term.send(SECOND);
    ship_and_wait(&mut term, &sn);
    let got = sim_order(&sim, &sn);
    assert_eq!(
        got["order"]["tracking_number"], SECOND,
        "{}",
        got["tracking_numbers"]
    );
    assert_eq!(got["ship_count"], 1);
}

#[test]
fn the_y_for_a_quit_question_that_went_away_is_not_shipped() {
    let (sim, _shop, sn, mut term) = open(bin_support::fw199_shop);
    open_dialog(&mut term);
    term.send(FIRST);
    // The gateway is slow and then fails: the question is asked and goes away by itself.
    set_faults(&sim, json!({"latency_ms": 1500, "fail_rate": 1.0}));
    term.send("\r");
    term.wait_for("y ships");
    term.send("y");
    term.send("q");
    term.wait_for("quit anyway");
    term.wait_for("502");
    assert!(!term.screen().contains("quit anyway"));
    // The proxy's page is summarised by its status, never dumped (issue 12).
    let screen = term.screen();
    assert!(
        screen.contains("Bad Gateway") && !screen.contains("<html"),
        "{screen}"
    );
    set_faults(&sim, json!({}));
    term.send("y");
    ship_and_wait(&mut term, &sn);
    let got = sim_order(&sim, &sn);
    assert_eq!(
        got["order"]["tracking_number"], FIRST,
        "{}",
        got["tracking_numbers"]
    );
}

#[test]
fn ctrl_t_takes_no_number_for_another_courier() {
    let (sim, _shop, sn, mut term) = open(shop);
    term.send("s");
    focus_courier(&mut term);
    term.send("顺丰");
    term.send("\r");
    term.wait_for("顺丰快递 SF 44");
    term.send("\x14");
    let screen = term.wait_for("no number taken");
    assert!(screen.contains("YTO") && screen.contains("SF"), "{screen}");
    let field = screen.lines().find(|l| l.contains("tracking no."));
    assert!(
        field.is_some_and(|l| !l.contains("YT")),
        "no YTO number filled in: {screen}"
    );
    // With the template's courier, Ctrl-T fills a number of it, and that number ships.
    term.send("\x1b[Z");
    term.send("yto");
    term.send("\r");
    term.wait_for("圆通快递 YTO 85");
    term.send("\x14");
    let screen = term.wait_for("selected: typing");
    let number = screen
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| w.starts_with("YT") && w.len() == 15)
        .unwrap_or_else(|| panic!("no number on screen:\n{screen}"))
        .to_string();
    // The number changed the dialog by itself: the first key after it is dropped, and the screen says so.
    term.send("\r");
    term.wait_for("not used");
    ship_and_wait(&mut term, &sn);
    let got = sim_order(&sim, &sn);
    assert_eq!(
        got["order"]["tracking_number"],
        number.as_str(),
        "{}",
        got["tracking_numbers"]
    );
    assert_eq!(got["order"]["logistics_id"], 85);
}

/// Issue 12: PDD intercepts the shipment; the dialog counts down (one wait text, not the gateway's sentence
/// beside it) and sends the same shipment again by itself when the wait ends — once, and it goes out.
#[test]
fn an_interception_is_retried_by_itself_when_its_countdown_ends() {
    let (sim, _shop, sn, mut term) = open(bin_support::fw199_shop);
    open_dialog(&mut term);
    term.send(FIRST);
    set_faults(&sim, json!({"intercept_rate": 1.0, "intercept_secs": 4}));
    term.send("\r");
    term.wait_for("y ships");
    term.send("y");
    let screen = term.wait_for("retrying once in");
    assert!(
        !screen.contains("retry after"),
        "one wait text only:\n{screen}"
    );
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 0);
    // The gateway lets it through now: no key is pressed, the countdown's end sends it.
    set_faults(&sim, json!({}));
    term.wait_for(&format!("shipped {sn}"));
    let got = sim_order(&sim, &sn);
    assert_eq!(
        got["order"]["tracking_number"], FIRST,
        "{}",
        got["tracking_numbers"]
    );
    assert_eq!(got["ship_count"], 1);
}
