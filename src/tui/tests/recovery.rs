//! Flows of issue 4 through `update`: drafts saved as they change (debounced) and offered again, the
//! offline cache shown at start with its age and kept when the gateway is down.

use crate::api::ApiError;
use crate::i18n::Lang;
use crate::store::cache::Cache;
use crate::tui::app::{App, Overlay};
use crate::tui::msg::{Effect, Msg};
use crate::tui::persist::drafts::Persisted;
use crate::tui::queue::order_list::OrderList;
use crate::tui::testdata::{app, now, orders};
use crate::tui::update::{fetched, update};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::{SignedDuration, Timestamp};

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn typ(a: &mut App, text: &str) {
    for c in text.chars() {
        assert!(press(a, KeyCode::Char(c)).is_empty(), "no I/O while typing");
    }
}

fn at(ms: i64) -> Timestamp {
    now()
        .checked_add(SignedDuration::from_millis(ms))
        .unwrap_or(now())
}

fn tick(a: &mut App, ms: i64) -> Vec<Effect> {
    update(a, Msg::Tick(at(ms)))
}

fn saves(fx: &[Effect]) -> usize {
    fx.iter().filter(|f| **f == Effect::SaveState).count()
}

#[test]
fn a_note_draft_is_saved_as_typed_at_most_every_half_second() {
    let mut a = app(Lang::Zh);
    let sn = crate::tui::queue::rows::current(&a)
        .unwrap()
        .order_sn
        .to_string();
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(
        saves(&tick(&mut a, 100)),
        0,
        "nothing typed, nothing written"
    );
    typ(&mut a, "晚点");
    assert_eq!(
        a.persisted.drafts[&sn]
            .note
            .as_deref()
            .map(|n| n.ends_with("晚点")),
        Some(true)
    );
    assert_eq!(saves(&tick(&mut a, 250)), 1);
    typ(&mut a, "发");
    assert_eq!(saves(&tick(&mut a, 500)), 0, "debounced");
    assert_eq!(saves(&tick(&mut a, 750)), 1);
    assert_eq!(saves(&tick(&mut a, 1000)), 0, "unchanged since");
}

#[test]
fn ship_numbers_are_saved_as_typed_and_a_shipped_order_drops_its_draft() {
    let mut a = app(Lang::En);
    let sn = crate::tui::queue::rows::current(&a)
        .unwrap()
        .order_sn
        .to_string();
    press(&mut a, KeyCode::Char('s'));
    press(&mut a, KeyCode::Enter); // the first courier
    typ(&mut a, "YT1234567890123");
    assert_eq!(a.persisted.drafts[&sn].tracking, "YT1234567890123");
    assert_eq!(saves(&tick(&mut a, 250)), 1);
}

#[test]
fn a_restored_note_draft_comes_back_marked() {
    let mut a = app(Lang::Zh);
    let sn = crate::tui::queue::rows::current(&a)
        .unwrap()
        .order_sn
        .to_string();
    let mut p = Persisted::default();
    p.drafts.entry(sn).or_default().note = Some("草稿内容".into());
    a.persisted = p;
    press(&mut a, KeyCode::Char('n'));
    let Overlay::Note(ed) = &a.overlay else {
        panic!("no editor")
    };
    assert_eq!(ed.text.value(), "草稿内容");
    assert!(ed.restored);
    // Discarding the draft forgets it, and that is saved too.
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('y'));
    assert!(a.persisted.drafts.is_empty());
    assert_eq!(saves(&tick(&mut a, 250)), 1);
}

fn cache() -> Cache {
    let list = OrderList::new(&orders());
    Cache {
        shop: "fw199/kingdo".into(),
        synced_at: now().as_second() - 12 * 60,
        rows: list.to_vec(),
        texts: list.texts().clone(),
        ..Default::default()
    }
}

#[test]
fn the_cached_queue_is_shown_with_its_age_until_a_sync_succeeds() {
    let mut a = app(Lang::En);
    a.orders = OrderList::default();
    fetched::from_cache(&mut a, cache());
    assert_eq!(a.orders.len(), orders().len());
    assert_eq!(a.orders[0].order_sn, orders()[0].order_sn);
    assert!(a.cached_at.is_some());
    // The gateway is down: the error is told, the cached queue stays, and so does its age.
    let fx = press(&mut a, KeyCode::Char('r'));
    let id = match fx.as_slice() {
        [Effect::FetchOrders { id, .. }] => *id,
        other => panic!("{other:?}"),
    };
    let down = ApiError::Connect {
        url: "http://127.0.0.1:1".into(),
        detail: "connection refused".into(),
    };
    let fx = update(
        &mut a,
        Msg::Orders {
            id,
            result: Err(down),
        },
    );
    assert!(fx.is_empty());
    assert_eq!(a.orders.len(), orders().len());
    assert!(a.cached_at.is_some());
    assert_eq!(a.toasts.len(), 1);
    // Filtering and reading work offline.
    press(&mut a, KeyCode::Char('/'));
    for c in orders()[1]
        .order_sn
        .chars()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        press(&mut a, KeyCode::Char(c));
    }
    press(&mut a, KeyCode::Enter);
    assert_eq!(crate::tui::queue::rows::visible(&a).len(), 1);
    // A sync succeeds: the mark goes, and the new queue is cached.
    let fx = press(&mut a, KeyCode::Char('r'));
    let id = match fx.as_slice() {
        [Effect::FetchOrders { id, .. }] => *id,
        other => panic!("{other:?}"),
    };
    let fx = update(
        &mut a,
        Msg::Orders {
            id,
            result: Ok(Box::new(OrderList::new(&orders()))),
        },
    );
    assert!(
        matches!(&fx[..], [Effect::SaveCache, Effect::LoadClaims { .. }]),
        "{fx:?}"
    );
    assert!(a.cached_at.is_none());
}

#[test]
fn a_stored_detail_shows_at_once_and_a_fresh_one_renews_the_row() {
    let mut a = app(Lang::Zh);
    let fx = press(&mut a, KeyCode::Enter);
    let id = match fx.as_slice() {
        [Effect::FetchDetail { id, .. }] => *id,
        other => panic!("{other:?}"),
    };
    let mut o = orders()[0].clone();
    let sn = o.order_sn.clone();
    o.remark = "stored copy".into();
    let fx = update(
        &mut a,
        Msg::Detail {
            id,
            result: Box::new(Ok(o.clone())),
            fresh: false,
            last: false,
        },
    );
    assert!(fx.is_empty());
    assert_eq!(
        a.detail(&sn).map(|d| d.remark.as_str()),
        Some("stored copy")
    );
    assert_ne!(
        a.order(&sn).unwrap().remark,
        "stored copy",
        "a stored copy never overrides the row"
    );
    assert!(
        a.pending.detail.is_some(),
        "the fresh read is still awaited"
    );
    o.remark = "fresh".into();
    update(
        &mut a,
        Msg::Detail {
            id,
            result: Box::new(Ok(o)),
            fresh: true,
            last: true,
        },
    );
    assert_eq!(a.detail(&sn).map(|d| d.remark.as_str()), Some("fresh"));
    assert_eq!(a.order(&sn).unwrap().remark, "fresh");
    assert!(a.pending.detail.is_none());
}

#[test]
fn the_courier_picked_comes_back_with_the_ship_draft() {
    let mut a = app(Lang::Zh);
    let sn = crate::tui::queue::rows::current(&a)
        .unwrap()
        .order_sn
        .to_string();
    press(&mut a, KeyCode::Char('s'));
    typ(&mut a, "yto");
    press(&mut a, KeyCode::Enter);
    typ(&mut a, "YT99");
    assert_eq!(a.persisted.drafts[&sn].courier, Some(85));
    // As after a restart: the drafts alone, the dialog opened again.
    let drafts = a.persisted.clone();
    let mut b = app(Lang::Zh);
    b.persisted = drafts;
    press(&mut b, KeyCode::Char('s'));
    let Overlay::Ship(d) = &b.overlay else {
        panic!("no dialog")
    };
    assert_eq!(d.courier, Some(85));
    assert_eq!(d.numbers[0].value(), "YT99");
    assert!(d.restored);
}
