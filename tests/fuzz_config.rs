//! Property tests of the two files an operator writes: `config.toml` and `keymap.toml`. Any text, and
//! any mutation of a good file, is an error message or a warning, never a panic.

use pddtui::config::{load, resolve_profile};
use pddtui::i18n::Lang;
use proptest::prelude::*;
use std::io::Write;

const GOOD_CONFIG: &str = r#"default_profile = "main"
lang = "en"
refresh_secs = 300

[profiles.main]
gateway = "fw199"
base_url = "https://open.fw199.com"
appid = "app"
seller_nick = "nick"
secret_env = "FUZZ_SECRET"

[profiles.main.waybill]
base_url = "http://127.0.0.1:9"
client_id = "cid"
client_secret_env = "FUZZ_SECRET"
ptemp_id = "1696"

[profiles.gift]
gateway = "pddshuju"
ownuser = "own"
state = "st"
allow_http = true
secret = "inline"
"#;

const GOOD_KEYMAP: &str = include_str!("../keymap.toml");

fn file_with(text: &[u8]) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text).unwrap();
    f
}

fn check_config(text: &[u8]) {
    let f = file_with(text);
    let env = |_: &str| Some("s".to_string());
    if let Ok((cfg, _)) = load(f.path(), false) {
        for name in [None, Some("main"), Some("gift"), Some("nope")] {
            let _ = resolve_profile(f.path(), &cfg, name, &env).map_err(|e| e.to_string());
        }
    }
}

fn check_keymap(text: &[u8]) {
    let f = file_with(text);
    let (described, _warnings) = pddtui::tui::describe_keymap(Some(f.path()), Lang::En);
    // Whatever the file says, the defaults fill in: quitting is always possible.
    assert!(!described.is_empty());
}

fn mutate(seed: &str, at: usize, cut: usize, junk: &[u8]) -> Vec<u8> {
    let mut b = seed.as_bytes()[..cut.min(seed.len())].to_vec();
    let at = at.min(b.len());
    let end = (at + junk.len()).min(b.len());
    b.splice(at..end, junk.iter().copied());
    b
}

/// Bytes that TOML finds interesting.
fn toml_junk() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"[".to_vec()),
        Just(b"]]".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"=".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"[profiles.x]\n".to_vec()),
        Just(b"on = [\"\xe6\x8b\xbc\"]\n".to_vec()),
        Just(b"run = \"none\"\n".to_vec()),
        Just(b"9999999999999999999999".to_vec()),
        Just(b"-1".to_vec()),
        any::<u8>().prop_map(|b| vec![b]),
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn config_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        check_config(&bytes);
    }

    #[test]
    fn mutated_config_never_panics(at in 0usize..2000, cut in 0usize..2000, junk in toml_junk()) {
        check_config(&mutate(GOOD_CONFIG, at, cut, &junk));
    }

    #[test]
    fn keymap_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        check_keymap(&bytes);
    }

    #[test]
    fn mutated_keymap_never_panics(at in 0usize..20_000, cut in 0usize..20_000, junk in toml_junk()) {
        check_keymap(&mutate(GOOD_KEYMAP, at, cut, &junk));
    }
}
