//! color-eyre reports a panic of the workstation: after the terminal is restored (raw mode off, main screen
//! back, cursor shown), with no colours, on stderr and in the log — and with every secret blanked. The panic is
//! the debug build's `PDDTUI_DEBUG_PANIC`, which quotes the secrets the process holds.

mod bin_support;

use bin_support::bin;
use bin_support::pty::Term;
use portable_pty::CommandBuilder;
use std::time::Duration;

#[test]
fn a_panic_is_reported_after_the_terminal_is_restored_with_no_secret() {
    let sim = bin_support::start_sim(5, 3, &[]);
    let shop = bin_support::fw199_shop(&sim);
    let mut cmd = CommandBuilder::new(bin());
    for a in ["--lang", "en", "--config"] {
        cmd.arg(a);
    }
    cmd.arg(&shop.config);
    cmd.arg("--data-dir");
    cmd.arg(&shop.data);
    cmd.env("PDDTUI_DEBUG_PANIC", "1");
    let mut term = Term::spawn(&shop, cmd);
    let status = term.wait_exit(Duration::from_secs(20));
    assert!(!status.success(), "a panic is a failure: {status:?}");
    let raw = term.raw();
    let report = raw
        .find("The application panicked")
        .unwrap_or_else(|| panic!("no color-eyre report in {raw:?}"));
    // The terminal was given back before the report: the main screen and the cursor are restored first.
    let left = raw
        .rfind("\x1b[?1049l")
        .expect("the main screen is restored");
    assert!(left < report, "report before the restore: {raw:?}");
    let after = &raw[report..];
    assert!(
        after.contains("PDDTUI_DEBUG_PANIC set; secrets held: ***"),
        "{after:?}"
    );
    assert!(!raw.contains("demo-secret"), "the secret leaked: {raw:?}");
    assert!(
        !after.contains("\x1b["),
        "colours or escapes in the report: {after:?}"
    );
    let log = std::fs::read_to_string(shop.data.join("pddtui.log")).unwrap();
    assert!(log.contains("The application panicked"), "{log}");
    assert!(log.contains("secrets held: ***"), "{log}");
    assert!(
        !log.contains("demo-secret"),
        "the secret is in the log: {log}"
    );
}
