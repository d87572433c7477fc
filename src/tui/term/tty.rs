//! The terminal's modes (raw, alternate screen, bracketed paste), entered and left here. Leaving a terminal
//! that is gone is no error; Ctrl-Z stops the process with the modes left; a hang-up is noticed by poll.

use crossterm::cursor::{Hide, Show};
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use std::io::stdout;

/// Raw mode, the alternate screen, bracketed paste, the cursor hidden (the frames show it where wanted).
pub fn enter() -> std::io::Result<()> {
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste, Hide)
}

/// Leaves every mode. Failures are ignored: a terminal that hung up refuses them and needs none, and this
/// runs from the panic hook too, where a second panic (ratatui's `restore` prints with `eprintln!`, which
/// panics on a dead stderr) would abort the process and leave a core.
pub fn leave() {
    let _ = crossterm::execute!(stdout(), DisableBracketedPaste, LeaveAlternateScreen, Show);
    let _ = crossterm::terminal::disable_raw_mode();
}

/// A panic restores the terminal first, then is reported by the hook that was there before.
pub fn restore_on_panic() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
}

/// Stops the process as the shell's job control expects (Ctrl-Z, SIGTSTP) and returns once continued
/// (`fg`, SIGCONT). The runtime's SIGTSTP handler is set aside for the moment: the default action is what
/// stops. In an orphaned process group (no shell to resume it) the kernel drops the signal and this
/// returns at once, so the program never stops with no one to wake it.
#[cfg(unix)]
pub fn stop_self() {
    // SAFETY: sigaction is given valid, zero-initialised structs and restores the previous handler
    // exactly; raise only signals this thread.
    unsafe {
        let mut default: libc::sigaction = std::mem::zeroed();
        default.sa_sigaction = libc::SIG_DFL;
        libc::sigemptyset(&mut default.sa_mask);
        let mut previous: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGTSTP, &default, &mut previous) != 0 {
            return;
        }
        libc::raise(libc::SIGTSTP);
        libc::sigaction(libc::SIGTSTP, &previous, std::ptr::null_mut());
    }
}

#[cfg(not(unix))]
pub fn stop_self() {}

/// Calls `gone` (on a thread of its own) when the terminal hangs up. crossterm's reader loops forever on
/// a hung-up terminal (EOF and EIO are retried), and no SIGHUP comes when a wrapper or `nohup` ignores it
/// or the process is not the session leader: poll() still reports POLLHUP, without reading any input.
#[cfg(unix)]
pub fn watch_hangup(gone: impl FnOnce() + Send + 'static) {
    use std::os::fd::AsRawFd;
    // SAFETY: isatty only inspects the descriptor.
    let tty: Option<std::fs::File> = if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
        None
    } else {
        match std::fs::File::open("/dev/tty") {
            Ok(f) => Some(f),
            Err(_) => return,
        }
    };
    let spawned = std::thread::Builder::new()
        .name("hangup".into())
        .spawn(move || {
            let fd = tty.as_ref().map_or(libc::STDIN_FILENO, |f| f.as_raw_fd());
            loop {
                // No events asked: POLLHUP, POLLERR and POLLNVAL are always reported, input never is.
                let mut pfd = libc::pollfd {
                    fd,
                    events: 0,
                    revents: 0,
                };
                // SAFETY: one valid pollfd, for the length given.
                let n = unsafe { libc::poll(&mut pfd, 1, -1) };
                if n > 0 && pfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                    gone();
                    return;
                }
                if n < 0
                    && std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted
                {
                    return;
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("no hang-up watch: {e}");
    }
}

#[cfg(not(unix))]
pub fn watch_hangup(_gone: impl FnOnce() + Send + 'static) {}
