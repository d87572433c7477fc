//! The note editor and flag keys over a note that may have changed in the gateway: nothing unchanged is
//! sent, an untouched text keeps the raw note, and a conflict holds everything until the operator chooses.

use crate::domain::note::{Note, fingerprint};
use crate::domain::{Flag, NoteRequest};
use crate::i18n::Lang;
use crate::ops::note::{Edit, Outcome, TagEdit};
use crate::tui::app::{App, Overlay};
use crate::tui::dialog::note::NoteEditor;
use crate::tui::msg::{Effect, Msg, ReqId};
use crate::tui::testdata::app;
use crate::tui::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;

/// The first row of the test queue (an empty note).
const SN1: &str = "210318-001532562392201";

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typ(a: &mut App, text: &str) {
    for c in text.chars() {
        assert!(press(a, KeyCode::Char(c)).is_empty());
    }
}

fn editor(a: &App) -> &NoteEditor {
    match &a.overlay {
        Overlay::Note(ed) => ed,
        other => panic!("no note editor: {other:?}"),
    }
}

fn write(fx: &[Effect]) -> (ReqId, Edit) {
    match fx {
        [Effect::WriteNotes { id, edits }] if edits.len() == 1 && edits[0].0 == SN1 => {
            (*id, edits[0].1.clone())
        }
        other => panic!("expected one note write, got {other:?}"),
    }
}

fn theirs() -> Note {
    Note {
        raw: "后台\n写的\t备注\x1b[31m".into(),
        tag: Some(Flag::Blue),
        tag_name: "蓝色".into(),
    }
}

fn conflict(a: &mut App, id: ReqId) {
    let fx = update(
        a,
        Msg::Noted {
            id,
            results: vec![(SN1.into(), Ok(Outcome::Conflict(theirs())))],
        },
    );
    assert!(fx.is_empty(), "a conflict sends nothing: {fx:?}");
    // The view changed by itself: the key the operator was already typing is dropped, not taken as a choice.
    assert!(a.hold_next_key);
    assert!(press(a, KeyCode::Char('y')).is_empty());
    assert!(matches!(&a.overlay, Overlay::Note(ed) if ed.conflict.is_some()));
}

#[test]
fn saving_an_unchanged_note_sends_nothing() {
    for lang in [Lang::Zh, Lang::En] {
        let mut a = app(lang);
        press(&mut a, KeyCode::Char('n'));
        assert!(press(&mut a, KeyCode::Enter).is_empty());
        assert!(matches!(a.overlay, Overlay::None));
        assert!(a.pending.notes.is_empty());
        let toast = &a.toasts.last().unwrap().text;
        assert!(
            toast.contains("未发送") || toast.contains("nothing sent"),
            "{toast}"
        );
    }
}

#[test]
fn an_untouched_text_keeps_the_gateways_note() {
    let mut a = app(Lang::En);
    press(&mut a, KeyCode::Char('n'));
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('4'));
    let (_, edit) = write(&press(&mut a, KeyCode::Enter));
    assert_eq!(
        edit.text, None,
        "the display copy is never sent as the note"
    );
    assert_eq!(edit.tag, TagEdit::Named(Flag::Blue, "蓝色".into()));
    assert!(matches!(&a.overlay, Overlay::Note(ed) if ed.sending.is_some()));
}

#[test]
fn a_changed_note_is_shown_beside_the_operators_until_they_choose() {
    let mut a = app(Lang::Zh);
    let seen = a.order(SN1).unwrap().remark_fingerprint();
    press(&mut a, KeyCode::Char('n'));
    typ(&mut a, "我的备注");
    let (id, edit) = write(&press(&mut a, KeyCode::Enter));
    assert_eq!(edit.seen, Some(seen));
    conflict(&mut a, id);
    let ed = editor(&a);
    assert_eq!(ed.conflict.as_deref(), Some(&theirs()));
    assert_eq!(ed.text.value(), "我的备注");
    // The queue now shows the gateway's note (display copy); the dialog is still open.
    assert_eq!(a.order(SN1).unwrap().remark, "后台 写的 备注\u{241b}[31m");
    // Other keys do nothing; Esc goes back to editing with the text kept.
    for k in [KeyCode::Char('x'), KeyCode::Char('3'), KeyCode::Tab] {
        assert!(press(&mut a, k).is_empty());
    }
    assert!(update(&mut a, Msg::Paste("粘贴".into())).is_empty());
    assert!(editor(&a).conflict.is_some());
    assert_eq!(
        editor(&a).text.value(),
        "我的备注",
        "a paste under the conflict view is dropped"
    );
    assert!(press(&mut a, KeyCode::Esc).is_empty());
    let ed = editor(&a);
    assert!(ed.conflict.is_none() && !ed.asking_discard);
    assert_eq!(ed.text.value(), "我的备注");
    // Saving again sends theirs-seen: their text over the note they have now seen.
    let (_, edit) = write(&press(&mut a, KeyCode::Enter));
    assert_eq!(edit.text.as_deref(), Some("我的备注"));
    assert_eq!(edit.seen, Some(fingerprint(&theirs().raw)));
}

#[test]
fn the_operator_sends_theirs_or_takes_the_gateways() {
    let mut a = app(Lang::En);
    press(&mut a, KeyCode::Char('n'));
    typ(&mut a, "mine");
    let (id, _) = write(&press(&mut a, KeyCode::Enter));
    conflict(&mut a, id);
    let (id2, edit) = write(&press(&mut a, KeyCode::Char('y')));
    assert!(id2 > id);
    assert_eq!(edit.text.as_deref(), Some("mine"));
    assert_eq!(edit.seen, Some(fingerprint(&theirs().raw)));
    conflict(&mut a, id2);
    // `t`: the gateway's note goes into the editor and, untouched, is sent raw with the flag chosen.
    assert!(press(&mut a, KeyCode::Char('t')).is_empty());
    let ed = editor(&a);
    assert_eq!(ed.text.value(), "后台 写的 备注\u{241b}[31m");
    assert_eq!(
        ed.flag,
        Some(Flag::Blue),
        "the gateway's flag comes with its note"
    );
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('1'));
    let (id3, edit) = write(&press(&mut a, KeyCode::Enter));
    assert_eq!(edit.text, None);
    let sent = NoteRequest {
        order_sn: SN1.into(),
        note: theirs().raw,
        tag: Some((Flag::Red, "红色".into())),
    };
    update(
        &mut a,
        Msg::Noted {
            id: id3,
            results: vec![(SN1.into(), Ok(Outcome::Send(sent)))],
        },
    );
    assert!(matches!(a.overlay, Overlay::None));
    assert_eq!(a.order(SN1).unwrap().remark_tag, Some(Flag::Red));
    assert_eq!(
        a.order(SN1).unwrap().remark_fingerprint(),
        fingerprint(&theirs().raw)
    );
}

#[test]
fn a_flag_over_a_changed_note_refreshes_the_queues_copy() {
    let mut a = app(Lang::Zh);
    let fx = press(&mut a, KeyCode::Char('2'));
    let id = match fx.as_slice() {
        [Effect::WriteNotes { id, edits }] => {
            let shown = a.order(SN1).unwrap();
            assert_eq!(
                edits,
                &[(
                    SN1.to_string(),
                    Edit::flag_over_row(Some(Flag::Yellow), shown)
                )]
            );
            *id
        }
        other => panic!("{other:?}"),
    };
    let n = theirs();
    update(
        &mut a,
        Msg::Noted {
            id,
            results: vec![(SN1.into(), Ok(Outcome::Unchanged(n.clone())))],
        },
    );
    let row = a.order(SN1).unwrap();
    assert_eq!(row.remark, n.display());
    assert_eq!(row.remark_tag, Some(Flag::Blue));
}

#[test]
fn the_flag_rows_keys_act_on_the_flag_row_only() {
    let mut a = app(Lang::En);
    press(&mut a, KeyCode::Char('n'));
    // On the text, `h`, `l` and digits are typed, and the arrows move the cursor.
    typ(&mut a, "hl2");
    press(&mut a, KeyCode::Left);
    typ(&mut a, "x");
    assert_eq!(editor(&a).text.value(), "hlx2");
    assert_eq!(editor(&a).flag, a.order(SN1).unwrap().remark_tag);
    // On the flag row: a digit picks a colour, → / `l` the next one, ← / `h` the one before.
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('2'));
    assert_eq!(editor(&a).flag, Some(Flag::Yellow));
    press(&mut a, KeyCode::Right);
    assert_eq!(editor(&a).flag, Some(Flag::Green));
    press(&mut a, KeyCode::Char('l'));
    assert_eq!(editor(&a).flag, Some(Flag::Blue));
    press(&mut a, KeyCode::Char('h'));
    press(&mut a, KeyCode::Left);
    assert_eq!(editor(&a).flag, Some(Flag::Yellow));
    press(&mut a, KeyCode::Char('0'));
    assert_eq!(editor(&a).flag, None);
    press(&mut a, KeyCode::Left);
    assert_eq!(editor(&a).flag, Some(Flag::Purple));
    assert_eq!(editor(&a).text.value(), "hlx2");
}

#[test]
fn the_flag_rows_keys_follow_the_note_keymap() {
    let mut a = app(Lang::En);
    let user = r#"[note]
keymap = [
  { on = ["]"], run = "flag_next" },
  { on = ["l", "3"], run = "none" },
]
"#;
    let (km, warnings) = crate::tui::keys::keymap::load_text(Some((user, "keymap.toml")), Lang::En);
    assert!(warnings.is_empty(), "{warnings:?}");
    a.keymap = km;
    press(&mut a, KeyCode::Char('n'));
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Char('1'));
    assert_eq!(editor(&a).flag, Some(Flag::Red));
    // Unbound: nothing happens.
    press(&mut a, KeyCode::Char('l'));
    press(&mut a, KeyCode::Char('3'));
    assert_eq!(editor(&a).flag, Some(Flag::Red));
    press(&mut a, KeyCode::Char(']'));
    assert_eq!(editor(&a).flag, Some(Flag::Yellow));
    // On the text the new key is typed.
    press(&mut a, KeyCode::BackTab);
    typ(&mut a, "]");
    assert_eq!(editor(&a).text.value(), "]");
}

proptest! {
    /// Whatever is typed (or left), a save either sends nothing (unchanged) or carries exactly the typed
    /// text, and an untouched text is never sent as text (the raw note is kept).
    #[test]
    fn a_save_carries_the_typed_text_or_nothing(typed in "[a-z备注 ]{0,12}", flag in 0u8..7) {
        let mut a = app(Lang::En);
        press(&mut a, KeyCode::Char('n'));
        for c in typed.chars() {
            press(&mut a, KeyCode::Char(c));
        }
        if flag < 6 {
            press(&mut a, KeyCode::Tab);
            press(&mut a, KeyCode::Char(char::from(b'0' + flag)));
        }
        let fx = press(&mut a, KeyCode::Enter);
        let changed_flag = flag < 6 && Flag::from_code(i64::from(flag)) != a.order(SN1).unwrap().remark_tag;
        if typed.is_empty() && !changed_flag {
            prop_assert!(fx.is_empty());
            prop_assert!(matches!(a.overlay, Overlay::None));
        } else {
            let (_, edit) = write(&fx);
            prop_assert_eq!(edit.text, (!typed.is_empty()).then_some(typed));
        }
    }
}
