//! The note editor: the seller note (CJK typing works through tui-input), the five flag colours and the
//! flag's name (≤ 3 characters, checked as typed). Saving reads the note first (`ops::note`); results and
//! the conflict view's keys in `note_result`. This file holds the editor's state and keys; `update::note`
//! applies what they ask to the app.

use crate::domain::note::Note;
use crate::domain::validate::{self, MAX_TAG_NAME_CHARS};
use crate::domain::{Flag, OrderRow};
use crate::i18n::errors;
use crate::ops::note::{Edit, SeenFlag, TagEdit};
use crate::tui::dialog::Ctx;
use crate::tui::edit::{edit, paste_into};
use crate::tui::keys::command::Command;
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Section;
use crate::tui::msg::ReqId;
use crate::tui::persist::drafts::Persisted;
use crossterm::event::KeyEvent;
use tui_input::Input;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteField {
    Text,
    Flag,
    TagName,
}

/// What a key in the editor (or its conflict view) asks of the rest of the workstation.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Nothing beyond the editor.
    None,
    /// The editor closes; `drop_draft`: the operator threw their text away, so its draft goes too.
    Close { drop_draft: bool },
    /// Enter with nothing changed: the editor closes, its draft goes, nothing is sent.
    Unchanged,
    /// Write this edit of this order (`NoteEditor::sending` takes the request's id).
    Write { order_sn: String, edit: Edit },
    /// Help opens over the editor.
    Help,
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
    /// The flag the operator was shown: a new flag over another one set since is a conflict too.
    pub seen_flag: SeenFlag,
    /// The gateway's note (or flag) changed since it was shown: drawn beside the operator's text until
    /// they choose.
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
            seen_flag: Some(self.seen_flag.clone()),
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
        self.seen_now(theirs);
    }

    /// The operator has now seen the gateway's note and flag: a save compares with those.
    pub(crate) fn seen_now(&mut self, theirs: &Note) {
        self.seen = crate::domain::note::fingerprint(&theirs.raw);
        self.seen_flag = SeenFlag::of_note(theirs);
    }

    /// The editor over an order's row: its note (or the operator's draft of it, `restored`) and its flag.
    pub fn new(o: &OrderRow, draft: Option<String>) -> NoteEditor {
        let tag_name = if o.remark_tag_name.trim().is_empty() {
            o.remark_tag
                .map(|f| f.name_zh().to_string())
                .unwrap_or_default()
        } else {
            o.remark_tag_name.to_string()
        };
        let original = (o.remark.to_string(), o.remark_tag, tag_name.clone());
        NoteEditor {
            order_sn: o.order_sn.to_string(),
            restored: draft.is_some(),
            text: Input::new(draft.unwrap_or_else(|| o.remark.to_string())),
            flag: o.remark_tag,
            tag_name: Input::new(tag_name),
            tag_name_touched: false,
            field: NoteField::Text,
            original,
            asking_discard: false,
            sending: None,
            error: None,
            seen: o.remark_fingerprint(),
            seen_flag: SeenFlag::of(o),
            conflict: None,
        }
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

impl NoteEditor {
    pub fn paste(&mut self, text: &str) {
        // Under the conflict view (or while sending) the fields are not shown: a paste must not land in them.
        if self.conflict.is_some() || self.sending.is_some() {
            return;
        }
        match self.field {
            NoteField::Text => paste_into(&mut self.text, text),
            NoteField::TagName => {
                self.tag_name_touched = true;
                paste_into(&mut self.tag_name, text);
            }
            NoteField::Flag => {}
        }
    }

    pub fn on_key(&mut self, ctx: &Ctx, key: Key, ev: &KeyEvent) -> Outcome {
        let cmd = ctx.keymap.get(Section::Note, key);
        if self.sending.is_some() {
            return Outcome::None;
        }
        if self.conflict.is_some() {
            return self.conflict_key(ctx.keymap.get(Section::NoteConflict, key));
        }
        if self.asking_discard {
            if ctx.keymap.get(Section::Confirm, key) == Some(Command::Confirm) {
                return Outcome::Close { drop_draft: true };
            }
            self.asking_discard = false;
            return Outcome::None;
        }
        // The flag row's commands act on the flag row only: elsewhere their keys type or move the cursor.
        // Any other command bound to a character leaves the character to the field.
        let cmd = match cmd {
            Some(c) if flag_command(c) => (self.field == NoteField::Flag).then_some(c),
            Some(_) if key.text_char().is_some() => None,
            other => other,
        };
        match cmd {
            Some(Command::Back) => {
                if self.changed() {
                    self.asking_discard = true;
                } else {
                    return Outcome::Close { drop_draft: false };
                }
            }
            Some(Command::Help) => return Outcome::Help,
            Some(Command::NextField) => self.field = next(self.field, 1),
            Some(Command::PrevField) => self.field = next(self.field, -1),
            Some(Command::Submit) => return self.save(ctx),
            Some(Command::FlagPrev) => {
                self.error = None;
                self.cycle_flag(-1);
            }
            Some(Command::FlagNext) => {
                self.error = None;
                self.cycle_flag(1);
            }
            Some(c) if c.flag().is_some() => {
                self.error = None;
                self.set_flag(c.flag().flatten());
            }
            _ => self.field_key(ev),
        }
        Outcome::None
    }

    fn field_key(&mut self, ev: &KeyEvent) {
        self.error = None;
        match self.field {
            NoteField::Text => {
                edit(&mut self.text, ev);
            }
            NoteField::TagName => {
                if edit(&mut self.tag_name, ev) {
                    self.tag_name_touched = true;
                }
            }
            NoteField::Flag => {}
        }
    }

    /// Nothing changed: nothing is sent, not even a read. Otherwise the note is read, compared and written
    /// by one task; a note that changed meanwhile comes back as a conflict.
    fn save(&mut self, ctx: &Ctx) -> Outcome {
        if !self.changed() {
            return Outcome::Unchanged;
        }
        // The operator's input is checked here, before any request, so that a mistake shows at once.
        let code = self.flag.map(|f| i64::from(f.code()));
        let name = self.flag.map(|_| self.tag_name.value().to_string());
        let text = self.edit().text.unwrap_or_default();
        if let Err(e) = validate::note(&self.order_sn, &text, code, name.as_deref()) {
            self.error = Some(errors::validation_error(&e, ctx.lang()));
            return Outcome::None;
        }
        self.write(None)
    }

    /// The editor's edit to send; `seen` overrides what the operator saw (the gateway's note, once shown).
    pub(crate) fn write(&mut self, seen: Option<u64>) -> Outcome {
        if let Some(seen) = seen {
            self.seen = seen;
        }
        self.conflict = None;
        self.error = None;
        Outcome::Write {
            order_sn: self.order_sn.clone(),
            edit: self.edit(),
        }
    }

    /// The edit asked for by `Outcome::Write` is being sent as request `id`: keys wait for its result.
    pub fn sending(&mut self, id: ReqId) {
        self.sending = Some(id);
    }
}

/// Commands of the flag row: a colour, none, or the colour before or after.
fn flag_command(c: Command) -> bool {
    c.flag().is_some() || matches!(c, Command::FlagPrev | Command::FlagNext)
}

fn next(f: NoteField, delta: i64) -> NoteField {
    let all = [NoteField::Text, NoteField::Flag, NoteField::TagName];
    let i = all.iter().position(|x| *x == f).unwrap_or(0) as i64;
    all[((i + delta).rem_euclid(3)) as usize]
}
