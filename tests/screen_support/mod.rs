//! What the snapshot tests of screens share: a render of the whole workstation to a `TestBackend` as text,
//! and keys pressed through `update`.
#![allow(dead_code)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use pddtui::tui::msg::{Effect, Msg};
use pddtui::tui::{App, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// One line per row, wide characters once (their continuation cells skipped), trailing blanks kept out so
/// that the snapshot reads like the screen.
pub fn render(app: &App, w: u16, h: u16) -> String {
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

/// Each character of `s` typed as a key.
pub fn keys(a: &mut App, s: &str) -> Vec<Effect> {
    s.chars()
        .flat_map(|c| {
            update(
                a,
                Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
            )
        })
        .collect()
}

pub fn key(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}
