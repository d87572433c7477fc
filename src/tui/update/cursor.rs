//! Where the queue's cursor is: moved by keys, kept on its order when rows change.

use crate::tui::app::{App, Screen};
use crate::tui::queue::rows;

/// Rows of the queue that fit on the screen (header, column titles and footer take 6 lines).
pub fn page(app: &App) -> usize {
    usize::from(app.size.1.saturating_sub(6)).max(1)
}

pub fn move_by(app: &mut App, delta: isize) {
    if let Screen::Detail { order_sn, scroll } = &app.screen {
        // Stops with the last line at the bottom: a key past the end does nothing.
        let max = crate::tui::view::detail::max_scroll(app, order_sn);
        let d = i16::try_from(delta.clamp(-1000, 1000)).unwrap_or(0);
        let to = scroll.saturating_add_signed(d).min(max);
        if let Screen::Detail { scroll, .. } = &mut app.screen {
            *scroll = to;
        }
        return;
    }
    let n = rows::visible(app).len();
    if n == 0 {
        app.queue.cursor = 0;
        return;
    }
    let cur = app.queue.cursor.min(n - 1) as isize;
    app.queue.cursor = cur.saturating_add(delta).clamp(0, n as isize - 1) as usize;
}

/// Runs `f` and puts the cursor back on the order it was on.
pub fn keep_cursor(app: &mut App, f: impl FnOnce(&mut App)) {
    let sn = rows::current(app).map(|o| o.order_sn.clone());
    f(app);
    place_cursor(app, sn.as_deref());
}

pub fn place_cursor(app: &mut App, sn: Option<&str>) {
    let rows = rows::visible(app);
    app.queue.cursor = sn
        .and_then(|sn| rows.iter().position(|&i| app.orders[i].order_sn == sn))
        .unwrap_or(app.queue.cursor)
        .min(rows.len().saturating_sub(1));
}
