//! Each input context reads its own keymap section: a user's rebind in `[filter]`, `[confirm]`, `[note]`'s
//! flag row, `[help]` and `[import]` changes what that context does, and nothing else's keys leak in.

use crate::i18n::Lang;
use crate::tui::app::{App, Overlay};
use crate::tui::dialog::import::Stage;
use crate::tui::dialog::note::NoteField;
use crate::tui::keys::keymap::load_text;
use crate::tui::msg::{Effect, Msg, ReqId};
use crate::tui::testdata::app;
use crate::tui::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// The test workstation with `user` layered over the default keymap.
fn with_keymap(user: &str) -> App {
    let mut a = app(Lang::En);
    let (km, warnings) = load_text(Some((user, "user.toml")), Lang::En);
    assert!(warnings.is_empty(), "{warnings:?}");
    a.keymap = km;
    a
}

#[test]
fn the_filter_reads_filter() {
    let mut a = with_keymap(
        "[filter]\nkeymap = [ { on = [\"<Esc>\"], run = \"none\" }, { on = [\"<F5>\"], run = \"back\" } ]\n",
    );
    press(&mut a, KeyCode::Char('/'));
    press(&mut a, KeyCode::Char('q'));
    assert_eq!(a.queue.filter.value(), "q", "a character is text, not quit");
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.overlay, Overlay::Filter), "Esc is unbound here");
    press(&mut a, KeyCode::F(5));
    assert!(matches!(a.overlay, Overlay::None));
    assert_eq!(a.queue.filter.value(), "");
}

#[test]
fn the_quit_question_reads_confirm() {
    let mut a = with_keymap(
        "[confirm]\nkeymap = [ { on = [\"y\", \"Y\"], run = \"none\" }, { on = [\"x\"], run = \"confirm\" } ]\n",
    );
    a.pending.ships.insert(ReqId(99));
    press(&mut a, KeyCode::Char('q'));
    assert!(a.asking_quit());
    // `y` of `[ship]` and `[import]` is no answer here any more.
    press(&mut a, KeyCode::Char('y'));
    assert!(!a.asking_quit() && !a.quit);
    press(&mut a, KeyCode::Char('q'));
    press(&mut a, KeyCode::Char('x'));
    assert!(a.quit);
}

#[test]
fn the_flag_row_reads_note() {
    let mut a = with_keymap(
        "[note]\nkeymap = [ { on = [\"1\"], run = \"none\" }, { on = [\"r\"], run = \"flag_red\" }, \
         { on = [\"<Right>\", \"l\"], run = \"none\" }, { on = [\"<F6>\"], run = \"flag_next\" } ]\n",
    );
    press(&mut a, KeyCode::Char('n'));
    press(&mut a, KeyCode::Tab);
    let flag = |a: &App| match &a.overlay {
        Overlay::Note(ed) => {
            assert_eq!(ed.field, NoteField::Flag);
            ed.flag.map(|f| f.code())
        }
        other => panic!("no note editor: {other:?}"),
    };
    press(&mut a, KeyCode::Char('2'));
    assert_eq!(flag(&a), Some(2));
    press(&mut a, KeyCode::Char('1'));
    assert_eq!(flag(&a), Some(2), "1 is unbound in [note]");
    press(&mut a, KeyCode::Char('r'));
    assert_eq!(flag(&a), Some(1));
    press(&mut a, KeyCode::Right);
    press(&mut a, KeyCode::Char('l'));
    assert_eq!(flag(&a), Some(1), "→ and l are unbound");
    press(&mut a, KeyCode::F(6));
    assert_eq!(flag(&a), Some(2));
    press(&mut a, KeyCode::Left);
    assert_eq!(flag(&a), Some(1));
}

#[test]
fn help_reads_help() {
    let mut a = with_keymap(
        "[help]\nkeymap = [ { on = [\"j\"], run = \"none\" }, { on = [\"x\"], run = \"move_down\" } ]\n",
    );
    press(&mut a, KeyCode::Char('?'));
    let scroll = |a: &App| match &a.overlay {
        Overlay::Help { help, .. } => help.scroll,
        other => panic!("no help: {other:?}"),
    };
    press(&mut a, KeyCode::Char('j'));
    assert_eq!(scroll(&a), 0, "j is unbound in [help]");
    press(&mut a, KeyCode::Char('x'));
    press(&mut a, KeyCode::Down);
    assert_eq!(scroll(&a), 2);
    press(&mut a, KeyCode::Char('q'));
    assert!(matches!(a.overlay, Overlay::None));
}

#[test]
fn the_import_review_scrolls_with_import_keys() {
    let mut a = app(Lang::En);
    press(&mut a, KeyCode::Char('I'));
    let Overlay::Import(d) = &mut a.overlay else {
        panic!("no import dialog: {:?}", a.overlay);
    };
    d.stage = Stage::Review { confirm: false };
    let scroll = |a: &App| match &a.overlay {
        Overlay::Import(d) => d.scroll,
        other => panic!("no import dialog: {other:?}"),
    };
    // `j`/`k` as the hint says (they were `[ship]`'s keys before, where `j` is unbound).
    press(&mut a, KeyCode::Char('j'));
    press(&mut a, KeyCode::Down);
    assert_eq!(scroll(&a), 2);
    press(&mut a, KeyCode::Char('k'));
    assert_eq!(scroll(&a), 1);
}
