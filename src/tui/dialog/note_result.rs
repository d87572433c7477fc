//! What a note or flag write came to, folded into the app: sent (the queue shows what was sent), unchanged
//! (nothing sent), or a conflict (the editor shows the gateway's note beside the operator's until they choose).

use crate::domain::Change;
use crate::domain::note::{Note, fingerprint};
use crate::i18n::{errors, tui as tr};
use crate::ops::OpError;
use crate::ops::note::Outcome;
use crate::tui::app::{App, Level, Overlay};
use crate::tui::keys::command::Command;
use crate::tui::keys::key::Key;
use crate::tui::msg::{Effect, ReqId};

/// The conflict view's keys: Enter or `y` sends the operator's text over the note now shown, `t` takes the
/// gateway's note into the editor, Esc or `n` goes back to editing. Nothing typed is lost by any of them.
pub fn conflict_key(app: &mut App, key: Key, cmd: Option<Command>) -> Vec<Effect> {
    let Overlay::Note(ed) = &mut app.overlay else {
        return Vec::new();
    };
    let Some(theirs) = ed.conflict.clone() else {
        return Vec::new();
    };
    match (key.text_char(), cmd) {
        (Some('y' | 'Y'), _) | (None, Some(Command::Submit)) => {
            return crate::tui::dialog::note::send(app, Some(fingerprint(&theirs.raw)));
        }
        (Some('t' | 'T'), _) => {
            ed.take_theirs(&theirs);
            ed.conflict = None;
        }
        (Some('n' | 'N'), _) | (None, Some(Command::Back)) => {
            // They have seen the gateway's note now: saving again sends their text.
            ed.seen = fingerprint(&theirs.raw);
            ed.conflict = None;
        }
        _ => {}
    }
    Vec::new()
}

fn note_change(n: &Note) -> Change {
    Change::Note {
        remark: n.raw.clone(),
        tag: n.tag,
        tag_name: n.tag_name.clone(),
    }
}

/// Applies what was written or found; closes the editor when done, keeps it (and its text) otherwise.
pub fn on_result(
    app: &mut App,
    id: ReqId,
    results: Vec<(String, Result<Outcome, OpError>)>,
) -> Vec<Effect> {
    app.pending.notes.remove(&id);
    app.dirty = true;
    let lang = app.lang();
    let (mut first_error, mut ok, mut sent, mut conflict) = (None, 0, 0, None);
    for (sn, r) in results {
        match r {
            Ok(out) => {
                // The queue shows what the gateway holds now: what was sent, or the note just read.
                let change = match &out {
                    Outcome::Send(req) => Change::Note {
                        remark: req.note.clone(),
                        tag: req.tag.as_ref().map(|t| t.0),
                        tag_name: req.tag.as_ref().map(|t| t.1.clone()).unwrap_or_default(),
                    },
                    Outcome::Unchanged(n) | Outcome::Conflict(n) => note_change(n),
                };
                app.apply(&sn, &change);
                match out {
                    Outcome::Conflict(n) => conflict = Some(n),
                    other => {
                        ok += 1;
                        sent += usize::from(matches!(other, Outcome::Send(_)));
                        if let Some(d) = app.persisted.drafts.get_mut(&sn) {
                            d.note = None;
                        }
                    }
                }
            }
            Err(e) => {
                if first_error.is_none() {
                    first_error = Some(format!("{sn}: {}", errors::op_error(&e, lang)));
                }
            }
        }
    }
    let editor = matches!(&app.overlay, Overlay::Note(ed) if ed.sending == Some(id));
    if !editor {
        match first_error {
            Some(e) => app.toast(Level::Error, e),
            None => app.toast(
                Level::Success,
                format!("{} ({ok})", tr::t(lang, tr::T::FlagsSaved)),
            ),
        }
        return Vec::new();
    }
    if let Overlay::Note(ed) = &mut app.overlay {
        ed.sending = None;
        if let Some(n) = conflict {
            ed.conflict = Some(Box::new(n));
            return Vec::new();
        }
        if let Some(e) = first_error {
            ed.error = Some(e);
            return Vec::new();
        }
    }
    app.overlay = Overlay::None;
    let (level, text) = if sent > 0 {
        (Level::Success, tr::T::NoteSaved)
    } else {
        (Level::Info, tr::T::NoteUnchanged)
    };
    app.toast(level, tr::t(lang, text));
    Vec::new()
}
