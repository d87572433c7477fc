//! The terminal's events, read on a thread of their own and handed to the loop through a channel. The loop's
//! thread never reads the terminal: crossterm's reader retries forever on a terminal that hung up (`read`
//! gives EOF or EIO, and the tty stays readable: crossterm issue #793), so a read on the loop's thread at
//! the wrong moment would hold the loop, and the hang-up's message behind it, for good. Here only this
//! thread can be caught so; the loop still handles the hang-up and the process ends (measured in
//! `tests/exits_pty.rs`: the hang-up without SIGHUP took over 3 s about once in 75 runs under load).

use crossterm::event::Event;
use futures::Stream;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::mpsc;

/// The terminal's events as a stream; it ends after the first error (the terminal is gone).
pub struct Input {
    rx: mpsc::UnboundedReceiver<io::Result<Event>>,
}

impl Input {
    /// Reads the process's terminal (crossterm's reader).
    pub fn start() -> Input {
        Input::spawn(crossterm::event::read)
    }

    /// Reads events with `read` on a new thread until it fails or the stream is dropped. Without a
    /// thread (none could be made) the stream ends at once, which the loop takes for a terminal gone.
    pub fn spawn(mut read: impl FnMut() -> io::Result<Event> + Send + 'static) -> Input {
        let (tx, rx) = mpsc::unbounded_channel();
        let spawned = std::thread::Builder::new()
            .name("input".into())
            .spawn(move || {
                loop {
                    let ev = read();
                    let end = ev.is_err();
                    if tx.send(ev).is_err() || end {
                        return;
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::warn!("cannot read the terminal: {e}");
        }
        Input { rx }
    }
}

impl Stream for Input {
    type Item = io::Result<Event>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.rx.poll_recv(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use futures::StreamExt;
    use std::time::Duration;

    fn key(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    /// A reader caught for good after two keys (crossterm on a hung-up terminal) holds no one else: the
    /// keys come through, then the stream is only pending, and the caller's other work goes on.
    #[tokio::test]
    async fn a_reader_that_never_returns_does_not_hold_the_loop() {
        let mut keys = vec![key('b'), key('a')];
        let mut input = Input::spawn(move || match keys.pop() {
            Some(k) => Ok(k),
            None => loop {
                std::thread::park();
            },
        });
        for want in ['a', 'b'] {
            let got = tokio::time::timeout(Duration::from_secs(5), input.next()).await;
            assert!(
                matches!(got, Ok(Some(Ok(ref e))) if *e == key(want)),
                "{got:?}"
            );
        }
        // The loop's other sources are still served while the reader is stuck.
        let (tx, mut rx) = mpsc::unbounded_channel();
        let _ = tx.send("gone");
        let next = tokio::select! {
            ev = input.next() => format!("{ev:?}"),
            m = rx.recv() => format!("{m:?}"),
        };
        assert_eq!(next, "Some(\"gone\")");
        assert!(futures::poll!(input.next()).is_pending());
    }

    /// A reader's error (the terminal gone) is passed on once, then the stream ends.
    #[tokio::test]
    async fn an_error_ends_the_stream() {
        let mut input = Input::spawn(|| Err(io::Error::other("EIO")));
        assert!(matches!(input.next().await, Some(Err(_))));
        assert!(input.next().await.is_none());
    }
}
