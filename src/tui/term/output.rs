//! What reaches the terminal: each frame is gathered in memory and written at once, inside synchronized
//! output (DEC 2026), and a frame that changes nothing on screen writes nothing — not even the cursor.

use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::backend::{Backend, CrosstermBackend};
use std::io::{self, Write};
use std::sync::{Arc, Mutex, MutexGuard};

/// The shared state of a `FrameWriter` and its `FrameControl`.
struct Inner<W: Write> {
    out: W,
    buf: Vec<u8>,
    /// Where the frame's bytes start in `buf`, while a frame is being drawn.
    frame: Option<usize>,
    /// What the backend writes after every diff, empty or not (colours and attributes reset).
    epilogue: Vec<u8>,
    /// The cursor commands that ended the last frame written.
    last_cursor: Option<Vec<u8>>,
}

/// The writer given to ratatui's crossterm backend. Outside a frame it passes bytes on at each flush;
/// inside one, ratatui's flushes are held until `FrameControl::end_frame`.
pub struct FrameWriter<W: Write>(Arc<Mutex<Inner<W>>>);

/// Marks where frames begin and end, held by the loop that draws.
#[derive(Clone)]
pub struct FrameControl<W: Write>(Arc<Mutex<Inner<W>>>);

/// A writer for the backend and the handle that frames its output.
pub fn frame_output<W: Write>(out: W) -> (FrameWriter<W>, FrameControl<W>) {
    let mut epilogue = Vec::new();
    {
        let mut probe = CrosstermBackend::new(&mut epilogue);
        let _ = probe.draw(std::iter::empty());
    }
    let inner = Arc::new(Mutex::new(Inner {
        out,
        buf: Vec::with_capacity(64 * 1024),
        frame: None,
        epilogue,
        last_cursor: None,
    }));
    (FrameWriter(inner.clone()), FrameControl(inner))
}

fn lock<W: Write>(m: &Mutex<Inner<W>>) -> MutexGuard<'_, Inner<W>> {
    // Only this thread writes; a poisoned lock still holds whole byte strings.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl<W: Write> FrameControl<W> {
    pub fn begin_frame(&self) {
        let mut s = lock(&self.0);
        s.frame = Some(s.buf.len());
    }

    /// Writes what the frame changed, if anything, with one write and one flush; returns the bytes written.
    pub fn end_frame(&self) -> io::Result<usize> {
        lock(&self.0).end_frame()
    }
}

impl<W: Write> Inner<W> {
    fn end_frame(&mut self) -> io::Result<usize> {
        let start = self.frame.take().unwrap_or(self.buf.len());
        let frame = self.buf.split_off(start);
        let content = self.changes(&frame);
        if !content.is_empty() {
            crossterm::queue!(self.buf, BeginSynchronizedUpdate)?;
            self.buf.extend_from_slice(&content);
            crossterm::queue!(self.buf, EndSynchronizedUpdate)?;
        }
        let n = self.buf.len();
        self.flush()?;
        Ok(n)
    }

    /// A frame is the diff, the epilogue, then the cursor commands. An empty diff with the same cursor as
    /// before changes nothing; a hidden cursor stays hidden without being hidden again.
    fn changes(&mut self, frame: &[u8]) -> Vec<u8> {
        let Some(at) = rfind(frame, &self.epilogue) else {
            self.last_cursor = None;
            return frame.to_vec();
        };
        let (drawn, cursor) = frame.split_at(at + self.epilogue.len());
        let same_cursor = self.last_cursor.as_deref() == Some(cursor);
        let hidden = cursor == b"\x1b[?25l";
        self.last_cursor = Some(cursor.to_vec());
        let mut out = Vec::new();
        if at > 0 {
            out.extend_from_slice(drawn);
            // Drawing moves a visible cursor, so it is placed again; a hidden one needs nothing.
            if !(same_cursor && hidden) {
                out.extend_from_slice(cursor);
            }
        } else if !same_cursor {
            out.extend_from_slice(cursor);
        }
        out
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.frame.is_some() {
            return Ok(());
        }
        if !self.buf.is_empty() {
            let r = self.out.write_all(&self.buf);
            self.buf.clear();
            r?;
        }
        self.out.flush()
    }
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| &hay[i..i + needle.len()] == needle)
}

impl<W: Write> Write for FrameWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        lock(&self.0).buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        lock(&self.0).flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::widgets::Paragraph;

    type Out = Arc<Mutex<Vec<u8>>>;

    struct Shared(Out);

    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn frame(
        t: &mut Terminal<CrosstermBackend<FrameWriter<Shared>>>,
        c: &FrameControl<Shared>,
        out: &Out,
        text: &str,
    ) -> Vec<u8> {
        out.lock().unwrap().clear();
        c.begin_frame();
        t.draw(|f| f.render_widget(Paragraph::new(text), f.area()))
            .unwrap();
        c.end_frame().unwrap();
        out.lock().unwrap().clone()
    }

    #[test]
    fn a_frame_is_synchronized_and_an_unchanged_one_writes_nothing() {
        let out = Out::default();
        let (w, c) = frame_output(Shared(out.clone()));
        let backend = CrosstermBackend::new(w);
        let mut t = Terminal::with_options(
            backend,
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 10, 2)),
            },
        )
        .unwrap();
        let first = String::from_utf8(frame(&mut t, &c, &out, "hello")).unwrap();
        assert!(first.starts_with("\x1b[?2026h"), "{first:?}");
        assert!(first.ends_with("\x1b[?2026l"), "{first:?}");
        assert!(first.contains("hello"));
        assert!(frame(&mut t, &c, &out, "hello").is_empty());
        let changed = String::from_utf8(frame(&mut t, &c, &out, "hallo")).unwrap();
        assert!(
            changed.contains('a') && !changed.contains("\x1b[?25l"),
            "{changed:?}"
        );
    }
}
