//! `describe_keymap` (what `pddtui keys` prints) with no user file, a good one and a broken one:
//! a broken file is reported by line and the defaults stay in effect. Each binding line names its
//! section, keys, command and description (`desc = ""` means the built-in, translated text).

use pddtui::i18n::Lang;
use pddtui::tui::describe_keymap;

/// The binding lines as (section, rest) under the section header they follow.
fn lines(text: &str) -> Vec<(String, String)> {
    let mut header = String::new();
    let mut out = Vec::new();
    for l in text.lines() {
        if let Some(h) = l.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            header = h.to_string();
        } else {
            out.push((header.clone(), l.to_string()));
        }
    }
    out
}

/// Columns of a binding line: section, keys, command, description (keys and description may hold spaces).
fn find<'a>(all: &'a [(String, String)], section: &str, command: &str) -> &'a str {
    all.iter()
        .find(|(s, l)| s == section && l.split_whitespace().any(|w| w == command))
        .map(|(_, l)| l.as_str())
        .unwrap_or_else(|| panic!("no {command} in [{section}]"))
}

#[test]
fn defaults_are_described_per_section() {
    let (text, warnings) = describe_keymap(None, Lang::En);
    assert!(warnings.is_empty(), "{warnings:?}");
    for s in ["[global]", "[queue]", "[detail]", "[ship]", "[note]"] {
        assert!(text.contains(s), "{s} missing");
    }
    assert!(text.contains("j ↓"));
    assert!(text.contains("move down"));
}

#[test]
fn each_line_names_section_keys_command_and_description() {
    let (text, _) = describe_keymap(None, Lang::En);
    let all = lines(&text);
    assert!(all.len() > 40, "{text}");
    for (section, l) in &all {
        assert_eq!(
            l.split_whitespace().next(),
            Some(section.as_str()),
            "line without its section: {l:?}"
        );
    }
    let l = find(&all, "queue", "move_down");
    let cols: Vec<&str> = l.split_whitespace().collect();
    assert_eq!(cols, ["queue", "j", "↓", "move_down", "move", "down"]);
    let l = find(&all, "ship", "take_number");
    assert!(
        l.contains("Ctrl-t F2") && l.ends_with("take a waybill number"),
        "{l}"
    );
    let l = find(&all, "global", "help");
    assert!(l.contains("? F1"), "{l}");
    // desc = "": the built-in text, in the interface language.
    let (zh, _) = describe_keymap(None, Lang::Zh);
    let zh = lines(&zh);
    let l = find(&zh, "queue", "move_down");
    assert!(l.ends_with("下移"), "{l}");
}

#[test]
fn user_file_layers_and_broken_file_falls_back() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.toml");
    std::fs::write(
        &good,
        "[queue]\nkeymap = [ { on = [\"x\"], run = \"ship\", desc = \"寄出\" }, { on = [\"s\"], run = \"none\" } ]\n",
    )
    .unwrap();
    let (text, warnings) = describe_keymap(Some(&good), Lang::Zh);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(text.contains("寄出"));
    // The user's own desc is shown as written, next to the command it runs.
    let all = lines(&text);
    let l = find(&all, "queue", "ship");
    let cols: Vec<&str> = l.split_whitespace().collect();
    assert_eq!(cols, ["queue", "x", "ship", "寄出"]);

    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[queue]\nkeymap = [\n  { on = [\"x\"], run = 42 },\n]\n",
    )
    .unwrap();
    let (text, warnings) = describe_keymap(Some(&bad), Lang::En);
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("line 3"), "{}", warnings[0]);
    assert!(text.contains("ship"));

    let (_, warnings) = describe_keymap(Some(&dir.path().join("missing.toml")), Lang::En);
    assert_eq!(warnings.len(), 1);
}

#[test]
fn the_journal_section_and_its_keys_are_described() {
    let (text, warnings) = describe_keymap(None, Lang::En);
    assert!(warnings.is_empty(), "{warnings:?}");
    let all = lines(&text);
    assert!(find(&all, "queue", "journal").contains(" J "));
    assert!(find(&all, "queue", "import").contains(" I "));
    let l = find(&all, "journal", "reconcile");
    assert!(l.ends_with("check pending shipments"), "{l}");
    assert!(find(&all, "journal", "open").contains("Enter"));
}
