//! Issue 12, a selection holding orders that must not ship, through `update`: the dialog names each with
//! its reason and offers to ship the others (never sending a blocked one), says so when none is left,
//! keeps one refused order as it was; and a batch's failures are each named while the others ship.

use super::claims;
use crate::api::ApiError;
use crate::domain::order::ShipBlock;
use crate::domain::ship_check::Refusal;
use crate::i18n::Lang;
use crate::tui::app::{App, Overlay};
use crate::tui::dialog::ship::{ShipDialog, Stage, Why};
use crate::tui::msg::{Effect, Msg, ReqId};
use crate::tui::queue::rows;
use crate::tui::testdata::app;
use crate::tui::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const SN1: &str = "210318-001532562392201";
const SN2: &str = "210318-001532562392202";
/// Refunding (`refund_status` 3).
const REFUND: &str = "210318-001532562392203";
/// Under risk review.
const RISK: &str = "210318-001532562392204";
/// Shipped already.
const SHIPPED: &str = "210318-001532562392207";

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typ(a: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| press(a, KeyCode::Char(c)))
        .collect()
}

fn dialog(a: &App) -> &ShipDialog {
    match &a.overlay {
        Overlay::Ship(d) => d,
        other => panic!("no ship dialog: {other:?}"),
    }
}

/// The orders selected, then `s`.
fn open(a: &mut App, sns: &[&str]) -> Vec<Effect> {
    a.queue.selected = sns.iter().map(|s| s.to_string()).collect();
    press(a, KeyCode::Char('s'))
}

/// Picks YTO, types a number for each order of the dialog, and confirms: the shipment sent.
fn ship_all(a: &mut App) -> (ReqId, Vec<crate::domain::ShipRequest>) {
    typ(a, "yto");
    press(a, KeyCode::Enter);
    let n = dialog(a).targets.len();
    for i in 0..n {
        typ(a, &format!("YT11100011122{:02}", 30 + i));
        press(a, KeyCode::Enter);
    }
    match typ(a, "y").as_slice() {
        [Effect::Ship { id, requests }] => (*id, requests.clone()),
        other => panic!("expected one shipment, got {other:?}"),
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn blocked_orders_are_named_and_the_others_offered() {
    let mut a = app(Lang::Zh);
    open(&mut a, &[SN1, REFUND, RISK, SN2]);
    let d = dialog(&a);
    assert_eq!(d.stage, Stage::Rest);
    assert_eq!(
        sorted(d.targets.clone()),
        [SN1.to_string(), SN2.to_string()]
    );
    let mut blocked = d.blocked.clone();
    blocked.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(
        blocked,
        vec![
            (
                REFUND.to_string(),
                Why::Refused(Refusal::Blocked(ShipBlock::Refund(3)))
            ),
            (
                RISK.to_string(),
                Why::Refused(Refusal::Blocked(ShipBlock::RiskReview))
            ),
        ]
    );
    // Nothing but the offer's keys acts: typing is not yet for the form.
    assert!(typ(&mut a, "t").is_empty());
    assert_eq!(dialog(&a).stage, Stage::Rest);
    assert!(dialog(&a).courier_filter.value().is_empty());
}

#[test]
fn the_others_ship_and_the_blocked_ones_are_never_sent() {
    let mut a = app(Lang::En);
    open(&mut a, &[SN1, REFUND, SN2]);
    // Any other key keeps the question.
    press(&mut a, KeyCode::Char('x'));
    assert_eq!(dialog(&a).stage, Stage::Rest);
    typ(&mut a, "y");
    assert_eq!(dialog(&a).stage, Stage::Editing);
    let (id, requests) = ship_all(&mut a);
    let sent: Vec<String> = requests.iter().map(|r| r.order_sn.clone()).collect();
    assert_eq!(sorted(sent), [SN1.to_string(), SN2.to_string()]);
    update(
        &mut a,
        Msg::Shipped {
            id,
            result: Ok(vec![(SN1.into(), Ok(())), (SN2.into(), Ok(()))]),
        },
    );
    assert!(matches!(a.overlay, Overlay::None));
    assert!(a.order(SN1).unwrap().is_shipped());
    assert!(!a.order(REFUND).unwrap().is_shipped());
}

#[test]
fn esc_declines_the_offer_and_sends_nothing() {
    let mut a = app(Lang::Zh);
    open(&mut a, &[SN1, RISK]);
    assert_eq!(dialog(&a).stage, Stage::Rest);
    assert!(press(&mut a, KeyCode::Esc).is_empty());
    assert!(matches!(a.overlay, Overlay::None));
    assert_eq!(a.queue.selected.len(), 2, "the selection stays");
}

#[test]
fn a_selection_with_none_left_says_so_and_ships_nothing() {
    let mut a = app(Lang::Zh);
    // `S` shows shipped orders: the shipped one is in the selection too.
    press(&mut a, KeyCode::Char('S'));
    open(&mut a, &[REFUND, RISK, SHIPPED]);
    let d = dialog(&a);
    assert!(d.refused());
    assert!(!d.modify);
    assert_eq!(d.blocked.len(), 3);
    assert!(d.blocked.iter().any(|(sn, why)| sn == SHIPPED
        && matches!(why, Why::Refused(Refusal::Shipped { tracking_number, .. }) if tracking_number == "YT1234567890123")));
    for k in [KeyCode::Enter, KeyCode::Char('y'), KeyCode::Tab] {
        assert!(press(&mut a, k).is_empty());
    }
    assert!(dialog(&a).refused());
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.overlay, Overlay::None));
}

#[test]
fn a_shipped_order_among_unshipped_ones_is_blocked_not_modified() {
    let mut a = app(Lang::En);
    press(&mut a, KeyCode::Char('S'));
    open(&mut a, &[SN1, SHIPPED]);
    let d = dialog(&a);
    assert!(!d.modify);
    assert_eq!(d.targets, [SN1]);
    assert_eq!(d.blocked.len(), 1);
    assert_eq!(d.stage, Stage::Rest);
}

#[test]
fn a_claim_is_a_reason_too_and_is_checked_again_at_send() {
    let mut a = app(Lang::En);
    claims(&mut a, &[(SN2, "bob")]);
    let refund = rows_sn(&a, REFUND);
    open(&mut a, &[SN1, SN2, refund]);
    assert!(
        dialog(&a)
            .blocked
            .contains(&(SN2.to_string(), Why::InProgress("bob".into())))
    );
    typ(&mut a, "y");
    typ(&mut a, "yto");
    press(&mut a, KeyCode::Enter);
    typ(&mut a, "YT1110001112230");
    press(&mut a, KeyCode::Enter);
    assert!(matches!(dialog(&a).stage, Stage::Confirm));
    // Claimed by another process while the operator confirms: nothing leaves.
    claims(&mut a, &[(SN1, "carol")]);
    assert!(typ(&mut a, "y").is_empty());
    assert!(dialog(&a).error.as_deref().unwrap().contains("carol"));
}

/// `sn`, checked to be loaded (a guard against the test orders changing under the test).
fn rows_sn(a: &App, sn: &'static str) -> &'static str {
    assert!(a.order(sn).is_some(), "{sn} is loaded");
    assert!(rows::visible(a).iter().any(|&i| a.orders[i].order_sn == sn));
    sn
}

#[test]
fn one_blocked_order_keeps_its_message() {
    let mut a = app(Lang::En);
    open(&mut a, &[REFUND]);
    let d = dialog(&a);
    assert!(d.refused());
    assert_eq!(d.blocked[0].1.message(), crate::i18n::tui::T::BlockedRefund);
}

#[test]
fn each_failed_order_of_a_batch_is_named_and_the_others_ship() {
    let mut a = app(Lang::En);
    let five = "210318-001532562392205";
    open(&mut a, &[SN1, SN2, five]);
    let (id, requests) = ship_all(&mut a);
    assert_eq!(requests.len(), 3);
    let refused = ApiError::Gateway {
        code: 7,
        message: "refused".into(),
    };
    let lost = ApiError::ConnectionLost("eof".into());
    update(
        &mut a,
        Msg::Shipped {
            id,
            result: Ok(vec![
                (SN1.into(), Err(refused.into())),
                (SN2.into(), Ok(())),
                (five.into(), Err(lost.into())),
            ]),
        },
    );
    assert!(a.order(SN2).unwrap().is_shipped());
    let d = dialog(&a);
    assert_eq!(
        sorted(d.targets.clone()),
        [SN1.to_string(), five.to_string()]
    );
    let error = d.error.clone().unwrap();
    let lines: Vec<&str> = error.lines().collect();
    assert_eq!(lines[0], "1 shipped, 2 failed");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(SN1) && l.contains("refused"))
    );
    assert!(lines.iter().any(|l| l.starts_with(five)));
    assert!(a.unconfirmed.contains_key(five), "a lost answer is marked");
}

#[test]
fn an_order_gone_into_after_sale_since_opening_is_not_sent() {
    let mut a = app(Lang::En);
    open(&mut a, &[SN1, SN2]);
    typ(&mut a, "yto");
    press(&mut a, KeyCode::Enter);
    for n in ["YT1110001112230", "YT1110001112231"] {
        typ(&mut a, n);
        press(&mut a, KeyCode::Enter);
    }
    assert!(matches!(dialog(&a).stage, Stage::Confirm));
    // A fresh read of SN2 (its memo, a sync) says the buyer asked for after-sale.
    let mut o = crate::tui::testdata::orders()
        .into_iter()
        .find(|o| o.order_sn == SN2)
        .unwrap();
    o.refund_status = 2;
    a.orders.upsert(&o);
    assert!(typ(&mut a, "y").is_empty(), "nothing sent");
    let error = dialog(&a).error.clone().unwrap();
    assert!(
        error.contains(SN2) && error.contains("after-sale"),
        "{error}"
    );
}
