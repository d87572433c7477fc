//! `update`: the one place state changes. It takes a `Msg`, changes the `App` and returns the effects the
//! runtime must carry out. No I/O, no clock, no awaiting: every flow is testable without a terminal.
//! This file dispatches; a dialog's outcomes are applied to the app in its own file here (note, import,
//! confirm, help).

pub mod confirm;
pub mod help;
pub mod import;
pub mod note;

pub mod attention;
pub mod autosave;
pub mod claims;
pub mod cursor;
pub mod fetch;
pub mod fetched;
pub mod queue;
pub mod recompute;
pub mod reconcile;
pub mod ship;
pub mod targets;
pub mod team;

use crate::i18n::dialog as dialog_tr;
use crate::tui::app::{App, Level, Overlay, Screen};
use crate::tui::edit::{edit, paste_into};
use crate::tui::keys::command::Command;
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Section;
use crate::tui::msg::{Effect, Msg};
use crossterm::event::{KeyCode, KeyEvent};
use jiff::{SignedDuration, Timestamp};

/// The first effects of a run: couriers and orders.
pub fn start(app: &mut App) -> Vec<Effect> {
    let mut fx = fetch::fetch_couriers(app);
    fx.extend(fetch::refresh(app));
    fx.extend(fetch::reconcile(app));
    fx.extend(fetch::journal(app));
    fx.extend(claims::poll(app));
    fx.extend(recompute::request(app));
    fx
}

/// How long after a dialog changed by itself the next key is taken as meant for what was there before:
/// longer than it takes to see a change and stop typing, short enough never to eat a key pressed later.
pub const HOLD_KEYS: SignedDuration = SignedDuration::from_secs(1);

/// Applies `msg`; then, over a big queue whose rows or counts it made stale, asks a worker for new ones.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let mut fx = step(app, msg);
    fx.extend(recompute::request(app));
    fx
}

fn step(app: &mut App, msg: Msg) -> Vec<Effect> {
    if let Msg::Tick(now) = msg {
        if app.hold_next_key && now >= app.hold_until {
            app.hold_next_key = false;
        }
        let mut fx = tick(app, now);
        fx.extend(ship::tick(app));
        fx.extend(autosave::tick(app, now));
        fx.extend(claims::tick(app, now));
        return fx;
    }
    let typed = matches!(msg, Msg::Key(_) | Msg::Paste(_));
    // Esc only ever backs out of what is on screen, whatever that is now: it is the one key that still acts.
    let esc = matches!(&msg, Msg::Key(ev) if ev.code == KeyCode::Esc);
    if typed && std::mem::take(&mut app.hold_next_key) && !esc {
        app.dirty = true;
        app.toast(Level::Info, dialog_tr::key_held(app.lang()));
        return Vec::new();
    }
    let top = (!typed).then(|| on_top(app));
    // Drafts are small; comparing them after every message is what lets them be saved as they change.
    let before = app.persisted.clone();
    let fx = handle(app, msg);
    autosave::after(app, &before);
    if top.is_some_and(|t| t != on_top(app)) {
        app.hold_next_key = true;
        app.hold_until = app.now.checked_add(HOLD_KEYS).unwrap_or(app.now);
        // What the operator was typing was cut short: the field's value is selected, to be replaced whole.
        if let Overlay::Ship(d) = &mut app.overlay {
            d.focus(d.field);
        }
    }
    fx
}

/// What a key would act on: the quit question and the dialog on top, with its stage, focus and values. When
/// a message that is no key changes it, the operator's next key was aimed at what was there before.
fn on_top(app: &App) -> String {
    let dialog = match &app.overlay {
        // A file's rows can be many: the stage and the path say what a key acts on.
        Overlay::Import(d) => format!("import {:?} {:?} {:?}", d.stage, d.error, d.path.value()),
        o => format!("{o:?}"),
    };
    format!("{:?} {dialog}", app.quit_question)
}

fn handle(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(ev) => {
            app.dirty = true;
            on_key(app, &ev)
        }
        Msg::Paste(text) => {
            app.dirty = true;
            paste(app, &text);
            Vec::new()
        }
        Msg::Resize(w, h) => {
            app.size = (w, h);
            app.dirty = true;
            Vec::new()
        }
        Msg::Tick(now) => tick(app, now),
        Msg::TerminalGone => {
            keep_drafts(app);
            app.quit = true;
            vec![Effect::SaveState]
        }
        Msg::SyncProgress {
            id,
            orders,
            partial,
        } => {
            fetched::progress(app, id, orders, partial);
            Vec::new()
        }
        Msg::Orders { id, result } => fetched::orders(app, id, result),
        Msg::CacheRest(cache) => fetched::cache_rest(app, cache),
        Msg::Changed { id, result } => fetched::changed(app, id, result),
        Msg::Detail {
            id,
            result,
            fresh,
            last,
        } => {
            fetched::detail(app, id, *result, fresh, last);
            ship::details_arrived(app);
            Vec::new()
        }
        Msg::Couriers { id, result } => fetched::couriers(app, id, result),
        // The import dialog's own shipment: its result goes there, not to the ship dialog.
        Msg::Shipped { id, result } if matches!(&app.overlay, Overlay::Import(d) if d.owns(id)) => {
            let mut fx = import::on_result(app, id, result);
            fx.extend(fetch::journal(app));
            fx
        }
        Msg::Shipped { id, result } => {
            // What the shipment left in the journal (done, unknown) changes the counter.
            let mut fx = ship::on_result(app, id, result);
            fx.extend(fetch::journal(app));
            fx
        }
        Msg::Noted { id, results } => note::on_result(app, id, results),
        Msg::Number {
            id,
            order_sn,
            result,
        } => ship::on_number(app, id, &order_sn, result),
        Msg::Reconciled { id, result } => reconcile::on_result(app, id, result),
        Msg::JournalLoaded { id, result } => attention::on_loaded(app, id, result),
        Msg::Claims { id, result } => claims::on_loaded(app, id, result),
        Msg::CsvRead { id, path, result } => import::on_read(app, id, &path, result),
        Msg::Team(ev) => team::on_event(app, ev),
        Msg::TeamOps { result } => team::on_ops(app, result),
        Msg::Copied { text, result } => {
            queue::on_copied(app, &text, result);
            Vec::new()
        }
        Msg::Rows(done) => recompute::on_rows(app, *done),
    }
}

fn on_key(app: &mut App, ev: &KeyEvent) -> Vec<Effect> {
    let key = Key::from_event(ev);
    if app.quit_question.is_some() {
        return confirm::on_key(app, key);
    }
    match app.overlay {
        Overlay::Ship(_) => ship::on_key(app, key, ev),
        Overlay::Note(_) => note::on_key(app, key, ev),
        Overlay::Import(_) => import::on_key(app, key, ev),
        Overlay::FlagConflict(_) => note::flag_conflict_key(app, key),
        Overlay::Filter if app.screen == Screen::Journal => attention::filter_key(app, key, ev),
        Overlay::Filter => filter_key(app, key, ev),
        Overlay::Help { .. } => help::on_key(app, key),
        Overlay::None => match app.keymap.resolve(app.screen_section(), key) {
            Some(cmd) => command(app, cmd),
            None => Vec::new(),
        },
    }
}

/// A command of the screen under no dialog: the ones that open a dialog or leave are applied here, the
/// rest by the screen's actions.
fn command(app: &mut App, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::Quit => confirm::request(app),
        Command::Help => {
            help::open(app);
            Vec::new()
        }
        Command::Import => import::open(app),
        Command::Note => note::open(app),
        Command::Ship => ship::open(app),
        _ => queue::run(app, cmd),
    }
}

fn paste(app: &mut App, text: &str) {
    match &mut app.overlay {
        Overlay::Filter if app.screen == Screen::Journal => attention::paste(app, text),
        Overlay::Filter => {
            paste_into(&mut app.queue.filter, text);
            app.queue.cursor = 0;
        }
        Overlay::Ship(d) => d.paste(text),
        Overlay::Note(n) => n.paste(text),
        Overlay::Import(d) => d.paste(text),
        _ => {}
    }
}

fn filter_key(app: &mut App, key: Key, ev: &KeyEvent) -> Vec<Effect> {
    // Characters are the filter's text; only other keys are `[filter]` commands.
    let cmd = match key.text_char() {
        Some(_) => None,
        None => app.keymap.get(Section::Filter, key),
    };
    match cmd {
        Some(Command::Back) => {
            app.queue.filter.reset();
            app.queue.cursor = 0;
            app.overlay = Overlay::None;
        }
        Some(Command::Submit) => app.overlay = Overlay::None,
        _ => {
            if edit(&mut app.queue.filter, ev) {
                app.queue.cursor = 0;
            }
        }
    }
    Vec::new()
}

fn tick(app: &mut App, now: Timestamp) -> Vec<Effect> {
    let minute_changed = app.now.as_second() / 60 != now.as_second() / 60;
    app.now = now;
    app.flag_seen.expire(now);
    let before = app.toasts.len();
    app.toasts.retain(|t| t.until > now);
    let counting = matches!(&app.overlay, Overlay::Ship(d) if d.counting_down());
    if app.pending.busy() {
        app.spinner = app.spinner.wrapping_add(1);
    }
    if minute_changed || counting || app.pending.busy() || before != app.toasts.len() {
        app.dirty = true;
    }
    if now >= app.next_refresh && app.pending.orders.is_none() {
        return fetch::refresh(app);
    }
    Vec::new()
}

/// Copies what the open dialogs hold into the persisted drafts, so a dropped terminal loses nothing.
pub fn keep_drafts(app: &mut App) {
    let overlay = match &app.overlay {
        Overlay::Help { over: Some(o), .. } => &**o,
        o => o,
    };
    match overlay {
        Overlay::Ship(d) => d.save_drafts(&mut app.persisted),
        Overlay::Note(n) => n.save_draft(&mut app.persisted),
        _ => {}
    }
}
