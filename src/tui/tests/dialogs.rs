//! Issue 10 §1 through `update`: a restored, failed or taken number is replaced by the next entry (never
//! joined to it), no key reaches a prompt or field that changed by itself, and Ctrl-T keeps to one courier.

use crate::api::ApiError;
use crate::i18n::Lang;
use crate::tui::app::{App, Overlay};
use crate::tui::dialog::ship::{Field, ShipDialog, Stage};
use crate::tui::msg::{Effect, Msg, ReqId};
use crate::tui::testdata::app;
use crate::tui::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const SN1: &str = "210318-001532562392201";
const FIRST: &str = "YT5000000000001";
const SECOND: &str = "YT5000000000002";

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typ(a: &mut App, text: &str) {
    for c in text.chars() {
        press(a, KeyCode::Char(c));
    }
}

fn ctrl_t(a: &mut App) -> Vec<Effect> {
    update(
        a,
        Msg::Key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL)),
    )
}

/// Ctrl-T: the one waybill request sent, its id.
fn take(a: &mut App) -> ReqId {
    match ctrl_t(a).as_slice() {
        [Effect::TakeNumber { id, .. }] => *id,
        other => panic!("expected one TakeNumber effect, got {other:?}"),
    }
}

/// The waybill number of request `id` arrives.
fn arrives(a: &mut App, id: ReqId, number: &str) -> Vec<Effect> {
    update(
        a,
        Msg::Number {
            id,
            order_sn: SN1.into(),
            result: Ok(number.into()),
        },
    )
}

fn dialog(a: &App) -> &ShipDialog {
    match &a.overlay {
        Overlay::Ship(d) => d,
        other => panic!("no ship dialog: {other:?}"),
    }
}

/// `s`, the courier typed and picked: the dialog waits on the first number.
fn open_with(a: &mut App, courier: &str) {
    press(a, KeyCode::Char('s'));
    if dialog(a).field == Field::Courier {
        typ(a, courier);
        press(a, KeyCode::Enter);
    }
    assert_eq!(dialog(a).field, Field::Number(0));
}

/// Enter, then `y`: the one shipment request sent, with its id.
fn ship(a: &mut App) -> (ReqId, Vec<crate::domain::ShipRequest>) {
    press(a, KeyCode::Enter);
    match press(a, KeyCode::Char('y')).as_slice() {
        [Effect::Ship { id, requests }] => (*id, requests.clone()),
        other => panic!("expected one Ship effect, got {other:?}"),
    }
}

fn fail(a: &mut App, id: ReqId) {
    let err = ApiError::Gateway {
        code: 7,
        message: "订单状态不允许发货".into(),
    };
    update(
        a,
        Msg::Shipped {
            id,
            result: Ok(vec![(SN1.into(), Err(err.into()))]),
        },
    );
}

#[test]
fn a_number_typed_after_esc_and_reopening_replaces_the_draft() {
    let mut a = app(Lang::En);
    open_with(&mut a, "yto");
    typ(&mut a, FIRST);
    press(&mut a, KeyCode::Esc);
    open_with(&mut a, "yto");
    assert!(dialog(&a).selected, "the restored number is selected");
    typ(&mut a, SECOND);
    let (_, reqs) = ship(&mut a);
    assert_eq!(reqs[0].tracking_number, SECOND);
}

#[test]
fn a_pasted_number_replaces_the_draft_too() {
    let mut a = app(Lang::Zh);
    open_with(&mut a, "yto");
    typ(&mut a, FIRST);
    press(&mut a, KeyCode::Esc);
    open_with(&mut a, "yto");
    update(&mut a, Msg::Paste(format!(" {SECOND}\n")));
    let (_, reqs) = ship(&mut a);
    assert_eq!(reqs[0].tracking_number, SECOND);
}

#[test]
fn a_number_typed_after_a_failed_shipment_replaces_it() {
    let mut a = app(Lang::En);
    open_with(&mut a, "yto");
    typ(&mut a, FIRST);
    let (id, _) = ship(&mut a);
    fail(&mut a, id);
    let d = dialog(&a);
    assert_eq!((d.stage.clone(), d.selected), (Stage::Editing, true));
    // The key pressed as the failure arrived is dropped; the scan after it replaces the number.
    press(&mut a, KeyCode::Char('x'));
    typ(&mut a, SECOND);
    let (_, reqs) = ship(&mut a);
    assert_eq!(reqs[0].tracking_number, SECOND);
}

#[test]
fn cursor_keys_and_backspace_edit_a_restored_number_in_place() {
    let mut a = app(Lang::En);
    open_with(&mut a, "yto");
    typ(&mut a, FIRST);
    press(&mut a, KeyCode::Esc);
    open_with(&mut a, "yto");
    press(&mut a, KeyCode::Backspace);
    typ(&mut a, "9");
    assert_eq!(dialog(&a).numbers[0].value(), "YT5000000000009");
    press(&mut a, KeyCode::Esc);
    open_with(&mut a, "yto");
    press(&mut a, KeyCode::Home);
    press(&mut a, KeyCode::Right);
    press(&mut a, KeyCode::Right);
    press(&mut a, KeyCode::Delete);
    typ(&mut a, "7");
    assert_eq!(dialog(&a).numbers[0].value(), "YT7000000000009");
    assert!(!dialog(&a).selected);
}

#[test]
fn every_field_of_the_dialog_replaces_a_restored_value() {
    let mut a = app(Lang::En);
    open_with(&mut a, "yto");
    typ(&mut a, FIRST);
    press(&mut a, KeyCode::Tab);
    typ(&mut a, "860000000000001");
    press(&mut a, KeyCode::Tab);
    typ(&mut a, "RA-1");
    press(&mut a, KeyCode::Esc);
    open_with(&mut a, "yto");
    typ(&mut a, SECOND);
    press(&mut a, KeyCode::Tab);
    assert!(dialog(&a).selected);
    typ(&mut a, "860000000000002");
    press(&mut a, KeyCode::Tab);
    typ(&mut a, "RA-2");
    let d = dialog(&a);
    assert_eq!(d.imei.value(), "860000000000002");
    assert_eq!(d.refund_address.value(), "RA-2");
    // Back to the number by Shift-Tab: focus selects it again, and a new scan replaces it.
    press(&mut a, KeyCode::BackTab);
    press(&mut a, KeyCode::BackTab);
    assert_eq!(dialog(&a).field, Field::Number(0));
    typ(&mut a, FIRST);
    let (_, reqs) = ship(&mut a);
    assert_eq!(reqs[0].tracking_number, FIRST);
    assert_eq!(reqs[0].refund_address_id.as_deref(), Some("RA-2"));
}

#[test]
fn a_number_that_a_confirmation_went_back_from_is_replaced_by_the_next() {
    let mut a = app(Lang::En);
    open_with(&mut a, "yto");
    typ(&mut a, FIRST);
    press(&mut a, KeyCode::Enter);
    assert!(matches!(dialog(&a).stage, Stage::Confirm));
    press(&mut a, KeyCode::Esc);
    typ(&mut a, SECOND);
    let (_, reqs) = ship(&mut a);
    assert_eq!(reqs[0].tracking_number, SECOND);
}

#[test]
fn the_y_for_a_quit_question_that_went_away_is_not_typed_into_the_number() {
    let mut a = app(Lang::En);
    open_with(&mut a, "yto");
    typ(&mut a, FIRST);
    let (id, _) = ship(&mut a);
    press(&mut a, KeyCode::Char('q'));
    assert!(a.asking_quit());
    // The shipment fails before the operator answers: the question goes, the dialog is back.
    fail(&mut a, id);
    assert!(!a.asking_quit());
    assert!(press(&mut a, KeyCode::Char('y')).is_empty());
    assert!(!a.quit);
    assert_eq!(dialog(&a).numbers[0].value(), FIRST);
    let (_, reqs) = ship(&mut a);
    assert_eq!(reqs[0].tracking_number, FIRST);
}

#[test]
fn a_key_pressed_as_a_shipment_succeeds_does_not_act_on_the_queue() {
    let mut a = app(Lang::En);
    open_with(&mut a, "yto");
    typ(&mut a, FIRST);
    let (id, _) = ship(&mut a);
    update(
        &mut a,
        Msg::Shipped {
            id,
            result: Ok(vec![(SN1.into(), Ok(()))]),
        },
    );
    assert!(matches!(a.overlay, Overlay::None));
    // `s` would open the next order's dialog and `3` flag it: both were meant for the dialog that closed.
    assert!(press(&mut a, KeyCode::Char('3')).is_empty());
    assert!(matches!(a.overlay, Overlay::None));
    assert!(a.toasts.iter().any(|t| t.text.contains("not used")));
    press(&mut a, KeyCode::Char('s'));
    assert!(matches!(a.overlay, Overlay::Ship(_)));
}

#[test]
fn esc_still_backs_out_of_a_dialog_that_changed_by_itself() {
    let mut a = app(Lang::En);
    open_with(&mut a, "yto");
    typ(&mut a, FIRST);
    let (id, _) = ship(&mut a);
    fail(&mut a, id);
    assert!(a.hold_next_key);
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.overlay, Overlay::None) && !a.hold_next_key);
    assert_eq!(a.persisted.drafts[SN1].tracking, FIRST);
}

#[test]
fn a_waybill_number_arriving_is_selected_and_holds_the_next_key() {
    let mut a = app(Lang::En);
    open_with(&mut a, "yto");
    typ(&mut a, "YT12");
    let id = take(&mut a);
    arrives(&mut a, id, "YT5550001112223");
    // The `3` typed as the number arrived is dropped; the scan after it replaces the number.
    press(&mut a, KeyCode::Char('3'));
    assert_eq!(dialog(&a).numbers[0].value(), "YT5550001112223");
    assert!(dialog(&a).selected);
    typ(&mut a, SECOND);
    let (_, reqs) = ship(&mut a);
    assert_eq!(reqs[0].tracking_number, SECOND);
}

#[test]
fn ctrl_t_refuses_a_number_for_another_courier() {
    let mut a = app(Lang::En);
    open_with(&mut a, "顺丰");
    assert_eq!(dialog(&a).courier, Some(44));
    assert!(ctrl_t(&mut a).is_empty());
    let d = dialog(&a);
    let e = d.error.as_deref().unwrap_or_default();
    assert!(
        e.contains(SN1) && e.contains("YTO") && e.contains("SF"),
        "{e}"
    );
    assert!(d.taking.is_empty() && d.numbers[0].value().is_empty());
    assert_eq!(d.courier, Some(44));
}

#[test]
fn ctrl_t_with_no_courier_picked_takes_the_templates_visibly() {
    let mut a = app(Lang::Zh);
    press(&mut a, KeyCode::Char('s'));
    assert_eq!(dialog(&a).courier, None);
    let fx = ctrl_t(&mut a);
    assert!(matches!(fx.as_slice(), [Effect::TakeNumber { order_sn, .. }] if order_sn == SN1));
    assert_eq!(dialog(&a).courier, Some(85));
    assert_eq!(dialog(&a).field, Field::Number(0));
}

#[test]
fn a_waybill_number_is_not_filled_in_once_the_courier_changed() {
    let mut a = app(Lang::En);
    open_with(&mut a, "yto");
    let id = take(&mut a);
    // While the number is on its way, the operator picks SF.
    press(&mut a, KeyCode::BackTab);
    typ(&mut a, "顺丰");
    press(&mut a, KeyCode::Enter);
    assert_eq!(dialog(&a).courier, Some(44));
    arrives(&mut a, id, "YT5550001112223");
    let d = dialog(&a);
    assert!(d.numbers[0].value().is_empty());
    assert!(d.error.as_deref().is_some_and(|e| e.contains("SF")));
}

#[test]
fn ctrl_t_refuses_when_the_templates_courier_is_not_configured() {
    let mut a = app(Lang::En);
    a.settings.waybill_courier = None;
    open_with(&mut a, "yto");
    assert!(ctrl_t(&mut a).is_empty());
    assert!(
        dialog(&a)
            .error
            .as_deref()
            .is_some_and(|e| e.contains("courier_id"))
    );
}

#[test]
fn the_selection_is_drawn_in_reverse_video_and_said_in_words() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::Modifier;
    let mut a = app(Lang::En);
    a.settings.no_color = true;
    open_with(&mut a, "yto");
    typ(&mut a, FIRST);
    press(&mut a, KeyCode::Esc);
    open_with(&mut a, "yto");
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| crate::tui::view::draw(f, &a)).unwrap();
    let buf = t.backend().buffer();
    let mut reversed = String::new();
    let mut text = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            text.push_str(cell.symbol());
            if cell.modifier.contains(Modifier::REVERSED) {
                reversed.push_str(cell.symbol());
            }
        }
    }
    assert!(reversed.contains(FIRST), "{reversed:?}");
    assert!(text.contains("typing or scanning replaces it"));
    // Once typed over, nothing is selected and the words go.
    typ(&mut a, "Y");
    t.draw(|f| crate::tui::view::draw(f, &a)).unwrap();
    let buf = t.backend().buffer();
    let mut text = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            text.push_str(buf[(x, y)].symbol());
        }
    }
    assert!(!text.contains("replaces it"));
}

#[test]
fn a_waybill_number_does_not_ship_once_the_courier_is_changed_after_it() {
    let mut a = app(Lang::En);
    open_with(&mut a, "yto");
    let id = take(&mut a);
    arrives(&mut a, id, "YT5550001112223");
    // The first key after the number arrived is held; then the operator picks SF.
    press(&mut a, KeyCode::Null);
    press(&mut a, KeyCode::BackTab);
    typ(&mut a, "顺丰");
    press(&mut a, KeyCode::Enter);
    assert_eq!(dialog(&a).courier, Some(44));
    press(&mut a, KeyCode::Enter);
    let d = dialog(&a);
    assert_eq!(d.stage, Stage::Editing);
    assert!(d.error.as_deref().is_some_and(|e| e.contains("SF")));
    // A number of the operator's own replaces it and ships with SF.
    typ(&mut a, "SF1234567890123");
    let (_, reqs) = ship(&mut a);
    assert_eq!(
        (reqs[0].logistics_id, reqs[0].tracking_number.as_str()),
        (44, "SF1234567890123")
    );
}

/// Issue 11 §1: the ship dialog alone, over a read-only `Ctx` and no `App`: its keys change only the
/// dialog and say what the workstation must do.
#[test]
fn the_ship_dialog_runs_on_a_ctx_and_says_what_the_app_must_do() {
    use crate::tui::dialog::ship::Outcome;
    use crate::tui::keys::key::Key;
    let a = app(Lang::En);
    let ctx = a.ctx();
    let press = |d: &mut ShipDialog, code: KeyCode, mods: KeyModifiers| {
        let ev = KeyEvent::new(code, mods);
        d.on_key(&ctx, Key::from_event(&ev), &ev)
    };
    let typ = |d: &mut ShipDialog, text: &str| {
        for c in text.chars() {
            assert_eq!(
                press(d, KeyCode::Char(c), KeyModifiers::NONE),
                Outcome::Stay
            );
        }
    };
    let mut d = ShipDialog::open(&ctx, vec![SN1.into()]).expect("the order is loaded");
    typ(&mut d, "yto");
    assert_eq!(
        press(&mut d, KeyCode::Enter, KeyModifiers::NONE),
        Outcome::Stay
    );
    assert_eq!((d.field, d.courier), (Field::Number(0), Some(85)));
    assert_eq!(
        press(&mut d, KeyCode::Char('t'), KeyModifiers::CONTROL),
        Outcome::TakeNumbers(vec![SN1.into()])
    );
    typ(&mut d, FIRST);
    press(&mut d, KeyCode::Enter, KeyModifiers::NONE);
    assert!(matches!(d.stage, Stage::Confirm));
    match press(&mut d, KeyCode::Char('y'), KeyModifiers::NONE) {
        Outcome::Send(reqs) => assert_eq!(
            (reqs[0].tracking_number.as_str(), reqs[0].logistics_id),
            (FIRST, 85)
        ),
        other => panic!("expected Send, got {other:?}"),
    }
    // Sending once told its request: `q` asks the workstation to quit (or to ask first).
    d.sending(ReqId(7));
    assert!(d.waits_for(ReqId(7)));
    assert_eq!(
        press(&mut d, KeyCode::Char('q'), KeyModifiers::NONE),
        Outcome::Quit
    );
    // The shipment failed: back to editing, and Esc leaves what was typed as drafts.
    d.shipment_failed(a.now, &[], Some("refused".into()), None);
    assert_eq!(
        press(&mut d, KeyCode::Esc, KeyModifiers::NONE),
        Outcome::CloseKeepingDrafts
    );
}
