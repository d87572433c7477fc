//! The note editor (`dialog::note`) applied to the app: opening it over the order under the cursor, the
//! effects its keys ask for (write the note, open help), and what a note or flag write changes in the queue.

use crate::i18n::tui as tr;
use crate::ops::OpError;
use crate::ops::note::Outcome as Written;
use crate::tui::app::{App, Level, Overlay, Screen};
use crate::tui::dialog::note::{NoteEditor, Outcome};
use crate::tui::dialog::note_result::{self, Taken};
use crate::tui::keys::key::Key;
use crate::tui::msg::{Effect, ReqId};
use crate::tui::queue::rows;
use crate::tui::update::help;
use crossterm::event::KeyEvent;

/// `n`: opens the editor over the order on screen (the detail's, the queue's or the journal's current one),
/// with the operator's draft of its note when there is one.
pub fn open(app: &mut App) -> Vec<Effect> {
    let lang = app.lang();
    if app.refuse_changes() {
        return Vec::new();
    }
    if !app.settings.caps.note {
        app.toast(Level::Error, tr::t(lang, tr::T::NoteUnsupported));
        return Vec::new();
    }
    let sn = match &app.screen {
        Screen::Detail { order_sn, .. } => Some(order_sn.clone()),
        Screen::Queue => rows::current(app).map(|o| o.order_sn.to_string()),
        Screen::Journal => app.journal.current().map(|r| r.order_sn.clone()),
    };
    let Some(o) = sn.and_then(|sn| app.order(&sn)) else {
        return Vec::new();
    };
    let draft = app
        .persisted
        .drafts
        .get(o.order_sn.as_str())
        .and_then(|d| d.note.clone());
    let ed = NoteEditor::new(o, draft);
    let restored = ed.restored;
    app.overlay = Overlay::Note(Box::new(ed));
    if restored {
        app.toast(Level::Info, tr::t(lang, tr::T::DraftRestored));
    }
    Vec::new()
}

pub fn on_key(app: &mut App, key: Key, ev: &KeyEvent) -> Vec<Effect> {
    let Some(mut ed) = app.lift(Overlay::note) else {
        return Vec::new();
    };
    let out = ed.on_key(&app.ctx(), key, ev);
    match out {
        Outcome::None => app.overlay = Overlay::Note(ed),
        Outcome::Close { drop_draft } => {
            if drop_draft {
                app.persisted.drafts.remove(&ed.order_sn);
            }
        }
        Outcome::Unchanged => {
            app.persisted.drafts.remove(&ed.order_sn);
            let text = tr::t(app.lang(), tr::T::NoteUnchanged);
            app.toast(Level::Info, text);
        }
        Outcome::Write { order_sn, edit } => {
            let id = app.next_id();
            ed.sending(id);
            app.overlay = Overlay::Note(ed);
            app.pending.notes.insert(id);
            return vec![Effect::WriteNotes {
                id,
                edits: vec![(order_sn, edit)],
            }];
        }
        Outcome::Help => {
            app.overlay = Overlay::Note(ed);
            help::open(app);
        }
    }
    Vec::new()
}

/// Applies what was written or found (from the editor or the flag keys); closes the editor when done,
/// keeps it (and its text) otherwise.
pub fn on_result(
    app: &mut App,
    id: ReqId,
    results: Vec<(String, Result<Written, OpError>)>,
) -> Vec<Effect> {
    app.pending.notes.remove(&id);
    app.dirty = true;
    let lang = app.lang();
    let mut noted = note_result::fold(results, lang);
    for (sn, change) in std::mem::take(&mut noted.changes) {
        app.apply(&sn, &change);
    }
    for sn in std::mem::take(&mut noted.settled) {
        if let Some(d) = app.persisted.drafts.get_mut(&sn) {
            d.note = None;
        }
    }
    let Overlay::Note(ed) = &mut app.overlay else {
        return flags_done(app, noted);
    };
    if ed.sending != Some(id) {
        return flags_done(app, noted);
    }
    match ed.on_written(noted) {
        Taken::Kept => {}
        Taken::Done { sent } => {
            app.overlay = Overlay::None;
            let (level, text) = if sent {
                (Level::Success, tr::T::NoteSaved)
            } else {
                (Level::Info, tr::T::NoteUnchanged)
            };
            app.toast(level, tr::t(lang, text));
        }
    }
    Vec::new()
}

/// A write of the flag keys (no editor waits for it): how it went, in a toast.
fn flags_done(app: &mut App, noted: note_result::Noted) -> Vec<Effect> {
    let lang = app.lang();
    match noted.first_error {
        Some(e) => app.toast(Level::Error, e),
        None => app.toast(
            Level::Success,
            format!("{} ({})", tr::t(lang, tr::T::FlagsSaved), noted.ok),
        ),
    }
    Vec::new()
}
