//! Scrolling for a few bytes. ratatui renders each frame into a `Capture` backend, which writes nothing;
//! `Screen` then brings the real terminal from what it shows (`shown`) to the new frame. When a block of
//! the frame's rows is a block of shown rows moved up or down (the queue scrolled by a row or two), the
//! terminal moves them itself inside a scrolling region (DECSTBM + SU/SD, about 15 bytes), and only what then
//! still differs is written: one new row instead of the whole table.
//!
//! Correctness never rests on the guess: after the move, `shown` is compared with the frame cell by cell
//! and every difference is written (`updates`, which also leaves no half of a wide character behind).

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};

/// Moves larger than this are rare (a key held down between two frames) and are simply redrawn.
const MAX_SHIFT: u16 = 6;
/// A move pays off only when it spares at least this many rows.
const MIN_ROWS: u16 = 3;

/// What ratatui asked of the cursor during a frame, replayed after the frame's cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CursorOp {
    Hide,
    Show,
    Set(Position),
}

/// The backend ratatui draws into: it writes nothing, tells the real terminal's size, and keeps the
/// cursor requests and clears for `Screen`.
pub struct Capture {
    size: Box<dyn Fn() -> std::io::Result<Size>>,
    cursor: Vec<CursorOp>,
    cleared: bool,
}

impl Capture {
    /// `size` reads the real terminal's size.
    pub fn new(size: impl Fn() -> std::io::Result<Size> + 'static) -> Capture {
        Capture {
            size: Box::new(size),
            cursor: Vec::new(),
            cleared: false,
        }
    }

    /// The cursor requests of the frame just drawn, and whether ratatui cleared (a resize, a clear).
    pub fn take(&mut self) -> (Vec<CursorOp>, bool) {
        (
            std::mem::take(&mut self.cursor),
            std::mem::replace(&mut self.cleared, false),
        )
    }
}

impl Backend for Capture {
    type Error = std::io::Error;

    fn draw<'a, I>(&mut self, _content: I) -> std::io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        Ok(())
    }

    fn hide_cursor(&mut self) -> std::io::Result<()> {
        self.cursor.push(CursorOp::Hide);
        Ok(())
    }

    fn show_cursor(&mut self) -> std::io::Result<()> {
        self.cursor.push(CursorOp::Show);
        Ok(())
    }

    fn get_cursor_position(&mut self) -> std::io::Result<Position> {
        Ok(Position::ORIGIN)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> std::io::Result<()> {
        self.cursor.push(CursorOp::Set(position.into()));
        Ok(())
    }

    fn clear(&mut self) -> std::io::Result<()> {
        self.cleared = true;
        Ok(())
    }

    fn clear_region(&mut self, _clear_type: ClearType) -> std::io::Result<()> {
        self.cleared = true;
        Ok(())
    }

    fn size(&self) -> std::io::Result<Size> {
        (self.size)()
    }

    fn window_size(&mut self) -> std::io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: (self.size)()?,
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn scroll_region_up(&mut self, _: std::ops::Range<u16>, _: u16) -> std::io::Result<()> {
        self.cleared = true;
        Ok(())
    }

    fn scroll_region_down(&mut self, _: std::ops::Range<u16>, _: u16) -> std::io::Result<()> {
        self.cleared = true;
        Ok(())
    }
}

/// Rows moved in the terminal: `rows` (half-open) by `by` rows, up when positive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    pub rows: std::ops::Range<u16>,
    pub by: i32,
}

/// The real terminal and what it shows.
pub struct Screen<B: Backend> {
    out: B,
    shown: Buffer,
}

impl<B: Backend> Screen<B> {
    pub fn new(out: B) -> Screen<B> {
        Screen {
            out,
            shown: Buffer::empty(Rect::default()),
        }
    }

    pub fn out_mut(&mut self) -> &mut B {
        &mut self.out
    }

    /// Clears the terminal; the next frame is written whole.
    pub fn clear(&mut self) -> Result<(), B::Error> {
        self.out.clear_region(ClearType::All)?;
        self.shown = Buffer::empty(self.shown.area);
        Ok(())
    }

    /// Brings the terminal to `next`: the move (if it pays), the cells that still differ, the cursor.
    pub fn show(
        &mut self,
        next: &Buffer,
        cursor: &[CursorOp],
        cleared: bool,
    ) -> Result<(), B::Error> {
        if self.shown.area.is_empty() {
            // The first frame: the alternate screen it goes to starts blank.
            self.shown = Buffer::empty(next.area);
        } else if cleared || next.area != self.shown.area {
            self.out.clear_region(ClearType::All)?;
            self.shown = Buffer::empty(next.area);
        } else if let Some(s) = find_shift(&self.shown, next) {
            let n = s.by.unsigned_abs() as u16;
            if s.by > 0 {
                self.out.scroll_region_up(s.rows.clone(), n)?;
            } else {
                self.out.scroll_region_down(s.rows.clone(), n)?;
            }
            apply_shift(&mut self.shown, &s);
        }
        let cells = with_wide_gaps(updates(&self.shown, next));
        self.out.draw(cells.iter().map(|(x, y, c)| (*x, *y, c)))?;
        self.shown.clone_from(next);
        for op in cursor {
            match *op {
                CursorOp::Hide => self.out.hide_cursor()?,
                CursorOp::Show => self.out.show_cursor()?,
                CursorOp::Set(p) => self.out.set_cursor_position(p)?,
            }
        }
        self.out.flush()
    }
}

/// The cells to write, with an empty cell after each wide character that the next cell follows directly:
/// the backend then sees the next cell as adjacent and prints it where the terminal's cursor already is,
/// instead of moving the cursor there again (8 bytes saved per Chinese character).
fn with_wide_gaps(diff: Vec<(u16, u16, &Cell)>) -> Vec<(u16, u16, Cell)> {
    let mut out = Vec::with_capacity(diff.len());
    let mut it = diff.into_iter().peekable();
    while let Some((x, y, cell)) = it.next() {
        let width = u16::try_from(width(cell)).unwrap_or(1);
        out.push((x, y, cell.clone()));
        let follows = it
            .peek()
            .is_some_and(|&(nx, ny, _)| ny == y && nx == x.saturating_add(width.max(1)));
        if width > 1 && follows {
            let mut gap = cell.clone();
            gap.set_symbol("");
            for k in 1..width {
                out.push((x + k, y, gap.clone()));
            }
        }
    }
    out
}

fn width(c: &Cell) -> usize {
    unicode_width::UnicodeWidthStr::width(c.symbol()).max(1)
}

/// Where the wide characters of a row start.
fn wide_starts(r: &[Cell]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut x = 0;
    while x < r.len() {
        let w = width(&r[x]);
        if w > 1 {
            out.push(x);
        }
        x += w;
    }
    out
}

/// The cells that bring `shown` to `next`, left to right, the cells a wide character covers left out.
/// A row whose wide characters sit where they sat is written cell by cell where it differs; a row where
/// they moved is written whole, since a terminal blanks the other half of a wide character written over
/// (with the colours of the moment) and only writing the whole row leaves no such half behind.
fn updates<'a>(shown: &Buffer, next: &'a Buffer) -> Vec<(u16, u16, &'a Cell)> {
    let mut out = Vec::new();
    if shown.area != next.area {
        return out;
    }
    for y in 0..next.area.height {
        let (was, now) = (row(shown, y), row(next, y));
        if was == now {
            continue;
        }
        let whole = wide_starts(was) != wide_starts(now);
        let mut x = 0;
        while x < now.len() {
            let cell = &now[x];
            if whole || was[x] != *cell {
                out.push((x as u16, y, cell));
            }
            x += width(cell);
        }
    }
    out
}

fn row(buf: &Buffer, y: u16) -> &[Cell] {
    let w = usize::from(buf.area.width);
    let start = usize::from(y) * w;
    buf.content.get(start..start + w).unwrap_or(&[])
}

/// The best block of `next` rows that are `shown` rows moved by a few rows, when it spares enough rows.
pub fn find_shift(shown: &Buffer, next: &Buffer) -> Option<Shift> {
    let h = shown.area.height;
    if next.area != shown.area {
        return None;
    }
    // Which rows differ in place, compared once (each candidate move asks again for every row).
    let differs: Vec<bool> = (0..h).map(|y| row(shown, y) != row(next, y)).collect();
    if differs.iter().filter(|d| **d).count() < usize::from(MIN_ROWS) {
        return None;
    }
    let mut best: Option<(u16, Shift)> = None;
    for by in (1..=i32::from(MAX_SHIFT)).flat_map(|k| [k, -k]) {
        // `next` row y shows `shown` row y + by.
        let source = |y: u16| u16::try_from(i32::from(y) + by).ok().filter(|s| *s < h);
        let moved = |y: u16| source(y).is_some_and(|s| row(shown, s) == row(next, y));
        let mut y = 0;
        while y < h {
            if !moved(y) {
                y += 1;
                continue;
            }
            let start = y;
            let mut spared = 0;
            while y < h && moved(y) {
                spared += u16::from(differs[usize::from(y)]);
                y += 1;
            }
            if spared >= MIN_ROWS && best.as_ref().is_none_or(|(s, _)| spared > *s) {
                // The region holds the block and the rows it comes from.
                let n = by.unsigned_abs() as u16;
                let (lo, hi) = if by > 0 {
                    (start, y.saturating_add(n))
                } else {
                    (start.saturating_sub(n), y)
                };
                best = Some((spared, Shift { rows: lo..hi, by }));
            }
        }
    }
    best.map(|(_, s)| s)
}

/// What the terminal does to its rows on the move (new rows blank, in the default colours).
fn apply_shift(buf: &mut Buffer, s: &Shift) {
    let w = usize::from(buf.area.width);
    let (lo, hi) = (usize::from(s.rows.start), usize::from(s.rows.end));
    let n = s.by.unsigned_abs() as usize;
    let Some(region) = buf.content.get_mut(lo * w..hi * w) else {
        return;
    };
    if s.by > 0 {
        region.rotate_left(n * w);
        let len = region.len();
        region[len - n * w..].fill(Cell::default());
    } else {
        region.rotate_right(n * w);
        region[..n * w].fill(Cell::default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::Terminal;
    use ratatui::backend::CrosstermBackend;
    use ratatui::style::{Color, Modifier, Style};
    use ratatui::text::Line;
    use ratatui::widgets::{Block, Borders, Clear, Paragraph};
    use std::cell::RefCell;
    use std::io::{self, Write};
    use std::rc::Rc;

    /// Bytes written, shared with the test.
    #[derive(Clone, Default)]
    struct Out(Rc<RefCell<Vec<u8>>>);

    impl Write for Out {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// The crossterm backend on a terminal of a fixed size (there is no real one in a test).
    struct Fixed(CrosstermBackend<Out>, Size);

    impl Backend for Fixed {
        type Error = io::Error;
        fn draw<'a, I: Iterator<Item = (u16, u16, &'a Cell)>>(&mut self, c: I) -> io::Result<()> {
            self.0.draw(c)
        }
        fn hide_cursor(&mut self) -> io::Result<()> {
            self.0.hide_cursor()
        }
        fn show_cursor(&mut self) -> io::Result<()> {
            self.0.show_cursor()
        }
        fn get_cursor_position(&mut self) -> io::Result<Position> {
            Ok(Position::ORIGIN)
        }
        fn set_cursor_position<P: Into<Position>>(&mut self, p: P) -> io::Result<()> {
            self.0.set_cursor_position(p)
        }
        fn clear(&mut self) -> io::Result<()> {
            self.0.clear()
        }
        fn clear_region(&mut self, t: ClearType) -> io::Result<()> {
            self.0.clear_region(t)
        }
        fn size(&self) -> io::Result<Size> {
            Ok(self.1)
        }
        fn window_size(&mut self) -> io::Result<WindowSize> {
            Ok(WindowSize {
                columns_rows: self.1,
                pixels: Size::default(),
            })
        }
        fn flush(&mut self) -> io::Result<()> {
            Backend::flush(&mut self.0)
        }
        fn scroll_region_up(&mut self, r: std::ops::Range<u16>, n: u16) -> io::Result<()> {
            self.0.scroll_region_up(r, n)
        }
        fn scroll_region_down(&mut self, r: std::ops::Range<u16>, n: u16) -> io::Result<()> {
            self.0.scroll_region_down(r, n)
        }
    }

    const W: u16 = 40;
    const H: u16 = 12;

    fn fixed() -> (Out, Fixed) {
        let out = Out::default();
        (
            out.clone(),
            Fixed(CrosstermBackend::new(out), Size::new(W, H)),
        )
    }

    /// A list of `items` from `offset`, the row `cursor` reversed, a header and a footer, and maybe a dialog.
    fn frame(f: &mut ratatui::Frame, items: &[String], offset: usize, cursor: usize, dialog: bool) {
        let area = f.area();
        let mut lines = vec![Line::styled("订单 header", Style::new().fg(Color::Cyan))];
        for (i, s) in items
            .iter()
            .enumerate()
            .skip(offset)
            .take(usize::from(H) - 2)
        {
            let l = Line::raw(s.clone());
            lines.push(if i == cursor {
                l.style(Style::new().add_modifier(Modifier::REVERSED))
            } else {
                l
            });
        }
        f.render_widget(Paragraph::new(lines), area);
        f.render_widget(
            Line::raw(format!("footer {offset}")),
            Rect::new(0, H - 1, W, 1),
        );
        if dialog {
            let r = Rect::new(5, 3, 20, 5);
            f.render_widget(Clear, r);
            f.render_widget(Block::default().borders(Borders::ALL).title("发货"), r);
        }
    }

    /// What a real terminal shows after these bytes, row by row, with the reversed cells marked.
    fn seen(bytes: &[u8]) -> Vec<String> {
        let mut p = vt100::Parser::new(
            std::num::NonZeroU16::new(H).unwrap(),
            std::num::NonZeroU16::new(W).unwrap(),
            0,
        );
        p.process(bytes);
        let s = p.screen();
        (0..H)
            .map(|y| {
                (0..W)
                    .filter_map(|x| s.cell(y, x))
                    .map(|c| {
                        let t = if c.contents().is_empty() && !c.is_wide_continuation() {
                            " ".to_string()
                        } else {
                            c.contents().to_string()
                        };
                        if c.inverse() { format!("[{t}]") } else { t }
                    })
                    .collect()
            })
            .collect()
    }

    /// The same, from the frame ratatui wanted.
    fn expected(buf: &Buffer) -> Vec<String> {
        (0..H)
            .map(|y| {
                let mut out = String::new();
                let mut skip = 0;
                for x in 0..W {
                    let c = &buf[(x, y)];
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    let sym = c.symbol();
                    skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
                    let t = sym.to_string();
                    if c.modifier.contains(Modifier::REVERSED) {
                        out.push_str(&format!("[{t}]"));
                    } else {
                        out.push_str(&t);
                    }
                }
                out
            })
            .collect()
    }

    /// Draws the frames on both terminals: the screens agree with the frames; returns the bytes of each.
    fn run(frames: &[(usize, usize, bool)], items: &[String]) -> (Vec<usize>, Vec<usize>) {
        let (plain_out, b) = fixed();
        let mut plain = Terminal::new(b).unwrap();
        let (out, b) = fixed();
        let mut screen = Screen::new(b);
        let mut term = Terminal::new(Capture::new(|| Ok(Size::new(W, H)))).unwrap();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for &(offset, cursor, dialog) in frames {
            let before = (plain_out.0.borrow().len(), out.0.borrow().len());
            let want = plain
                .draw(|f| frame(f, items, offset, cursor, dialog))
                .unwrap()
                .buffer
                .clone();
            let next = term
                .draw(|f| frame(f, items, offset, cursor, dialog))
                .unwrap()
                .buffer
                .clone();
            let (ops, cleared) = term.backend_mut().take();
            screen.show(&next, &ops, cleared).unwrap();
            // The terminal shows the frame. (ratatui's own output is not the oracle: where a wide
            // character is half overwritten it leaves the other half's cell to the terminal.)
            assert_eq!(
                seen(&out.0.borrow()),
                expected(&want),
                "frame {offset}/{cursor}"
            );
            a.push(plain_out.0.borrow().len() - before.0);
            b.push(out.0.borrow().len() - before.1);
        }
        (a, b)
    }

    fn items(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("{i:04} 适用苹果15手机壳 ×{} ¥{}.90", i % 3 + 1, i % 97))
            .collect()
    }

    #[test]
    fn scrolling_by_a_row_writes_one_row_and_shows_the_same() {
        let items = items(100);
        let body = usize::from(H) - 2;
        // Down to the bottom, then on: each move scrolls by one row; then back up.
        let mut frames: Vec<(usize, usize, bool)> = (0..body + 8)
            .map(|c| ((c + 1).saturating_sub(body), c, false))
            .collect();
        frames.extend((0..6).map(|k| (8 - k - 1, 8 - k - 1, false)));
        let (plain, scrolled) = run(&frames, &items);
        let scrolls = body..body + 8;
        let p: usize = plain[scrolls.clone()].iter().sum();
        let s: usize = scrolled[scrolls].iter().sum();
        // Measured: 149 bytes a scrolling move against 283 redrawn (40-column rows; wider rows spare more).
        assert!(
            s * 5 < p * 3,
            "scrolling moves cost {s} bytes against {p} redrawn"
        );
        let moves = 1..body;
        let p: usize = plain[moves.clone()].iter().sum();
        let s: usize = scrolled[moves].iter().sum();
        assert!(
            s < p,
            "a move without scrolling costs {s} bytes against {p}: wide characters cost no moves"
        );
    }

    #[test]
    fn a_dialog_over_a_scrolling_list_stays_whole() {
        let items = items(60);
        let frames: Vec<(usize, usize, bool)> = (0..20usize)
            .map(|c| (c.saturating_sub(9), c, c % 3 != 0))
            .collect();
        run(&frames, &items);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Any sequence of offsets, cursors and dialogs shows exactly the frames on a terminal.
        #[test]
        fn any_sequence_looks_the_same(
            frames in prop::collection::vec((0usize..40, 0usize..50, any::<bool>()), 1..25),
            wide in any::<bool>(),
        ) {
            let mut list = items(50);
            if wide {
                for (i, s) in list.iter_mut().enumerate() {
                    if i % 4 == 0 {
                        *s = format!("宽字符{i}行");
                    }
                }
            }
            // A dialog edge over half a wide character makes a frame no terminal can show (the app's
            // dialogs never do it), so wide rows scroll without dialogs.
            let frames: Vec<_> = frames.into_iter().map(|(o, c, d)| (o, c, d && !wide)).collect();
            run(&frames, &list);
        }
    }
}
