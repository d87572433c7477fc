//! Every exit is clean: a terminal that goes away with no SIGHUP, SIGINT and SIGQUIT, Ctrl-Z and `fg`, in a
//! real pty. `PDDTUI_TEST_BIN` runs another build of the binary (to show a test failing on an old one).

mod bin_support;

use bin_support::pty::Term;
use bin_support::{Shop, Sim, bin, first_unshipped};
use portable_pty::CommandBuilder;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

fn setup() -> (Sim, Shop, String) {
    let sim = bin_support::start_sim(20, 7, &[]);
    let shop = bin_support::fw199_shop(&sim);
    let first = first_unshipped(&shop);
    (sim, shop, first)
}

/// The workstation's own arguments, quoted for a shell line.
fn command_line(shop: &Shop) -> String {
    format!(
        "'{}' --lang en --config '{}' --data-dir '{}'",
        bin(),
        shop.config.display(),
        shop.data.display()
    )
}

/// The bytes written after `from`, as text.
fn raw_since(term: &Term, from: usize) -> String {
    String::from_utf8_lossy(&term.raw.lock().unwrap()[from..]).to_string()
}

/// What the workstation of `shop` is doing, for a failure's message: each thread's state and where it
/// waits, a backtrace when gdb is there, and the end of its log (how a spin in crossterm's reader that held
/// the event loop was found). Then it is killed: one caught spinning would spin on after the test.
fn where_it_waits(shop: &Shop) -> String {
    let data = shop.data.display().to_string();
    let script = format!(
        "for p in $(pgrep -f -- '--data-dir {data}'); do echo \"pid $p\"; \
         for t in /proc/$p/task/*; do echo \"$(cat $t/comm) $(cut -d' ' -f3 $t/stat) $(cat $t/wchan)\"; done; \
         command -v gdb >/dev/null && gdb -p $p -batch -ex 'thread apply all bt 12' 2>/dev/null | grep '^#\\|^Thread'; \
         kill -9 $p; done; tail -20 '{data}/pddtui.log'"
    );
    std::process::Command::new("sh")
        .args(["-c", &script])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_else(|e| format!("(cannot look: {e})"))
}

fn wait_until(what: &str, within: Duration, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !f() {
        assert!(Instant::now() < deadline, "{what} not within {within:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The terminal hangs up and no SIGHUP reaches the workstation: its shell ignores SIGHUP and is the
/// session leader, the only process the kernel signals. It must exit by itself within a second, by
/// status (not a signal: no abort, no core), with the typed tracking number kept as a draft.
#[test]
fn a_hangup_with_no_sighup_exits_within_a_second_and_keeps_the_draft() {
    let (_sim, shop, first) = setup();
    let status_file = shop.dir.path().join("status");
    let mut cmd = CommandBuilder::new("sh");
    cmd.arg("-c");
    cmd.arg(format!(
        "trap '' HUP; {}; echo \"exit=$?\" > '{}'",
        command_line(&shop),
        status_file.display()
    ));
    let mut term = Term::spawn(&shop, cmd);
    term.wait_for(&first);
    term.send("s");
    // A courier the order's note names is preset (focus on the number); else the courier is picked first.
    term.wait_for("tracking no.");
    term.settle(Duration::from_millis(1200), Duration::from_secs(8));
    if term.screen().contains("▶courier") {
        term.send("yto");
        term.wait_for("YTO");
        term.send("\r");
    }
    term.send("YT5550001");
    term.wait_for("YT5550001");
    term.stop.store(true, Ordering::SeqCst);
    term.reader.take().unwrap().join().unwrap();
    term.writer = None;
    term.master = None;
    let started = Instant::now();
    let exited = || std::fs::read_to_string(&status_file).is_ok_and(|s| s.contains('\n'));
    while !exited() {
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "the workstation's exit not within 3 s:\n{}",
            where_it_waits(&shop)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "took {:?}",
        started.elapsed()
    );
    let status = std::fs::read_to_string(&status_file).unwrap();
    assert_eq!(status.trim(), "exit=0", "a signal ends it: {status}");
    let drafts = std::fs::read_to_string(shop.data.join("drafts.json")).unwrap();
    assert!(drafts.contains("YT5550001"), "{drafts}");
}

/// An SSH drop as it usually comes (SIGHUP to the workstation, the session leader, then EIO): a normal
/// exit. Restoring a terminal that is gone used to panic inside the panic hook: SIGABRT and a core file.
#[test]
fn a_hangup_with_sighup_is_a_normal_exit_not_an_abort() {
    let (_sim, shop, first) = setup();
    let mut term = Term::open(&shop, &["--lang", "en"]);
    term.wait_for(&first);
    term.stop.store(true, Ordering::SeqCst);
    term.reader.take().unwrap().join().unwrap();
    term.writer = None;
    term.master = None;
    let status = term.wait_exit(Duration::from_secs(3));
    assert!(status.success(), "{status:?}");
}

/// `kill -INT` and `kill -QUIT` (in raw mode the keys never make them) end the workstation like SIGTERM:
/// the alternate screen left, the cursor shown, raw mode off, a normal exit.
#[test]
fn sigint_and_sigquit_restore_the_terminal() {
    for sig in ["-INT", "-QUIT"] {
        let (_sim, shop, first) = setup();
        let mut term = Term::open(&shop, &["--lang", "en"]);
        term.wait_for(&first);
        let pid = term.child.process_id().unwrap().to_string();
        let from = term.raw.lock().unwrap().len();
        assert!(
            std::process::Command::new("kill")
                .args([sig, &pid])
                .status()
                .unwrap()
                .success()
        );
        let status = term.wait_exit(Duration::from_secs(3));
        assert!(status.success(), "{sig}: {status:?}");
        std::thread::sleep(Duration::from_millis(100));
        let after = raw_since(&term, from);
        assert!(after.contains("\x1b[?1049l"), "{sig}: {after:?}");
        assert!(after.contains("\x1b[?25h"), "{sig}: {after:?}");
    }
}

/// Ctrl-Z under an interactive shell stops the workstation with the terminal given back (line mode, main
/// screen: the shell's prompt works); `fg` brings it back whole, and keys work. A SIGTSTP from outside
/// does the same.
#[test]
fn ctrl_z_and_sigtstp_suspend_and_fg_redraws() {
    let (_sim, shop, first) = setup();
    let mut cmd = CommandBuilder::new("bash");
    cmd.args(["--norc", "--noprofile", "-i"]);
    cmd.env("PS1", "PROMPT$ ");
    let mut term = Term::spawn(&shop, cmd);
    term.wait_for("PROMPT$");
    term.send(&format!("{}\r", command_line(&shop)));
    term.wait_for(&first);

    for how in ["ctrl-z", "sigtstp"] {
        let from = term.raw.lock().unwrap().len();
        if how == "ctrl-z" {
            term.send("\x1a");
        } else {
            let pid = workstation_pid(&term);
            assert!(
                std::process::Command::new("kill")
                    .args(["-TSTP", &pid.to_string()])
                    .status()
                    .unwrap()
                    .success()
            );
        }
        wait_until(&format!("{how}: stopped"), Duration::from_secs(5), || {
            raw_since(&term, from).contains("Stopped")
        });
        let stopped = raw_since(&term, from);
        assert!(stopped.contains("\x1b[?1049l"), "{how}: {stopped:?}");
        assert!(!term.screen().contains(&first), "{how}: {}", term.screen());
        // Line mode: the shell reads and echoes a whole line.
        term.send("echo li''ne-mode\r");
        term.wait_for("line-mode");
        term.send("fg\r");
        term.wait_for(&first);
    }
    // Keys still work: the help screen opens, then the workstation quits with a normal status.
    term.send("?");
    term.wait_for("Esc or ? closes");
    term.send("\x1b");
    term.send("q");
    term.wait_for("PROMPT$");
    term.send("echo rc=$?\r");
    term.wait_for("rc=0");
}

/// The workstation started by the shell in `term` (the shell's only child).
fn workstation_pid(term: &Term) -> u32 {
    let shell = term.child.process_id().unwrap();
    let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap();
    children
        .split_whitespace()
        .next()
        .expect("the shell runs the workstation")
        .parse()
        .unwrap()
}
