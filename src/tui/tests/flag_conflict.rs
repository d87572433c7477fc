//! Flag keys over a flag that changed since the row was shown (a teammate, the merchant backend): the write
//! carries the flag seen at the key press, nothing is sent over another flag, and the operator sees both
//! and chooses: mine anyway (`y`) or theirs (`t`, Esc).

use super::screen;
use crate::domain::note::{Note, fingerprint};
use crate::domain::{Change, Flag, NoteRequest};
use crate::i18n::Lang;
use crate::ops::note::{Edit, FlagChange, Outcome, SeenFlag, TagEdit};
use crate::tui::app::{App, Level, Overlay};
use crate::tui::msg::{Effect, Msg, ReqId};
use crate::tui::testdata::{app, spend_held_key};
use crate::tui::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The first row of the test queue: red, an empty note.
const SN1: &str = "210318-001532562392201";
/// The second row: no flag, an empty note.
const SN2: &str = "210318-001532562392202";

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn writes(fx: &[Effect]) -> (ReqId, Vec<(String, Edit)>) {
    match fx {
        [Effect::WriteNotes { id, edits }] => (*id, edits.clone()),
        other => panic!("expected one note write, got {other:?}"),
    }
}

/// What the merchant backend holds now for SN1: blue, with a note written since.
fn blue_now() -> Note {
    Note {
        raw: "后台\n改成蓝色\x1b[31m".into(),
        tag: Some(Flag::Blue),
        tag_name: "蓝色".into(),
    }
}

/// What `ops::note::plan` says of a yellow asked over red seen, blue now.
fn yellow_over_blue() -> FlagChange {
    FlagChange {
        now: blue_now(),
        seen: SeenFlag {
            flag: Some(Flag::Red),
            name: String::new(),
        },
        asked: Some((Flag::Yellow, "黄色".into())),
        note_changed: true,
    }
}

fn noted(a: &mut App, id: ReqId, results: Vec<(String, Outcome)>) -> Vec<Effect> {
    let results = results.into_iter().map(|(sn, o)| (sn, Ok(o))).collect();
    update(a, Msg::Noted { id, results })
}

/// `2` on SN1 (red), answered by the gateway: blue since.
fn conflict(a: &mut App) -> ReqId {
    let (id, edits) = writes(&press(a, KeyCode::Char('2')));
    assert_eq!(edits.len(), 1);
    let fx = noted(
        a,
        id,
        vec![(
            SN1.into(),
            Outcome::FlagChanged(Box::new(yellow_over_blue())),
        )],
    );
    assert!(fx.is_empty(), "a conflict sends nothing: {fx:?}");
    id
}

#[test]
fn a_flag_key_carries_the_flag_and_note_of_the_row_at_the_key_press() {
    let mut a = app(Lang::En);
    let shown = a.order(SN1).unwrap().clone();
    assert_eq!(shown.remark_tag, Some(Flag::Red));
    let (id, edits) = writes(&press(&mut a, KeyCode::Char('2')));
    // A teammate's write arrives after the key press (team NOTIFY): the row shows it at once ...
    a.apply(
        SN1,
        &Change::Note {
            remark: "bob".into(),
            tag: Some(Flag::Blue),
            tag_name: "蓝色".into(),
        },
    );
    assert_eq!(a.order(SN1).unwrap().remark_tag, Some(Flag::Blue));
    // ... but the write in flight still compares with what the operator saw when they pressed the key.
    let edit = &edits[0].1;
    assert_eq!(edits[0].0, SN1);
    assert_eq!(edit.text, None, "the note is read fresh and sent back raw");
    assert_eq!(edit.tag, TagEdit::Colour(Some(Flag::Yellow)));
    assert_eq!(edit.seen, Some(shown.remark_fingerprint()));
    assert_eq!(edit.seen_flag, Some(SeenFlag::of(&shown)));
    // After the teammate's flag arrived, the next key press is taken over blue.
    let (_, again) = writes(&press(&mut a, KeyCode::Char('3')));
    assert_eq!(
        again[0].1.seen_flag.as_ref().and_then(|s| s.flag),
        Some(Flag::Blue)
    );
    assert!(a.pending.notes.contains(&id));
}

#[test]
fn a_changed_flag_is_shown_with_the_note_now_and_nothing_is_sent_until_the_operator_chooses() {
    let mut a = app(Lang::Zh);
    conflict(&mut a);
    let Overlay::FlagConflict(d) = &a.overlay else {
        panic!("no flag conflict dialog: {:?}", a.overlay)
    };
    assert_eq!(d.orders, vec![(SN1.to_string(), yellow_over_blue())]);
    assert_eq!(d.done, 0);
    // The queue shows what the gateway holds now; no toast says "flags updated".
    let row = a.order(SN1).unwrap();
    assert_eq!(row.remark_tag, Some(Flag::Blue));
    assert_eq!(row.remark_fingerprint(), fingerprint(&blue_now().raw));
    assert!(a.toasts.iter().all(|t| !t.text.contains("旗帜已更新")));
    // Wide characters are followed by their continuation cell: compared without spaces.
    let s = screen(&a).replace(' ', "");
    for want in [
        "旗帜已被改动",
        SN1,
        "你看到的红色→现在蓝色",
        "你要的黄色",
        "后台改成蓝色",
    ] {
        assert!(s.contains(want), "{want:?} in\n{s}");
    }
    assert!(!s.contains('\x1b'), "the note is drawn sanitized");
    // The dialog came by itself: the key the operator was already typing is dropped.
    spend_held_key(&mut a);
    // Enter and other keys do nothing: overwriting takes the explicit key.
    for k in [KeyCode::Enter, KeyCode::Char('2'), KeyCode::Char('x')] {
        assert!(press(&mut a, k).is_empty());
        assert!(matches!(a.overlay, Overlay::FlagConflict(_)));
    }
}

#[test]
fn y_applies_mine_over_the_flag_now_shown() {
    let mut a = app(Lang::En);
    conflict(&mut a);
    spend_held_key(&mut a);
    let (id, edits) = writes(&press(&mut a, KeyCode::Char('y')));
    assert!(matches!(a.overlay, Overlay::None));
    let now = blue_now();
    assert_eq!(
        edits,
        vec![(
            SN1.to_string(),
            Edit {
                text: None,
                tag: TagEdit::Colour(Some(Flag::Yellow)),
                seen: Some(fingerprint(&now.raw)),
                seen_flag: Some(SeenFlag::of_note(&now)),
            }
        )]
    );
    let sent = NoteRequest {
        order_sn: SN1.into(),
        note: now.raw.clone(),
        tag: Some((Flag::Yellow, "黄色".into())),
    };
    noted(&mut a, id, vec![(SN1.into(), Outcome::Send(sent))]);
    assert_eq!(a.order(SN1).unwrap().remark_tag, Some(Flag::Yellow));
    let t = a.toasts.last().unwrap();
    assert_eq!(
        (t.level, t.text.as_str()),
        (Level::Success, "flags updated (1)")
    );
}

#[test]
fn t_or_esc_keeps_theirs_and_sends_nothing() {
    for k in [KeyCode::Char('t'), KeyCode::Esc, KeyCode::Char('n')] {
        let mut a = app(Lang::En);
        conflict(&mut a);
        spend_held_key(&mut a);
        assert!(press(&mut a, k).is_empty(), "{k:?}");
        assert!(matches!(a.overlay, Overlay::None));
        assert!(a.pending.notes.is_empty());
        assert_eq!(a.order(SN1).unwrap().remark_tag, Some(Flag::Blue));
        let t = a.toasts.last().unwrap();
        assert_eq!(t.text, "kept the flags as they are now: nothing sent");
    }
}

#[test]
fn a_selection_flags_the_others_and_names_the_changed_ones() {
    let mut a = app(Lang::En);
    // Select the first two rows, then flag them yellow.
    press(&mut a, KeyCode::Char(' '));
    press(&mut a, KeyCode::Char(' '));
    let (id, edits) = writes(&press(&mut a, KeyCode::Char('2')));
    let targets: Vec<&str> = edits.iter().map(|(sn, _)| sn.as_str()).collect();
    assert_eq!(targets, [SN1, SN2]);
    let sent = NoteRequest {
        order_sn: SN2.into(),
        note: String::new(),
        tag: Some((Flag::Yellow, "黄色".into())),
    };
    noted(
        &mut a,
        id,
        vec![
            (
                SN1.into(),
                Outcome::FlagChanged(Box::new(yellow_over_blue())),
            ),
            (SN2.into(), Outcome::Send(sent)),
        ],
    );
    assert_eq!(a.order(SN2).unwrap().remark_tag, Some(Flag::Yellow));
    assert_eq!(a.order(SN1).unwrap().remark_tag, Some(Flag::Blue));
    let Overlay::FlagConflict(d) = &a.overlay else {
        panic!("{:?}", a.overlay)
    };
    assert_eq!((d.orders.len(), d.done), (1, 1));
    let s = screen(&a);
    assert!(
        s.contains("1 flag changed since you saw it: not sent (1 other done)"),
        "{s}"
    );
    // Retrying asks for the changed one only.
    spend_held_key(&mut a);
    let (_, retry) = writes(&press(&mut a, KeyCode::Char('y')));
    assert_eq!(retry.len(), 1);
    assert_eq!(retry[0].0, SN1);
}

#[test]
fn over_another_dialog_the_changed_flags_are_only_told() {
    let mut a = app(Lang::En);
    let (id, _) = writes(&press(&mut a, KeyCode::Char('2')));
    // The operator opened the note editor while the flag write was in flight.
    press(&mut a, KeyCode::Char('n'));
    assert!(matches!(a.overlay, Overlay::Note(_)));
    noted(
        &mut a,
        id,
        vec![(
            SN1.into(),
            Outcome::FlagChanged(Box::new(yellow_over_blue())),
        )],
    );
    assert!(matches!(a.overlay, Overlay::Note(_)), "the editor stays");
    let t = a.toasts.last().unwrap();
    assert_eq!(t.level, Level::Error);
    assert_eq!(
        t.text,
        format!("flag changed since you saw it, not sent: {SN1}")
    );
}

#[test]
fn the_dialogs_hint_follows_the_keymap() {
    let mut a = app(Lang::En);
    let user = r#"[note_conflict]
keymap = [
  { on = ["y", "Y"], run = "none" },
  { on = ["!"], run = "confirm" },
]
"#;
    let (km, warnings) = crate::tui::keys::keymap::load_text(Some((user, "keymap.toml")), Lang::En);
    assert!(warnings.is_empty(), "{warnings:?}");
    a.keymap = km;
    conflict(&mut a);
    let s = screen(&a);
    assert!(s.contains("! apply mine anyway"), "{s}");
    spend_held_key(&mut a);
    assert!(press(&mut a, KeyCode::Char('y')).is_empty());
    writes(&press(&mut a, KeyCode::Char('!')));
}

#[test]
fn the_editor_checks_a_new_flag_against_the_flag_it_showed_and_shows_both() {
    let mut a = app(Lang::Zh);
    let shown = a.order(SN1).unwrap().clone();
    press(&mut a, KeyCode::Char('n'));
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('2'));
    let (id, edits) = writes(&press(&mut a, KeyCode::Enter));
    assert_eq!(edits[0].1.seen_flag, Some(SeenFlag::of(&shown)));
    assert_eq!(edits[0].1.tag, TagEdit::Named(Flag::Yellow, "黄色".into()));
    // Blue since, the note unchanged: the editor shows the flags, its choice kept.
    let now = Note {
        raw: String::new(),
        ..blue_now()
    };
    let change = FlagChange {
        now: now.clone(),
        note_changed: false,
        ..yellow_over_blue()
    };
    noted(
        &mut a,
        id,
        vec![(SN1.into(), Outcome::FlagChanged(Box::new(change)))],
    );
    let Overlay::Note(ed) = &a.overlay else {
        panic!("{:?}", a.overlay)
    };
    assert_eq!(ed.conflict.as_deref(), Some(&now));
    assert_eq!(ed.flag, Some(Flag::Yellow));
    let s = screen(&a).replace(' ', "");
    for want in ["旗帜已被改动", "你看到的红色→现在蓝色", "你要的黄色"] {
        assert!(s.contains(want), "{want:?} in\n{s}");
    }
    // Sending mine now compares with blue, seen.
    spend_held_key(&mut a);
    let (_, edits) = writes(&press(&mut a, KeyCode::Char('y')));
    assert_eq!(edits[0].1.seen_flag, Some(SeenFlag::of_note(&now)));
    assert_eq!(edits[0].1.tag, TagEdit::Named(Flag::Yellow, "黄色".into()));
}
