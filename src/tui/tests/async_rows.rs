//! Issue 15: the filter and the sort never block a key. Over a big queue a key that changes what the rows
//! depend on returns at once: the screen keeps the rows it shows until a worker's result arrives.

use crate::domain::Order;
use crate::i18n::Lang;
use crate::tui::App;
use crate::tui::msg::Msg;
use crate::tui::queue::rows;
use crate::tui::testdata::{app, load, orders};
use crate::tui::update::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// More orders than the queue computes on the UI thread.
const BIG: usize = 20_000;

/// `n` unshipped orders, copies of the test orders with their own numbers; every thousandth says "needle".
fn many(n: usize) -> Vec<Order> {
    let base: Vec<Order> = orders().into_iter().filter(|o| o.order_status == 1).collect();
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
    rows::visible(a)
        .iter()
        .map(|&i| a.orders[i].order_sn.clone())
        .collect()
}

/// A filter key over a big queue comes back without filtering: the rows on screen are the ones before it.
#[test]
fn a_filter_key_over_a_big_queue_returns_before_the_rows_are_computed() {
    let mut a = big();
    let before = shown(&a);
    assert_eq!(before.len(), BIG);
    press(&mut a, KeyCode::Char('/'));
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(shown(&a), before, "the key did not wait for the filter");
}
