//! `pddtui completions SHELL` and `pddtui man`: generated from the command line's definition, printed
//! on stdout without a shop (no config, no simulator), and naming the subcommands.

mod bin_support;

use bin_support::BIN;
use std::process::{Command, Output, Stdio};

fn run(home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

const SUBCOMMANDS: [&str; 8] = [
    "orders", "show", "couriers", "ship", "journal", "note", "waybill", "keys",
];

#[test]
fn each_shell_gets_a_script_naming_the_subcommands() {
    let home = tempfile::tempdir().unwrap();
    // How each shell's script names ship's `--courier` option.
    for (shell, option) in [
        ("bash", "--courier"),
        ("zsh", "--courier"),
        ("fish", "-l courier"),
    ] {
        let out = run(home.path(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", text(&out.stderr));
        // Nothing else on stderr: no demo-shop notice, the script is all.
        assert!(out.stderr.is_empty(), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        assert!(script.contains("pddtui"), "{shell}");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} lacks {sub}");
        }
        assert!(script.contains(option), "{shell} lacks ship's options");
    }
    // Where bash is installed, the script must at least parse.
    let bash = run(home.path(), &["completions", "bash"]);
    if let Ok(mut check) = Command::new("bash")
        .args(["-n"])
        .stdin(Stdio::piped())
        .spawn()
    {
        use std::io::Write;
        check.stdin.take().unwrap().write_all(&bash.stdout).unwrap();
        assert!(
            check.wait().unwrap().success(),
            "bash -n refuses the script"
        );
    }
    let bad = run(home.path(), &["completions", "cmd.exe"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn the_man_page_is_roff_and_names_the_subcommands() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["man"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert!(page.contains(".TH pddtui 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    for sub in SUBCOMMANDS {
        assert!(page.contains(&format!("pddtui\\-{sub}(1)")), "lacks {sub}");
    }
    let ship = text(&run(home.path(), &["man", "ship"]).stdout);
    assert!(ship.contains(".TH pddtui-ship 1"), "{ship}");
    assert!(ship.contains("\\-\\-courier"), "{ship}");
    let unknown = run(home.path(), &["man", "shipp"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("'shipp'"));
}

#[test]
fn man_out_dir_writes_every_page() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("man/man1");
    let out = run(home.path(), &["man", "--out-dir", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    for name in ["pddtui.1", "pddtui-ship.1", "pddtui-completions.1"] {
        let page = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(page.contains(".TH"), "{name}");
        assert!(listed.contains(name), "{listed}");
    }
    // A path through a file: the OS error in the interface language, naming the path.
    let file = home.path().join("plain");
    std::fs::write(&file, "x").unwrap();
    let through = file.join("man1");
    let zh = run(
        home.path(),
        &["man", "--out-dir", through.to_str().unwrap()],
    );
    assert_eq!(zh.status.code(), Some(1));
    let err = text(&zh.stderr);
    assert!(
        err.contains(through.to_str().unwrap()) && err.contains("路径中有一段不是目录"),
        "{err}"
    );
}
