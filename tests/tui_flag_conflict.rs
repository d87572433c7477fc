//! The flag conflict dialog at 80×24, in Chinese and English: a flag key over a flag that changed since the
//! row was shown (one order, and a selection where the others were flagged), nothing sent yet.

mod screen_support;

use screen_support::{key, keys, render};

use crossterm::event::KeyCode;
use pddtui::domain::Flag;
use pddtui::domain::note::Note;
use pddtui::i18n::Lang;
use pddtui::ops::note::{FlagChange, Outcome};
use pddtui::tui::msg::{Effect, Msg};
use pddtui::tui::{App, testdata, update};

fn snap(name: &str, scene: impl Fn(&mut App)) {
    for lang in [Lang::Zh, Lang::En] {
        let mut a = testdata::app(lang);
        a.size = (80, 24);
        scene(&mut a);
        let l = if lang == Lang::Zh { "zh" } else { "en" };
        insta::assert_snapshot!(format!("{name}_{l}_80x24"), render(&a, 80, 24));
    }
}

/// The flag key `k` on the targets, answered: every order's flag changed since it was shown (to blue or
/// renamed), except the last `done` ones, which were flagged.
fn answered(a: &mut App, k: &str, done: usize) {
    let fx = keys(a, k);
    let Some(Effect::WriteNotes { id, edits }) = fx.first() else {
        panic!("{fx:?}")
    };
    let changed = edits.len() - done;
    let results = edits
        .iter()
        .enumerate()
        .map(|(i, (sn, edit))| {
            let seen = edit.seen_flag.clone().unwrap();
            let out = if i < changed {
                let now = Note {
                    raw: format!(
                        "后台\t改过的备注 {i}\n\x1b[2J{}",
                        "请周五前发顺丰。".repeat(12)
                    ),
                    tag: Some(Flag::Blue),
                    tag_name: if i == 1 {
                        "售后".into()
                    } else {
                        "蓝色".into()
                    },
                };
                Outcome::FlagChanged(Box::new(FlagChange {
                    now,
                    seen,
                    asked: Some((Flag::Yellow, "黄色".into())),
                    note_changed: i != 1,
                }))
            } else {
                Outcome::Unchanged(Note {
                    raw: String::new(),
                    tag: Some(Flag::Yellow),
                    tag_name: "黄色".into(),
                })
            };
            (sn.clone(), Ok(out))
        })
        .collect();
    update(a, Msg::Noted { id: *id, results });
}

#[test]
fn flag_conflict_one_order() {
    snap("flag_conflict", |a| answered(a, "2", 0));
}

#[test]
fn flag_conflict_in_a_selection() {
    snap("flag_conflict_selection", |a| {
        for _ in 0..5 {
            key(a, KeyCode::Char(' '));
        }
        answered(a, "2", 1);
    });
}
