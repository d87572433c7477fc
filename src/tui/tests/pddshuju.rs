//! The workstation on a gateway that sends little (pddshuju): orders it stops listing stay in the queue,
//! marked, and its ship dialog offers only what its `gift_send` takes.

use super::screen;
use crate::api::Capabilities;
use crate::domain::row::Secs;
use crate::i18n::Lang;
use crate::tui::app::{App, Overlay};
use crate::tui::dialog::ship::Field;
use crate::tui::msg::{Effect, Msg};
use crate::tui::queue::order_list::OrderList;
use crate::tui::testdata::{app, orders};
use crate::tui::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::SignedDuration;

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// A refresh, ten minutes after the last sync, answered by a listing without `gone`.
fn sync_without(a: &mut App, gone: &str) {
    a.now = a.now.checked_add(SignedDuration::from_mins(10)).unwrap();
    let fx = press(a, KeyCode::Char('r'));
    let Some(Effect::FetchOrders { id, .. }) = fx.first() else {
        panic!("{fx:?}");
    };
    let listed: Vec<_> = orders()
        .into_iter()
        .filter(|o| o.order_sn != gone)
        .collect();
    update(
        a,
        Msg::Orders {
            id: *id,
            result: Ok(Box::new(OrderList::new(&listed))),
        },
    );
}

const GONE: &str = "210318-001532562392203";

#[test]
fn an_order_pddshuju_stops_listing_stays_marked_with_when_it_was_last_listed() {
    let mut a = app(Lang::Zh);
    a.settings.caps = Capabilities::PDDSHUJU;
    let synced = a.last_sync.unwrap();
    sync_without(&mut a, GONE);
    let row = a.orders.find(GONE).expect("kept");
    assert_eq!(row.unlisted_since(), Secs::new(Some(synced.as_second())));
    assert!(
        a.orders
            .iter()
            .filter(|r| r.unlisted_since().is_some())
            .count()
            == 1
    );
    // Listed again: no longer marked.
    let fx = press(&mut a, KeyCode::Char('r'));
    let Some(Effect::FetchOrders { id, .. }) = fx.first() else {
        panic!("{fx:?}");
    };
    update(
        &mut a,
        Msg::Orders {
            id: *id,
            result: Ok(Box::new(OrderList::new(&orders()))),
        },
    );
    assert_eq!(a.orders.find(GONE).unwrap().unlisted_since(), Secs::NONE);
}

/// fw199 lists what it is asked for: an order it no longer lists is gone (shipped or closed), as before.
#[test]
fn an_order_fw199_stops_listing_goes() {
    let mut a = app(Lang::Zh);
    sync_without(&mut a, GONE);
    assert!(a.orders.find(GONE).is_none());
}

/// Tab and Shift-Tab go between the courier and the number only: no IMEI or refund address to reach.
#[test]
fn the_pddshuju_ship_dialog_offers_no_imei_or_refund_address() {
    let mut a = app(Lang::En);
    a.settings.caps = Capabilities::PDDSHUJU;
    press(&mut a, KeyCode::Char('s'));
    let mut seen = Vec::new();
    for _ in 0..4 {
        press(&mut a, KeyCode::Tab);
        let Overlay::Ship(d) = &a.overlay else {
            panic!("{:?}", a.overlay);
        };
        assert!(!d.extras);
        seen.push(d.field);
    }
    assert!(
        seen.iter()
            .all(|f| matches!(f, Field::Courier | Field::Number(_))),
        "{seen:?}"
    );
    // fw199 offers both.
    let mut a = app(Lang::En);
    press(&mut a, KeyCode::Char('s'));
    let Overlay::Ship(d) = &a.overlay else {
        panic!("{:?}", a.overlay);
    };
    assert!(d.extras);
}

/// Without deadlines from the gateway no order is known to be overdue: the filter word finds none (the
/// estimate would call one late), while the same orders on fw199 find it.
#[test]
fn overdue_finds_nothing_where_deadlines_are_unknown() {
    let mut a = app(Lang::En);
    let typed = |a: &mut App| {
        press(a, KeyCode::Char('/'));
        for c in "overdue".chars() {
            press(a, KeyCode::Char(c));
        }
        press(a, KeyCode::Enter);
        crate::tui::queue::rows::visible(a).len()
    };
    assert!(typed(&mut a) > 0);
    let mut a = app(Lang::En);
    a.settings.caps = Capabilities::PDDSHUJU;
    assert_eq!(typed(&mut a), 0);
}

/// Issue 12: pddshuju sends no deadlines and no amounts: the queue never claims to sort by them. It
/// sorts by confirm time, says so, and `o` has nothing else to offer.
#[test]
fn pddshuju_sorts_only_by_what_it_sends_and_says_so() {
    let mut a = app(Lang::En);
    a.settings.caps = Capabilities::PDDSHUJU;
    a.size = (120, 40);
    let by_confirm = |a: &App| {
        let rows = crate::tui::queue::rows::visible(a);
        rows.windows(2).all(|w| {
            let (x, y) = (&a.orders[w[0]], &a.orders[w[1]]);
            x.confirm_time.get().unwrap_or(i64::MAX) <= y.confirm_time.get().unwrap_or(i64::MAX)
        })
    };
    for _ in 0..3 {
        let text = screen(&a);
        assert!(!text.contains("by deadline"), "{text}");
        assert!(!text.contains("by amount"), "{text}");
        assert!(text.contains("by confirmed"), "{text}");
        assert!(by_confirm(&a));
        press(&mut a, KeyCode::Char('o'));
    }
}

/// Issue 12: the filter word `unlisted` / `窗口外` finds the orders outside the gateway's window.
#[test]
fn the_filter_word_unlisted_finds_orders_outside_the_window() {
    let mut a = app(Lang::Zh);
    a.settings.caps = Capabilities::PDDSHUJU;
    sync_without(&mut a, GONE);
    for word in ["unlisted", "窗口外"] {
        let found: Vec<usize> = crate::tui::queue::filter::filter_indices(&a.orders, word, a.now);
        let sns: Vec<&str> = found
            .iter()
            .map(|&i| a.orders[i].order_sn.as_str())
            .collect();
        assert_eq!(sns, [GONE], "{word}");
    }
}
