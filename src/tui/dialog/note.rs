//! The note editor: the seller note (CJK typing works through tui-input), the five flag colours and the
//! flag's name (≤ 3 characters, checked as typed). Saving reads the note first (`ops::note`); results in
//! `note_outcome`.

use crate::domain::Flag;
use crate::domain::note::Note;
use crate::domain::validate::{self, MAX_TAG_NAME_CHARS};
use crate::i18n::{errors, tui as tr};
use crate::ops::note::{Edit, TagEdit};
use crate::tui::app::{App, Level, Overlay, Screen};
use crate::tui::edit::{edit, paste_into};
use crate::tui::keys::command::Command;
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Section;
use crate::tui::msg::{Effect, ReqId};
use crate::tui::persist::drafts::Persisted;
use crate::tui::queue::rows;
use crossterm::event::KeyEvent;
use tui_input::Input;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteField {
    Text,
    Flag,
    TagName,
}

#[derive(Debug, Clone)]
pub struct NoteEditor {
    pub order_sn: String,
    pub text: Input,
    pub flag: Option<Flag>,
    pub tag_name: Input,
    /// The operator typed a name: changing the colour no longer replaces it.
    pub tag_name_touched: bool,
    pub field: NoteField,
    original: (String, Option<Flag>, String),
    pub asking_discard: bool,
    pub sending: Option<ReqId>,
    pub error: Option<String>,
    /// The text came back from a draft of an earlier session: the dialog says so.
    pub restored: bool,
    /// `note::fingerprint` of the raw note the operator was shown: what a save compares the gateway's with.
    pub seen: u64,
    /// The gateway's note changed since it was shown: drawn beside the operator's text until they choose.
    pub conflict: Option<Box<Note>>,
}

impl NoteEditor {
    pub fn changed(&self) -> bool {
        (
            self.text.value().to_string(),
            self.flag,
            self.tag_name.value().to_string(),
        ) != self.original
    }

    /// The live check of the flag's name.
    pub fn tag_name_too_long(&self) -> bool {
        self.tag_name.value().trim().chars().count() > MAX_TAG_NAME_CHARS
    }

    pub fn save_draft(&self, p: &mut Persisted) {
        if self.changed() {
            p.drafts.entry(self.order_sn.clone()).or_default().note =
                Some(self.text.value().to_string());
        }
    }

    /// What the operator asked for: an untouched text keeps the gateway's note byte for byte (the editor
    /// shows only its display copy), an untouched flag keeps the gateway's flag.
    pub fn edit(&self) -> Edit {
        let text = self.text.value();
        let tag =
            if (self.flag, self.tag_name.value()) == (self.original.1, self.original.2.as_str()) {
                TagEdit::Keep
            } else {
                match self.flag {
                    Some(f) => TagEdit::Named(f, self.tag_name.value().to_string()),
                    None => TagEdit::Colour(None),
                }
            };
        Edit {
            text: (text != self.original.0).then(|| text.to_string()),
            tag,
            seen: Some(self.seen),
        }
    }

    /// Takes the gateway's note as the text (kept raw when sent) and its flag, unless the operator chose
    /// another flag: that choice stays.
    pub fn take_theirs(&mut self, theirs: &Note) {
        let flag_untouched =
            (self.flag, self.tag_name.value()) == (self.original.1, self.original.2.as_str());
        let name = if theirs.tag.is_some() && theirs.tag_name.trim().is_empty() {
            theirs
                .tag
                .map(|f| f.name_zh().to_string())
                .unwrap_or_default()
        } else {
            theirs.tag_name.clone()
        };
        self.original.1 = theirs.tag;
        self.original.2 = name.clone();
        if flag_untouched {
            self.flag = theirs.tag;
            self.tag_name = Input::new(name);
        }
        let shown = theirs.display();
        self.text = Input::new(shown.clone());
        self.original.0 = shown;
        self.seen = crate::domain::note::fingerprint(&theirs.raw);
    }

    fn set_flag(&mut self, flag: Option<Flag>) {
        self.flag = flag;
        if !self.tag_name_touched {
            self.tag_name = Input::new(flag.map(|f| f.name_zh().to_string()).unwrap_or_default());
        }
    }

    fn cycle_flag(&mut self, delta: i64) {
        let code = self.flag.map_or(0, |f| i64::from(f.code()));
        self.set_flag(Flag::from_code((code + delta).rem_euclid(6)));
    }
}

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
        Screen::Queue => rows::current(app).map(|o| o.order_sn.clone()),
        Screen::Journal => app.journal.current().map(|r| r.order_sn.clone()),
    };
    let Some(o) = sn.and_then(|sn| app.order(&sn)) else {
        return Vec::new();
    };
    let tag_name = if o.remark_tag_name.trim().is_empty() {
        o.remark_tag
            .map(|f| f.name_zh().to_string())
            .unwrap_or_default()
    } else {
        o.remark_tag_name.clone()
    };
    let original = (o.remark.clone(), o.remark_tag, tag_name.clone());
    let draft = app
        .persisted
        .drafts
        .get(&o.order_sn)
        .and_then(|d| d.note.clone());
    let ed = NoteEditor {
        order_sn: o.order_sn.clone(),
        text: Input::new(draft.clone().unwrap_or_else(|| o.remark.clone())),
        flag: o.remark_tag,
        tag_name: Input::new(tag_name),
        tag_name_touched: false,
        field: NoteField::Text,
        original,
        asking_discard: false,
        sending: None,
        error: None,
        restored: draft.is_some(),
        seen: o.remark_fingerprint,
        conflict: None,
    };
    app.overlay = Overlay::Note(Box::new(ed));
    if draft.is_some() {
        app.toast(Level::Info, tr::t(lang, tr::T::DraftRestored));
    }
    Vec::new()
}

pub fn paste(ed: &mut NoteEditor, text: &str) {
    // Under the conflict view (or while sending) the fields are not shown: a paste must not land in them.
    if ed.conflict.is_some() || ed.sending.is_some() {
        return;
    }
    match ed.field {
        NoteField::Text => paste_into(&mut ed.text, text),
        NoteField::TagName => {
            ed.tag_name_touched = true;
            paste_into(&mut ed.tag_name, text);
        }
        NoteField::Flag => {}
    }
}

pub fn on_key(app: &mut App, key: Key, ev: &KeyEvent) -> Vec<Effect> {
    let cmd = app.keymap.get(Section::Note, key);
    let Overlay::Note(ed) = &mut app.overlay else {
        return Vec::new();
    };
    if ed.sending.is_some() {
        return Vec::new();
    }
    if ed.conflict.is_some() {
        let cmd = app.keymap.get(Section::NoteConflict, key);
        return crate::tui::dialog::note_result::conflict_key(app, key, cmd);
    }
    if ed.asking_discard {
        if app.keymap.get(Section::Confirm, key) == Some(Command::Confirm) {
            app.persisted.drafts.remove(&ed.order_sn);
            app.overlay = Overlay::None;
        } else {
            ed.asking_discard = false;
        }
        return Vec::new();
    }
    // The flag row's keys may be characters (`h`, `1`), which are text in the other fields.
    let row = cmd;
    let cmd = if key.text_char().is_some() { None } else { cmd };
    match cmd {
        Some(Command::Back) => {
            if ed.changed() {
                ed.asking_discard = true;
            } else {
                app.overlay = Overlay::None;
            }
        }
        Some(Command::Help) => crate::tui::dialog::help::open(app),
        Some(Command::NextField) => ed.field = next(ed.field, 1),
        Some(Command::PrevField) => ed.field = next(ed.field, -1),
        Some(Command::Submit) => return save(app),
        _ => field_key(ed, row, ev),
    }
    Vec::new()
}

fn next(f: NoteField, delta: i64) -> NoteField {
    let all = [NoteField::Text, NoteField::Flag, NoteField::TagName];
    let i = all.iter().position(|x| *x == f).unwrap_or(0) as i64;
    all[((i + delta).rem_euclid(3)) as usize]
}

/// A key the dialog did not take as a command: text for the text fields, `row` (its `[note]` command)
/// on the flag row.
fn field_key(ed: &mut NoteEditor, row: Option<Command>, ev: &KeyEvent) {
    ed.error = None;
    match ed.field {
        NoteField::Text => {
            edit(&mut ed.text, ev);
        }
        NoteField::TagName => {
            if edit(&mut ed.tag_name, ev) {
                ed.tag_name_touched = true;
            }
        }
        NoteField::Flag => match row {
            Some(Command::FlagPrev) => ed.cycle_flag(-1),
            Some(Command::FlagNext) => ed.cycle_flag(1),
            Some(c) => {
                if let Some(flag) = c.flag() {
                    ed.set_flag(flag);
                }
            }
            None => {}
        },
    }
}

/// Nothing changed: nothing is sent, not even a read. Otherwise the note is read, compared and written
/// by one task; a note that changed meanwhile comes back as a conflict.
fn save(app: &mut App) -> Vec<Effect> {
    let lang = app.lang();
    let Overlay::Note(ed) = &mut app.overlay else {
        return Vec::new();
    };
    if !ed.changed() {
        app.persisted.drafts.remove(&ed.order_sn);
        app.overlay = Overlay::None;
        app.toast(Level::Info, tr::t(lang, tr::T::NoteUnchanged));
        return Vec::new();
    }
    // The operator's input is checked here, before any request, so that a mistake shows at once.
    let code = ed.flag.map(|f| i64::from(f.code()));
    let name = ed.flag.map(|_| ed.tag_name.value().to_string());
    let text = ed.edit().text.unwrap_or_default();
    if let Err(e) = validate::note(&ed.order_sn, &text, code, name.as_deref()) {
        ed.error = Some(errors::validation_error(&e, lang));
        return Vec::new();
    }
    send(app, None)
}

/// Sends the editor's edit; `seen` overrides what the operator saw (the gateway's note, once shown).
pub fn send(app: &mut App, seen: Option<u64>) -> Vec<Effect> {
    let id = app.next_id();
    let Overlay::Note(ed) = &mut app.overlay else {
        return Vec::new();
    };
    if let Some(seen) = seen {
        ed.seen = seen;
    }
    ed.conflict = None;
    ed.error = None;
    ed.sending = Some(id);
    let edits = vec![(ed.order_sn.clone(), ed.edit())];
    app.pending.notes.insert(id);
    vec![Effect::WriteNotes { id, edits }]
}
