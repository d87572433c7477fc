//! Hints built from the live keymap: "KEY word  KEY word", each key the one bound to the command in the
//! input context's section (`Section::chain`), commands left unbound left out. i18n gives only the words.

use crate::tui::keys::command::Command;
use crate::tui::keys::keymap::{Keymap, Section};

/// The keys a hint names before its word.
#[derive(Debug, Clone, Copy)]
pub enum Keys<'a> {
    /// The key of one command.
    One(Command),
    /// The keys of commands that go together, as "←/→" or "Enter/y" (the unbound ones left out).
    Slash(&'a [Command]),
    /// The keys of a row of commands, as "0-5" when they are consecutive characters, else as `Slash`.
    Range(&'a [Command]),
    /// Alternatives that each do the thing, joined by the word for "or" ("Esc 或 ?").
    Either(&'a [Keys<'a>]),
}

/// Renders hints of one input context with one keymap.
#[derive(Clone, Copy)]
pub struct Hints<'a> {
    keymap: &'a Keymap,
    section: Section,
    /// The word between alternatives: " 或 ", " or ".
    or: &'a str,
}

impl<'a> Hints<'a> {
    /// Hints of `section`; `or` goes between the keys of `Keys::Either` (with spaces around it).
    pub fn new(keymap: &'a Keymap, section: Section, or: &'a str) -> Hints<'a> {
        Hints {
            keymap,
            section,
            or,
        }
    }

    /// The key of `command` as written on screen, if it is bound.
    pub fn key(&self, command: Command) -> Option<String> {
        self.keymap
            .key_for(self.section, command)
            .map(|k| k.to_string())
    }

    /// The keys of `keys` as written on screen; `None` when none of them is bound.
    pub fn keys(&self, keys: Keys) -> Option<String> {
        match keys {
            Keys::One(c) => self.key(c),
            Keys::Slash(cs) => self.slash(cs),
            Keys::Range(cs) => {
                let chars: Option<Vec<char>> = cs
                    .iter()
                    .map(|&c| self.keymap.key_for(self.section, c)?.text_char())
                    .collect();
                if let Some(v) = chars
                    && v.len() > 1
                    && v.windows(2).all(|w| {
                        w.first().map(|&a| u32::from(a) + 1) == w.get(1).map(|&b| u32::from(b))
                    })
                    && let (Some(first), Some(last)) = (v.first(), v.last())
                {
                    return Some(format!("{first}-{last}"));
                }
                self.slash(cs)
            }
            Keys::Either(alts) => {
                let bound: Vec<String> = alts.iter().filter_map(|&k| self.keys(k)).collect();
                (!bound.is_empty()).then(|| bound.join(&format!(" {} ", self.or)))
            }
        }
    }

    fn slash(&self, cs: &[Command]) -> Option<String> {
        let bound: Vec<String> = cs.iter().filter_map(|&c| self.key(c)).collect();
        (!bound.is_empty()).then(|| bound.join("/"))
    }

    /// "KEYS word", or `None` when nothing of `keys` is bound; an empty word gives the keys alone.
    pub fn hint(&self, keys: Keys, word: &str) -> Option<String> {
        let keys = self.keys(keys)?;
        Some(if word.is_empty() {
            keys
        } else {
            format!("{keys} {word}")
        })
    }

    /// The hints of `items` that are bound, two spaces apart.
    pub fn line(&self, items: &[(Keys, &str)]) -> String {
        items
            .iter()
            .filter_map(|&(keys, word)| self.hint(keys, word))
            .collect::<Vec<_>>()
            .join("  ")
    }
}

#[cfg(test)]
mod tests {
    use super::Keys::{Either, One, Range, Slash};
    use super::*;
    use crate::i18n::Lang;
    use crate::tui::keys::keymap::load_text;

    fn keymap(user: &str) -> Keymap {
        let (km, w) = load_text(Some((user, "user.toml")), Lang::En);
        assert!(w.is_empty(), "{w:?}");
        km
    }

    const SHIP: [(Keys, &str); 4] = [
        (One(Command::NextField), "切换"),
        (One(Command::Submit), "下一步"),
        (One(Command::TakeNumber), "取号"),
        (One(Command::Back), "取消"),
    ];

    #[test]
    fn defaults_read_as_the_words_with_their_keys() {
        let km = Keymap::defaults();
        let h = Hints::new(&km, Section::Ship, "或");
        assert_eq!(
            h.line(&SHIP),
            "Tab 切换  Enter 下一步  Ctrl-t 取号  Esc 取消"
        );
        let note = Hints::new(&km, Section::Note, "或");
        let row = [
            Slash(&[Command::FlagPrev, Command::FlagNext]),
            Range(&Command::FLAGS),
        ];
        assert_eq!(note.line(&[(Either(&row), "选旗")]), "←/→ 或 0-5 选旗");
        let help = Hints::new(&km, Section::Help, "or");
        let close = [One(Command::Back), One(Command::Help)];
        assert_eq!(help.line(&[(Either(&close), "closes")]), "Esc or ? closes");
    }

    #[test]
    fn a_rebind_names_the_new_key_and_an_unbind_leaves_the_hint_out() {
        let km = keymap(
            r#"
[ship]
keymap = [
  { on = ["<F3>"], run = "take_number" },
  { on = ["<Esc>"], run = "none" },
]
"#,
        );
        let h = Hints::new(&km, Section::Ship, "或");
        // The user's entry wins for the hint even while the default keys still work.
        assert_eq!(h.line(&SHIP), "Tab 切换  Enter 下一步  F3 取号");
        assert_eq!(h.hint(One(Command::Back), "取消"), None);
    }

    #[test]
    fn two_keys_slash_and_either_leave_out_what_is_unbound() {
        let km = keymap(
            r#"
[note_conflict]
keymap = [ { on = ["y", "Y"], run = "none" } ]
[note]
keymap = [ { on = ["<Right>", "l"], run = "none" }, { on = ["r"], run = "flag_red" } ]
"#,
        );
        let c = Hints::new(&km, Section::NoteConflict, "or");
        let send = [Command::Submit, Command::Confirm];
        assert_eq!(
            c.hint(Slash(&send), "send yours").as_deref(),
            Some("Enter send yours")
        );
        let n = Hints::new(&km, Section::Note, "or");
        assert_eq!(
            n.keys(Slash(&[Command::FlagPrev, Command::FlagNext]))
                .as_deref(),
            Some("←")
        );
        // Not consecutive any more: each key named.
        let flags = [Command::FlagClear, Command::FlagRed, Command::FlagYellow];
        assert_eq!(n.keys(Range(&flags)).as_deref(), Some("0/r/2"));
        let none = [Command::Reconcile, Command::Journal];
        assert_eq!(n.keys(Either(&[Slash(&none)])), None);
        assert_eq!(n.line(&[(One(Command::Reconcile), "x")]), "");
    }

    #[test]
    fn screens_fall_back_to_global_and_dialogs_do_not() {
        let km = keymap("[global]\nkeymap = [ { on = [\"<F1>\"], run = \"help\" } ]\n");
        let q = Hints::new(&km, Section::Queue, "或");
        assert_eq!(
            q.hint(One(Command::Help), "帮助").as_deref(),
            Some("F1 帮助")
        );
        let imp = Hints::new(&km, Section::Import, "或");
        assert_eq!(imp.key(Command::Help), None);
        // CJK words keep their place and width; the keys stay ASCII.
        let s = Hints::new(&km, Section::Import, "或");
        let done = [One(Command::Submit), One(Command::Back)];
        assert_eq!(
            s.line(&[
                (Either(&done), "关闭"),
                (One(Command::Confirm), "确认发货,其他键取消")
            ]),
            "Enter 或 Esc 关闭  y 确认发货,其他键取消"
        );
    }
}
