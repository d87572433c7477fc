//! Issue 12, merge groups on screen: the queue's group mark (`[合1]` / `[grp1]`) and the ship dialog of a
//! group with one number for its parcel, rendered to a `TestBackend` at 80×24 and 120×40, Chinese and
//! English, without colour.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use pddtui::i18n::Lang;
use pddtui::tui::msg::{Effect, Msg};
use pddtui::tui::{App, testdata, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(f, app)).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(cell.symbol());
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn keys(a: &mut App, s: &str) -> Vec<Effect> {
    s.chars()
        .flat_map(|c| {
            update(
                a,
                Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
            )
        })
        .collect()
}

fn key(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// The test orders with one merge group (three orders of one address), no colour.
fn snap(name: &str, scene: impl Fn(&mut App)) {
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut a = testdata::app(lang);
            testdata::load(&mut a, testdata::grouped());
            a.settings.no_color = true;
            a.size = (w, h);
            scene(&mut a);
            let l = if lang == Lang::Zh { "zh" } else { "en" };
            insta::assert_snapshot!(format!("{name}_{l}_{w}x{h}"), render(&a, w, h));
        }
    }
}

#[test]
fn queue_with_a_merge_group() {
    snap("groups_queue", |_| {});
}

#[test]
fn queue_filtered_to_the_group_and_selected() {
    snap("groups_selected", |a| {
        keys(a, "/");
        keys(a, "group");
        key(a, KeyCode::Enter);
        keys(a, "m");
    });
}

#[test]
fn ship_dialog_of_a_group_with_one_number() {
    snap("groups_ship_one_number", |a| {
        keys(a, "/");
        keys(a, "group");
        key(a, KeyCode::Enter);
        keys(a, "m");
        keys(a, "s");
        keys(a, "yto");
        key(a, KeyCode::Enter);
        keys(a, "YT9990001112223");
    });
}

#[test]
fn ship_confirm_of_a_group_with_one_number() {
    snap("groups_ship_confirm", |a| {
        keys(a, "/");
        keys(a, "group");
        key(a, KeyCode::Enter);
        keys(a, "m");
        keys(a, "s");
        keys(a, "yto");
        key(a, KeyCode::Enter);
        keys(a, "YT9990001112223");
        key(a, KeyCode::Enter);
    });
}
