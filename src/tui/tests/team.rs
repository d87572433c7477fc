//! Team mode's live updates in the workstation: another's claim shows at once, another's note or flag
//! is read from the team journal and applied (never an older one over a newer), an open editor keeps the
//! text being typed and still compares with the note it showed, and a reconnect reads again what passed.

use super::screen;
use crate::domain::Flag;
use crate::domain::note::fingerprint;
use crate::i18n::Lang;
use crate::store::team::listen::{Event, Notice, What};
use crate::store::{OpEntry, OpKind, ShipState};
use crate::tui::app::{App, Overlay};
use crate::tui::msg::{Effect, Msg};
use crate::tui::testdata::app;
use crate::tui::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The first row of the test queue (an empty note).
const SN1: &str = "210318-001532562392201";

fn notice(what: What, sn: &str, op_id: Option<i64>) -> Msg {
    Msg::Team(Event::Notice(Notice {
        what,
        order_sn: sn.into(),
        operator: "bob".into(),
        host: "host-b".into(),
        pid: 42,
        op_id,
        state: op_id.map(|_| ShipState::Done.code().into()),
        profile: op_id.map(|_| "kingdo".into()),
    }))
}

fn note_entry(id: i64, text: &str, tag: i64) -> OpEntry {
    OpEntry {
        id,
        at: 1_700_000_000,
        user: "bob".into(),
        profile: "kingdo".into(),
        kind: OpKind::Note,
        order_sn: SN1.into(),
        logistics_id: None,
        number: None,
        params: serde_json::json!({ "note": text, "tag": tag, "tag_name": "" }),
        state: ShipState::Done,
        error: None,
        result: None,
        outcome_at: Some(1_700_000_001),
    }
}

/// The note notice of entry `entry.id` heard, and its read answered with `entries`.
fn heard_note(a: &mut App, id: i64, entries: Vec<OpEntry>) {
    let fx = update(a, notice(What::Note, SN1, Some(id)));
    assert_eq!(
        fx,
        vec![Effect::ReadTeamOps {
            order_sn: Some(SN1.into()),
            since: None
        }]
    );
    assert!(
        update(
            a,
            Msg::TeamOps {
                result: Ok(entries)
            }
        )
        .is_empty()
    );
}

#[test]
fn another_workstations_claim_shows_at_once_and_its_release_clears_it() {
    let mut a = app(Lang::En);
    a.size = (120, 30);
    assert!(update(&mut a, notice(What::Claim, SN1, None)).is_empty());
    assert_eq!(a.claims.user(SN1), Some("bob"));
    assert!(screen(&a).contains("in progress by bob"), "{}", screen(&a));
    update(&mut a, notice(What::Release, SN1, None));
    assert_eq!(a.claims.user(SN1), None);
    assert!(!screen(&a).contains("in progress by bob"));
}

#[test]
fn another_workstations_note_and_flag_are_applied_never_an_older_over_a_newer() {
    let mut a = app(Lang::En);
    heard_note(
        &mut a,
        8,
        vec![note_entry(7, "older", 2), note_entry(8, "急件", 1)],
    );
    let row = a.order(SN1).unwrap();
    assert_eq!(
        (row.remark.as_str(), row.remark_tag),
        ("急件", Some(Flag::Red))
    );
    assert_eq!(
        a.details.get(SN1).map(|o| o.remark.as_str()),
        Some("急件"),
        "the whole order too"
    );
    // A late answer for the older write changes nothing.
    heard_note(&mut a, 7, vec![note_entry(7, "older", 2)]);
    assert_eq!(a.order(SN1).unwrap().remark, "急件");
    // Another shop's work, a failed write, an order not in the queue: nothing read.
    let mut other = Notice::parse(&format!(
        r#"{{"kind":"note","order_sn":"{SN1}","operator":"c","host":"h","pid":1,"op_id":9,"state":"done","profile":"elsewhere"}}"#
    ))
    .unwrap();
    assert!(update(&mut a, Msg::Team(Event::Notice(other.clone()))).is_empty());
    other.profile = Some("kingdo".into());
    other.state = Some("failed".into());
    assert!(update(&mut a, Msg::Team(Event::Notice(other.clone()))).is_empty());
    other.state = Some(ShipState::Done.code().into());
    other.order_sn = "not-here".into();
    assert!(update(&mut a, Msg::Team(Event::Notice(other))).is_empty());
}

#[test]
fn an_open_editor_keeps_its_text_is_told_and_its_save_compares_with_the_note_it_showed() {
    let mut a = app(Lang::En);
    let shown = a.order(SN1).unwrap().remark.clone();
    update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE)),
    );
    for c in "mine".chars() {
        update(
            &mut a,
            Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
    heard_note(&mut a, 3, vec![note_entry(3, "bob's note", 0)]);
    assert_eq!(a.order(SN1).unwrap().remark, "bob's note");
    let toast = &a.toasts.last().unwrap().text;
    assert!(toast.contains("bob just changed its note"), "{toast}");
    let fx = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    match fx.as_slice() {
        [Effect::WriteNotes { edits, .. }] => {
            let edit = &edits[0].1;
            assert_eq!(edit.text.as_deref(), Some("mine"));
            // The save is checked against the note the operator was shown: the gateway now holds bob's,
            // so `ops::note` stops it as a conflict and the editor shows both (tests/team_notes.rs).
            assert_eq!(edit.seen, Some(fingerprint(&shown)));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(a.overlay, Overlay::Note(_)));
}

#[test]
fn after_a_lost_connection_the_claims_and_the_journal_since_are_read_again() {
    let mut a = app(Lang::En);
    assert!(update(&mut a, Msg::Team(Event::Listening { lost_since: None })).is_empty());
    assert!(a.team.live);
    update(&mut a, Msg::Team(Event::Lost("gone".into())));
    assert!(!a.team.live);
    let fx = update(
        &mut a,
        Msg::Team(Event::Listening {
            lost_since: Some(1_700_000_000),
        }),
    );
    assert!(
        matches!(fx.as_slice(), [Effect::LoadClaims { .. }, Effect::ReadTeamOps { order_sn: None, since: Some(s) }] if *s < 1_700_000_000)
    );
}

/// The flag of a note write the key press `c` makes.
fn flag_key_seen(a: &mut App, c: char) -> Option<Flag> {
    let fx = update(
        a,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
    match fx.as_slice() {
        [Effect::WriteNotes { edits, .. }] => {
            assert_eq!(edits[0].0, SN1);
            edits[0].1.seen_flag.as_ref().and_then(|s| s.flag)
        }
        other => panic!("expected one note write, got {other:?}"),
    }
}

#[test]
fn a_flag_key_just_after_a_teammates_flag_arrived_is_taken_over_the_flag_shown_before() {
    let mut a = app(Lang::En);
    assert_eq!(a.order(SN1).unwrap().remark_tag, Some(Flag::Red));
    // Bob's blue arrives; the operator's `3` was typed before the row was drawn blue, or within a reaction
    // to it: it is taken over red, so the write stops and shows red / blue / green instead of
    // overwriting bob's blue unseen.
    heard_note(
        &mut a,
        8,
        vec![note_entry(8, "", i64::from(Flag::Blue.code()))],
    );
    assert_eq!(a.order(SN1).unwrap().remark_tag, Some(Flag::Blue));
    assert_eq!(flag_key_seen(&mut a, '3'), Some(Flag::Red));
    let half = a.now + crate::tui::flag_seen::REACT / 2;
    update(&mut a, Msg::Tick(half));
    assert_eq!(flag_key_seen(&mut a, '3'), Some(Flag::Red));
    // Once blue has been on screen longer than a reaction, a key is meant for blue.
    let later = a.now + crate::tui::flag_seen::REACT;
    update(&mut a, Msg::Tick(later));
    assert_eq!(flag_key_seen(&mut a, '3'), Some(Flag::Blue));
    assert!(a.flag_seen.is_empty());
}
