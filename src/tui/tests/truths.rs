//! Small truths of the workstation (issue 12): a shipped order has no countdown, the detail stops at its
//! last line, the copy toast follows the result.

use super::screen;
use crate::i18n::Lang;
use crate::tui::app::{App, Screen};
use crate::tui::msg::{Effect, Msg};
use crate::tui::term::clipboard::{Copied, CopyError};
use crate::tui::testdata::{self, app};
use crate::tui::update::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

#[test]
fn a_shipped_order_never_shows_an_overdue_countdown() {
    let mut a = app(Lang::En);
    a.size = (120, 40);
    // Seed order 1 is overdue by two hours; shipped, it keeps its deadline but loses the countdown.
    let mut os = testdata::orders();
    os[1].order_status = 2;
    let sn = os[1].order_sn.clone();
    testdata::load(&mut a, os);
    a.queue.show_shipped = true;
    let queue = screen(&a);
    let row = queue.lines().find(|l| l.contains(&sn)).unwrap_or_default();
    assert!(!row.contains("-2h00m"), "{queue}");
    a.screen = Screen::Detail {
        order_sn: sn,
        scroll: 0,
    };
    let detail = screen(&a);
    assert!(!detail.contains("-2h00m"), "{detail}");
}

#[test]
fn the_detail_stops_at_its_last_line() {
    let mut a = app(Lang::Zh);
    a.size = (80, 24);
    press(&mut a, KeyCode::Enter);
    let max = match &a.screen {
        Screen::Detail { order_sn, .. } => crate::tui::view::detail::max_scroll(&a, order_sn),
        s => panic!("{s:?}"),
    };
    for _ in 0..100 {
        press(&mut a, KeyCode::Char('j'));
    }
    assert!(matches!(a.screen, Screen::Detail { scroll, .. } if scroll == max));
    // One key up moves at once: nothing was scrolled past the end.
    press(&mut a, KeyCode::Char('k'));
    assert!(matches!(a.screen, Screen::Detail { scroll, .. } if scroll + 1 == max || max == 0));
    // The last screen still shows text at its bottom (the last line), not blank rows.
    let screen = screen(&a);
    assert!(
        !screen
            .lines()
            .nth(usize::from(a.size.1) - 3)
            .unwrap_or("")
            .trim()
            .is_empty()
            || max == 0
    );
}

#[test]
fn the_copy_toast_follows_the_result() {
    let mut a = app(Lang::Zh);
    let fx = press(&mut a, KeyCode::Char('y'));
    assert!(a.toasts.is_empty(), "nothing is said before the result");
    let sn = match &fx[..] {
        [Effect::Copy(sn)] => sn.clone(),
        fx => panic!("{fx:?}"),
    };
    update(
        &mut a,
        Msg::Copied {
            text: sn.clone(),
            result: Ok(Copied::TmuxBuffer),
        },
    );
    let t = &a.toasts.last().map(|t| t.text.clone()).unwrap_or_default();
    assert!(t.contains("tmux") && t.contains(&sn), "{t}");
    update(
        &mut a,
        Msg::Copied {
            text: sn.clone(),
            result: Err(CopyError::Tmux("no server running".into())),
        },
    );
    let t = &a.toasts.last().map(|t| t.text.clone()).unwrap_or_default();
    assert!(
        t.contains("未能复制") && t.contains("no server running"),
        "{t}"
    );
}

fn ship_dialog(a: &App) -> &crate::tui::dialog::ship::ShipDialog {
    match &a.overlay {
        crate::tui::app::Overlay::Ship(d) => d,
        o => panic!("{o:?}"),
    }
}

fn typ(a: &mut App, text: &str) {
    for c in text.chars() {
        press(a, KeyCode::Char(c));
    }
}

#[test]
fn tab_picks_the_only_courier_the_filter_leaves() {
    use crate::tui::dialog::ship::Field;
    let mut a = app(Lang::Zh);
    press(&mut a, KeyCode::Char('s'));
    let before = ship_dialog(&a).courier;
    // Several couriers match: Tab only moves on.
    typ(&mut a, "快递");
    assert!(
        crate::tui::dialog::ship::matching(&a.couriers, "快递").len() > 1,
        "the reference list has several 快递"
    );
    press(&mut a, KeyCode::Tab);
    assert_eq!(ship_dialog(&a).courier, before);
    press(&mut a, KeyCode::BackTab);
    assert_eq!(ship_dialog(&a).field, Field::Courier);
    // Only one is left: Tab takes it and goes to the number.
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Backspace);
    typ(&mut a, "yto");
    assert_eq!(
        crate::tui::dialog::ship::matching(&a.couriers, "yto").len(),
        1
    );
    press(&mut a, KeyCode::Tab);
    assert_eq!(ship_dialog(&a).courier, Some(85));
    assert_eq!(ship_dialog(&a).field, Field::Number(0));
}
