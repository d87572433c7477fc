//! What the queue and detail screens do with a `Command`: moving, selecting, filtering, sorting,
//! refreshing, copying and setting flags. Dialogs (ship, note) have their own files.

use crate::domain::Flag;
use crate::i18n::tui as tr;
use crate::ops::note::Edit as NoteEdit;
use crate::tui::app::{App, Level, Overlay, Screen};
use crate::tui::keys::command::Command;
use crate::tui::msg::Effect;
use crate::tui::queue::rows;
use crate::tui::term::clipboard::{Copied, CopyError};
use crate::tui::update::cursor::{keep_cursor, move_by, page};
use crate::tui::update::fetch::{full_refresh, open_order, refresh};

pub fn run(app: &mut App, cmd: Command) -> Vec<Effect> {
    if app.screen == Screen::Journal
        && let Some(fx) = crate::tui::update::attention::on_command(app, cmd)
    {
        return fx;
    }
    if let Some(flag) = cmd.flag() {
        return set_flags(app, flag);
    }
    match cmd {
        Command::Back => back(app),
        Command::Redraw => return vec![Effect::ClearScreen],
        Command::MoveDown => move_by(app, 1),
        Command::MoveUp => move_by(app, -1),
        Command::PageDown => move_by(app, page(app) as isize),
        Command::PageUp => move_by(app, -(page(app) as isize)),
        Command::Top => move_by(app, isize::MIN / 2),
        Command::Bottom => move_by(app, isize::MAX / 2),
        Command::Open => return open_detail(app),
        Command::Journal => return crate::tui::update::attention::open(app),
        Command::Filter => app.overlay = Overlay::Filter,
        Command::ToggleSelect => toggle_select(app),
        Command::SelectRange => select_range(app),
        Command::ClearSelection => app.queue.selected.clear(),
        Command::SelectGroup => select_group(app),
        Command::Refresh => return refresh(app),
        Command::FullRefresh => return full_refresh(app),
        Command::Copy => return copy(app),
        Command::Sort => keep_cursor(app, |a| a.queue.sort = a.queue.sort.next(a.settings.caps)),
        Command::ToggleShipped => {
            keep_cursor(app, |a| a.queue.show_shipped = !a.queue.show_shipped);
            // Shipped orders come only with a whole list, and leave only with one.
            return full_refresh(app);
        }
        _ => {}
    }
    Vec::new()
}

fn back(app: &mut App) {
    match app.screen {
        Screen::Detail { .. } if app.journal.opened_from => {
            app.journal.opened_from = false;
            app.screen = Screen::Journal;
        }
        Screen::Detail { .. } | Screen::Journal => app.screen = Screen::Queue,
        Screen::Queue if !app.queue.filter.value().is_empty() => {
            app.queue.filter.reset();
            app.queue.cursor = 0;
        }
        Screen::Queue => app.queue.selected.clear(),
    }
}

fn toggle_select(app: &mut App) {
    let Some(sn) = rows::current(app).map(|o| o.order_sn.to_string()) else {
        return;
    };
    if !app.queue.selected.remove(&sn) {
        app.queue.selected.insert(sn.clone());
    }
    app.queue.anchor = Some(sn);
    move_by(app, 1);
}

/// Selects every row between the anchor (the last row toggled) and the cursor.
fn select_range(app: &mut App) {
    let visible = rows::visible(app);
    let anchor = app
        .queue
        .anchor
        .as_ref()
        .and_then(|a| visible.iter().position(|&i| app.orders[i].order_sn == *a));
    let Some(anchor) = anchor else {
        toggle_select(app);
        return;
    };
    let cur = app.queue.cursor.min(visible.len().saturating_sub(1));
    let (lo, hi) = (anchor.min(cur), anchor.max(cur));
    for &i in &visible[lo..=hi] {
        app.queue
            .selected
            .insert(app.orders[i].order_sn.to_string());
    }
}

/// Selects the unshipped orders of the highlighted order's merge group (hidden ones too: shipping says
/// so), leaving the rest of the selection as it was.
fn select_group(app: &mut App) {
    let lang = app.lang();
    let Some(o) = rows::current(app).cloned() else {
        return;
    };
    let groups = app.orders.groups();
    let members: Vec<String> = crate::tui::queue::groups::members(&app.orders, &groups, &o)
        .into_iter()
        .map(|r| r.order_sn.to_string())
        .collect();
    match groups.number(&o) {
        Some(n) if !members.is_empty() => {
            let count = members.len();
            app.queue.selected.extend(members);
            app.toast(Level::Info, crate::i18n::group::selected(lang, n, count));
        }
        _ => app.toast(Level::Info, crate::i18n::group::none(lang, &o.order_sn)),
    }
}

fn open_detail(app: &mut App) -> Vec<Effect> {
    let Some(sn) = rows::current(app).map(|o| o.order_sn.to_string()) else {
        return Vec::new();
    };
    app.journal.opened_from = false;
    open_order(app, sn)
}

fn copy(app: &mut App) -> Vec<Effect> {
    let sn = match &app.screen {
        Screen::Detail { order_sn, .. } => Some(order_sn.clone()),
        Screen::Queue => rows::current(app).map(|o| o.order_sn.to_string()),
        Screen::Journal => app.journal.current().map(|r| r.order_sn.clone()),
    };
    let Some(sn) = sn else {
        return Vec::new();
    };
    // The toast waits for the result (`on_copied`): only then is it known where the text went.
    vec![Effect::Copy(sn)]
}

/// Says where the copied order number went, or why it could not be copied.
pub fn on_copied(app: &mut App, sn: &str, result: Result<Copied, CopyError>) {
    let lang = app.lang();
    let (level, text) = match result {
        Ok(Copied::TmuxBuffer) => (Level::Success, tr::copied_tmux(lang, sn)),
        Ok(Copied::Terminal) => (Level::Info, tr::copied_terminal(lang, sn)),
        Err(CopyError::Tmux(why)) => (Level::Error, tr::copy_failed(lang, sn, "tmux", &why)),
        Err(CopyError::Terminal(why)) => (
            Level::Error,
            tr::copy_failed(lang, sn, tr::t(lang, tr::T::Terminal), &why),
        ),
    };
    app.toast(level, text);
    app.dirty = true;
}

/// `1`–`5` and `0`: sets the flag of the targets through the note endpoint. Each order's note is read
/// fresh first and sent back as the gateway holds it (never the queue's display copy); each edit carries
/// the flag the operator saw at the key press (`flag_seen`: the row's, or the one it showed just before a
/// change from elsewhere), so a flag changed since (by a teammate's write that arrives later, or the
/// backend) is shown to the operator instead of overwritten.
fn set_flags(app: &mut App, flag: Option<Flag>) -> Vec<Effect> {
    let lang = app.lang();
    if app.refuse_changes() {
        return Vec::new();
    }
    if !app.settings.caps.note {
        app.toast(Level::Error, tr::t(lang, tr::T::NoteUnsupported));
        return Vec::new();
    }
    let edits: Vec<_> = crate::tui::update::targets::told(app)
        .into_iter()
        .map(|sn| {
            let edit = match app.order(&sn) {
                Some(row) => {
                    let (seen, fingerprint) = app.flag_seen.seen(row, app.now);
                    NoteEdit::flag_over(flag, seen, fingerprint)
                }
                None => NoteEdit::flag(flag),
            };
            (sn, edit)
        })
        .collect();
    if edits.is_empty() {
        return Vec::new();
    }
    let id = app.next_id();
    app.pending.notes.insert(id);
    vec![Effect::WriteNotes { id, edits }]
}
