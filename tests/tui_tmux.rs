//! Copying inside tmux with tmux's default settings (no `allow-passthrough`, no user config): `y` on the
//! queue hands the order number to tmux itself, so it is in tmux's buffer, and the toast says where it went.
//! Skipped, with a message, where `tmux` is not installed.

mod bin_support;

use bin_support::{Shop, bin, first_unshipped, fw199_shop, start_sim};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// A tmux server of its own (`-L`), started with no configuration file; killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .unwrap()
    }

    fn text(&self, args: &[&str]) -> String {
        String::from_utf8_lossy(&self.run(args).stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.text(&["capture-pane", "-p", "-t", "w"])
    }

    /// Waits until `f` holds for what `read` gives, or fails with the last screen.
    fn wait(&self, what: &str, read: impl Fn() -> String, f: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let got = read();
            if f(&got) {
                return got;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "waited for {what}; got {got:?}\nscreen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The workstation on `shop`, in a detached session `w` of a fresh tmux server.
fn open_in_tmux(shop: &Shop) -> Option<Tmux> {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("tmux is not installed: the copy-inside-tmux test is skipped");
        return None;
    }
    let tmux = Tmux {
        socket: format!("pddtui-test-{}", std::process::id()),
    };
    let cmd = format!(
        "env XDG_CONFIG_HOME={} TERM=screen-256color {} --config {} --data-dir {}",
        quoted(&shop.dir.path().join("xdg").display().to_string()),
        quoted(&bin()),
        quoted(&shop.config.display().to_string()),
        quoted(&shop.data.display().to_string()),
    );
    let out = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "w",
        "-x",
        "100",
        "-y",
        "30",
        &cmd,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(tmux)
}

#[test]
fn copy_inside_tmux_reaches_the_tmux_buffer() {
    let sim = start_sim(40, 11, &[]);
    let shop = fw199_shop(&sim);
    let first = first_unshipped(&shop);
    let Some(tmux) = open_in_tmux(&shop) else {
        return;
    };
    tmux.wait("the queue", || tmux.screen(), |s| s.contains(&first));
    // With tmux's defaults `allow-passthrough` is off: the old wrapped OSC 52 would never arrive.
    let passthrough = tmux.text(&["show-options", "-gv", "allow-passthrough"]);
    assert_ne!(passthrough.trim(), "on");
    let out = tmux.run(&["send-keys", "-t", "w", "y"]);
    assert!(out.status.success());
    let buffer = tmux.wait(
        "the order number in tmux's buffer",
        || tmux.text(&["show-buffer"]),
        |b| b.contains(&first),
    );
    assert_eq!(buffer.trim(), first);
    // The toast says where it went, not merely "copied".
    tmux.wait(
        "the toast naming tmux's buffer",
        || tmux.screen(),
        |s| s.contains("tmux") && s.contains("已复制订单号"),
    );
}
