//! Flows of issue 4 and 5 through `update`: the journal screen (`J`: rows newest first, counter, `r`
//! reconciles, Enter opens the order and Back returns), and read-only mode refusing changes with a reason.

use crate::i18n::Lang;
use crate::store::StoreError;
use crate::tui::app::{App, Overlay, Screen};
use crate::tui::attention::JournalRow;
use crate::tui::msg::{Effect, Msg, ReqId};
use crate::tui::testdata::{app, now};
use crate::tui::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

const SN1: &str = "210318-001532562392201";
const SN2: &str = "210318-001532562392202";

fn rows() -> Vec<JournalRow> {
    crate::tui::testdata::journal_rows()
}

fn load_id(fx: &[Effect]) -> ReqId {
    fx.iter()
        .find_map(|f| match f {
            Effect::LoadJournal { id } => Some(*id),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no journal load in {fx:?}"))
}

/// Opens the journal screen with `rows()` loaded.
pub fn open_journal(a: &mut App) {
    let fx = press(a, KeyCode::Char('J'));
    assert_eq!(a.screen, Screen::Journal);
    let id = load_id(&fx);
    update(
        a,
        Msg::JournalLoaded {
            id,
            result: Ok(rows()),
        },
    );
}

#[test]
fn the_journal_lists_newest_first_and_counts_what_needs_attention() {
    let mut a = app(Lang::Zh);
    assert_eq!(a.journal.attention(), 0);
    open_journal(&mut a);
    let sns: Vec<&str> = a.journal.rows.iter().map(|r| r.order_sn.as_str()).collect();
    assert_eq!(sns, ["210317-001532562392221", SN2, SN1]);
    assert_eq!(a.journal.attention(), 3);
    press(&mut a, KeyCode::Char('j'));
    press(&mut a, KeyCode::Char('j'));
    press(&mut a, KeyCode::Char('j'));
    assert_eq!(a.journal.cursor, 2, "stops at the last row");
    press(&mut a, KeyCode::Char('g'));
    assert_eq!(a.journal.cursor, 0);
}

#[test]
fn a_stale_journal_read_is_dropped_and_the_cursor_stays_on_its_item() {
    let mut a = app(Lang::En);
    open_journal(&mut a);
    press(&mut a, KeyCode::Char('j'));
    let old = a.next_id();
    let fx = crate::tui::update::fetch::journal(&mut a);
    let id = load_id(&fx);
    update(
        a_mut(&mut a),
        Msg::JournalLoaded {
            id: old,
            result: Ok(Vec::new()),
        },
    );
    assert_eq!(a.journal.rows.len(), 3, "stale read ignored");
    let mut fewer = rows();
    fewer.pop();
    update(
        &mut a,
        Msg::JournalLoaded {
            id,
            result: Ok(fewer),
        },
    );
    assert_eq!(a.journal.current().map(|r| r.order_sn.as_str()), Some(SN2));
    // A read that fails is told, and the rows stay.
    let id = load_id(&crate::tui::update::fetch::journal(&mut a));
    update(
        &mut a,
        Msg::JournalLoaded {
            id,
            result: Err(StoreError::Db("disk I/O error".into())),
        },
    );
    assert_eq!(a.journal.rows.len(), 2);
    assert!(a.toasts.iter().any(|t| t.text.contains("disk I/O error")));
}

fn a_mut(a: &mut App) -> &mut App {
    a
}

#[test]
fn r_reconciles_from_the_journal_and_the_journal_is_read_again() {
    let mut a = app(Lang::En);
    open_journal(&mut a);
    let fx = press(&mut a, KeyCode::Char('r'));
    let id = match fx.as_slice() {
        [Effect::Reconcile { id }] => *id,
        other => panic!("{other:?}"),
    };
    assert!(
        press(&mut a, KeyCode::Char('r')).is_empty(),
        "one check at a time"
    );
    let fx = update(
        &mut a,
        Msg::Reconciled {
            id,
            result: Ok(Vec::new()),
        },
    );
    load_id(&fx);
    assert_eq!(a.screen, Screen::Journal);
}

#[test]
fn enter_opens_the_order_and_back_returns_to_the_journal() {
    let mut a = app(Lang::Zh);
    open_journal(&mut a);
    press(&mut a, KeyCode::Char('j'));
    let fx = press(&mut a, KeyCode::Enter);
    assert!(matches!(&fx[..], [Effect::FetchDetail { order_sn, .. }] if order_sn == SN2));
    assert!(matches!(&a.screen, Screen::Detail { order_sn, .. } if order_sn == SN2));
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Journal);
    press(&mut a, KeyCode::Char('q'));
    assert_eq!(a.screen, Screen::Queue);
    assert!(!a.quit, "q on the journal goes back, it does not quit");
}

#[test]
fn the_first_effects_read_the_journal() {
    let mut a = app(Lang::Zh);
    let fx = crate::tui::update::start(&mut a);
    load_id(&fx);
}

#[test]
fn read_only_explains_that_ship_note_and_flags_are_disabled() {
    let mut a = app(Lang::En);
    a.settings.read_only = true;
    for k in ['s', 'n', '1', '0'] {
        assert!(
            press(&mut a, KeyCode::Char(k)).is_empty(),
            "{k} sent nothing"
        );
        assert!(matches!(a.overlay, Overlay::None), "{k} opened nothing");
    }
    assert!(a.toasts.iter().all(|t| t.text.contains("read-only")));
    assert!(!a.toasts.is_empty());
    // Reading still works.
    assert!(matches!(
        press(&mut a, KeyCode::Enter).as_slice(),
        [Effect::FetchDetail { .. }]
    ));
}

fn claims_of(a: &mut App, list: &[(&str, &str)]) {
    let fx = crate::tui::update::claims::poll(a);
    let [Effect::LoadClaims { id }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let list = list
        .iter()
        .map(|(s, u)| (s.to_string(), u.to_string()))
        .collect();
    update(
        a,
        Msg::Claims {
            id: *id,
            result: Ok(list),
        },
    );
}

#[test]
fn claims_are_polled_every_ten_seconds_and_a_stale_read_is_dropped() {
    let mut a = app(Lang::Zh);
    let at = |s: i64| {
        now()
            .checked_add(jiff::SignedDuration::from_secs(s))
            .unwrap()
    };
    assert!(update(&mut a, Msg::Tick(at(5))).is_empty());
    let fx = update(&mut a, Msg::Tick(at(10)));
    let [Effect::LoadClaims { id }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let id = *id;
    assert!(
        update(&mut a, Msg::Tick(at(11))).is_empty(),
        "one read at a time"
    );
    update(
        &mut a,
        Msg::Claims {
            id: ReqId(id.0 + 50),
            result: Ok(vec![(SN1.into(), "bob".into())]),
        },
    );
    assert!(a.claims.user(SN1).is_none(), "stale");
    update(
        &mut a,
        Msg::Claims {
            id,
            result: Ok(vec![(SN1.into(), "bob".into())]),
        },
    );
    assert_eq!(a.claims.user(SN1), Some("bob"));
    // A failed read keeps what was known.
    let fx = update(&mut a, Msg::Tick(at(25)));
    let [Effect::LoadClaims { id }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    update(
        &mut a,
        Msg::Claims {
            id: *id,
            result: Err(StoreError::Busy("locked".into())),
        },
    );
    assert_eq!(a.claims.user(SN1), Some("bob"));
}

#[test]
fn the_ship_dialog_refuses_an_order_another_process_is_shipping() {
    let mut a = app(Lang::En);
    claims_of(&mut a, &[(SN1, "bob")]);
    press(&mut a, KeyCode::Char('s'));
    let Overlay::Ship(d) = &a.overlay else {
        panic!("no dialog")
    };
    assert_eq!(
        d.blocked,
        vec![(
            SN1.to_string(),
            crate::tui::dialog::ship::Why::InProgress("bob".into())
        )]
    );
    assert!(d.refused());
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    assert!(press(&mut a, KeyCode::Char('y')).is_empty());
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.overlay, Overlay::None));
}

#[test]
fn a_claim_that_appears_while_the_dialog_is_open_stops_the_send() {
    let mut a = app(Lang::En);
    press(&mut a, KeyCode::Char('s'));
    for c in "yto".chars() {
        press(&mut a, KeyCode::Char(c));
    }
    press(&mut a, KeyCode::Enter); // the courier
    for c in "YT9990001112223".chars() {
        press(&mut a, KeyCode::Char(c));
    }
    press(&mut a, KeyCode::Enter); // to the confirmation
    claims_of(&mut a, &[(SN1, "bob")]);
    assert!(press(&mut a, KeyCode::Char('y')).is_empty(), "nothing sent");
    let Overlay::Ship(d) = &a.overlay else {
        panic!("no dialog")
    };
    assert!(
        d.error
            .as_deref()
            .is_some_and(|e| e.contains("in progress by bob"))
    );
    // Once the other process is done (claim gone), the same dialog sends.
    claims_of(&mut a, &[]);
    press(&mut a, KeyCode::Enter);
    let fx = press(&mut a, KeyCode::Char('y'));
    assert!(matches!(&fx[..], [Effect::Ship { .. }]), "{fx:?}");
}
