//! Tests of `update` and the dialogs without a terminal.

mod async_rows;
mod attention;
mod blocked;
mod dialog_props;
mod dialogs;
mod error_texts;
mod flag_conflict;
mod groups;
mod import;
mod keymap_sections;
mod notes;
mod pddshuju;
mod recovery;
mod refresh;
mod selection;
mod ship_info;
mod team;
mod truths;
mod update;

use crate::tui::App;
use crate::tui::msg::{Effect, Msg};
use crate::tui::update::update;

/// The screen's text at the app's size, one line per row (wide characters' continuation cells included).
fn screen(a: &App) -> String {
    use ratatui::{Terminal, backend::TestBackend};
    let (w, h) = a.size;
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| crate::tui::view::draw(f, a)).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The claims poll answered with `list` (order, holder).
fn claims(a: &mut App, list: &[(&str, &str)]) {
    let fx = crate::tui::update::claims::poll(a);
    let [Effect::LoadClaims { id }] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let list = list
        .iter()
        .map(|(s, u)| (s.to_string(), u.to_string()))
        .collect();
    update(
        a,
        Msg::Claims {
            id: *id,
            result: Ok(list),
        },
    );
}
