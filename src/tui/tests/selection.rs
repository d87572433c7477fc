//! Selected orders hidden by the filter (issue 12): an action on the selection says what it acts on, instead of
//! acting on fewer orders, or none, without a word.

use crate::i18n::Lang;
use crate::tui::app::{App, Level, Overlay};
use crate::tui::msg::{Effect, Msg};
use crate::tui::testdata::app;
use crate::tui::update::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typed(a: &mut App, text: &str) {
    for c in text.chars() {
        press(a, KeyCode::Char(c));
    }
}

/// The first three rows selected (…201 earphones, …202 and …221 A4 paper), then the filter `word`.
fn three_selected_then_filtered(lang: Lang, word: &str) -> App {
    let mut a = app(lang);
    for _ in 0..3 {
        press(&mut a, KeyCode::Char(' '));
    }
    assert_eq!(a.queue.selected.len(), 3);
    press(&mut a, KeyCode::Char('/'));
    typed(&mut a, word);
    press(&mut a, KeyCode::Enter);
    a
}

fn last_toast(a: &App) -> (Level, String) {
    a.toasts
        .last()
        .map(|t| (t.level, t.text.clone()))
        .unwrap_or((Level::Info, String::new()))
}

#[test]
fn shipping_a_partly_hidden_selection_says_what_it_ships() {
    let mut a = three_selected_then_filtered(Lang::En, "A4");
    press(&mut a, KeyCode::Char('s'));
    let Overlay::Ship(d) = &a.overlay else {
        panic!("no ship dialog: {:?}", a.overlay);
    };
    assert_eq!(
        d.targets,
        vec!["210318-001532562392202", "210317-001532562392221"]
    );
    assert_eq!(
        last_toast(&a),
        (
            Level::Info,
            "3 selected, 1 hidden by the filter: acting on the 2 shown".to_string()
        )
    );
}

#[test]
fn flags_on_a_wholly_hidden_selection_say_nothing_was_done() {
    let mut a = three_selected_then_filtered(Lang::Zh, "210318-001532562392205");
    let fx = press(&mut a, KeyCode::Char('1'));
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(
        last_toast(&a),
        (
            Level::Error,
            "已选 3 单,全部被筛选隐藏:未处理任何订单;请清除筛选或选择".to_string()
        )
    );
}

#[test]
fn a_selection_all_in_view_is_acted_on_without_a_word() {
    let mut a = three_selected_then_filtered(Lang::En, "");
    let fx = press(&mut a, KeyCode::Char('1'));
    assert!(
        matches!(fx.as_slice(), [Effect::WriteNotes { edits, .. }] if edits.len() == 3),
        "{fx:?}"
    );
    assert!(a.toasts.is_empty(), "{:?}", a.toasts);
}
