//! A user keymap that rebinds and unbinds commands changes every hint that names them, through the real
//! binary: `pddtui keys`, and the workstation in a pseudo-terminal against `pddtui sim` (the key bar, the
//! filter's key bar, the ship dialog's hint and the help screen with its title).

mod bin_support;

use bin_support::pty::Term;
use bin_support::{BIN, Shop, fw199_shop, output_text, shippable, start_sim, unshipped};
use std::process::Command;
use std::time::Duration;

/// `take_number` moves to F3, `quit` to Q, `help` to F1 only (also on the help screen), `refresh` is
/// unbound from the queue, the import dialog's `back` moves from Esc to F4.
const USER_KEYMAP: &str = r#"
[global]
keymap = [ { on = ["?"], run = "none" } ]

[queue]
keymap = [
  { on = ["Q"], run = "quit" },
  { on = ["q"], run = "none" },
  { on = ["r"], run = "none" },
]

[ship]
keymap = [
  { on = ["<F3>"], run = "take_number" },
  { on = ["<C-t>", "<F2>"], run = "none" },
]

[help]
keymap = [ { on = ["?"], run = "none" } ]

[import]
keymap = [
  { on = ["<Esc>"], run = "none" },
  { on = ["<F4>"], run = "back" },
]
"#;

/// Writes the user keymap where the binary looks for it under the shop's `XDG_CONFIG_HOME`.
fn write_keymap(shop: &Shop) -> std::path::PathBuf {
    let xdg = shop.dir.path().join("xdg");
    std::fs::create_dir_all(xdg.join("pddtui")).unwrap();
    std::fs::write(xdg.join("pddtui/keymap.toml"), USER_KEYMAP).unwrap();
    xdg
}

/// The binding lines of `section` in `pddtui keys` output.
fn section_lines<'a>(text: &'a str, section: &str) -> Vec<&'a str> {
    text.lines()
        .filter(|l| l.split_whitespace().next() == Some(section))
        .collect()
}

/// The line of `command` (its `run` name) in `section`, if bound.
fn binding<'a>(text: &'a str, section: &str, command: &str) -> Option<&'a str> {
    section_lines(text, section)
        .into_iter()
        .find(|l| l.split_whitespace().skip(1).any(|w| w == command))
}

#[test]
fn keys_lists_the_rebound_keys_and_not_the_unbound() {
    let sim = start_sim(5, 11, &[]);
    let shop = fw199_shop(&sim);
    let xdg = write_keymap(&shop);
    let out = Command::new(BIN)
        .arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(&shop.data)
        .args(["--lang", "en", "keys"])
        .env("XDG_CONFIG_HOME", &xdg)
        .output()
        .unwrap();
    let text = output_text(&out);
    assert!(out.status.success(), "{text}");
    let stdout = String::from_utf8_lossy(&out.stdout);

    let take = binding(&stdout, "ship", "take_number").expect("take_number bound");
    assert!(take.contains(" F3 "), "{take}");
    assert!(
        !stdout.contains("Ctrl-t") && !stdout.contains(" F2 "),
        "{stdout}"
    );

    let quit: Vec<&str> = section_lines(&stdout, "queue")
        .into_iter()
        .filter(|l| l.split_whitespace().skip(1).any(|w| w == "quit"))
        .collect();
    assert_eq!(quit.len(), 1, "{quit:?}");
    assert_eq!(quit[0].split_whitespace().nth(1), Some("Q"), "{}", quit[0]);

    let help = binding(&stdout, "global", "help").expect("help bound");
    let keys: Vec<&str> = help.split_whitespace().skip(1).take(2).collect();
    assert_eq!(keys, ["F1", "help"], "{help}");
    let closes = binding(&stdout, "help", "help").expect("help closes help");
    assert!(
        closes.contains(" F1 ") && !closes.contains(" ? "),
        "{closes}"
    );

    let back = binding(&stdout, "import", "back").expect("import's back bound");
    assert_eq!(back.split_whitespace().nth(1), Some("F4"), "{back}");
    assert!(!back.contains("Esc"), "{back}");

    assert_eq!(binding(&stdout, "queue", "refresh"), None, "{stdout}");
    // The detail screen has its own `r`: a section's unbind stays in its section.
    assert!(binding(&stdout, "detail", "refresh").is_some());
}

/// Sends keys until `needle` is on screen (at most `tries` times); the screen then.
fn press_until(term: &mut Term, keys: &str, needle: &str, tries: usize) -> String {
    for _ in 0..tries {
        let s = term.screen();
        if s.contains(needle) {
            return s;
        }
        term.send(keys);
    }
    term.wait_for(needle)
}

/// The bottom line of the screen: the key bar.
fn key_bar(screen: &str) -> String {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_workstation_names_the_rebound_keys_everywhere() {
    let sim = start_sim(20, 11, &[]);
    let shop = fw199_shop(&sim);
    write_keymap(&shop);
    let sn = shippable(&unshipped(&shop));
    let mut term = Term::open(&shop, &["--lang", "en"]);
    // Wide enough for the whole key bar.
    term.resize(30, 160);
    term.wait_for(&sn);

    // The key bar: the new keys, not the old ones; the unbound command left out.
    let screen = term.wait_for("Q quit");
    let bar = key_bar(&screen);
    assert!(bar.contains("F1 help"), "{bar}");
    assert!(!bar.contains("? help") && !bar.contains("q quit"), "{bar}");
    assert!(!bar.contains("refresh"), "{bar}");

    // The filter's own keys while it is typed, then the order picked.
    term.send("/");
    let screen = term.wait_for("Esc back / cancel");
    assert!(key_bar(&screen).starts_with("Enter submit"), "{screen}");
    term.send(&sn);
    term.send("\r");

    // The ship dialog's hint.
    term.send("s");
    let screen = term.wait_for("take no.");
    assert!(screen.contains("F3 take no."), "{screen}");
    assert!(
        !screen.contains("Ctrl-t") && !screen.contains("Ctrl-T"),
        "{screen}"
    );
    term.send("\x1b");

    // Help, opened with F1: its title names help's own keys, its lines the rebound ones.
    term.send("\x1bOP");
    let screen = term.wait_for("Esc or F1 closes");
    assert!(!screen.contains("? closes"), "{screen}");
    let screen = press_until(&mut term, "\x1b[6~", "take a waybill number", 8);
    let line = screen
        .lines()
        .find(|l| l.contains("take a waybill number"))
        .unwrap_or_default();
    assert!(line.contains("F3") && !line.contains("Ctrl-t"), "{line}");
    term.send("\x1b");

    // The import dialog's hint names F4, and F4 closes it.
    term.send("I");
    let screen = term.wait_for("columns:");
    assert!(screen.contains("Enter reads  F4 cancels"), "{screen}");
    assert!(!screen.contains("Esc cancels"), "{screen}");
    term.send("\x1bOS");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!term.screen().contains("columns:"), "{}", term.screen());

    // And the keys named do what they say: Q quits.
    term.send("Q");
    let status = term.wait_exit(Duration::from_secs(3));
    assert!(status.success(), "{status:?}");
}
