//! A property test of the dialogs through `update`: random keys (text, paste, Esc, reopen, Enter, y, q, Tab,
//! Backspace, Ctrl-T, resize) interleaved with random results (shipped, failed, intercepted, a waybill
//! number, time passing). A model of what the operator entered, kept apart from the dialog, says what a
//! shipment must carry; and a key that follows a change no key made must reach nothing at all (but Esc).

use crate::api::ApiError;
use crate::domain::validate;
use crate::i18n::Lang;
use crate::tui::app::{App, Overlay};
use crate::tui::dialog::ship::{Field, Stage};
use crate::tui::msg::{Effect, Msg, ReqId};
use crate::tui::testdata::{app, now};
use crate::tui::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::SignedDuration;
use proptest::prelude::*;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
enum Act {
    /// Typed one key at a time (a scanner types the same way, then Enter).
    Text(String),
    Paste(String),
    Key(KeyCode),
    CtrlT,
    Resize(u16, u16),
    ShipOk,
    ShipFail,
    ShipIntercepted,
    Number(String),
    NumberFailed,
    /// Half a minute passes (an interception's wait runs out).
    Later,
}

fn act() -> impl Strategy<Value = Act> {
    // `q` alone and rarely: on the queue it quits, which ends the sequence.
    let text = "[YT0-9ys]{1,6}";
    prop_oneof![
        3 => text.prop_map(Act::Text),
        // A scanner: a whole number, then Enter.
        3 => "YT[0-9]{13}".prop_map(|n| Act::Text(format!("{n}\r"))),
        // The same, confirmed at once.
        3 => "YT[0-9]{13}".prop_map(|n| Act::Text(format!("{n}\ry"))),
        2 => Just(Act::Text("\ry".into())),
        3 => Just(Act::Text("y".into())),
        1 => Just(Act::Text("q".into())),
        // On the courier field these pick SF or YTO; elsewhere they are text like any other.
        1 => Just(Act::Text("顺丰\r".into())),
        1 => Just(Act::Text("yto\r".into())),
        1 => text.prop_map(Act::Paste),
        2 => Just(Act::Key(KeyCode::Enter)),
        1 => Just(Act::Key(KeyCode::Esc)),
        1 => Just(Act::Key(KeyCode::Tab)),
        1 => Just(Act::Key(KeyCode::BackTab)),
        1 => Just(Act::Key(KeyCode::Backspace)),
        1 => Just(Act::CtrlT),
        1 => (20u16..200, 5u16..60).prop_map(|(w, h)| Act::Resize(w, h)),
        1 => Just(Act::ShipOk),
        1 => Just(Act::ShipFail),
        1 => Just(Act::ShipIntercepted),
        1 => "YT[0-9]{13}".prop_map(Act::Number),
        1 => Just(Act::NumberFailed),
        1 => Just(Act::Later),
    ]
}

/// A text field of the ship dialog, by order where it is per order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    Number(String),
    Imei,
    Refund,
}

/// What the operator entered, as they would tell it: each field's value, and whether the entry in it is
/// still going on (typing, pasting, Backspace); anything else ends it, and the next one replaces it.
#[derive(Debug, Default)]
struct Model {
    values: BTreeMap<Slot, String>,
    going_on: Option<Slot>,
    /// The screen changed by itself since the last key: the next key must reach nothing.
    changed_by_itself: bool,
    /// Numbers the waybill service gave: its template is for YTO (85) only.
    taken: Vec<String>,
    /// Requests in flight, newest last.
    ships: Vec<ReqId>,
    takes: Vec<(ReqId, String)>,
}

/// The focused text field of the open ship dialog, while it takes typing.
fn focused_slot(a: &App) -> Option<Slot> {
    let Overlay::Ship(d) = &a.overlay else {
        return None;
    };
    if a.asking_quit() || d.refused() || d.stage != Stage::Editing {
        return None;
    }
    match d.field {
        Field::Courier => None,
        Field::Number(i) => d.targets.get(i).cloned().map(Slot::Number),
        Field::Imei => Some(Slot::Imei),
        Field::RefundAddress => Some(Slot::Refund),
    }
}

/// The values the open ship dialog shows, by field.
fn shown(a: &App) -> BTreeMap<Slot, String> {
    let mut m = BTreeMap::new();
    if let Overlay::Ship(d) = &a.overlay {
        for (sn, n) in d.targets.iter().zip(&d.numbers) {
            m.insert(Slot::Number(sn.clone()), n.value().to_string());
        }
        m.insert(Slot::Imei, d.imei.value().to_string());
        m.insert(Slot::Refund, d.refund_address.value().to_string());
    }
    m
}

/// Everything a key could act on or leave behind (toasts aside, which only report).
fn state(a: &App) -> String {
    format!(
        "{:?} {} {} {:?} {:?} {:?} {:?}",
        a.overlay,
        a.asking_quit(),
        a.quit,
        a.screen,
        a.persisted,
        a.queue.selected,
        a.queue.cursor
    )
}

fn key(code: KeyCode, mods: KeyModifiers) -> Msg {
    Msg::Key(KeyEvent::new(code, mods))
}

impl Model {
    /// A shipment leaves with exactly what was entered last in each field of the dialog it came from.
    fn check_sent(&self, requests: &[crate::domain::ShipRequest]) -> Result<(), TestCaseError> {
        let get = |s: &Slot| self.values.get(s).cloned().unwrap_or_default();
        for r in requests {
            let number = validate::tracking_number(&get(&Slot::Number(r.order_sn.clone()))).ok();
            prop_assert_eq!(Some(&r.tracking_number), number.as_ref());
            let feature = validate::imei_feature(&get(&Slot::Imei)).ok().flatten();
            prop_assert_eq!(&r.feature, &feature);
            if self.taken.contains(&r.tracking_number) {
                prop_assert_eq!(
                    r.logistics_id,
                    85,
                    "a waybill number ships with its courier"
                );
            }
            let refund = get(&Slot::Refund);
            prop_assert_eq!(
                r.refund_address_id.as_deref().unwrap_or("").trim(),
                refund.trim()
            );
        }
        Ok(())
    }

    fn note_effects(&mut self, fx: &[Effect]) -> Result<(), TestCaseError> {
        for e in fx {
            match e {
                Effect::Ship { id, requests } => {
                    self.check_sent(requests)?;
                    self.ships.push(*id);
                }
                Effect::TakeNumber { id, order_sn, .. } => self.takes.push((*id, order_sn.clone())),
                _ => {}
            }
        }
        Ok(())
    }

    /// One key (or paste) from the operator; `typed` is the text it enters, if any.
    fn operator(
        &mut self,
        a: &mut App,
        msg: Msg,
        typed: Option<Typed>,
    ) -> Result<(), TestCaseError> {
        self.key(a, msg, typed, false)
    }

    /// `neutral`: the key types nothing and ends no entry (Ctrl-T), unless it moves the focus.
    fn key(
        &mut self,
        a: &mut App,
        msg: Msg,
        typed: Option<Typed>,
        neutral: bool,
    ) -> Result<(), TestCaseError> {
        let before = state(a);
        let slot = focused_slot(a);
        let was_open = matches!(a.overlay, Overlay::Ship(_));
        let esc = matches!(&msg, Msg::Key(ev) if ev.code == KeyCode::Esc);
        let fx = update(a, msg);
        // Esc, which only backs out, is the one key that acts on a screen that changed by itself.
        if std::mem::take(&mut self.changed_by_itself) && !esc {
            // Meant for what was on screen before: it reaches nothing.
            prop_assert_eq!(&before, &state(a));
            prop_assert!(fx.is_empty(), "{:?}", fx);
            return Ok(());
        }
        self.note_effects(&fx)?;
        match (slot, typed) {
            (Some(s), Some(t)) => {
                let v = self.values.entry(s.clone()).or_default();
                match t {
                    Typed::Text(t) if self.going_on.as_ref() == Some(&s) => v.push_str(&t),
                    Typed::Text(t) => *v = t,
                    Typed::Backspace => {
                        v.pop();
                    }
                }
                self.going_on = Some(s);
            }
            (s, None) if neutral && focused_slot(a) == s => {}
            _ => self.going_on = None,
        }
        // A dialog the key opened shows the draft, or the number shipped before: that is its entry.
        if !was_open && matches!(a.overlay, Overlay::Ship(_)) {
            self.values = shown(a);
        }
        Ok(())
    }

    /// A result arrives: whatever it changes on screen, the operator sees it before the next key counts.
    fn result(&mut self, a: &mut App, msg: Msg) -> Result<(), TestCaseError> {
        let (top, quit) = (format!("{:?}", a.overlay), a.asking_quit());
        let fx = update(a, msg);
        self.note_effects(&fx)?;
        if top != format!("{:?}", a.overlay) || quit != a.asking_quit() {
            self.changed_by_itself = true;
            self.going_on = None;
            self.values.extend(shown(a));
        }
        Ok(())
    }
}

enum Typed {
    Text(String),
    Backspace,
}

fn run(acts: Vec<Act>) -> Result<(), TestCaseError> {
    let mut a = app(Lang::En);
    let mut m = Model::default();
    for act in acts {
        if a.quit {
            break;
        }
        match act {
            Act::Text(t) => {
                for c in t.chars() {
                    if c == '\r' {
                        m.operator(&mut a, key(KeyCode::Enter, KeyModifiers::NONE), None)?;
                        continue;
                    }
                    let typed = Typed::Text(c.to_string());
                    m.operator(
                        &mut a,
                        key(KeyCode::Char(c), KeyModifiers::NONE),
                        Some(typed),
                    )?;
                }
            }
            Act::Paste(t) => m.operator(&mut a, Msg::Paste(t.clone()), Some(Typed::Text(t)))?,
            Act::Key(KeyCode::Backspace) => {
                let msg = key(KeyCode::Backspace, KeyModifiers::NONE);
                m.operator(&mut a, msg, Some(Typed::Backspace))?;
            }
            Act::Key(code) => m.operator(&mut a, key(code, KeyModifiers::NONE), None)?,
            Act::CtrlT => {
                let msg = key(KeyCode::Char('t'), KeyModifiers::CONTROL);
                m.key(&mut a, msg, None, true)?;
            }
            Act::Resize(w, h) => {
                update(&mut a, Msg::Resize(w, h));
            }
            Act::ShipOk | Act::ShipFail | Act::ShipIntercepted => {
                let Some(id) = m.ships.pop() else { continue };
                let sns: Vec<String> = match &a.overlay {
                    Overlay::Ship(d) => d.targets.clone(),
                    _ => vec!["210318-001532562392201".into()],
                };
                let err = match act {
                    Act::ShipFail => Some(ApiError::Gateway {
                        code: 7,
                        message: "refused".into(),
                    }),
                    Act::ShipIntercepted => Some(ApiError::Intercepted {
                        retry_after_secs: 30,
                        message: "接口超时,30秒后重试".into(),
                    }),
                    _ => None,
                };
                let result = Ok(sns
                    .into_iter()
                    .map(|sn| (sn, err.clone().map_or(Ok(()), |e| Err(e.into()))))
                    .collect());
                m.result(&mut a, Msg::Shipped { id, result })?;
            }
            Act::Number(n) => {
                let Some((id, order_sn)) = m.takes.pop() else {
                    continue;
                };
                m.taken.push(n.clone());
                m.result(
                    &mut a,
                    Msg::Number {
                        id,
                        order_sn,
                        result: Ok(n),
                    },
                )?;
            }
            Act::NumberFailed => {
                let Some((id, order_sn)) = m.takes.pop() else {
                    continue;
                };
                let result = Err(ApiError::ConnectionLost("eof".into()).into());
                m.result(
                    &mut a,
                    Msg::Number {
                        id,
                        order_sn,
                        result,
                    },
                )?;
            }
            Act::Later => {
                let t = a
                    .now
                    .checked_add(SignedDuration::from_secs(31))
                    .unwrap_or(now());
                // The end of an interception's wait sends the shipment again: with what was entered.
                let fx = update(&mut a, Msg::Tick(t));
                m.note_effects(&fx)?;
                // Long after a change, the next key is meant for what is on screen now.
                m.changed_by_itself = false;
            }
        }
        // Between steps, the dialog shows exactly what the model says was entered.
        for (slot, v) in shown(&a) {
            prop_assert_eq!(Some(&v), m.values.get(&slot), "{:?}", slot);
        }
    }
    Ok(())
}

/// The ship dialog opened at the start of most sequences, so that they reach its flows.
fn opening() -> impl Strategy<Value = Vec<Act>> {
    prop_oneof![
        3 => Just(vec![
            Act::Text("s".into()),
            Act::Text("yto".into()),
            Act::Key(KeyCode::Enter),
        ]),
        1 => Just(vec![Act::Text("s".into()), Act::Text("顺丰\r".into())]),
        1 => Just(vec![Act::Text("s".into())]),
        1 => Just(Vec::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn a_shipment_carries_the_last_entry_and_no_key_reaches_a_changed_screen(
        start in opening(),
        acts in prop::collection::vec(act(), 1..60),
    ) {
        run(start.into_iter().chain(acts).collect())?;
    }
}

#[test]
fn the_issues_own_sequences_hold() {
    let scan = |n: &str| Act::Text(n.into());
    let open = || {
        vec![
            Act::Text("s".into()),
            Act::Text("yto".into()),
            Act::Key(KeyCode::Enter),
        ]
    };
    // Draft: type, Esc, reopen, scan, Enter, y.
    let mut draft = open();
    draft.extend([scan("YT5000000000001"), Act::Key(KeyCode::Esc), scan("s")]);
    draft.extend([scan("YT5000000000002"), Act::Key(KeyCode::Enter), scan("y")]);
    run(draft).unwrap();
    // Quit asked while sending, the shipment fails, `y`, Enter, `y`.
    let mut quit = open();
    quit.extend([scan("YT5000000000001"), Act::Key(KeyCode::Enter), scan("y")]);
    quit.extend([
        scan("q"),
        Act::ShipFail,
        scan("y"),
        Act::Key(KeyCode::Enter),
        scan("y"),
    ]);
    run(quit).unwrap();
}
