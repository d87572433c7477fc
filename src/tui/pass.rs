//! One pass of the event loop after its first message: whatever is already waiting is handled before the
//! next draw, so a burst of keys or of task results costs one frame. One rule orders the two: once
//! anything but the operator's own input was handled (a task's result, a teammate's change, new rows, the
//! clock), no further key is taken before the screen is drawn. A key acts on what the operator has seen:
//! a teammate's flag handled in the same pass as the flag key would otherwise be taken as seen by the flag
//! check, and overwritten without the conflict dialog.

use crate::tui::msg::Msg;
use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use futures::{Stream, StreamExt};
use std::task::Poll;
use tokio::sync::mpsc::UnboundedReceiver;

/// At most this many messages in one pass, so that a flood cannot hold the screen back for long.
const MOST: usize = 256;

/// What a pass hands to the loop.
#[derive(Debug)]
pub enum Taken {
    Msg(Msg),
    /// Ctrl-Z: the loop suspends the workstation.
    Suspend,
}

/// Where a pass's first message came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum First {
    /// A key, a paste or a resize from the terminal.
    Input,
    /// Anything else: a task's result, the tick, a signal. The screen may now show what the operator has
    /// not seen, so no key is taken before a draw.
    Other,
}

impl First {
    pub fn of(msg: Option<&Msg>) -> First {
        match msg {
            Some(Msg::Key(_) | Msg::Paste(_) | Msg::Resize(..)) => First::Input,
            _ => First::Other,
        }
    }
}

/// Hands `take` every message already waiting (results before keys), until none is waiting, `take`
/// returns false (the workstation quits), or a key would follow a result. The terminal's events are polled
/// with this task's own waker (`poll!`), never a no-op one: crossterm keeps the waker of an empty poll to
/// wake when input comes, and a no-op waker there would leave the next key waiting for the tick
/// (measured: 250 ms per key, `tests/perf_pty.rs`).
pub async fn drain<S>(
    rx: &mut UnboundedReceiver<Msg>,
    events: &mut S,
    first: First,
    mut take: impl FnMut(Taken) -> bool,
) where
    S: Stream<Item = std::io::Result<Event>> + Unpin,
{
    let mut other_seen = first == First::Other;
    for _ in 0..MOST {
        if let Ok(m) = rx.try_recv() {
            other_seen = true;
            if !take(Taken::Msg(m)) {
                return;
            }
            continue;
        }
        if other_seen {
            // Drawn first; the key stays in the stream for the next pass.
            return;
        }
        let more = match futures::poll!(events.next()) {
            Poll::Ready(Some(Ok(ev))) if is_suspend(&ev) => take(Taken::Suspend),
            Poll::Ready(Some(Ok(ev))) => match input_msg(ev) {
                Some(m) => take(Taken::Msg(m)),
                None => true,
            },
            Poll::Ready(Some(Err(_)) | None) => {
                take(Taken::Msg(Msg::TerminalGone));
                false
            }
            Poll::Pending => false,
        };
        if !more {
            return;
        }
    }
}

/// Ctrl-Z: in raw mode the terminal sends it as a key instead of stopping the process.
pub fn is_suspend(ev: &Event) -> bool {
    matches!(ev, Event::Key(k) if k.kind != KeyEventKind::Release
        && k.code == KeyCode::Char('z')
        && k.modifiers.contains(KeyModifiers::CONTROL))
}

/// The message of a terminal event (`None` for those the workstation ignores).
pub fn input_msg(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => Some(Msg::Key(k)),
        Event::Paste(s) => Some(Msg::Paste(s)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;
    use jiff::Timestamp;
    use tokio::sync::mpsc;

    fn key(c: char) -> std::io::Result<Event> {
        Ok(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )))
    }

    /// A task's result (the tick stands for any: the rule does not look inside).
    fn result() -> Msg {
        Msg::Tick(Timestamp::UNIX_EPOCH)
    }

    fn name(t: &Taken) -> String {
        match t {
            Taken::Msg(Msg::Key(k)) => format!("key {}", k.code),
            Taken::Msg(Msg::Tick(_)) => "result".into(),
            Taken::Msg(Msg::TerminalGone) => "gone".into(),
            Taken::Msg(m) => format!("{m:?}"),
            Taken::Suspend => "suspend".into(),
        }
    }

    /// Runs one pass; returns what it took and the keys left for the next one.
    async fn pass(
        results: usize,
        keys: &str,
        first: First,
        quit_after: Option<usize>,
    ) -> (Vec<String>, Vec<String>) {
        let (tx, mut rx) = mpsc::unbounded_channel();
        for _ in 0..results {
            tx.send(result()).ok();
        }
        // A terminal with these keys waiting and nothing more yet (it stays open).
        let mut events = futures::stream::iter(keys.chars().map(key).collect::<Vec<_>>())
            .chain(futures::stream::pending());
        let mut taken = Vec::new();
        drain(&mut rx, &mut events, first, |t| {
            taken.push(name(&t));
            quit_after.is_none_or(|n| taken.len() < n)
        })
        .await;
        let mut left = Vec::new();
        while let Poll::Ready(Some(Ok(Event::Key(k)))) = futures::poll!(events.next()) {
            left.push(format!("key {}", k.code));
        }
        (taken, left)
    }

    #[tokio::test]
    async fn a_key_waiting_behind_a_teammates_change_waits_for_the_draw() {
        // A teammate's flag arrived and the operator's flag key is already in the terminal's buffer: the
        // change is handled, the key is not, so the loop draws the change before the key is compared.
        let (taken, left) = pass(1, "1", First::Input, None).await;
        assert_eq!(taken, ["result"]);
        assert_eq!(left, ["key 1"]);
    }

    #[tokio::test]
    async fn after_a_pass_that_began_with_a_result_no_key_is_taken() {
        let (taken, left) = pass(0, "jk", First::Other, None).await;
        assert!(taken.is_empty(), "{taken:?}");
        assert_eq!(left, ["key j", "key k"]);
        // Further results are still handled in the same pass: they cost no extra draw.
        let (taken, left) = pass(3, "j", First::Other, None).await;
        assert_eq!(taken, ["result", "result", "result"]);
        assert_eq!(left, ["key j"]);
    }

    #[tokio::test]
    async fn a_burst_of_keys_alone_costs_one_pass() {
        let (taken, left) = pass(0, "jjjk", First::Input, None).await;
        assert_eq!(taken, ["key j", "key j", "key j", "key k"]);
        assert!(left.is_empty());
    }

    #[tokio::test]
    async fn quitting_stops_the_pass_and_leaves_the_rest() {
        let (taken, left) = pass(0, "qjk", First::Input, Some(1)).await;
        assert_eq!(taken, ["key q"]);
        assert_eq!(left, ["key j", "key k"]);
    }

    #[tokio::test]
    async fn a_closed_terminal_is_told_once_and_ends_the_pass() {
        let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
        let mut events = futures::stream::iter(vec![Err(std::io::Error::other("EIO")), key('j')]);
        let mut taken = Vec::new();
        drain(&mut rx, &mut events, First::Input, |t| {
            taken.push(name(&t));
            true
        })
        .await;
        drop(tx);
        assert_eq!(taken, ["gone"]);
    }

    #[test]
    fn only_the_terminals_own_events_count_as_input() {
        let k = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(First::of(Some(&Msg::Key(k))), First::Input);
        assert_eq!(First::of(Some(&Msg::Paste("x".into()))), First::Input);
        assert_eq!(First::of(Some(&Msg::Resize(80, 24))), First::Input);
        assert_eq!(First::of(Some(&result())), First::Other);
        assert_eq!(First::of(Some(&Msg::TerminalGone)), First::Other);
        // A suspend or a SIGCONT redraws the whole screen: drawn before the next key.
        assert_eq!(First::of(None), First::Other);
    }
}
