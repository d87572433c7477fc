//! The keymap in effect: the embedded default (keymap.toml at the repository's top) with the user's file
//! layered on top per key and section. A bad user file is reported by line and ignored; it never panics.

use crate::domain::text::pad;
use crate::i18n::{Lang, tui as tr};
use crate::tui::keys::command::Command;
use crate::tui::keys::key::Key;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

pub const DEFAULT_TOML: &str = include_str!("../../../keymap.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Global,
    Queue,
    Detail,
    Ship,
    Note,
    Journal,
    /// The note editor showing a note that changed in the backend.
    NoteConflict,
    /// The CSV import dialog.
    Import,
    /// Yes-or-no questions: quit while shipping, discard a changed note.
    Confirm,
    /// Typing a filter (the queue's or the journal's).
    Filter,
    /// The help screen.
    Help,
}

impl Section {
    pub const ALL: [Section; 11] = [
        Section::Global,
        Section::Queue,
        Section::Detail,
        Section::Ship,
        Section::Note,
        Section::Journal,
        Section::NoteConflict,
        Section::Import,
        Section::Confirm,
        Section::Filter,
        Section::Help,
    ];

    /// The section's name in keymap.toml.
    pub fn name(self) -> &'static str {
        match self {
            Section::Global => "global",
            Section::Queue => "queue",
            Section::Detail => "detail",
            Section::Ship => "ship",
            Section::Note => "note",
            Section::Journal => "journal",
            Section::NoteConflict => "note_conflict",
            Section::Import => "import",
            Section::Confirm => "confirm",
            Section::Filter => "filter",
            Section::Help => "help",
        }
    }

    /// The sections a key is looked up in, in order: the screens, the questions and help fall back to
    /// `[global]` (as `Keymap::resolve` does); a dialog and the filter read only their own section.
    pub fn chain(self) -> &'static [Section] {
        match self {
            Section::Global => &[Section::Global],
            Section::Queue => &[Section::Queue, Section::Global],
            Section::Detail => &[Section::Detail, Section::Global],
            Section::Journal => &[Section::Journal, Section::Global],
            Section::Confirm => &[Section::Confirm, Section::Global],
            Section::Help => &[Section::Help, Section::Global],
            Section::Ship => &[Section::Ship],
            Section::Note => &[Section::Note],
            Section::NoteConflict => &[Section::NoteConflict],
            Section::Import => &[Section::Import],
            Section::Filter => &[Section::Filter],
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub command: Command,
    /// The entry's own description; empty means the built-in text of the command.
    pub desc: String,
}

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    sections: HashMap<Section, Vec<Binding>>,
    lookup: HashMap<(Section, Key), Command>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    on: toml::Spanned<OneOrMany>,
    run: Command,
    #[serde(default)]
    desc: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SectionFile {
    #[serde(default)]
    keymap: Vec<Entry>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    global: Option<SectionFile>,
    #[serde(default)]
    queue: Option<SectionFile>,
    #[serde(default)]
    detail: Option<SectionFile>,
    #[serde(default)]
    ship: Option<SectionFile>,
    #[serde(default)]
    note: Option<SectionFile>,
    #[serde(default)]
    journal: Option<SectionFile>,
    #[serde(default)]
    note_conflict: Option<SectionFile>,
    #[serde(default)]
    import: Option<SectionFile>,
    #[serde(default)]
    confirm: Option<SectionFile>,
    #[serde(default)]
    filter: Option<SectionFile>,
    #[serde(default)]
    help: Option<SectionFile>,
}

impl File {
    fn take(&mut self, s: Section) -> Option<SectionFile> {
        match s {
            Section::Global => self.global.take(),
            Section::Queue => self.queue.take(),
            Section::Detail => self.detail.take(),
            Section::Ship => self.ship.take(),
            Section::Note => self.note.take(),
            Section::Journal => self.journal.take(),
            Section::NoteConflict => self.note_conflict.take(),
            Section::Import => self.import.take(),
            Section::Confirm => self.confirm.take(),
            Section::Filter => self.filter.take(),
            Section::Help => self.help.take(),
        }
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |s| s.matches('\n').count() + 1)
}

type Parsed = (Vec<(Section, Vec<Binding>)>, Vec<String>);

/// Reads one file into bindings per section. A syntax or unknown-command error fails the whole file;
/// bad key names and duplicates are warnings (naming lines) and the rest of the file still applies.
fn parse(text: &str, file_name: &str, lang: Lang) -> Result<Parsed, String> {
    let mut file: File = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        tr::keymap_line(lang, file_name, line, e.message().trim())
    })?;
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for section in Section::ALL {
        let Some(sf) = file.take(section) else {
            continue;
        };
        let mut seen: HashMap<Key, ()> = HashMap::new();
        let mut bindings = Vec::new();
        for entry in sf.keymap {
            let line = line_of(text, entry.on.span().start);
            let names = match entry.on.into_inner() {
                OneOrMany::One(s) => vec![s],
                OneOrMany::Many(v) => v,
            };
            let mut keys = Vec::new();
            for name in names {
                match Key::parse(&name) {
                    Some(k) => {
                        if seen.insert(k, ()).is_some() {
                            problems.push(tr::keymap_line(
                                lang,
                                file_name,
                                line,
                                &tr::keymap_duplicate(lang, &k.to_string(), section.name()),
                            ));
                        }
                        keys.push(k);
                    }
                    None => problems.push(tr::keymap_line(
                        lang,
                        file_name,
                        line,
                        &tr::keymap_bad_key(lang, &name),
                    )),
                }
            }
            bindings.push(Binding {
                keys,
                command: entry.run,
                // Someone else's file: a description is drawn in help and printed by `keys`.
                desc: crate::domain::text::sanitize(&entry.desc),
            });
        }
        out.push((section, bindings));
    }
    Ok((out, problems))
}

impl Keymap {
    fn from_sections(parsed: Vec<(Section, Vec<Binding>)>) -> Keymap {
        let mut km = Keymap::default();
        km.layer(parsed);
        km
    }

    /// Puts `parsed` over the current bindings: a key bound again moves to the new entry; `none` unbinds it.
    fn layer(&mut self, parsed: Vec<(Section, Vec<Binding>)>) {
        for (section, bindings) in parsed {
            let list = self.sections.entry(section).or_default();
            for b in bindings {
                for old in list.iter_mut() {
                    old.keys.retain(|k| !b.keys.contains(k));
                }
                list.retain(|old| !old.keys.is_empty());
                if b.command != Command::None && !b.keys.is_empty() {
                    list.push(b);
                }
            }
        }
        self.lookup = self
            .sections
            .iter()
            .flat_map(|(s, list)| {
                list.iter()
                    .flat_map(move |b| b.keys.iter().map(move |k| ((*s, *k), b.command)))
            })
            .collect();
    }

    /// The default keymap alone.
    pub fn defaults() -> Keymap {
        let (km, _) = load_text(None, Lang::Zh);
        km
    }

    pub fn get(&self, section: Section, key: Key) -> Option<Command> {
        self.lookup.get(&(section, key)).copied()
    }

    /// The command of `key` in `section`, else in `[global]`.
    pub fn resolve(&self, section: Section, key: Key) -> Option<Command> {
        self.get(section, key)
            .or_else(|| self.get(Section::Global, key))
    }

    pub fn bindings(&self, section: Section) -> &[Binding] {
        self.sections.get(&section).map_or(&[], Vec::as_slice)
    }

    /// The binding hints name for `command` where `section` reads keys (`Section::chain`): in the first
    /// section that binds it, its newest entry (a user's entry comes after the defaults it adds to).
    pub fn hint_binding(&self, section: Section, command: Command) -> Option<&Binding> {
        section.chain().iter().find_map(|&s| {
            self.bindings(s)
                .iter()
                .rev()
                .find(|b| b.command == command && !b.keys.is_empty())
        })
    }

    /// The key hints name for `command` where `section` reads keys: the first key of `hint_binding`.
    pub fn key_for(&self, section: Section, command: Command) -> Option<Key> {
        self.hint_binding(section, command)
            .and_then(|b| b.keys.first().copied())
    }
}

/// Loads the default keymap, then the user's text (with its file name for messages) over it.
pub fn load_text(user: Option<(&str, &str)>, lang: Lang) -> (Keymap, Vec<String>) {
    let mut warnings = Vec::new();
    let mut km = match parse(DEFAULT_TOML, "keymap.toml", lang) {
        Ok((p, w)) => {
            warnings.extend(w);
            Keymap::from_sections(p)
        }
        Err(e) => {
            warnings.push(e);
            Keymap::default()
        }
    };
    if let Some((text, name)) = user {
        match parse(text, name, lang) {
            Ok((p, w)) => {
                warnings.extend(w);
                km.layer(p);
            }
            Err(e) => warnings.push(format!("{e} — {}", tr::keymap_fallback(lang))),
        }
    }
    (km, warnings)
}

/// Loads the keymap in effect from the user's file, if any.
pub fn load(user: Option<&Path>, lang: Lang) -> (Keymap, Vec<String>) {
    let Some(path) = user else {
        return load_text(None, lang);
    };
    match std::fs::read_to_string(path) {
        Ok(text) => load_text(Some((&text, &path.display().to_string())), lang),
        Err(e) => {
            let (km, mut w) = load_text(None, lang);
            w.push(format!(
                "{}: {e} — {}",
                path.display(),
                tr::keymap_fallback(lang)
            ));
            (km, w)
        }
    }
}

/// The keymap as text lines, one section after another (for `pddtui keys` and tests): each binding
/// with its section, keys, command (`run` name) and description (its own, else the built-in text).
pub fn describe(km: &Keymap, lang: Lang) -> String {
    let mut out = String::new();
    let name_w = Section::ALL
        .iter()
        .map(|s| s.name().len())
        .max()
        .unwrap_or(0);
    for section in Section::ALL {
        out.push_str(&format!("[{}]\n", section.name()));
        for b in km.bindings(section) {
            let keys: Vec<String> = b.keys.iter().map(Key::to_string).collect();
            out.push_str(&format!(
                "  {} {} {} {}\n",
                pad(section.name(), name_w),
                pad(&keys.join(" "), 22),
                pad(&b.command.name(), 16),
                description(b, lang)
            ));
        }
    }
    out
}

/// What help shows for a binding.
pub fn description(b: &Binding, lang: Lang) -> String {
    if b.desc.trim().is_empty() {
        tr::t(lang, b.command.text()).to_string()
    } else {
        b.desc.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyCode;

    fn k(s: &str) -> Key {
        Key::parse(s).unwrap()
    }

    #[test]
    fn defaults_parse_cleanly() {
        let (km, w) = load_text(None, Lang::En);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(km.resolve(Section::Queue, k("j")), Some(Command::MoveDown));
        assert_eq!(
            km.resolve(Section::Queue, k("<C-d>")),
            Some(Command::PageDown)
        );
        assert_eq!(km.resolve(Section::Queue, k("?")), Some(Command::Help));
        assert_eq!(km.resolve(Section::Ship, k("y")), Some(Command::Confirm));
        assert_eq!(km.get(Section::Queue, k("<C-s>")), None);
        assert_eq!(km.get(Section::Global, k("<C-q>")), None);
    }

    #[test]
    fn every_context_has_its_own_section() {
        let (km, w) = load_text(None, Lang::En);
        assert!(w.is_empty(), "{w:?}");
        for s in Section::ALL {
            assert!(!km.bindings(s).is_empty(), "[{}] is empty", s.name());
            assert!(describe(&km, Lang::En).contains(&format!("[{}]", s.name())));
        }
        assert_eq!(km.get(Section::Import, k("j")), Some(Command::MoveDown));
        assert_eq!(km.get(Section::Confirm, k("y")), Some(Command::Confirm));
        assert_eq!(km.get(Section::Filter, k("<Esc>")), Some(Command::Back));
        assert_eq!(km.get(Section::Help, k("q")), Some(Command::Back));
        assert_eq!(
            km.get(Section::NoteConflict, k("t")),
            Some(Command::TakeTheirs)
        );
        assert_eq!(km.get(Section::Note, k("h")), Some(Command::FlagPrev));
        // A dialog's hint never names a `[global]` key; a screen's may.
        assert_eq!(km.key_for(Section::Import, Command::Help), None);
        assert_eq!(km.key_for(Section::Queue, Command::Help), Some(k("?")));
    }

    #[test]
    fn user_file_overrides_and_unbinds() {
        let user = r#"
[queue]
keymap = [
  { on = ["n"], run = "move_down", desc = "down" },
  { on = "q", run = "none" },
]
"#;
        let (km, w) = load_text(Some((user, "user.toml")), Lang::En);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(km.get(Section::Queue, k("n")), Some(Command::MoveDown));
        assert_eq!(km.get(Section::Queue, k("q")), None);
        assert_eq!(km.get(Section::Queue, k("j")), Some(Command::MoveDown));
        assert_eq!(km.get(Section::Detail, k("n")), Some(Command::Note));
    }

    #[test]
    fn bad_file_names_the_line_and_keeps_defaults() {
        let user = "[queue]\nkeymap = [\n  { on = [\"x\"], run = \"explode\" },\n]\n";
        let (km, w) = load_text(Some((user, "user.toml")), Lang::En);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("user.toml line 3"), "{}", w[0]);
        assert_eq!(km.get(Section::Queue, k("q")), Some(Command::Quit));
        let (_, w) = load_text(Some(("[queue\n", "u.toml")), Lang::Zh);
        assert!(w[0].contains("u.toml 第 1 行"), "{}", w[0]);
    }

    #[test]
    fn duplicates_and_bad_keys_are_reported() {
        let user = "[ship]\nkeymap = [\n { on = [\"<F3>\"], run = \"take_number\" },\n { on = [\"<F3>\", \"<Nope>\"], run = \"confirm\" },\n]\n";
        let (km, w) = load_text(Some((user, "u.toml")), Lang::En);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].contains("line 4") && w[0].contains("twice"));
        assert!(w[1].contains("Nope"));
        assert_eq!(
            km.get(Section::Ship, Key::plain(KeyCode::F(3))),
            Some(Command::Confirm)
        );
    }
}
