//! The journal screen (`J`): reading its history, moving in it, filtering it (`/`), opening an order,
//! reconciling.

use crate::i18n::errors::store_error;
use crate::i18n::tui::{self as tr, T};
use crate::store::StoreError;
use crate::tui::app::{App, Level, Overlay, Screen};
use crate::tui::attention::JournalPage;
use crate::tui::edit::{edit, paste_into};
use crate::tui::keys::command::Command;
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Section;
use crate::tui::msg::{Effect, ReqId};
use crate::tui::update::fetch;
use crossterm::event::KeyEvent;

pub fn open(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Journal;
    fetch::journal(app)
}

pub fn on_loaded(app: &mut App, id: ReqId, result: Result<JournalPage, StoreError>) -> Vec<Effect> {
    if app.journal.loading != Some(id) {
        return Vec::new();
    }
    app.journal.loading = None;
    app.dirty = true;
    match result {
        Ok(page) => app.journal.set(page),
        Err(e) => {
            let lang = app.lang();
            app.toast(
                Level::Error,
                tr::failed(
                    lang,
                    tr::t(lang, T::JournalLoadFailed),
                    &store_error(&e, lang),
                ),
            );
        }
    }
    Vec::new()
}

/// A command on the journal screen; `None` when it is not one of the screen's own.
pub fn on_command(app: &mut App, cmd: Command) -> Option<Vec<Effect>> {
    let n = app.journal.shown.len();
    let j = &mut app.journal;
    match cmd {
        Command::MoveDown => j.cursor = (j.cursor + 1).min(n.saturating_sub(1)),
        Command::MoveUp => j.cursor = j.cursor.saturating_sub(1),
        Command::PageDown => j.cursor = (j.cursor + page(app.size)).min(n.saturating_sub(1)),
        Command::PageUp => j.cursor = j.cursor.saturating_sub(page(app.size)),
        Command::Top => j.cursor = 0,
        Command::Bottom => j.cursor = n.saturating_sub(1),
        Command::Filter => app.overlay = Overlay::Filter,
        // A filter in force is cleared first, as on the queue.
        Command::Back if !j.filter.value().is_empty() => {
            j.filter.reset();
            j.refilter();
        }
        Command::Back => app.screen = Screen::Queue,
        Command::Open => {
            // Nothing highlighted (an empty journal, a filter that leaves nothing): nothing opens.
            let Some(sn) = j.current().map(|r| r.order_sn.clone()) else {
                return Some(Vec::new());
            };
            let fx = crate::tui::update::fetch::open_order(app, sn);
            app.journal.opened_from = true;
            return Some(fx);
        }
        Command::Reconcile => {
            if app.pending.reconcile.is_some() {
                return Some(Vec::new());
            }
            let lang = app.lang();
            app.toast(Level::Info, tr::t(lang, T::Reconciling));
            return Some(fetch::reconcile(app));
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// Rows a page key moves: the table's height at this terminal size (the screen's frame taken off).
fn page(size: (u16, u16)) -> usize {
    usize::from(size.1).saturating_sub(10).max(1)
}

/// A key while the journal's filter is typed: characters are its text; `[filter]` Enter keeps it, Esc
/// clears it. Every change filters again, from the top.
pub fn filter_key(app: &mut App, key: Key, ev: &KeyEvent) -> Vec<Effect> {
    let cmd = match key.text_char() {
        Some(_) => None,
        None => app.keymap.get(Section::Filter, key),
    };
    let j = &mut app.journal;
    match cmd {
        Some(Command::Back) => {
            j.filter.reset();
            j.refilter();
            app.overlay = Overlay::None;
        }
        Some(Command::Submit) => app.overlay = Overlay::None,
        _ => {
            if edit(&mut j.filter, ev) {
                j.cursor = 0;
                j.refilter();
            }
        }
    }
    Vec::new()
}

/// Pasted text while the journal's filter is typed.
pub fn paste(app: &mut App, text: &str) {
    let j = &mut app.journal;
    paste_into(&mut j.filter, text);
    j.cursor = 0;
    j.refilter();
}
