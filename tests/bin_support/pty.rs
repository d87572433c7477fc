//! The workstation in a real pseudo-terminal, read through a vt100 parser: open it on a shop, type keys,
//! wait for text, watch the raw bytes, and hang the terminal up for real (every master fd closed).

use super::Shop;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Term {
    pub parser: Arc<Mutex<vt100::Parser>>,
    pub raw: Arc<Mutex<Vec<u8>>>,
    pub writer: Option<Box<dyn Write + Send>>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    pub master: Option<Box<dyn portable_pty::MasterPty + Send>>,
    /// Tells the reader thread to close its copy of the master, so the pty can really hang up.
    pub stop: Arc<AtomicBool>,
    pub reader: Option<std::thread::JoinHandle<()>>,
}

impl Term {
    pub fn open(shop: &Shop, extra: &[&str]) -> Term {
        let mut cmd = CommandBuilder::new(super::bin());
        cmd.arg("--config");
        cmd.arg(&shop.config);
        cmd.arg("--data-dir");
        cmd.arg(&shop.data);
        for a in extra {
            cmd.arg(a);
        }
        Term::spawn(shop, cmd)
    }

    /// Runs `cmd` (the binary, or a shell that runs it) in a fresh 80x24 pty, in the shop's environment.
    pub fn spawn(shop: &Shop, mut cmd: CommandBuilder) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
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
        let owned = unsafe { std::os::fd::BorrowedFd::borrow_raw(raw_fd) }
            .try_clone_to_owned()
            .unwrap();
        let mut file = std::fs::File::from(owned);
        let stop = Arc::new(AtomicBool::new(false));
        let (p, r, st) = (parser.clone(), raw.clone(), stop.clone());
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while !st.load(Ordering::SeqCst) {
                let mut pfd = libc::pollfd {
                    fd: file.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                };
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

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn wait_for(&self, needle: &str) -> String {
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

    pub fn send(&mut self, bytes: &str) {
        let w = self.writer.as_mut().unwrap();
        w.write_all(bytes.as_bytes()).unwrap();
        w.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }

    pub fn wait_exit(&mut self, within: Duration) -> portable_pty::ExitStatus {
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

    /// Resizes the terminal (the pty and the parser reading it); the program sees SIGWINCH.
    pub fn resize(&self, rows: u16, cols: u16) {
        self.parser.lock().unwrap().screen_mut().set_size(
            std::num::NonZeroU16::new(rows).unwrap(),
            std::num::NonZeroU16::new(cols).unwrap(),
        );
        self.master
            .as_ref()
            .unwrap()
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    /// Waits until nothing has been written for `quiet` (at most `within`); returns the bytes written so far.
    pub fn settle(&self, quiet: Duration, within: Duration) -> usize {
        let deadline = Instant::now() + within;
        let mut last = (self.raw.lock().unwrap().len(), Instant::now());
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(25));
            let n = self.raw.lock().unwrap().len();
            if n != last.0 {
                last = (n, Instant::now());
            } else if last.1.elapsed() >= quiet {
                break;
            }
        }
        last.0
    }

    pub fn raw(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).to_string()
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
