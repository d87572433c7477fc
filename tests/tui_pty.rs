//! The real binary in a pseudo-terminal against `pddtui sim`: it opens on the queue, takes keys, changes
//! orders through the simulator, and leaves the terminal as it found it — also when the terminal goes away.

mod bin_support;

use bin_support::{BIN, Shop, Sim, shop_with, sim_get, unshipped};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn start_sim() -> Sim {
    bin_support::start_sim(40, 11, &[])
}

fn shop(sim: &Sim) -> Shop {
    shop_with(&format!(
        "[profiles.demo]\ngateway = \"fw199\"\nbase_url = \"{}\"\nappid = \"demo-app\"\nseller_nick = \"demo-shop\"\n\
         secret = \"demo-secret\"\n",
        sim.url
    ))
}

struct Term {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    /// Tells the reader thread to close its copy of the master, so the pty can really hang up.
    stop: Arc<AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Term {
    fn open(shop: &Shop, extra: &[&str]) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(BIN);
        cmd.arg("--config");
        cmd.arg(&shop.config);
        cmd.arg("--data-dir");
        cmd.arg(&shop.data);
        for a in extra {
            cmd.arg(a);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_CONFIG_HOME", shop.dir.path().join("xdg"));
        cmd.env_remove("NO_COLOR");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(24).unwrap(),
            std::num::NonZeroU16::new(80).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        // Our own copy of the master fd, read with poll() so the thread can let go of it on request.
        let raw_fd = pair.master.as_raw_fd().unwrap();
        let owned = unsafe { std::os::fd::BorrowedFd::borrow_raw(raw_fd) }.try_clone_to_owned().unwrap();
        let mut file = std::fs::File::from(owned);
        let stop = Arc::new(AtomicBool::new(false));
        let (p, r, st) = (parser.clone(), raw.clone(), stop.clone());
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while !st.load(Ordering::SeqCst) {
                let mut pfd = libc::pollfd { fd: file.as_raw_fd(), events: libc::POLLIN, revents: 0 };
                if unsafe { libc::poll(&mut pfd, 1, 50) } <= 0 {
                    continue;
                }
                match file.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        p.lock().unwrap().process(&buf[..n]);
                        r.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                }
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Term {
            parser,
            raw,
            writer: Some(writer),
            child,
            master: Some(pair.master),
            stop,
            reader: Some(reader),
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "{needle:?} never appeared; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn send(&mut self, bytes: &str) {
        let w = self.writer.as_mut().unwrap();
        w.write_all(bytes.as_bytes()).unwrap();
        w.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }

    fn wait_exit(&mut self, within: Duration) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "still running after {within:?}; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn raw(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).to_string()
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// The terminal modes the workstation turned on are turned off again, the last ones in the stream.
fn assert_restored(raw: &str) {
    let entered = raw
        .find("\x1b[?1049h")
        .expect("entered the alternate screen");
    let left = raw.rfind("\x1b[?1049l").expect("left the alternate screen");
    assert!(left > entered);
    assert!(
        raw.rfind("\x1b[?25h").is_some_and(|i| i > entered),
        "cursor shown again"
    );
}

#[test]
fn opens_on_the_queue_and_quits_cleanly() {
    let sim = start_sim();
    let shop = shop(&sim);
    let first = unshipped(&shop)[0]["order_sn"]
        .as_str()
        .unwrap()
        .to_string();
    let mut term = Term::open(&shop, &[]);
    term.wait_for(&first);
    term.send("q");
    let status = term.wait_exit(Duration::from_secs(3));
    assert!(status.success(), "{status:?}");
    std::thread::sleep(Duration::from_millis(100));
    assert_restored(&term.raw());
}

#[test]
fn exits_within_a_second_when_the_terminal_goes_away() {
    let sim = start_sim();
    let shop = shop(&sim);
    let first = unshipped(&shop)[0]["order_sn"]
        .as_str()
        .unwrap()
        .to_string();
    let mut term = Term::open(&shop, &[]);
    term.wait_for(&first);
    // What an SSH drop looks like to the process: every fd of the pty master closes (SIGHUP, then EIO).
    term.stop.store(true, Ordering::SeqCst);
    term.reader.take().unwrap().join().unwrap();
    term.writer = None;
    term.master = None;
    let started = Instant::now();
    term.wait_exit(Duration::from_secs(3));
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "took {:?}",
        started.elapsed()
    );
    let _ = sim_get(&sim, "/__sim/requests");
}
