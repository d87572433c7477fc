//! Issue 12, merge groups on screen: the queue's group mark (`[合1]` / `[grp1]`) and the ship dialog of a
//! group with one number for its parcel, rendered to a `TestBackend` at 80×24 and 120×40, Chinese and
//! English, without colour.

mod screen_support;

use screen_support::{key, keys, render};

use crossterm::event::KeyCode;
use pddtui::i18n::Lang;
use pddtui::tui::{App, testdata};

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
