//! Issue 12, the ship dialog through `update`: the courier a note or memo names is preset instead of the
//! last one used (none when unclear, none before an unread memo is read), and PDD's interception is retried
//! by itself once when its wait ends — the same shipment, claims checked, Esc cancelling it.

use crate::api::ApiError;
use crate::domain::{Order, ShipRequest};
use crate::i18n::Lang;
use crate::tui::app::{App, Overlay};
use crate::tui::dialog::ship::{Field, ShipDialog, Stage};
use crate::tui::msg::{Effect, Msg, ReqId};
use crate::tui::testdata::{app, load, now, orders};
use crate::tui::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::SignedDuration;

/// The order under the cursor when the queue opens (the most urgent one).
const SN1: &str = "210318-001532562392201";
const YTO: i64 = 85;
const ZTO: i64 = 115;

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typ(a: &mut App, text: &str) {
    for c in text.chars() {
        press(a, KeyCode::Char(c));
    }
}

fn dialog(a: &App) -> &ShipDialog {
    match &a.overlay {
        Overlay::Ship(d) => d,
        other => panic!("no ship dialog: {other:?}"),
    }
}

/// The test orders with SN1's memo and note replaced, YTO used last.
fn shop(memo: &str, note: &str) -> App {
    let mut a = app(Lang::Zh);
    load(&mut a, with_notes(memo, note));
    a.persisted.last_courier = Some(YTO);
    a
}

fn with_notes(memo: &str, note: &str) -> Vec<Order> {
    let mut os = orders();
    for o in os.iter_mut().filter(|o| o.order_sn == SN1) {
        o.buyer_memo = memo.into();
        o.set_remark(note);
    }
    os
}

#[test]
fn a_note_naming_a_courier_presets_it_instead_of_the_last_one() {
    let mut a = shop("请尽快发货", "已联系买家,改发中通");
    press(&mut a, KeyCode::Char('s'));
    assert_eq!(dialog(&a).targets, [SN1]);
    assert_eq!(dialog(&a).courier, Some(ZTO));
    assert_eq!(dialog(&a).field, Field::Number(0));
    // By its code in the buyer's memo just the same.
    let mut a = shop("please send with ZTO", "");
    press(&mut a, KeyCode::Char('s'));
    assert_eq!(dialog(&a).courier, Some(ZTO));
}

#[test]
fn notes_naming_several_couriers_or_refusing_one_preset_none() {
    for (memo, note) in [("顺丰到付", "已联系买家,改发中通"), ("不要发中通", "")]
    {
        let mut a = shop(memo, note);
        press(&mut a, KeyCode::Char('s'));
        assert_eq!(dialog(&a).courier, None, "{memo} / {note}");
        assert_eq!(dialog(&a).field, Field::Courier);
    }
}

#[test]
fn notes_naming_no_courier_keep_the_last_one() {
    let mut a = shop("请尽快发货,谢谢!", "周一发");
    press(&mut a, KeyCode::Char('s'));
    assert_eq!(dialog(&a).courier, Some(YTO));
}

/// A memo not read yet may name a courier: the order is read first, and only then is anything preset.
#[test]
fn an_unread_memo_is_read_before_a_courier_is_preset() {
    for (memo, preset) in [("已联系买家,改发中通", ZTO), ("请尽快发货", YTO)] {
        let mut a = shop(memo, "");
        a.details = Default::default();
        let fx = press(&mut a, KeyCode::Char('s'));
        let id = match fx.as_slice() {
            [Effect::FetchDetail { id, order_sn }] if order_sn == SN1 => *id,
            other => panic!("expected the order to be read, got {other:?}"),
        };
        assert_eq!(
            dialog(&a).courier,
            None,
            "nothing preset before the memo is read"
        );
        let order = with_notes(memo, "").into_iter().find(|o| o.order_sn == SN1);
        update(
            &mut a,
            Msg::Detail {
                id,
                result: Box::new(order.ok_or(ApiError::ConnectionLost("none".into()))),
                fresh: false,
                last: true,
            },
        );
        assert_eq!(dialog(&a).courier, Some(preset), "{memo}");
    }
}

/// Number typed, Enter, `y`: the shipment sent, with its id and requests.
fn ship(a: &mut App) -> (ReqId, Vec<ShipRequest>) {
    press(a, KeyCode::Char('s'));
    assert_eq!(dialog(a).courier, Some(YTO));
    typ(a, "YT9990001112223");
    press(a, KeyCode::Enter);
    match press(a, KeyCode::Char('y')).as_slice() {
        [Effect::Ship { id, requests }] => (*id, requests.clone()),
        other => panic!("expected one Ship effect, got {other:?}"),
    }
}

fn intercepted(a: &mut App, id: ReqId) {
    let err = ApiError::Intercepted {
        retry_after_secs: 30,
        message: "接口超时,30秒后重试".into(),
    };
    update(
        a,
        Msg::Shipped {
            id,
            result: Ok(vec![(SN1.into(), Err(err.into()))]),
        },
    );
}

/// The clock moves on `secs`: the shipments the tick sent (other effects, such as autosave, aside).
fn tick_at(a: &mut App, secs: i64) -> Vec<(ReqId, Vec<ShipRequest>)> {
    let t = a
        .now
        .checked_add(SignedDuration::from_secs(secs))
        .unwrap_or(now());
    update(a, Msg::Tick(t))
        .into_iter()
        .filter_map(|e| match e {
            Effect::Ship { id, requests } => Some((id, requests)),
            _ => None,
        })
        .collect()
}

#[test]
fn an_interception_is_retried_by_itself_once_when_its_wait_ends() {
    let mut a = shop("", "");
    let (id, confirmed) = ship(&mut a);
    intercepted(&mut a, id);
    assert!(matches!(
        dialog(&a).stage,
        Stage::Intercepted { auto: true, .. }
    ));
    assert_eq!(dialog(&a).wait_left(a.now), Some(30));
    // The countdown is the one text: the gateway's own sentence is not repeated beside it.
    assert_eq!(dialog(&a).error, None);
    assert!(
        tick_at(&mut a, 10).is_empty(),
        "nothing before the wait ends"
    );
    assert_eq!(dialog(&a).wait_left(a.now), Some(20));
    let id = match tick_at(&mut a, 21).as_slice() {
        [(id, requests)] => {
            assert_eq!(
                requests, &confirmed,
                "the same shipment the operator confirmed"
            );
            *id
        }
        other => panic!("expected the retry, got {other:?}"),
    };
    assert!(dialog(&a).waits_for(id));
    assert!(a.pending.ships.contains(&id));
    // Intercepted again: now the operator decides; the clock sends nothing more.
    intercepted(&mut a, id);
    assert!(matches!(
        dialog(&a).stage,
        Stage::Intercepted { auto: false, .. }
    ));
    assert!(tick_at(&mut a, 31).is_empty(), "no second automatic retry");
    assert!(tick_at(&mut a, 60).is_empty());
    assert_eq!(dialog(&a).wait_left(a.now), Some(0));
    match press(&mut a, KeyCode::Enter).as_slice() {
        [Effect::Ship { requests, .. }] => assert_eq!(requests, &confirmed),
        other => panic!("expected the operator's retry, got {other:?}"),
    }
}

#[test]
fn esc_cancels_the_retry_and_keeps_the_number_as_a_draft() {
    let mut a = shop("", "");
    let (id, _) = ship(&mut a);
    intercepted(&mut a, id);
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.overlay, Overlay::None));
    assert!(
        tick_at(&mut a, 31).is_empty(),
        "a cancelled wait sends nothing"
    );
    let draft = a.persisted.drafts.get(SN1).map(|d| d.tracking.clone());
    assert_eq!(draft.as_deref(), Some("YT9990001112223"));
}

#[test]
fn the_retry_is_refused_when_another_process_claimed_the_order_meanwhile() {
    let mut a = shop("", "");
    let (id, _) = ship(&mut a);
    intercepted(&mut a, id);
    a.claims.by_order.insert(SN1.into(), "bob".into());
    assert!(tick_at(&mut a, 31).is_empty());
    let d = dialog(&a);
    assert_eq!(d.stage, Stage::Editing);
    assert!(
        d.error.as_deref().is_some_and(|e| e.contains("bob")),
        "{:?}",
        d.error
    );
}

/// A batch's memos not read yet are read when it opens, for the lines it shows (at most 8 requests); the
/// courier one of them names is preset once all are read, and the lines show them.
#[test]
fn a_batchs_unread_memos_are_read_on_open() {
    let sn2 = "210318-001532562392202";
    let mut os = with_notes("已联系买家,改发中通", "");
    // Twelve more orders with a memo: more than the dialog shows.
    for n in 0..12 {
        let mut o = os[0].clone();
        o.order_sn = format!("210318-00153256239{:04}", 3000 + n);
        o.buyer_memo = format!("memo {n}");
        os.push(o);
    }
    let mut a = app(Lang::Zh);
    load(&mut a, os.clone());
    a.persisted.last_courier = Some(YTO);
    a.details = Default::default();
    a.queue.selected = [SN1.to_string(), sn2.to_string()].into();
    let fx = press(&mut a, KeyCode::Char('s'));
    let reads: Vec<(ReqId, String)> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::FetchDetail { id, order_sn } => Some((*id, order_sn.clone())),
            _ => None,
        })
        .collect();
    let mut asked: Vec<&str> = reads.iter().map(|(_, s)| s.as_str()).collect();
    asked.sort();
    assert_eq!(asked, [SN1, sn2]);
    assert_eq!(dialog(&a).courier, None, "nothing preset before the memos");
    for (id, sn) in &reads {
        let order = os.iter().find(|o| &o.order_sn == sn).cloned();
        update(
            &mut a,
            Msg::Detail {
                id: *id,
                result: Box::new(order.ok_or(ApiError::ConnectionLost("none".into()))),
                fresh: true,
                last: true,
            },
        );
    }
    assert!(a.pending.memos.is_empty());
    assert_eq!(
        dialog(&a).courier,
        Some(ZTO),
        "the memo's courier is preset"
    );
    // A bigger batch reads no more than the lines it shows.
    press(&mut a, KeyCode::Esc);
    a.details = Default::default();
    a.queue.selected = os.iter().map(|o| o.order_sn.clone()).collect();
    let fx = press(&mut a, KeyCode::Char('s'));
    let n = fx
        .iter()
        .filter(|e| matches!(e, Effect::FetchDetail { .. }))
        .count();
    assert!(n > 0 && n <= crate::tui::update::ship::MEMOS_READ, "{n}");
}
