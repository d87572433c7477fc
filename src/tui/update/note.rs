//! The note editor (`dialog::note`) applied to the app: opening it over the order under the cursor, the
//! effects its keys ask for (write the note, open help), what a note or flag write changes in the queue,
//! and the flags a flag key left alone because they changed meanwhile (`dialog::flag_conflict`).

use crate::i18n::flag as flag_tr;
use crate::i18n::tui as tr;
use crate::ops::OpError;
use crate::ops::note::Outcome as Written;
use crate::tui::app::{App, Level, Overlay, Screen};
use crate::tui::dialog::flag_conflict::{self, FlagConflict};
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

/// A write of the flag keys (no editor waits for it): how it went, in a toast; flags that changed since
/// they were shown open the conflict dialog (over nothing else: over another dialog they are only told,
/// and the row, which shows the flag now, takes the key again).
fn flags_done(app: &mut App, noted: note_result::Noted) -> Vec<Effect> {
    let lang = app.lang();
    let conflicts = noted.flag_conflicts;
    match noted.first_error {
        Some(e) => app.toast(Level::Error, e),
        None if !conflicts.is_empty() => {}
        None => app.toast(
            Level::Success,
            format!("{} ({})", tr::t(lang, tr::T::FlagsSaved), noted.ok),
        ),
    }
    if conflicts.is_empty() {
        return Vec::new();
    }
    if matches!(app.overlay, Overlay::None) {
        app.overlay = Overlay::FlagConflict(Box::new(FlagConflict::new(conflicts, noted.ok)));
    } else {
        let sns: Vec<&str> = conflicts.iter().map(|(sn, _)| sn.as_str()).collect();
        app.toast(Level::Error, flag_tr::left_out(lang, &sns));
    }
    Vec::new()
}

/// A key in the flag conflict dialog: keep theirs (nothing sent), or write mine over what it shows.
pub fn flag_conflict_key(app: &mut App, key: Key) -> Vec<Effect> {
    let Some(d) = app.lift(Overlay::flag_conflict) else {
        return Vec::new();
    };
    match d.on_key(&app.ctx(), key) {
        flag_conflict::Outcome::None => app.overlay = Overlay::FlagConflict(d),
        flag_conflict::Outcome::Keep => {
            let text = flag_tr::kept(app.lang());
            app.toast(Level::Info, text);
        }
        flag_conflict::Outcome::Apply(edits) => {
            if app.refuse_changes() {
                return Vec::new();
            }
            let id = app.next_id();
            app.pending.notes.insert(id);
            return vec![Effect::WriteNotes { id, edits }];
        }
    }
    Vec::new()
}
