//! Drawing: a pure function of the `App` onto a ratatui `Frame`. One file per screen or dialog.

use super::app::App;
use ratatui::Frame;

pub fn draw(frame: &mut Frame, app: &App) {
    let _ = (frame, app);
}
