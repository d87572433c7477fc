//! Issue 15: the filter and the sort never block a key. Over a big queue a key that changes what the rows
//! depend on returns at once: the screen keeps the rows it shows until a worker's result arrives, a result
//! is taken only while it is still wanted, and every action acts on the rows on screen.
//! Most tests make the test orders a "big" queue (`inline_up_to` 0) and run the worker's jobs by hand.

use crate::domain::Order;
use crate::i18n::Lang;
use crate::tui::App;
use crate::tui::msg::{Effect, Msg};
use crate::tui::queue::rows;
use crate::tui::queue::worker::RowsJob;
use crate::tui::testdata::{app, load, now, orders};
use crate::tui::update::{self, update};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// More orders than the queue computes on the UI thread.
const BIG: usize = 20_000;

/// `n` unshipped orders, copies of the test orders with their own numbers; every thousandth says "needle".
fn many(n: usize) -> Vec<Order> {
    let base: Vec<Order> = orders()
        .into_iter()
        .filter(|o| o.order_status == 1)
        .collect();
    (0..n)
        .map(|k| {
            let mut o = base[k % base.len()].clone();
            o.order_sn = format!("210318-{:015}", 100_000_000 + k);
            if k % 1000 == 0 {
                o.remark = format!("needle {k}");
            }
            o
        })
        .collect()
}

fn big() -> App {
    let mut a = app(Lang::En);
    load(&mut a, many(BIG));
    a
}

fn press(a: &mut App, code: KeyCode) -> Vec<crate::tui::msg::Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn shown(a: &App) -> Vec<String> {
    // Every action reads these: what the view draws.
    rows::visible(a)
        .iter()
        .map(|&i| a.orders[i].order_sn.to_string())
        .collect()
}

const SN1: &str = "210318-001532562392201";
const SN2: &str = "210318-001532562392202";
const SEED: &str = "210317-001532562392221";

/// The test orders, computed off the UI thread like a big queue's.
fn async_app() -> App {
    let mut a = app(Lang::En);
    a.pending.rows.inline_up_to = 0;
    a
}

fn typ(a: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| press(a, KeyCode::Char(c)))
        .collect()
}

/// The one worker job among `fx`.
fn job(fx: Vec<Effect>) -> RowsJob {
    let mut jobs: Vec<RowsJob> = fx
        .into_iter()
        .filter_map(|f| match f {
            Effect::ComputeRows(j) => Some(*j),
            _ => None,
        })
        .collect();
    assert_eq!(jobs.len(), 1, "one job: {jobs:?}");
    jobs.remove(0)
}

fn no_job(fx: &[Effect]) -> bool {
    !fx.iter().any(|f| matches!(f, Effect::ComputeRows(_)))
}

/// Runs `job` as the worker would and hands its result to `update`.
fn finish(a: &mut App, job: RowsJob) -> Vec<Effect> {
    update(a, Msg::Rows(Box::new(job.run())))
}

/// Runs jobs until none is asked for.
fn settle(a: &mut App, mut fx: Vec<Effect>) {
    while !no_job(&fx) {
        fx = finish(a, job(fx));
    }
}

/// A filter key over a big queue comes back without filtering: the rows on screen are the ones before it,
/// until the worker's result arrives.
#[test]
fn a_filter_key_over_a_big_queue_returns_before_the_rows_are_computed() {
    let mut a = big();
    let before = shown(&a);
    assert_eq!(before.len(), BIG);
    press(&mut a, KeyCode::Char('/'));
    let fx = press(&mut a, KeyCode::Char('n'));
    assert!(shown(&a) == before, "the key did not wait for the filter");
    assert!(rows::updating(&a));
    let j = job(fx);
    assert!(no_job(&typ(&mut a, "eedle")), "one job at a time");
    // The first job's key is stale by now: its result is dropped, and the next job takes every key since.
    let fx = finish(&mut a, j);
    assert!(shown(&a) == before);
    settle(&mut a, fx);
    assert_eq!(shown(&a).len(), BIG / 1000);
    assert!(
        shown(&a)
            .iter()
            .all(|sn| a.order(sn).unwrap().remark.contains("needle"))
    );
    assert!(!rows::updating(&a));
}

/// A small queue computes its rows inside the key (deterministic screens and tests): no job.
#[test]
fn a_small_queue_filters_inside_the_key() {
    let mut a = app(Lang::En);
    press(&mut a, KeyCode::Char('/'));
    assert!(no_job(&typ(&mut a, "flag:red")));
    assert_eq!(shown(&a), [SN1]);
    assert!(!rows::updating(&a));
}

#[test]
fn a_filter_over_a_big_queue_shows_its_rows_once_computed() {
    let mut a = async_app();
    // Nothing was computed yet: the first rows are computed at once, then only by the worker.
    assert!(no_job(&update::start(&mut a)) || shown(&a).len() == 7);
    assert_eq!(shown(&a).len(), 7);
    press(&mut a, KeyCode::Char('/'));
    let fx = typ(&mut a, "flag:red");
    assert_eq!(shown(&a).len(), 7, "the rows on screen until the result");
    let screen = super::screen(&a);
    assert!(
        screen.contains("(7 matches)…"),
        "marked as updating: {screen}"
    );
    // `j` before the result moves down the filter's rows: none below the one it finds.
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Char('j'));
    settle(&mut a, fx);
    assert_eq!(a.queue.cursor, 0);
    assert_eq!(shown(&a), [SN1]);
    let screen = super::screen(&a);
    assert!(screen.contains("(1 match) \n"), "{screen}");
    assert!(!screen.lines().nth(1).unwrap_or_default().contains('…'));
}

/// A result computed from orders that changed since (a flag set by a result, a refresh) is dropped and
/// computed again; the rows on screen meanwhile are those computed last, at their positions.
#[test]
fn a_result_for_orders_that_changed_meanwhile_is_dropped() {
    let mut a = async_app();
    rows::visible(&a);
    press(&mut a, KeyCode::Char('/'));
    let j = job(typ(&mut a, "flag:red"));
    // SN2 turns red while the job runs.
    let changed = a.orders.apply(
        SN2,
        &crate::domain::Change::Note {
            remark: String::new(),
            tag: Some(crate::domain::Flag::Red),
            tag_name: String::new(),
        },
    );
    assert!(changed);
    let fx = finish(&mut a, j);
    assert_eq!(shown(&a).len(), 7, "the stale result is not shown");
    settle(&mut a, fx);
    let mut got = shown(&a);
    got.sort();
    assert_eq!(got, [SN1, SN2]);
}

/// `j` while the sort is computed moves on the rows on screen; the new rows keep the cursor on its order,
/// and the selection acts on what is on screen.
#[test]
fn the_cursor_keeps_its_order_across_a_new_result() {
    let mut a = async_app();
    // SN1, the most urgent, is the last confirmed: first by deadline, last by confirm time.
    let mut os = orders();
    os[0].confirm_time = Some(now());
    load(&mut a, os);
    rows::visible(&a);
    press(&mut a, KeyCode::Char('j'));
    let fx = press(&mut a, KeyCode::Char('o'));
    let j = job(fx);
    press(&mut a, KeyCode::Char('j'));
    assert_eq!(a.queue.cursor, 2);
    assert_eq!(rows::current(&a).map(|o| o.order_sn.as_str()), Some(SEED));
    // Space selects the order on screen under the cursor, not the one the new sort would put there.
    press(&mut a, KeyCode::Char(' '));
    assert!(a.queue.selected.contains(SEED));
    let (before, at) = (shown(&a), a.queue.cursor);
    let on = before[at].clone();
    finish(&mut a, j);
    let want: Vec<String> = rows::compute_visible(&a)
        .into_iter()
        .map(|i| a.orders[i].order_sn.to_string())
        .collect();
    assert_eq!(shown(&a), want);
    assert_ne!(want, before, "sorted by confirm time now");
    let moved = want.iter().position(|sn| *sn == on).unwrap();
    assert_ne!(moved, at);
    assert_eq!(a.queue.cursor, moved, "the cursor stays on {on}");
}

/// The clock's minute moves the rows and the header's counts: over a big queue both come from the
/// worker, the counts on screen until then are the last ones.
#[test]
fn a_new_minute_recomputes_the_rows_and_counts_off_the_ui_thread() {
    let mut a = async_app();
    rows::visible(&a);
    let before = rows::summary(&a);
    let later = now()
        .checked_add(jiff::SignedDuration::from_hours(3))
        .unwrap();
    let j = job(update(&mut a, Msg::Tick(later)));
    assert!(j.rows && j.summary);
    assert_eq!(rows::summary(&a), before);
    let header = super::screen(&a)
        .lines()
        .nth(1)
        .unwrap_or_default()
        .to_string();
    assert!(header.contains('…'), "marked as updating: {header}");
    finish(&mut a, j);
    assert_ne!(
        rows::summary(&a).stats,
        before.stats,
        "an order is overdue by now"
    );
    assert!(!rows::updating(&a));
}
