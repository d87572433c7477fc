//! Flows of issue 4, 5 and 12 through `update`: the journal screen (`J`: what needs the operator first, then
//! the history newest first, counter, `/` filters, `r` reconciles, Enter opens the order and Back returns),
//! and read-only mode refusing changes with a reason.

use super::claims;
use crate::i18n::Lang;
use crate::store::StoreError;
use crate::tui::app::{App, Overlay, Screen};
use crate::tui::attention::{JournalRow, RowState};
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
            result: Ok(rows().into()),
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
            result: Ok(Vec::new().into()),
        },
    );
    assert_eq!(a.journal.rows.len(), 3, "stale read ignored");
    let mut fewer = rows();
    fewer.pop();
    update(
        &mut a,
        Msg::JournalLoaded {
            id,
            result: Ok(fewer.into()),
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

/// Opens the journal screen with a history of `n` items besides `rows()`.
fn open_history(a: &mut App, n: usize) {
    let fx = press(a, KeyCode::Char('J'));
    let id = load_id(&fx);
    update(
        a,
        Msg::JournalLoaded {
            id,
            result: Ok(crate::tui::testdata::journal_history(n)),
        },
    );
}

fn typed(a: &mut App, text: &str) {
    for c in text.chars() {
        press(a, KeyCode::Char(c));
    }
}

#[test]
fn the_history_lists_what_needs_the_operator_first_then_newest_first() {
    let mut a = app(Lang::En);
    // The store hands it in any order: the screen puts open items first, then the newest.
    let mut page = crate::tui::testdata::journal_history(40);
    page.rows.reverse();
    let fx = press(&mut a, KeyCode::Char('J'));
    update(
        &mut a,
        Msg::JournalLoaded {
            id: load_id(&fx),
            result: Ok(page),
        },
    );
    assert_eq!(a.journal.rows.len(), 43);
    assert_eq!(a.journal.attention(), 3, "only open items are counted");
    let open: Vec<bool> = a.journal.visible().map(|r| r.open).collect();
    assert!(open[..3].iter().all(|&o| o) && open[3..].iter().all(|&o| !o));
    let times: Vec<i64> = a.journal.visible().skip(3).map(|r| r.at).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert!(
        a.journal
            .visible()
            .any(|r| r.state == RowState::Done && r.user == "王小明")
    );
    // Page keys move by a screen, and stop at the ends.
    press(&mut a, KeyCode::PageDown);
    assert!(a.journal.cursor > 5);
    press(&mut a, KeyCode::Char('G'));
    assert_eq!(a.journal.cursor, 42);
    press(&mut a, KeyCode::PageDown);
    assert_eq!(a.journal.cursor, 42);
    press(&mut a, KeyCode::PageUp);
    assert!(a.journal.cursor < 42);
}

#[test]
fn slash_filters_the_journal_by_operator_kind_outcome_and_order() {
    let mut a = app(Lang::Zh);
    open_history(&mut a, 40);
    press(&mut a, KeyCode::Char('/'));
    assert!(matches!(a.overlay, Overlay::Filter));
    typed(&mut a, "alice 失败");
    assert_eq!(a.journal.filter.value(), "alice 失败");
    assert_eq!(
        a.queue.filter.value(),
        "",
        "the queue's filter is not touched"
    );
    let shown: Vec<&JournalRow> = a.journal.visible().collect();
    assert!(!shown.is_empty());
    assert!(
        shown
            .iter()
            .all(|r| r.user == "alice" && r.state == RowState::Failed)
    );
    press(&mut a, KeyCode::Enter);
    assert!(matches!(a.overlay, Overlay::None));
    // Enter opens the highlighted (filtered) item's order; Back returns to the filtered journal.
    let sn = a.journal.current().unwrap().order_sn.clone();
    let fx = press(&mut a, KeyCode::Enter);
    assert!(matches!(&fx[..], [Effect::FetchDetail { order_sn, .. }] if *order_sn == sn));
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screen, Screen::Journal);
    assert_eq!(a.journal.filter.value(), "alice 失败");
    // Esc clears a filter in force first, then leaves.
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.journal.filter.value(), "");
    assert_eq!(a.journal.shown.len(), 43);
    assert_eq!(a.screen, Screen::Journal);

    // English words, the journal's codes, kinds and part of an order number find the same things.
    for (words, want) in [
        ("failed", 4),
        ("fail", 4),
        ("ok", 36),
        ("pending", 1),
        ("结果未知", 1),
        ("conflict", 1),
        ("note", 8),
        ("备注", 8),
        ("waybill", 8),
        ("90007", 1),
        ("王小明 note", 3),
    ] {
        press(&mut a, KeyCode::Char('/'));
        typed(&mut a, words);
        assert_eq!(a.journal.shown.len(), want, "{words}");
        // Esc while typing clears it.
        press(&mut a, KeyCode::Esc);
        assert_eq!(a.journal.shown.len(), 43);
    }
    press(&mut a, KeyCode::Char('/'));
    typed(&mut a, "nobody");
    assert!(a.journal.current().is_none());
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    assert!(press(&mut a, KeyCode::Enter).is_empty(), "nothing to open");
    // A paste is typed into the journal's filter.
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('/'));
    update(&mut a, Msg::Paste("王小明".into()));
    assert_eq!(a.journal.filter.value(), "王小明");
    assert!(a.journal.visible().all(|r| r.user == "王小明"));
}

#[test]
fn a_new_read_keeps_the_cursor_on_its_item_and_the_filter() {
    let mut a = app(Lang::En);
    open_history(&mut a, 40);
    press(&mut a, KeyCode::Char('/'));
    typed(&mut a, "failed");
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Char('j'));
    let id = a.journal.current().unwrap().id;
    // A shipment done meanwhile: the journal is read again, with one more item on top.
    let mut page = crate::tui::testdata::journal_history(40);
    let mut new = page.rows[5].clone();
    new.id = 5000;
    new.at += 10_000;
    page.rows.push(new);
    let fx = crate::tui::update::fetch::journal(&mut a);
    update(
        &mut a,
        Msg::JournalLoaded {
            id: load_id(&fx),
            result: Ok(page),
        },
    );
    assert_eq!(a.journal.current().unwrap().id, id);
    assert_eq!(a.journal.filter.value(), "failed");
    assert_eq!(a.journal.shown.len(), 4);
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
    claims(&mut a, &[(SN1, "bob")]);
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
    claims(&mut a, &[(SN1, "bob")]);
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
    claims(&mut a, &[]);
    press(&mut a, KeyCode::Enter);
    let fx = press(&mut a, KeyCode::Char('y'));
    assert!(matches!(&fx[..], [Effect::Ship { .. }]), "{fx:?}");
}
