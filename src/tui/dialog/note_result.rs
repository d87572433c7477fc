//! What a note or flag write came to: sent (the queue shows what was sent), unchanged (nothing sent), or a
//! conflict (the editor shows the gateway's note and flag beside the operator's until they choose; the flag
//! keys' conflicts go to `flag_conflict`), and the editor's conflict view's keys. `update::note` applies the changes to the queue and the drafts.

use crate::domain::Change;
use crate::domain::note::{Note, fingerprint};
use crate::i18n::{Lang, errors};
use crate::ops::OpError;
use crate::ops::note::{FlagChange, Outcome as Written};
use crate::tui::dialog::note::{NoteEditor, Outcome};
use crate::tui::keys::command::Command;

/// A write's results folded: what the queue must show, and how it went.
#[derive(Debug, Clone, Default)]
pub struct Noted {
    /// What the gateway holds now, per order: what was sent, or the note just read.
    pub changes: Vec<(String, Change)>,
    /// Orders whose note draft is settled (sent or found unchanged): the draft goes.
    pub settled: Vec<String>,
    /// The first failure, with its order: `order: error`.
    pub first_error: Option<String>,
    /// Orders sent or found unchanged.
    pub ok: usize,
    /// Of those, orders actually sent.
    pub sent: usize,
    /// The gateway's note, when it changed since it was shown.
    pub conflict: Option<Note>,
    /// Orders whose flag changed since it was shown, to another than the one asked: nothing sent to them.
    pub flag_conflicts: Vec<(String, FlagChange)>,
}

/// How the editor that sent a write takes its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    /// The editor stays: it shows the conflict or the error.
    Kept,
    /// Done: the editor closes; `sent` is false when nothing needed sending.
    Done { sent: bool },
}

fn note_change(n: &Note) -> Change {
    Change::Note {
        remark: n.raw.clone(),
        tag: n.tag,
        tag_name: n.tag_name.clone(),
    }
}

/// Folds a write's results per order into what changes and how it went.
pub fn fold(results: Vec<(String, Result<Written, OpError>)>, lang: Lang) -> Noted {
    let mut n = Noted::default();
    for (sn, r) in results {
        match r {
            Ok(out) => {
                // The queue shows what the gateway holds now: what was sent, or the note just read.
                let change = match &out {
                    Written::Send(req) => Change::Note {
                        remark: req.note.clone(),
                        tag: req.tag.as_ref().map(|t| t.0),
                        tag_name: req.tag.as_ref().map(|t| t.1.clone()).unwrap_or_default(),
                    },
                    Written::Unchanged(note) | Written::Conflict(note) => note_change(note),
                    Written::FlagChanged(c) => note_change(&c.now),
                };
                n.changes.push((sn.clone(), change));
                match out {
                    Written::Conflict(note) => n.conflict = Some(note),
                    Written::FlagChanged(c) => n.flag_conflicts.push((sn, *c)),
                    other => {
                        n.ok += 1;
                        n.sent += usize::from(matches!(other, Written::Send(_)));
                        n.settled.push(sn);
                    }
                }
            }
            Err(e) => {
                if n.first_error.is_none() {
                    // Named once: a refusal or conflict names the order already.
                    let text = errors::op_error(&e, lang);
                    n.first_error = Some(if text.contains(sn.as_str()) {
                        text
                    } else {
                        format!("{sn}: {text}")
                    });
                }
            }
        }
    }
    n
}

impl NoteEditor {
    /// The result of this editor's write: a conflict or an error keeps the editor (and its text).
    pub fn on_written(&mut self, noted: Noted) -> Taken {
        self.sending = None;
        let flag_changed = noted.flag_conflicts.into_iter().next().map(|(_, c)| c.now);
        if let Some(n) = noted.conflict.or(flag_changed) {
            self.conflict = Some(Box::new(n));
            return Taken::Kept;
        }
        if let Some(e) = noted.first_error {
            self.error = Some(e);
            return Taken::Kept;
        }
        Taken::Done {
            sent: noted.sent > 0,
        }
    }

    /// The conflict view's keys (`[note_conflict]`): Enter or `y` sends the operator's text over the note now
    /// shown, `t` takes the gateway's note into the editor, Esc or `n` goes back to editing. Nothing typed is
    /// lost by any of them.
    pub(crate) fn conflict_key(&mut self, cmd: Option<Command>) -> Outcome {
        let Some(theirs) = self.conflict.clone() else {
            return Outcome::None;
        };
        match cmd {
            Some(Command::Submit | Command::Confirm) => {
                self.seen_now(&theirs);
                return self.write(Some(fingerprint(&theirs.raw)));
            }
            Some(Command::TakeTheirs) => {
                self.take_theirs(&theirs);
                self.conflict = None;
            }
            Some(Command::Back) => {
                // They have seen the gateway's note and flag now: saving again sends their text and flag.
                self.seen_now(&theirs);
                self.conflict = None;
            }
            _ => {}
        }
        Outcome::None
    }
}
