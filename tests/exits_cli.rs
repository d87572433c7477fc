//! Clean exits of the headless binary: a reader that closes stdout early, a data dir that cannot be
//! written (a file stands in its place: refused even to root), and a process no core file can hold.

mod bin_support;

use bin_support::pty::Term;
use bin_support::{Shop, bin, first_unshipped, fw199_shop, start_sim, unshipped};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn run(shop: &Shop, data: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(bin())
        .args(["--lang", "en", "--config"])
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// `pddtui orders --json | head -c 10`, and every other printing command, with the reader gone before
/// anything is written: a quiet exit 0, nothing on stderr, no panic.
#[test]
fn a_closed_stdout_is_a_quiet_exit() {
    let sim = start_sim(30, 3, &[]);
    let shop = fw199_shop(&sim);
    let sn = first_unshipped(&shop);
    for args in [
        vec!["orders", "--json"],
        vec!["orders"],
        vec!["show", &sn],
        vec!["couriers", "--json"],
        vec!["journal", "--json"],
        vec!["keys"],
    ] {
        let mut child = Command::new(bin())
            .arg("--config")
            .arg(&shop.config)
            .arg("--data-dir")
            .arg(&shop.data)
            .args(&args)
            .env("XDG_CONFIG_HOME", shop.dir.path().join("xdg"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
    // The log, created by the first of these, is private like the journal.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(shop.data.join("pddtui.log"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
}

/// A data dir that cannot be written: one warning about the log, reading works (also `keys` and
/// `--read-only`), and what would need the journal is refused with the data dir named.
#[test]
fn an_unwritable_data_dir_reads_and_refuses_changes() {
    let sim = start_sim(30, 3, &[]);
    let shop = fw199_shop(&sim);
    let sn = first_unshipped(&shop);
    let blocker = shop.dir.path().join("not-a-dir");
    std::fs::write(&blocker, "a file where the data dir's parent should be").unwrap();
    let data = blocker.join("data");
    for args in [
        vec!["keys"],
        vec!["--read-only", "orders"],
        vec!["orders", "--json"],
        vec!["show", &sn],
    ] {
        let out = run(&shop, &data, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!out.stdout.is_empty(), "{args:?}");
        assert_eq!(
            stderr.matches("cannot write the log").count(),
            1,
            "{stderr}"
        );
        assert!(stderr.contains(&data.display().to_string()), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    for args in [
        vec![
            "ship",
            &sn,
            "--courier",
            "85",
            "--tracking",
            "YT1234567890123",
        ],
        vec!["note", &sn, "--text", "hello"],
    ] {
        let out = run(&shop, &data, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot open the journal")
                && stderr.contains(&data.display().to_string()),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let order = bin_support::sim_get(&sim, &format!("/__sim/orders/{sn}"));
    assert_eq!(order["order"]["order_status"], 1, "nothing was shipped");
}

/// A log that cannot be created in a data dir that exists (read-only; here a directory has its name, which
/// stops root too) is one warning: tracing-appender's own set-up panicked there.
#[test]
fn a_log_that_cannot_be_created_is_one_warning() {
    let sim = start_sim(30, 3, &[]);
    let shop = fw199_shop(&sim);
    std::fs::create_dir_all(shop.data.join("pddtui.log")).unwrap();
    for args in [vec!["keys"], vec!["--read-only", "orders"], vec!["journal"]] {
        let out = run(&shop, &shop.data, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(
            stderr.matches("cannot write the log").count(),
            1,
            "{stderr}"
        );
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
}

/// The workstation on an unwritable data dir opens on the queue, says why it is read-only, and refuses to
/// ship.
#[test]
fn the_workstation_on_an_unwritable_data_dir_is_read_only() {
    let sim = start_sim(20, 7, &[]);
    let mut shop = fw199_shop(&sim);
    let first = first_unshipped(&shop);
    let blocker = shop.dir.path().join("not-a-dir");
    std::fs::write(&blocker, "x").unwrap();
    shop.data = blocker.join("data");
    let mut term = Term::open(&shop, &["--lang", "en"]);
    term.wait_for(&first);
    term.wait_for("cannot be written");
    term.send("s");
    term.wait_for("read-only");
    term.send("q");
    let status = term.wait_exit(std::time::Duration::from_secs(3));
    assert!(status.success(), "{status:?}");
}

/// No core file and no other process of the user can read the process's memory: it is not dumpable.
/// Observable from outside: the files of a non-dumpable process in /proc belong to root, whatever its
/// user. Run as root, the binary is started as `nobody` to see the difference.
#[cfg(target_os = "linux")]
#[test]
fn the_process_is_not_dumpable_and_has_no_core_limit() {
    use std::os::unix::fs::MetadataExt;
    let mut cmd = Command::new(bin());
    cmd.args(["sim", "--listen", "127.0.0.1:0", "--orders", "1"])
        .env("XDG_DATA_HOME", "/nonexistent")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        as_nobody(&mut cmd);
    }
    let mut child = cmd.spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("listening on"), "{line}");
    let pid = child.id();
    let status = std::fs::metadata(format!("/proc/{pid}/status")).unwrap();
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let user = if root {
        65534
    } else {
        unsafe { libc::geteuid() }
    };
    assert_ne!(user, 0);
    assert_eq!(
        status.uid(),
        0,
        "/proc/{pid} belongs to the process's user: dumpable"
    );
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(&fields[4..6], ["0", "0"], "{core}");
}

/// A data dir that holds a journal but cannot be written (here its owner is root and the binary runs as
/// `nobody`; not run as root, the dir is made read-only): the trail is still read, what would write to it
/// is refused naming the data dir.
#[cfg(target_os = "linux")]
#[test]
fn the_trail_of_an_unwritable_data_dir_is_still_read() {
    use std::os::unix::fs::PermissionsExt;
    let sim = start_sim(30, 4, &[]);
    let shop = fw199_shop(&sim);
    let orders: Vec<String> = unshipped(&shop)
        .iter()
        .filter(|o| o["refund_status"] == 1 && o["risk_control_status"] == 0)
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .take(2)
        .collect();
    let shipped = run(
        &shop,
        &shop.data,
        &[
            "ship",
            &orders[0],
            "--courier",
            "85",
            "--tracking",
            "YT6100000000001",
        ],
    );
    assert!(shipped.status.success(), "{shipped:?}");
    let root = unsafe { libc::geteuid() } == 0;
    let mode = |p: &std::path::Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap()
    };
    if root {
        // Everything the run reads is nobody's; the data dir itself stays root's.
        for entry in std::fs::read_dir(&shop.data).unwrap() {
            let p = entry.unwrap().path();
            std::os::unix::fs::chown(&p, Some(65534), Some(65534)).unwrap();
        }
        std::os::unix::fs::chown(&shop.config, Some(65534), Some(65534)).unwrap();
        mode(shop.dir.path(), 0o755);
        mode(&shop.data, 0o755);
    } else {
        mode(&shop.data, 0o555);
    }
    let as_reader = |args: &[&str]| {
        let mut cmd = Command::new(bin());
        cmd.args(["--lang", "en", "--config"])
            .arg(&shop.config)
            .arg("--data-dir")
            .arg(&shop.data)
            .args(args)
            .stdin(Stdio::null());
        if root {
            as_nobody(&mut cmd);
        }
        cmd.output().unwrap()
    };
    let out = as_reader(&["journal", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let trail: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let trail = trail.as_array().unwrap();
    assert_eq!(trail.len(), 1, "{trail:?}");
    assert_eq!(trail[0]["order_sn"], orders[0].as_str());
    assert_eq!(trail[0]["state"], "ok");
    assert!(
        stderr.contains(&shop.data.display().to_string()),
        "{stderr}"
    );
    let out = as_reader(&["journal"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("YT6100000000001"),
        "{out:?}"
    );
    let refused = as_reader(&[
        "ship",
        &orders[1],
        "--courier",
        "85",
        "--tracking",
        "YT6100000000002",
    ]);
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("cannot open the journal"));
    assert_eq!(
        bin_support::sim_order(&sim, &orders[1])["ship_count"],
        0,
        "nothing was shipped"
    );
    if !root {
        mode(&shop.data, 0o755);
    }
}

/// Runs `cmd` as user and group `nobody` (65534): root is refused nothing, so a test of what a user may not
/// do runs the binary as one.
#[cfg(target_os = "linux")]
fn as_nobody(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: setgid and setuid are async-signal-safe and touch no memory of the parent.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setgid(65534) != 0 || libc::setuid(65534) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}
