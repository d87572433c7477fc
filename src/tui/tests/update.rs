//! Flows through `update` without a terminal or a network: filter, selection, flags, the ship dialog
//! (pick, validation, confirmation, success, failure, interception, batch), the note editor, stale results.

use crate::api::ApiError;
use crate::domain::{Flag, NoteRequest, Redelivery};
use crate::i18n::Lang;
use crate::ops::note::{Edit as NoteEdit, Outcome, TagEdit};
use crate::tui::app::{App, Overlay, Screen};
use crate::tui::dialog::note::NoteField;
use crate::tui::dialog::ship::{Field, Stage};
use crate::tui::msg::{Effect, Msg, ReqId};
use crate::tui::testdata::{app, now, spend_held_key};
use crate::tui::{queue::rows, update};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typ(a: &mut App, text: &str) -> Vec<Effect> {
    let mut fx = Vec::new();
    for c in text.chars() {
        fx.extend(press(a, KeyCode::Char(c)));
    }
    fx
}

fn ctrl(a: &mut App, c: char) -> Vec<Effect> {
    update(
        a,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    )
}

fn visible_sns(a: &App) -> Vec<String> {
    rows::visible(a)
        .iter()
        .map(|&i| a.orders[i].order_sn.to_string())
        .collect()
}

fn dialog(a: &App) -> &crate::tui::dialog::ship::ShipDialog {
    match &a.overlay {
        Overlay::Ship(d) => d,
        other => panic!("no ship dialog: {other:?}"),
    }
}

fn ship_id(fx: &[Effect]) -> (ReqId, Vec<crate::domain::ShipRequest>) {
    match fx {
        [Effect::Ship { id, requests }] => (*id, requests.clone()),
        other => panic!("expected one Ship effect, got {other:?}"),
    }
}

const SN1: &str = "210318-001532562392201";
const SN2: &str = "210318-001532562392202";

#[test]
fn queue_is_most_urgent_first_and_hides_shipped() {
    let a = app(Lang::Zh);
    let sns = visible_sns(&a);
    assert_eq!(sns.len(), 7);
    assert_eq!(sns[0], SN1);
    assert_eq!(sns[1], SN2);
    assert!(!sns.contains(&"210318-001532562392207".to_string()));
}

#[test]
fn filter_is_incremental_and_esc_clears() {
    let mut a = app(Lang::En);
    press(&mut a, KeyCode::Char('/'));
    assert!(matches!(a.overlay, Overlay::Filter));
    typ(&mut a, "flag:red");
    assert_eq!(visible_sns(&a), vec![SN1.to_string()]);
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Backspace);
    // A field word still being typed (`flag:`) filters nothing yet.
    assert_eq!(visible_sns(&a).len(), 7);
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.overlay, Overlay::None));
    assert_eq!(a.queue.filter.value(), "");
    // Enter keeps the filter; Esc on the queue then clears it.
    press(&mut a, KeyCode::Char('/'));
    typ(&mut a, "耳机");
    press(&mut a, KeyCode::Enter);
    assert_eq!(visible_sns(&a), vec![SN1.to_string()]);
    press(&mut a, KeyCode::Esc);
    assert_eq!(visible_sns(&a).len(), 7);
}

#[test]
fn selection_toggle_and_range() {
    let mut a = app(Lang::Zh);
    press(&mut a, KeyCode::Char(' '));
    assert_eq!(a.queue.cursor, 1);
    assert!(a.queue.selected.contains(SN1));
    press(&mut a, KeyCode::Char('j'));
    press(&mut a, KeyCode::Char('j'));
    press(&mut a, KeyCode::Char('v'));
    assert_eq!(a.queue.selected.len(), 4);
    assert_eq!(rows::targets(&a).len(), 4);
    press(&mut a, KeyCode::Esc);
    assert!(a.queue.selected.is_empty());
    press(&mut a, KeyCode::Char('G'));
    assert_eq!(a.queue.cursor, 6);
    press(&mut a, KeyCode::Char('g'));
    assert_eq!(a.queue.cursor, 0);
}

#[test]
fn flags_keep_the_note_and_apply_on_success() {
    let mut a = app(Lang::Zh);
    // The seed order (third row) has a note; flag it green.
    press(&mut a, KeyCode::Char('j'));
    press(&mut a, KeyCode::Char('j'));
    let fx = press(&mut a, KeyCode::Char('3'));
    let sn = "210317-001532562392221".to_string();
    let (id, edits) = match fx.as_slice() {
        [Effect::WriteNotes { id, edits }] => (*id, edits.clone()),
        other => panic!("{other:?}"),
    };
    // The note is not taken from the queue: the task reads it fresh and sends that back; the flag and
    // note the row showed go with it, to stop the write if they changed since.
    let shown = a.order(&sn).unwrap().clone();
    assert_eq!(
        edits,
        [(
            sn.clone(),
            NoteEdit::flag_over_row(Some(Flag::Green), &shown)
        )]
    );
    assert_eq!(edits[0].1.text, None);
    let sent = NoteRequest {
        order_sn: sn.clone(),
        note: "后台改过\n的备注".into(),
        tag: Some((Flag::Green, "绿色".into())),
    };
    update(
        &mut a,
        Msg::Noted {
            id,
            results: vec![(sn.clone(), Ok(Outcome::Send(sent)))],
        },
    );
    let row = a.order(&sn).unwrap();
    assert_eq!(row.remark_tag, Some(Flag::Green));
    assert_eq!(
        row.remark, "后台改过 的备注",
        "the display copy follows what was sent"
    );
    // 0 clears.
    let fx = press(&mut a, KeyCode::Char('0'));
    assert!(
        matches!(&fx[..], [Effect::WriteNotes { edits, .. }] if edits[0].1.tag == TagEdit::Colour(None))
    );
}

#[test]
fn flags_and_notes_explain_a_gateway_without_notes() {
    let mut a = app(Lang::En);
    a.settings.caps.note = false;
    assert!(press(&mut a, KeyCode::Char('1')).is_empty());
    assert!(press(&mut a, KeyCode::Char('n')).is_empty());
    assert!(matches!(a.overlay, Overlay::None));
    assert!(a.toasts.last().unwrap().text.contains("no note endpoint"));
}

fn open_ship_with_courier(a: &mut App) {
    press(a, KeyCode::Char('s'));
    assert_eq!(dialog(a).field, Field::Courier);
    typ(a, "yto");
    press(a, KeyCode::Enter);
    assert_eq!(dialog(a).courier, Some(85));
    assert_eq!(dialog(a).field, Field::Number(0));
}

#[test]
fn ship_pick_confirm_and_success() {
    let mut a = app(Lang::Zh);
    open_ship_with_courier(&mut a);
    typ(&mut a, "YT9990001112223");
    press(&mut a, KeyCode::Enter);
    assert_eq!(dialog(&a).stage, Stage::Confirm);
    // Anything but y goes back, keeping the input.
    press(&mut a, KeyCode::Char('x'));
    assert_eq!(dialog(&a).stage, Stage::Editing);
    assert_eq!(dialog(&a).numbers[0].value(), "YT9990001112223");
    press(&mut a, KeyCode::Enter);
    let (id, reqs) = ship_id(&press(&mut a, KeyCode::Char('y')));
    assert_eq!(reqs[0].order_sn, SN1);
    assert_eq!(reqs[0].logistics_id, 85);
    assert_eq!(reqs[0].redelivery, Redelivery::First);
    assert!(matches!(dialog(&a).stage, Stage::Sending(_)));
    assert!(
        press(&mut a, KeyCode::Char('y')).is_empty(),
        "no second send while sending"
    );
    update(
        &mut a,
        Msg::Shipped {
            id,
            result: Ok(vec![(SN1.into(), Ok(()))]),
        },
    );
    assert!(matches!(a.overlay, Overlay::None));
    assert!(!visible_sns(&a).contains(&SN1.to_string()));
    assert_eq!(a.order(SN1).unwrap().tracking_number(), "YT9990001112223");
    assert_eq!(a.persisted.last_courier, Some(85));
    spend_held_key(&mut a);
    // The next dialog preselects the courier.
    press(&mut a, KeyCode::Char('s'));
    assert_eq!(dialog(&a).courier, Some(85));
    assert_eq!(dialog(&a).field, Field::Number(0));
}

#[test]
fn ship_validation_and_failure_keep_input() {
    let mut a = app(Lang::En);
    open_ship_with_courier(&mut a);
    typ(&mut a, "YT#1");
    press(&mut a, KeyCode::Enter);
    assert_eq!(dialog(&a).stage, Stage::Editing);
    assert!(
        dialog(&a)
            .error
            .as_deref()
            .unwrap()
            .contains("letters, digits")
    );
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Backspace);
    typ(&mut a, "9990001112223");
    press(&mut a, KeyCode::Enter);
    let (id, _) = ship_id(&press(&mut a, KeyCode::Char('y')));
    let err = ApiError::Gateway {
        code: 7,
        message: "订单状态不允许发货".into(),
    };
    update(
        &mut a,
        Msg::Shipped {
            id,
            result: Ok(vec![(SN1.into(), Err(err.into()))]),
        },
    );
    let d = dialog(&a);
    assert_eq!(d.stage, Stage::Editing);
    assert_eq!(d.numbers[0].value(), "YT9990001112223");
    assert!(d.error.as_deref().unwrap().contains("订单状态不允许发货"));
    assert!(a.order(SN1).unwrap().is_unshipped());
}

/// Issue 12: when the wait ends the dialog retries by itself (it used to wait for Enter).
#[test]
fn interception_counts_down_then_retries() {
    let mut a = app(Lang::Zh);
    open_ship_with_courier(&mut a);
    typ(&mut a, "YT9990001112223");
    press(&mut a, KeyCode::Enter);
    let (id, _) = ship_id(&press(&mut a, KeyCode::Char('y')));
    let err = ApiError::Intercepted {
        retry_after_secs: 30,
        message: "接口超时,30秒后重试".into(),
    };
    update(
        &mut a,
        Msg::Shipped {
            id,
            result: Err(err.into()),
        },
    );
    assert!(matches!(dialog(&a).stage, Stage::Intercepted { .. }));
    assert_eq!(dialog(&a).wait_left(a.now), Some(30));
    assert!(
        press(&mut a, KeyCode::Enter).is_empty(),
        "no retry before the wait ends"
    );
    let later = now()
        .checked_add(jiff::SignedDuration::from_secs(31))
        .unwrap();
    let fx = update(&mut a, Msg::Tick(later));
    let retry: Vec<Effect> = fx
        .into_iter()
        .filter(|e| matches!(e, Effect::Ship { .. }))
        .collect();
    let (_, reqs) = ship_id(&retry);
    assert_eq!(reqs[0].tracking_number, "YT9990001112223");
}

/// Issue 12: a number another order (of another address) uses is refused in the dialog, naming that
/// order; there is no "press y again to ship anyway", which the journal would refuse anyway.
#[test]
fn a_number_used_by_another_order_is_refused_naming_it() {
    let mut a = app(Lang::En);
    open_ship_with_courier(&mut a);
    typ(&mut a, "YT1234567890123");
    press(&mut a, KeyCode::Enter);
    let d = dialog(&a);
    assert_eq!(d.stage, Stage::Editing);
    assert_eq!(d.field, Field::Number(0));
    let error = d.error.clone().unwrap_or_default();
    assert!(error.contains("210318-001532562392207"), "{error}");
    assert!(error.contains("YT1234567890123"), "{error}");
    assert!(!error.contains("anyway"), "{error}");
    // Enter again is refused again; nothing is ever sent.
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    assert_eq!(dialog(&a).stage, Stage::Editing);
}

#[test]
fn refund_and_risk_orders_cannot_ship() {
    let mut a = app(Lang::En);
    for _ in 0..3 {
        press(&mut a, KeyCode::Char('j'));
    }
    assert_eq!(rows::current(&a).unwrap().refund_status, 3);
    press(&mut a, KeyCode::Char('s'));
    assert_eq!(
        dialog(&a).blocked[0].1.message(),
        crate::i18n::tui::T::BlockedRefund
    );
    assert!(dialog(&a).refused());
    assert!(typ(&mut a, "y").is_empty());
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.overlay, Overlay::None));
}

#[test]
fn batch_ships_with_one_courier_and_keeps_the_failed() {
    let mut a = app(Lang::Zh);
    press(&mut a, KeyCode::Char(' '));
    press(&mut a, KeyCode::Char(' '));
    open_ship_with_courier(&mut a);
    assert_eq!(dialog(&a).targets, vec![SN1.to_string(), SN2.to_string()]);
    typ(&mut a, "YT1110001112223");
    // Enter with an empty number moves to it rather than confirming.
    press(&mut a, KeyCode::Enter);
    assert_eq!(dialog(&a).field, Field::Number(1));
    typ(&mut a, "YT1110001112224");
    press(&mut a, KeyCode::Enter);
    let (id, reqs) = ship_id(&press(&mut a, KeyCode::Char('y')));
    assert_eq!(reqs.len(), 2);
    let err = ApiError::Gateway {
        code: 1,
        message: "失败".into(),
    };
    update(
        &mut a,
        Msg::Shipped {
            id,
            result: Ok(vec![(SN1.into(), Ok(())), (SN2.into(), Err(err.into()))]),
        },
    );
    let d = dialog(&a);
    assert_eq!(d.targets, vec![SN2.to_string()]);
    assert_eq!(d.numbers[0].value(), "YT1110001112224");
    assert!(a.order(SN1).unwrap().is_shipped());
}

#[test]
fn waybill_number_fills_the_field() {
    let mut a = app(Lang::Zh);
    open_ship_with_courier(&mut a);
    let fx = ctrl(&mut a, 't');
    let id = match fx.as_slice() {
        [Effect::TakeNumber { id, order_sn, .. }] if order_sn == SN1 => *id,
        other => panic!("{other:?}"),
    };
    update(
        &mut a,
        Msg::Number {
            id,
            order_sn: SN1.into(),
            result: Ok("YT5550001112223".into()),
        },
    );
    assert_eq!(dialog(&a).numbers[0].value(), "YT5550001112223");
    spend_held_key(&mut a);
    a.settings.has_waybill = false;
    assert!(ctrl(&mut a, 't').is_empty());
    assert!(dialog(&a).error.is_some());
}

#[test]
fn modify_shipment_for_a_shipped_order() {
    let mut a = app(Lang::Zh);
    press(&mut a, KeyCode::Char('S'));
    let sn = "210318-001532562392207";
    let pos = visible_sns(&a).iter().position(|s| s == sn).unwrap();
    a.queue.cursor = pos;
    press(&mut a, KeyCode::Char('s'));
    let d = dialog(&a);
    assert!(d.modify && d.blocked.is_empty());
    assert_eq!(d.courier, Some(85));
    assert_eq!(d.numbers[0].value(), "YT1234567890123");
}

#[test]
fn note_editor_cjk_flag_and_save() {
    let mut a = app(Lang::Zh);
    press(&mut a, KeyCode::Char('n'));
    typ(&mut a, "，已联系买家");
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('2'));
    let Overlay::Note(ed) = &a.overlay else {
        panic!()
    };
    assert_eq!(ed.field, NoteField::Flag);
    assert_eq!(ed.tag_name.value(), "黄色");
    let fx = press(&mut a, KeyCode::Enter);
    let (id, edits) = match fx.as_slice() {
        [Effect::WriteNotes { id, edits }] => (*id, edits.clone()),
        other => panic!("{other:?}"),
    };
    let edit = &edits[0].1;
    assert_eq!(edit.text.as_deref(), Some("，已联系买家"));
    assert_eq!(edit.tag, TagEdit::Named(Flag::Yellow, "黄色".into()));
    assert_eq!(edit.seen, Some(a.order(SN1).unwrap().remark_fingerprint()));
    let req = NoteRequest {
        order_sn: SN1.into(),
        note: "，已联系买家".into(),
        tag: Some((Flag::Yellow, "黄色".into())),
    };
    update(
        &mut a,
        Msg::Noted {
            id,
            results: vec![(SN1.into(), Ok(Outcome::Send(req)))],
        },
    );
    assert!(matches!(a.overlay, Overlay::None));
    assert_eq!(a.order(SN1).unwrap().remark, "，已联系买家");
}

#[test]
fn note_editor_checks_the_name_and_asks_before_discarding() {
    let mut a = app(Lang::En);
    press(&mut a, KeyCode::Char('n'));
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Tab);
    typ(&mut a, "加急");
    let Overlay::Note(ed) = &a.overlay else {
        panic!()
    };
    assert!(ed.tag_name_too_long());
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    let Overlay::Note(ed) = &a.overlay else {
        panic!()
    };
    assert!(ed.error.is_some());
    press(&mut a, KeyCode::Esc);
    let Overlay::Note(ed) = &a.overlay else {
        panic!()
    };
    assert!(ed.asking_discard);
    press(&mut a, KeyCode::Char('n'));
    assert!(matches!(a.overlay, Overlay::Note(_)));
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('y'));
    assert!(matches!(a.overlay, Overlay::None));
}

#[test]
fn stale_results_are_dropped() {
    let mut a = app(Lang::Zh);
    let first = press(&mut a, KeyCode::Char('r'));
    let second = press(&mut a, KeyCode::Char('r'));
    let id_of = |fx: &[Effect]| match fx {
        [Effect::FetchOrders { id, .. }] => *id,
        other => panic!("{other:?}"),
    };
    let (old, new) = (id_of(&first), id_of(&second));
    update(
        &mut a,
        Msg::SyncProgress {
            id: old,
            orders: 5,
            partial: None,
        },
    );
    assert_eq!(a.sync_progress, 0, "a stale sync's progress is not shown");
    update(
        &mut a,
        Msg::SyncProgress {
            id: new,
            orders: 7,
            partial: None,
        },
    );
    assert_eq!(a.sync_progress, 7);
    update(
        &mut a,
        Msg::Orders {
            id: old,
            result: Ok(Box::default()),
        },
    );
    assert_eq!(a.orders.len(), 8, "stale list ignored");
    assert!(a.pending.orders.is_some());
    update(
        &mut a,
        Msg::Orders {
            id: new,
            result: Ok(Box::new(crate::tui::queue::order_list::OrderList::new(&[
                crate::tui::testdata::seed_order(),
            ]))),
        },
    );
    assert_eq!(a.orders.len(), 1);
    assert!(a.pending.orders.is_none());
}

#[test]
fn detail_opens_fetches_and_goes_back() {
    let mut a = app(Lang::Zh);
    let fx = press(&mut a, KeyCode::Enter);
    assert!(matches!(&fx[..], [Effect::FetchDetail { order_sn, .. }] if order_sn == SN1));
    assert!(matches!(&a.screen, Screen::Detail { order_sn, .. } if order_sn == SN1));
    // A screen shorter than the detail: there is something to scroll (it stops at its last line).
    a.size = (80, 10);
    press(&mut a, KeyCode::Char('j'));
    assert!(matches!(a.screen, Screen::Detail { scroll: 1, .. }));
    assert!(matches!(&press(&mut a, KeyCode::Char('y'))[..], [Effect::Copy(s)] if s == SN1));
    press(&mut a, KeyCode::Char('q'));
    assert_eq!(a.screen, Screen::Queue);
    assert!(!a.quit);
    press(&mut a, KeyCode::Char('q'));
    assert!(a.quit);
}

#[test]
fn auto_refresh_and_terminal_gone_keeps_drafts() {
    let mut a = app(Lang::Zh);
    let later = now()
        .checked_add(jiff::SignedDuration::from_mins(6))
        .unwrap();
    let fx = update(&mut a, Msg::Tick(later));
    // The refresh, and the timed read of other processes' claims.
    assert!(
        matches!(
            &fx[..],
            [Effect::FetchOrders { .. }, Effect::LoadClaims { .. }]
        ),
        "{fx:?}"
    );
    open_ship_with_courier(&mut a);
    typ(&mut a, "YT77");
    let fx = update(&mut a, Msg::TerminalGone);
    assert_eq!(fx, vec![Effect::SaveState]);
    assert!(a.quit);
    assert_eq!(a.persisted.drafts[SN1].tracking, "YT77");
}

fn entry(sn: &str, number: &str) -> crate::store::ShipEntry {
    crate::store::ShipEntry {
        at: 0,
        order_sn: sn.into(),
        state: crate::store::ShipState::Unknown,
        logistics_id: 85,
        tracking_number: number.into(),
        redelivery: Redelivery::First,
        note: None,
    }
}

fn reconcile_id(fx: &[Effect]) -> ReqId {
    match fx.iter().find_map(|f| match f {
        Effect::Reconcile { id } => Some(*id),
        _ => None,
    }) {
        Some(id) => id,
        None => panic!("no Reconcile effect in {fx:?}"),
    }
}

#[test]
fn start_checks_pending_shipments_as_an_effect() {
    use crate::ops::Reconciled;
    let mut a = app(Lang::En);
    let id = reconcile_id(&crate::tui::update::start(&mut a));
    assert!(a.pending.busy());
    // A result for another request is stale.
    update(
        &mut a,
        Msg::Reconciled {
            id: ReqId(id.0 + 100),
            result: Ok(vec![(entry(SN1, "YT1"), Reconciled::Applied)]),
        },
    );
    assert!(a.order(SN1).unwrap().is_unshipped());
    let fx = update(
        &mut a,
        Msg::Reconciled {
            id,
            result: Ok(vec![
                (entry(SN1, "YT1"), Reconciled::Applied),
                (entry(SN2, "YT2"), Reconciled::NotApplied),
                (entry("210318-001532562392203", "YT3"), Reconciled::Unknown),
            ]),
        },
    );
    // The journal screen and the header's counter are read again.
    assert!(
        matches!(fx.as_slice(), [Effect::LoadJournal { .. }]),
        "{fx:?}"
    );
    assert!(a.pending.reconcile.is_none());
    // Applied: counts as shipped and leaves the queue at once.
    let o = a.order(SN1).unwrap();
    assert!(o.is_shipped());
    assert_eq!(o.tracking_number(), "YT1");
    assert!(!visible_sns(&a).contains(&SN1.to_string()));
    // Each result is told, naming the order.
    let texts: Vec<&str> = a.toasts.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(texts[0].contains(SN1) && texts[0].contains("counted as shipped"));
    assert!(texts[1].contains(SN2) && texts[1].contains("can be shipped again"));
    assert!(texts[2].contains("392203") && texts[2].contains("unknown"));
    // Not applied: shippable as before; unknown: marked, and the ship dialog says it is checked first.
    assert!(a.order(SN2).unwrap().is_unshipped());
    assert!(!a.unconfirmed.contains_key(SN2));
    assert_eq!(
        a.unconfirmed
            .get("210318-001532562392203")
            .map(String::as_str),
        Some("YT3")
    );
}

#[test]
fn unknown_outcome_is_marked_until_a_shipment_succeeds() {
    let mut a = app(Lang::En);
    a.unconfirmed.insert(SN1.into(), "YT1".into());
    open_ship_with_courier(&mut a);
    typ(&mut a, "YT9990001112223");
    press(&mut a, KeyCode::Enter);
    let (id, _) = ship_id(&press(&mut a, KeyCode::Char('y')));
    update(
        &mut a,
        Msg::Shipped {
            id,
            result: Ok(vec![(SN1.into(), Ok(()))]),
        },
    );
    assert!(a.unconfirmed.is_empty());
    spend_held_key(&mut a);
    // A lost answer that cannot be checked marks the order.
    press(&mut a, KeyCode::Char('s'));
    typ(&mut a, "YT9990001112224");
    press(&mut a, KeyCode::Enter);
    let (id, reqs) = ship_id(&press(&mut a, KeyCode::Char('y')));
    let sn = reqs[0].order_sn.clone();
    update(
        &mut a,
        Msg::Shipped {
            id,
            result: Ok(vec![(
                sn.clone(),
                Err(ApiError::ConnectionLost("eof".into()).into()),
            )]),
        },
    );
    assert_eq!(
        a.unconfirmed.get(&sn).map(String::as_str),
        Some("YT9990001112224")
    );
}

#[test]
fn reconcile_failure_is_told() {
    let mut a = app(Lang::Zh);
    let id = reconcile_id(&crate::tui::update::start(&mut a));
    update(
        &mut a,
        Msg::Reconciled {
            id,
            result: Err(ApiError::ConnectionLost("eof".into()).into()),
        },
    );
    assert_eq!(a.toasts.len(), 1);
    assert!(a.toasts[0].text.contains("核对上次未完成的发货"));
    assert!(a.unconfirmed.is_empty());
}

/// Ships the first order and leaves the result outstanding.
fn ship_in_flight(a: &mut App) -> ReqId {
    open_ship_with_courier(a);
    typ(a, "YT9990001112223");
    press(a, KeyCode::Enter);
    ship_id(&press(a, KeyCode::Char('y'))).0
}

#[test]
fn quit_while_shipping_asks_first() {
    let mut a = app(Lang::En);
    let id = ship_in_flight(&mut a);
    // Ctrl-C in the sending dialog asks; any other key keeps waiting.
    assert!(ctrl(&mut a, 'c').is_empty());
    assert!(a.asking_quit() && !a.quit);
    assert!(press(&mut a, KeyCode::Char('n')).is_empty());
    assert!(!a.asking_quit() && !a.quit);
    // `q` asks too; `y` quits anyway.
    press(&mut a, KeyCode::Char('q'));
    assert!(a.asking_quit());
    assert_eq!(press(&mut a, KeyCode::Char('y')), vec![Effect::SaveState]);
    assert!(a.quit);
    assert!(a.pending.ships.contains(&id));
}

#[test]
fn quit_question_goes_away_when_the_shipment_ends() {
    let mut a = app(Lang::En);
    let id = ship_in_flight(&mut a);
    press(&mut a, KeyCode::Char('q'));
    assert!(a.asking_quit());
    update(
        &mut a,
        Msg::Shipped {
            id,
            result: Ok(vec![(SN1.into(), Ok(()))]),
        },
    );
    assert!(!a.asking_quit() && !a.quit);
    // The key meant for the question that went away is dropped; then, with nothing in flight, `q` quits.
    assert!(press(&mut a, KeyCode::Char('y')).is_empty());
    assert!(!a.quit);
    assert_eq!(press(&mut a, KeyCode::Char('q')), vec![Effect::SaveState]);
    assert!(a.quit);
}

#[test]
fn a_key_long_after_a_change_by_itself_acts() {
    let mut a = app(Lang::En);
    let id = ship_in_flight(&mut a);
    press(&mut a, KeyCode::Char('q'));
    update(
        &mut a,
        Msg::Shipped {
            id,
            result: Ok(vec![(SN1.into(), Ok(()))]),
        },
    );
    assert!(a.hold_next_key);
    // A tick within the hold keeps it; one after it ends it, and the operator's `q` is taken.
    let soon = a
        .now
        .checked_add(jiff::SignedDuration::from_millis(500))
        .unwrap();
    update(&mut a, Msg::Tick(soon));
    assert!(a.hold_next_key);
    let later = a.now.checked_add(crate::tui::update::HOLD_KEYS).unwrap();
    update(&mut a, Msg::Tick(later));
    assert!(!a.hold_next_key);
    assert_eq!(press(&mut a, KeyCode::Char('q')), vec![Effect::SaveState]);
    assert!(a.quit);
}

#[test]
fn terminal_loss_while_shipping_still_leaves_at_once() {
    let mut a = app(Lang::En);
    ship_in_flight(&mut a);
    let fx = update(&mut a, Msg::TerminalGone);
    assert_eq!(fx, vec![Effect::SaveState]);
    assert!(a.quit);
}

#[test]
fn the_quit_question_and_help_alone_say_what_their_keys_ask_for() {
    use crate::tui::dialog::{confirm, help};
    use crate::tui::keys::key::Key;
    use crate::tui::keys::keymap::Section;
    let a = app(Lang::En);
    let ctx = a.ctx();
    let k = |code: KeyCode| Key::from_event(&KeyEvent::new(code, KeyModifiers::NONE));
    let mut q = confirm::QuitQuestion;
    assert_eq!(
        q.on_key(&ctx, k(KeyCode::Char('y'))),
        confirm::Outcome::Leave
    );
    assert_eq!(
        q.on_key(&ctx, k(KeyCode::Char('q'))),
        confirm::Outcome::Leave
    );
    assert_eq!(
        q.on_key(&ctx, k(KeyCode::Char('n'))),
        confirm::Outcome::Stay
    );
    let mut h = help::Help::new(Section::Note);
    assert_eq!(h.on_key(&ctx, k(KeyCode::Char('j'))), help::Outcome::Stay);
    assert_eq!(h.on_key(&ctx, k(KeyCode::PageDown)), help::Outcome::Stay);
    assert_eq!(h.scroll, 11);
    assert_eq!(h.on_key(&ctx, k(KeyCode::Esc)), help::Outcome::Close);
}

/// The section help lists first.
fn help_first(a: &App) -> crate::tui::keys::keymap::Section {
    match &a.overlay {
        Overlay::Help { help, .. } => help.first,
        other => panic!("no help: {other:?}"),
    }
}

#[test]
fn help_opens_over_a_dialog_and_gives_it_back() {
    let mut a = app(Lang::En);
    open_ship_with_courier(&mut a);
    typ(&mut a, "YT12");
    press(&mut a, KeyCode::F(1));
    assert!(matches!(a.overlay, Overlay::Help { over: Some(_), .. }));
    assert_eq!(help_first(&a), crate::tui::keys::keymap::Section::Ship);
    press(&mut a, KeyCode::Char('j'));
    assert!(matches!(&a.overlay, Overlay::Help { help, .. } if help.scroll == 1));
    press(&mut a, KeyCode::Esc);
    assert_eq!(dialog(&a).numbers[0].value(), "YT12");
    // From the note editor, and from the queue with `?`.
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('n'));
    press(&mut a, KeyCode::F(1));
    assert_eq!(help_first(&a), crate::tui::keys::keymap::Section::Note);
    press(&mut a, KeyCode::F(1));
    assert!(matches!(a.overlay, Overlay::Note(_)));
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('?'));
    assert!(matches!(a.overlay, Overlay::Help { over: None, .. }));
    assert_eq!(help_first(&a), crate::tui::keys::keymap::Section::Queue);
}

#[test]
fn refund_address_is_tab_reachable_sent_and_kept_in_drafts() {
    let mut a = app(Lang::En);
    open_ship_with_courier(&mut a);
    typ(&mut a, "YT9990001112223");
    press(&mut a, KeyCode::Tab);
    assert_eq!(dialog(&a).field, Field::Imei);
    press(&mut a, KeyCode::Tab);
    assert_eq!(dialog(&a).field, Field::RefundAddress);
    typ(&mut a, "RA-77");
    // Esc keeps it as a draft, and the next dialog brings it back.
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.persisted.drafts[SN1].refund_address, "RA-77");
    press(&mut a, KeyCode::Char('s'));
    assert_eq!(dialog(&a).refund_address.value(), "RA-77");
    // The courier comes back too, so the dialog starts on the number.
    assert_eq!(dialog(&a).courier, Some(85));
    assert_eq!(dialog(&a).field, Field::Number(0));
    press(&mut a, KeyCode::BackTab);
    assert_eq!(dialog(&a).field, Field::Courier);
    // Shift-Tab goes round backwards, from the courier to the refund address.
    press(&mut a, KeyCode::BackTab);
    assert_eq!(dialog(&a).field, Field::RefundAddress);
    press(&mut a, KeyCode::Tab);
    typ(&mut a, "yto");
    press(&mut a, KeyCode::Enter);
    assert_eq!(dialog(&a).numbers[0].value(), "YT9990001112223");
    press(&mut a, KeyCode::Enter);
    let (_, reqs) = ship_id(&press(&mut a, KeyCode::Char('y')));
    assert_eq!(reqs[0].refund_address_id.as_deref(), Some("RA-77"));
    // Left empty, nothing is passed.
    let mut b = app(Lang::En);
    open_ship_with_courier(&mut b);
    typ(&mut b, "YT9990001112223");
    press(&mut b, KeyCode::Enter);
    let (_, reqs) = ship_id(&press(&mut b, KeyCode::Char('y')));
    assert_eq!(reqs[0].refund_address_id, None);
}
