//! Drawing: a pure function of the `App` onto a ratatui `Frame`, one file per screen or dialog.
//! Layout: three header lines, the screen, two footer lines; dialogs float above.

pub mod attention;
pub mod confirm;
pub mod detail;
pub mod flag_conflict;
pub mod footer;
pub mod header;
pub mod help;
pub mod import_dialog;
pub mod note_conflict;
pub mod note_editor;
pub mod queue;
pub mod ship_dialog;
pub mod style;
pub mod widgets;

use super::app::{App, Overlay, Screen};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use style::Palette;

pub fn draw(frame: &mut Frame, app: &App) {
    let pal = Palette {
        no_color: app.settings.no_color,
    };
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(frame.area());
    header::draw(frame, app, top, pal);
    match &app.screen {
        Screen::Queue => queue::draw(frame, app, body, pal),
        Screen::Detail { order_sn, scroll } => {
            detail::draw(frame, app, body, order_sn, *scroll, pal)
        }
        Screen::Journal => attention::draw(frame, app, body, pal),
    }
    footer::draw(frame, app, bottom, pal);
    match &app.overlay {
        Overlay::Ship(d) => ship_dialog::draw(frame, app, d, pal),
        Overlay::Note(ed) => note_editor::draw(frame, app, ed, pal),
        Overlay::Import(d) => import_dialog::draw(frame, app, d, pal),
        Overlay::FlagConflict(d) => flag_conflict::draw(frame, app, d, pal),
        Overlay::Help { help: h, .. } => help::draw(frame, app, h, pal),
        Overlay::None | Overlay::Filter => {}
    }
    if app.asking_quit() {
        confirm::draw(frame, app, pal);
    }
}
