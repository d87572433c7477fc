//! `describe_keymap` (what `pddtui keys` prints) with no user file, a good one and a broken one:
//! a broken file is reported by line and the defaults stay in effect.

use pddtui::i18n::Lang;
use pddtui::tui::describe_keymap;

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
