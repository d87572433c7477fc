//! Runs the binary on every folder of `tests/invalid_inputs/`: a bad config, keymap or command line,
//! and the substrings its message must hold (`expected.txt`: file, line, what is wrong).
//!
//! A folder holds `config.toml` (run `orders` with it; optional `mode`, octal, default 600), or
//! `keymap.toml` (run `keys`: not fatal, exit 0 with a warning), or `orders.csv` (run `ship --csv` on
//! the demo shop), or `args.txt` (one argument a line, run against the demo shop). Configs, CSV files and
//! arguments must exit 2. An optional `absent.txt` lists texts (secrets) that must appear neither on
//! stderr nor in the log. Configs run with `--lang en`; a config folder's optional `expected.zh.txt` holds
//! what the same run with `--lang zh` must say.

mod bin_support;

use bin_support::BIN;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn run_case(dir: &Path, tmp: &Path, lang: &str) -> (Output, i32) {
    let mut cmd = Command::new(BIN);
    cmd.env("XDG_CONFIG_HOME", tmp.join("xdg"))
        .env("XDG_DATA_HOME", tmp.join("data"))
        .env("HOME", tmp)
        .env("PDDTUI_TEST_SECRET", "test-secret")
        .env_remove("PDDTUI_SURELY_UNSET_VAR")
        .stdin(Stdio::null());
    let expected_code;
    if dir.join("config.toml").exists() {
        let config = tmp.join("config.toml");
        std::fs::copy(dir.join("config.toml"), &config).unwrap();
        let mode = std::fs::read_to_string(dir.join("mode")).unwrap_or_else(|_| "600".into());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = u32::from_str_radix(mode.trim(), 8).unwrap();
            std::fs::set_permissions(&config, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        cmd.args(["--lang", lang, "--config"])
            .arg(&config)
            .arg("orders");
        expected_code = 2;
    } else if dir.join("keymap.toml").exists() {
        let km = tmp.join("xdg/pddtui/keymap.toml");
        std::fs::create_dir_all(km.parent().unwrap()).unwrap();
        std::fs::copy(dir.join("keymap.toml"), &km).unwrap();
        cmd.args(["--lang", "en", "keys"]);
        expected_code = 0;
    } else if dir.join("orders.csv").exists() {
        let csv = tmp.join("orders.csv");
        std::fs::copy(dir.join("orders.csv"), &csv).unwrap();
        cmd.args(["--lang", "en", "ship", "--csv"]).arg(&csv);
        expected_code = 2;
    } else {
        let args = std::fs::read_to_string(dir.join("args.txt")).unwrap();
        cmd.args(args.lines().filter(|l| !l.is_empty()));
        expected_code = 2;
    }
    (cmd.output().unwrap(), expected_code)
}

#[test]
fn every_invalid_input_names_what_is_wrong() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid_inputs");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 20, "{} cases", dirs.len());
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
        check_case(dir, &name, "en", &expected, &mut failures);
        if let Ok(expected) = std::fs::read_to_string(dir.join("expected.zh.txt")) {
            check_case(dir, &format!("{name} (zh)"), "zh", &expected, &mut failures);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs one case in `lang`; what it must say is `expected`, one substring a line.
fn check_case(dir: &Path, name: &str, lang: &str, expected: &str, failures: &mut Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let (out, code) = run_case(dir, tmp.path(), lang);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    if out.status.code() != Some(code) {
        failures.push(format!(
            "{name}: exit {:?}, wanted {code}: {stderr}",
            out.status.code()
        ));
        return;
    }
    for want in expected.lines().filter(|l| !l.is_empty()) {
        if !stderr.contains(want) {
            failures.push(format!("{name}: {want:?} missing from: {stderr}"));
        }
    }
    if code == 0 && !String::from_utf8_lossy(&out.stdout).contains("quit") {
        failures.push(format!("{name}: the default keymap is not in effect"));
    }
    let log =
        std::fs::read_to_string(tmp.path().join("data/pddtui/pddtui.log")).unwrap_or_default();
    let absent = std::fs::read_to_string(dir.join("absent.txt")).unwrap_or_default();
    for secret in absent.lines().filter(|l| !l.is_empty()) {
        if stderr.contains(secret) || log.contains(secret) {
            failures.push(format!("{name}: {secret:?} shown: {stderr}\n{log}"));
        }
    }
    if stderr.contains("panicked") {
        failures.push(format!("{name}: panicked: {stderr}"));
    }
}
