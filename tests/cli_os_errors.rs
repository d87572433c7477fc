//! Errors of the operating system and the CSV reader reach the operator in the interface language,
//! naming the path: a missing file, a directory, a results file that cannot be written, a log that
//! cannot be opened. Run on the demo shop (no config file).

mod bin_support;

use bin_support::BIN;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn run(home: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// What std's own words look like: none of them may reach a Chinese operator.
fn has_english_os_text(s: &str) -> bool {
    [
        "No such file",
        "Is a directory",
        "Not a directory",
        "os error",
    ]
    .iter()
    .any(|w| s.contains(w))
}

#[test]
fn a_missing_csv_file_is_named_in_both_languages() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("nowhere/orders.csv");
    let p = path.to_str().unwrap();
    let zh = run(home.path(), &["ship", "--csv", p]);
    assert_eq!(zh.status.code(), Some(2), "{}", stderr(&zh));
    let err = stderr(&zh);
    assert!(err.contains(p) && err.contains("文件或目录不存在"), "{err}");
    assert!(!has_english_os_text(&err), "{err}");
    let en = run(home.path(), &["--lang", "en", "ship", "--csv", p]);
    assert_eq!(en.status.code(), Some(2));
    let err = stderr(&en);
    assert!(
        err.contains(p) && err.contains("no such file or directory"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
}

#[test]
fn a_directory_given_as_the_csv_file_says_so() {
    let home = tempfile::tempdir().unwrap();
    let p = home.path().to_str().unwrap();
    let zh = run(home.path(), &["ship", "--csv", p]);
    assert_eq!(zh.status.code(), Some(2), "{}", stderr(&zh));
    let err = stderr(&zh);
    assert!(
        err.contains(p) && err.contains("这是目录,不是文件"),
        "{err}"
    );
    assert!(!has_english_os_text(&err), "{err}");
    let en = run(home.path(), &["--lang", "en", "ship", "--csv", p]);
    assert!(
        stderr(&en).contains("it is a directory, not a file"),
        "{}",
        stderr(&en)
    );
}

#[test]
fn a_results_file_that_cannot_be_written_is_told_in_the_language() {
    let home = tempfile::tempdir().unwrap();
    let csv = home.path().join("orders.csv");
    // Only invalid rows, skipped: nothing ships, the results file is still written.
    std::fs::write(
        &csv,
        "order_sn,courier,tracking_number\nx,85,YT1234567890123\n",
    )
    .unwrap();
    // A directory where the results file goes: the rename onto it fails.
    let results = home.path().join("orders.csv.results.csv");
    std::fs::create_dir(&results).unwrap();
    std::fs::write(results.join("keep"), "x").unwrap();
    let c = csv.to_str().unwrap();
    let zh = run(home.path(), &["ship", "--csv", c, "--skip-invalid"]);
    assert_eq!(zh.status.code(), Some(1), "{}", stderr(&zh));
    let err = stderr(&zh);
    assert!(
        err.contains("无法写入结果文件") && err.contains(results.to_str().unwrap()),
        "{err}"
    );
    assert!(!has_english_os_text(&err), "{err}");
    let en = run(
        home.path(),
        &["--lang", "en", "ship", "--csv", c, "--skip-invalid"],
    );
    assert!(
        stderr(&en).contains("cannot write the results file"),
        "{}",
        stderr(&en)
    );
}

#[test]
fn a_log_that_cannot_be_opened_is_one_warning_in_the_language() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("plain");
    std::fs::write(&file, "x").unwrap();
    let data = file.join("data");
    let data = data.to_str().unwrap();
    let zh = run(home.path(), &["--data-dir", data, "completions", "bash"]);
    assert_eq!(zh.status.code(), Some(0), "{}", stderr(&zh));
    let err = stderr(&zh);
    assert!(
        err.contains("无法写运行日志") && err.contains("不是目录"),
        "{err}"
    );
    assert!(!has_english_os_text(&err), "{err}");
    let en = run(
        home.path(),
        &["--lang", "en", "--data-dir", data, "completions", "bash"],
    );
    assert!(stderr(&en).contains("not a directory"), "{}", stderr(&en));
}
