//! The event loop: `tokio::select!` over terminal events, a tick, signals and task results; every input
//! becomes a `Msg` for `update`; all pending messages are drained, then the screen is drawn once if changed.

use crate::ops::team_sync::TeamSync;
use crate::store::cache::{self, Snapshot};
use crate::store::{DetailStore, Journal, Unwritable};
use crate::tui::app::{App, Level, Settings};
use crate::tui::effects::Runner;
use crate::tui::msg::{Effect, Msg};
use crate::tui::term::input::Input;
use crate::tui::term::output::{FrameControl, FrameWriter, frame_output};
use crate::tui::term::scroll::{Capture, Screen};
use crate::tui::term::writer::StateWriter;
use crate::tui::{
    Context, keys::keymap, pass, persist::drafts, term::clipboard, term::tty, update, view,
};
use futures::StreamExt;
use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use std::io::{Stdout, Write};
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;
use tokio::task::{AbortHandle, JoinSet};

/// Often enough for a smooth spinner and countdown; draws happen only when something changed.
const TICK: Duration = Duration::from_millis(250);

pub async fn run(ctx: Context) -> color_eyre::Result<()> {
    let (km, warnings) = keymap::load(ctx.user_keymap.as_deref(), ctx.lang);
    // Without a journal nothing may be sent (it is written before every request): viewer mode, and a
    // journal that refuses every write behind it.
    let journal = Journal::open_for(&ctx.data_dir, ctx.team.as_ref()).map_err(|e| {
        crate::i18n::exits::no_journal(
            ctx.lang,
            &ctx.data_dir.display().to_string(),
            &e.to_string(),
        )
    });
    let settings = Settings {
        lang: ctx.lang,
        caps: ctx.gateway.capabilities(),
        gateway: ctx.gateway.kind().name(),
        demo: ctx.demo,
        shop_name: ctx.shop_name.clone(),
        has_waybill: ctx.waybill.is_some(),
        waybill_courier: ctx.waybill.as_ref().and_then(|w| w.config.courier_id),
        no_color: ctx.no_color,
        refresh_every: SignedDuration::try_from(ctx.refresh_every)
            .unwrap_or(SignedDuration::from_mins(1)),
        read_only: ctx.read_only || journal.is_err(),
    };
    let shop_key = cache_key(&settings);
    let mut app = App::new(settings, km, Timestamp::now(), drafts::load(&ctx.data_dir));
    // A big cache: its first screen's rows now, the rest read while that screen is up (`Msg::CacheRest`).
    match cache::load_head(&ctx.data_dir, &shop_key) {
        Some((c, true)) => update::fetched::from_cache(&mut app, c),
        Some((head, false)) => update::fetched::from_cache_head(&mut app, head),
        None => {}
    }
    let writer = StateWriter::new(ctx.data_dir.clone());
    for w in warnings {
        tracing::warn!("keymap: {w}");
        app.toast(Level::Error, w);
    }
    let journal_opened = journal.is_ok();
    let journal = journal.unwrap_or_else(|reason| {
        tracing::warn!("{reason}");
        app.toast(Level::Error, reason.clone());
        Journal::with_backend(std::sync::Arc::new(Unwritable::new(reason, &ctx.data_dir)))
    });
    let (tx, rx) = mpsc::unbounded_channel();
    let hangup = tx.clone();
    if app.cache_loading {
        let (dir, key, rest) = (ctx.data_dir.clone(), shop_key.clone(), tx.clone());
        tokio::task::spawn_blocking(move || {
            let _ = rest.send(Msg::CacheRest(cache::load(&dir, &key).map(Box::new)));
        });
    }
    // Online in the team and hearing it, while the loop runs (a journal that would not open is alone).
    // Said in the header from the start: not heard yet until the listener says it listens.
    app.team.on = ctx.team.is_some();
    let team = match (&ctx.team, journal_opened) {
        (Some(t), true) => crate::tui::team::join(t, &ctx.shop_name, tx.clone()),
        _ => None,
    };
    let sync_team = team_sync(&ctx);
    let mut tasks = JoinSet::new();
    if let Some(t) = &sync_team {
        tasks.spawn(t.clone().keep_lease(ctx.gateway.clone()));
    }
    let runner = Runner {
        gateway: ctx.gateway,
        waybill: ctx.waybill,
        waybills: journal.clone().with_profile(&ctx.shop_name),
        journal: journal
            .with_profile(&ctx.shop_name)
            .with_lease(ctx.claim_lease),
        details: match DetailStore::open(&ctx.data_dir, &shop_key) {
            Ok(s) => Some(s),
            Err(e) => {
                tracing::warn!("no order detail store: {e}");
                None
            }
        },
        team: sync_team.clone(),
        tx,
    };
    // Not ratatui's init and restore: its restore reports a failure with `eprintln!`, which panics on a
    // hung-up terminal, inside the panic hook at that (an abort and a core file on every SSH drop).
    // Frames are gathered and written whole (see `output`): std's stdout would pass them on in 1 KB pieces.
    tty::restore_on_panic();
    tty::enter()?;
    tty::watch_hangup(move || {
        let _ = hangup.send(Msg::TerminalGone);
    });
    let (out, frames) = frame_output(std::io::stdout());
    let mut terminal = Display {
        terminal: Terminal::new(Capture::new(|| {
            crossterm::terminal::size().map(|(w, h)| Size::new(w, h))
        }))?,
        screen: Screen::new(CrosstermBackend::new(out)),
        next: Buffer::empty(Rect::default()),
    };
    let result = Loop {
        app: &mut app,
        runner,
        tasks,
        orders_task: None,
        detail_task: None,
        writer: writer.clone(),
        shop_key,
        frames,
    }
    .run(rx, &mut terminal)
    .await;
    // ratatui's terminal draws into `Capture`, so dropping it shows nothing: `leave` shows the cursor.
    drop(terminal);
    tty::leave();
    // Offline in the team: the row goes.
    drop(team);
    writer.drafts(writer.ticket(), &app.persisted);
    if let Some(t) = sync_team
        && let Err(e) = t.release().await
    {
        tracing::warn!("cannot give the sync lease up: {e}");
    }
    result
}

/// `[team]`: this workstation's part in the shop's one sync (None for one host, or when the team's
/// database cannot even be described: the journal says why).
fn team_sync(ctx: &Context) -> Option<TeamSync> {
    let config = ctx.team.as_ref()?;
    let operator = crate::store::identity::os_user();
    TeamSync::new(config, &ctx.shop_name, &operator, ctx.refresh_every)
        .map_err(|e| tracing::warn!("no team sync: {e}"))
        .ok()
}

/// Which shop a cache belongs to: the gateway and the shop's name.
fn cache_key(s: &Settings) -> String {
    cache::key(s.gateway, &s.shop_name)
}

struct Loop<'a> {
    app: &'a mut App,
    runner: Runner,
    /// Dropping the set aborts whatever is still running when the loop ends.
    tasks: JoinSet<()>,
    orders_task: Option<AbortHandle>,
    detail_task: Option<AbortHandle>,
    writer: StateWriter,
    shop_key: String,
    frames: FrameControl<Stdout>,
}

/// ratatui's terminal, drawing into `Capture`, and the real screen the frames are written to.
struct Display {
    terminal: Terminal<Capture>,
    screen: Screen<CrosstermBackend<FrameWriter<Stdout>>>,
    /// The frame just drawn (kept to reuse its memory).
    next: Buffer,
}

impl Display {
    fn size(&self) -> std::io::Result<Size> {
        self.terminal.size()
    }

    fn draw(&mut self, app: &App) -> std::io::Result<()> {
        let frame = self.terminal.draw(|f| view::draw(f, app))?;
        self.next.clone_from(frame.buffer);
        let (cursor, cleared) = self.terminal.backend_mut().take();
        self.screen.show(&self.next, &cursor, cleared)
    }

    /// Leaves the terminal to the shell, stops until continued, then takes it again and redraws it all.
    fn suspend(&mut self) {
        tty::leave();
        tty::stop_self();
        self.resume();
    }

    /// Takes the terminal again (after SIGCONT: the shell may have reset its modes) and clears it, so that
    /// the next frame is written whole.
    fn resume(&mut self) {
        if let Err(e) = tty::enter().and_then(|()| self.clear()) {
            tracing::warn!("cannot take the terminal again: {e}");
        }
    }

    fn clear(&mut self) -> std::io::Result<()> {
        self.terminal.clear()?;
        self.terminal.backend_mut().take();
        self.screen.clear()
    }
}

type Term = Display;

impl Loop<'_> {
    async fn run(
        &mut self,
        mut rx: mpsc::UnboundedReceiver<Msg>,
        terminal: &mut Term,
    ) -> color_eyre::Result<()> {
        // Read on a thread of its own: the loop's thread never reads the terminal (`term::input`).
        let mut events = Input::start();
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let mut sigterm = signal(SignalKind::terminate())?;
        let mut sighup = signal(SignalKind::hangup())?;
        // In raw mode Ctrl-C and Ctrl-\ arrive as keys; these come from `kill`: leave as for SIGTERM.
        let mut sigint = signal(SignalKind::interrupt())?;
        let mut sigquit = signal(SignalKind::quit())?;
        let mut sigtstp = signal(SignalKind::from_raw(libc::SIGTSTP))?;
        let mut sigcont = signal(SignalKind::from_raw(libc::SIGCONT))?;
        if let Ok(size) = terminal.size() {
            self.app.size = (size.width, size.height);
        }
        let fx = update::start(self.app);
        self.perform(fx, terminal);
        loop {
            if self.app.dirty {
                self.app.dirty = false;
                self.frames.begin_frame();
                let drawn = terminal.draw(self.app);
                let written = self.frames.end_frame().map(|_| ());
                if let Err(e) = drawn.and(written) {
                    // The terminal is gone (EIO): keep what was typed and leave.
                    tracing::warn!("draw failed: {e}");
                    let fx = update::update(self.app, Msg::TerminalGone);
                    self.perform(fx, terminal);
                }
            }
            #[cfg(debug_assertions)]
            debug_panic();
            if self.app.quit {
                break;
            }
            let msg = tokio::select! {
                ev = events.next() => match ev {
                    Some(Ok(ev)) if pass::is_suspend(&ev) => {
                        self.suspend(terminal);
                        None
                    }
                    Some(Ok(ev)) => pass::input_msg(ev),
                    // The stream ends or errors when stdin is closed or broken: never spin on it.
                    Some(Err(_)) | None => Some(Msg::TerminalGone),
                },
                _ = tick.tick() => Some(Msg::Tick(Timestamp::now())),
                Some(m) = rx.recv() => Some(m),
                _ = sigterm.recv() => Some(Msg::TerminalGone),
                _ = sighup.recv() => Some(Msg::TerminalGone),
                _ = sigint.recv() => Some(Msg::TerminalGone),
                _ = sigquit.recv() => Some(Msg::TerminalGone),
                _ = sigtstp.recv() => {
                    self.suspend(terminal);
                    None
                }
                _ = sigcont.recv() => {
                    // Also after our own stop: one more full redraw, and right after any other.
                    terminal.resume();
                    self.app.dirty = true;
                    None
                }
            };
            let first = pass::First::of(msg.as_ref());
            if let Some(m) = msg {
                self.handle(m, terminal);
            }
            self.drain(&mut rx, &mut events, first, terminal).await;
            while self.tasks.try_join_next().is_some() {}
        }
        if !self.app.pending.ships.is_empty() {
            tracing::warn!("leaving with shipments in flight; their outcome must be checked");
        }
        Ok(())
    }

    /// Handles everything already waiting before the next draw (`pass::drain`: no key after a result).
    async fn drain(
        &mut self,
        rx: &mut mpsc::UnboundedReceiver<Msg>,
        events: &mut Input,
        first: pass::First,
        terminal: &mut Term,
    ) {
        if self.app.quit {
            return;
        }
        pass::drain(rx, events, first, |taken| {
            match taken {
                pass::Taken::Msg(m) => self.handle(m, terminal),
                pass::Taken::Suspend => self.suspend(terminal),
            }
            !self.app.quit
        })
        .await;
    }

    /// What the offline cache keeps: the queue's rows as synced (shared, not copied).
    fn snapshot(&self) -> Snapshot {
        Snapshot {
            shop: self.shop_key.clone(),
            synced_at: self.app.last_sync.unwrap_or(self.app.now).as_second(),
            mark: self.app.mark.map(Timestamp::as_second),
            rows: self.app.orders.shared(),
            texts: self.app.orders.shared_texts(),
        }
    }

    fn suspend(&mut self, terminal: &mut Term) {
        terminal.suspend();
        self.app.dirty = true;
    }

    fn handle(&mut self, msg: Msg, terminal: &mut Term) {
        let fx = update::update(self.app, msg);
        self.perform(fx, terminal);
    }

    fn perform(&mut self, effects: Vec<Effect>, terminal: &mut Term) {
        for fx in effects {
            let r = self.runner.clone();
            match fx {
                Effect::FetchOrders {
                    id,
                    status,
                    start,
                    end,
                    partial,
                } => {
                    if let Some(old) = self.orders_task.take() {
                        old.abort();
                    }
                    self.orders_task = Some(
                        self.tasks
                            .spawn(r.fetch_orders(id, status, start, end, partial)),
                    );
                }
                Effect::FetchChanges { id, mark } => {
                    if let Some(old) = self.orders_task.take() {
                        old.abort();
                    }
                    self.orders_task = Some(self.tasks.spawn(r.fetch_changes(id, mark)));
                }
                Effect::FetchDetail { id, order_sn } => {
                    if let Some(old) = self.detail_task.take() {
                        old.abort();
                    }
                    self.detail_task = Some(self.tasks.spawn(r.fetch_detail(id, order_sn)));
                }
                Effect::FetchCouriers { id } => {
                    self.tasks.spawn(r.fetch_couriers(id));
                }
                Effect::Ship { id, requests } => {
                    self.tasks.spawn(r.ship(id, requests, Default::default()));
                }
                Effect::ShipShared {
                    id,
                    requests,
                    mates,
                } => {
                    self.tasks.spawn(r.ship(id, requests, mates));
                }
                Effect::ReadCsv { id, path, couriers } => {
                    self.tasks.spawn(r.read_csv(id, path, couriers));
                }
                Effect::LoadClaims { id } => {
                    self.tasks.spawn(r.load_claims(id));
                }
                Effect::ReadTeamOps { order_sn, since } => {
                    self.tasks.spawn(r.read_team_ops(order_sn, since));
                }
                Effect::LoadJournal { id } => {
                    self.tasks.spawn(r.load_journal(id));
                }
                Effect::Reconcile { id } => {
                    self.tasks.spawn(r.reconcile(id));
                }
                Effect::WriteNotes { id, edits } => {
                    self.tasks.spawn(r.write_notes(id, edits));
                }
                Effect::TakeNumber {
                    id,
                    order_sn,
                    order,
                } => {
                    self.tasks.spawn(r.take_number(id, order_sn, order));
                }
                Effect::Copy(text) => match clipboard::route(std::env::var_os("TMUX").as_deref()) {
                    clipboard::Route::Tmux => {
                        self.tasks.spawn_blocking(move || {
                            let result = clipboard::to_tmux(&text);
                            // Nothing to tell when the loop is gone (closing).
                            let _ = r.tx.send(Msg::Copied { text, result });
                        });
                    }
                    clipboard::Route::Osc52 => {
                        let w = terminal.screen.out_mut();
                        let result = w
                            .write_all(clipboard::osc52(&text).as_bytes())
                            .and_then(|()| w.flush())
                            .map(|()| clipboard::Copied::Terminal)
                            .map_err(|e| clipboard::CopyError::Terminal(e.to_string()));
                        let _ = r.tx.send(Msg::Copied { text, result });
                    }
                },
                Effect::ComputeRows(job) => {
                    self.tasks.spawn_blocking(move || {
                        let done = job.run();
                        // Nothing to tell when the loop is gone (closing).
                        let _ = r.tx.send(Msg::Rows(Box::new(done)));
                    });
                }
                Effect::ClearScreen => {
                    let _ = terminal.clear();
                    self.app.dirty = true;
                }
                Effect::SaveState => {
                    let (w, ticket, state) = (
                        self.writer.clone(),
                        self.writer.ticket(),
                        self.app.persisted.clone(),
                    );
                    self.tasks.spawn_blocking(move || w.drafts(ticket, &state));
                }
                Effect::SaveCache => {
                    let c = self.snapshot();
                    if self.app.settings.caps.recent_only {
                        // The queue now holds what the sync listed and what it kept: so does the store.
                        let sns = c.rows.iter().map(|row| row.order_sn.to_string()).collect();
                        self.tasks.spawn(r.keep_details(sns));
                    }
                    let (w, ticket) = (self.writer.clone(), self.writer.ticket());
                    self.tasks.spawn_blocking(move || w.cache(ticket, &c));
                }
            }
        }
    }
}

/// Debug builds only (tests): `PDDTUI_DEBUG_PANIC` makes the workstation panic once a frame is on screen,
/// quoting every secret the process holds, so a test sees the terminal restored before the report and the
/// report (on stderr and in the log) with the secrets blanked.
#[cfg(debug_assertions)]
#[allow(clippy::panic)]
fn debug_panic() {
    if std::env::var_os("PDDTUI_DEBUG_PANIC").is_some() {
        panic!(
            "PDDTUI_DEBUG_PANIC set; secrets held: {}",
            crate::api::secret::quoted_for_debug_panic()
        );
    }
}
