//! The incremental refresh through `update`: changes merged into the queue in place, a mark too old
//! listing all again, `R` listing all on demand, a failing sync kept in the header until one succeeds, and
//! a first sync showing what it has received.

use crate::api::ApiError;
use crate::i18n::Lang;
use crate::ops::sync::Refresh;
use crate::tui::app::App;
use crate::tui::msg::{Effect, Msg, ReqId};
use crate::tui::queue::order_list::OrderList;
use crate::tui::queue::rows;
use crate::tui::testdata::{app, now, orders};
use crate::tui::update::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::{SignedDuration, Timestamp};

fn press(a: &mut App, c: char) -> Vec<Effect> {
    update(
        a,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    )
}

fn mins(m: i64) -> Timestamp {
    now().checked_add(SignedDuration::from_mins(m)).unwrap()
}

/// A workstation whose queue came from a full list (so a refresh has a mark to ask from).
fn marked(lang: Lang) -> App {
    let mut a = app(lang);
    a.mark = Some(mins(-1));
    a
}

fn changes_id(fx: &[Effect]) -> ReqId {
    match fx {
        [Effect::FetchChanges { id, mark }] => {
            assert_eq!(*mark, mins(-1));
            *id
        }
        other => panic!("{other:?}"),
    }
}

fn current_sn(a: &App) -> String {
    rows::current(a).unwrap().order_sn.to_string()
}

#[test]
fn a_refresh_merges_the_changes_and_keeps_cursor_and_selection() {
    let mut a = marked(Lang::Zh);
    press(&mut a, 'j');
    press(&mut a, ' ');
    let on = current_sn(&a);
    let selected = a.queue.selected.clone();
    let all = orders();
    // One order noted elsewhere, one shipped elsewhere (not the one under the cursor), one new.
    let mut noted = all.iter().find(|o| o.order_sn == on).unwrap().clone();
    noted.remark = "改发顺丰".into();
    noted.updated_at = Some(mins(0));
    let mut shipped = all
        .iter()
        .find(|o| o.order_sn != on && o.is_unshipped())
        .unwrap()
        .clone();
    shipped.order_status = 2;
    shipped.updated_at = Some(mins(0));
    let mut new = all[0].clone();
    new.order_sn = "210319-000000000000099".into();
    new.updated_at = Some(mins(0));
    let before = a.orders.len();
    // The order shipped elsewhere was selected too: it leaves the selection with the queue.
    a.queue.selected.insert(shipped.order_sn.clone());
    // Its whole order was read this run (the detail screen): that copy is replaced, saying shipped.
    let mut read = shipped.clone();
    read.order_status = 1;
    a.details.insert(read);

    let fx = press(&mut a, 'r');
    let id = changes_id(&fx);
    a.now = mins(1);
    let fx = update(
        &mut a,
        Msg::Changed {
            id,
            result: Ok(Refresh::Changed {
                orders: vec![noted, shipped.clone(), new.clone()],
                mark: mins(-3),
            }),
        },
    );
    assert!(fx.contains(&Effect::SaveCache), "{fx:?}");
    assert_eq!(a.orders.len(), before, "one left, one came");
    assert!(!a.orders.contains(&shipped.order_sn));
    assert!(a.orders.contains(&new.order_sn));
    assert_eq!(
        a.details.get(&shipped.order_sn).map(|o| o.order_status),
        Some(2),
        "no stale unshipped copy"
    );
    assert_eq!(a.order(&on).unwrap().remark, "改发顺丰");
    assert_eq!(current_sn(&a), on, "the cursor stays on its order");
    assert_eq!(
        a.queue.selected, selected,
        "the selection stays, less the order that left"
    );
    assert_eq!(a.mark, Some(mins(-3)));
    assert_eq!(a.last_sync, Some(mins(1)));
    assert!(a.pending.orders.is_none());
}

#[test]
fn a_mark_too_old_lists_all_again_and_the_list_sets_the_mark() {
    let mut a = marked(Lang::Zh);
    let id = changes_id(&press(&mut a, 'r'));
    let fx = update(
        &mut a,
        Msg::Changed {
            id,
            result: Ok(Refresh::TooOld),
        },
    );
    let [Effect::FetchOrders { id, end, .. }] = &fx[..] else {
        panic!("{fx:?}")
    };
    assert_eq!(*end, now());
    a.now = mins(2);
    update(
        &mut a,
        Msg::Orders {
            id: *id,
            result: Ok(Box::new(OrderList::new(&orders()))),
        },
    );
    assert_eq!(a.mark, Some(now()), "the mark is when the list started");
    // The next refresh asks only what changed since.
    assert!(matches!(
        &press(&mut a, 'r')[..],
        [Effect::FetchChanges { mark, .. }] if *mark == now()
    ));
}

#[test]
fn full_refresh_on_demand_without_a_mark_and_with_shipped_shown() {
    let mut a = marked(Lang::En);
    assert!(matches!(
        &press(&mut a, 'R')[..],
        [Effect::FetchOrders { .. }]
    ));
    let mut a = app(Lang::En);
    assert!(a.mark.is_none());
    assert!(matches!(
        &press(&mut a, 'r')[..],
        [Effect::FetchOrders { .. }]
    ));
    let mut a = marked(Lang::En);
    assert!(matches!(
        &press(&mut a, 'S')[..],
        [Effect::FetchOrders { .. }]
    ));
    assert!(matches!(
        &press(&mut a, 'r')[..],
        [Effect::FetchOrders { .. }]
    ));
    // pddshuju has no increment: every refresh lists.
    let mut a = marked(Lang::En);
    a.settings.caps = crate::api::Capabilities::PDDSHUJU;
    assert!(matches!(
        &press(&mut a, 'r')[..],
        [Effect::FetchOrders { .. }]
    ));
}

#[test]
fn a_failed_refresh_stays_in_the_header_until_one_succeeds() {
    let mut a = marked(Lang::Zh);
    let rows_before = a.orders.len();
    let id = changes_id(&press(&mut a, 'r'));
    let down = ApiError::Http {
        status: 502,
        snippet: "Bad Gateway".into(),
    };
    update(
        &mut a,
        Msg::Changed {
            id,
            result: Err(down.clone()),
        },
    );
    let f = a.sync_failure.clone().expect("shown");
    assert_eq!((f.error, f.since), (down.clone(), now()));
    assert_eq!(a.orders.len(), rows_before, "the queue stays usable");
    assert_eq!(a.toasts.len(), 1);
    // The timed refresh fails again a minute later: still failing since the first time, no new toast.
    let later = mins(6);
    let fx = update(&mut a, Msg::Tick(later));
    let Some(Effect::FetchChanges { id, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    update(
        &mut a,
        Msg::Changed {
            id: *id,
            result: Err(ApiError::Timeout(std::time::Duration::from_secs(15))),
        },
    );
    let f = a.sync_failure.clone().expect("still shown");
    assert_eq!(
        (f.error, f.since),
        (ApiError::Timeout(std::time::Duration::from_secs(15)), now())
    );
    // Toasts of the first failure expired by now; the second failure adds none.
    assert!(a.toasts.is_empty(), "{:?}", a.toasts);
    let id = changes_id(&press(&mut a, 'r'));
    update(
        &mut a,
        Msg::Changed {
            id,
            result: Ok(Refresh::Changed {
                orders: vec![],
                mark: mins(3),
            }),
        },
    );
    assert!(a.sync_failure.is_none(), "a success clears it");
    assert_eq!(a.last_sync, Some(later));
}

#[test]
fn a_first_sync_shows_what_has_arrived_sorted_and_incomplete() {
    let mut a = app(Lang::Zh);
    a.orders = OrderList::default();
    let fx = press(&mut a, 'r');
    let [Effect::FetchOrders { id, partial, .. }] = &fx[..] else {
        panic!("{fx:?}")
    };
    assert!(*partial, "an empty queue asks for what arrives");
    let mut some = orders();
    some.truncate(3);
    update(
        &mut a,
        Msg::SyncProgress {
            id: *id,
            orders: 3,
            partial: Some(Box::new(OrderList::new(&some))),
        },
    );
    assert_eq!(a.orders.len(), 3);
    assert!(a.sync_partial);
    // Keys keep working meanwhile.
    press(&mut a, 'j');
    assert_eq!(a.queue.cursor, 1);
    update(
        &mut a,
        Msg::Orders {
            id: *id,
            result: Ok(Box::new(OrderList::new(&orders()))),
        },
    );
    assert_eq!(a.orders.len(), orders().len());
    assert!(!a.sync_partial);
    // A queue that has orders is never replaced by a part.
    let fx = press(&mut a, 'R');
    let [Effect::FetchOrders { id, partial, .. }] = &fx[..] else {
        panic!("{fx:?}")
    };
    assert!(!*partial);
    update(
        &mut a,
        Msg::SyncProgress {
            id: *id,
            orders: 3,
            partial: Some(Box::new(OrderList::new(&some))),
        },
    );
    assert_eq!(a.orders.len(), orders().len());
}

/// A start from a big cache: the first screen from its head (marked incomplete, keys working, no refresh
/// yet, so none is merged into the head alone), then every row with the cursor kept, then the refresh.
#[test]
fn a_start_shows_the_caches_head_then_takes_the_rest_and_refreshes() {
    use crate::store::cache::Cache;
    use crate::tui::update::fetched;
    let all = app(Lang::Zh).orders.shared();
    let cache = |rows: Vec<crate::domain::OrderRow>| Cache {
        shop: "fw199/demo".into(),
        synced_at: mins(-5).as_second(),
        mark: Some(mins(-1).as_second()),
        rows,
        ..Cache::default()
    };
    let mut a = app(Lang::Zh);
    fetched::from_cache_head(&mut a, cache(all[..4].to_vec()));
    assert!(a.sync_partial, "marked incomplete while the rest is read");
    let fetches = |fx: &[Effect]| {
        fx.iter()
            .filter(|e| matches!(e, Effect::FetchChanges { .. } | Effect::FetchOrders { .. }))
            .count()
    };
    assert_eq!(fetches(&crate::tui::update::start(&mut a)), 0);
    assert_eq!(
        fetches(&press(&mut a, 'R')),
        0,
        "a refresh waits for the rest"
    );
    press(&mut a, 'j');
    let on = current_sn(&a);
    let fx = update(&mut a, Msg::CacheRest(Some(Box::new(cache(all.to_vec())))));
    assert_eq!(a.orders.len(), all.len());
    assert_eq!(current_sn(&a), on, "the cursor stays on its order");
    assert!(!a.sync_partial);
    changes_id(&fx);
    // A second answer (none is expected) changes nothing.
    assert!(update(&mut a, Msg::CacheRest(None)).is_empty());
    assert_eq!(a.orders.len(), all.len());
}

/// The rest could not be read after all: the head stays, and a whole list replaces it (not a refresh from the
/// mark, which would leave out the rows never read).
#[test]
fn a_cache_whose_rest_is_unreadable_is_listed_again_whole() {
    use crate::tui::update::fetched;
    let all = app(Lang::Zh).orders.shared();
    let mut a = app(Lang::Zh);
    fetched::from_cache_head(
        &mut a,
        crate::store::cache::Cache {
            shop: "fw199/demo".into(),
            mark: Some(mins(-1).as_second()),
            rows: all[..3].to_vec(),
            ..Default::default()
        },
    );
    let fx = update(&mut a, Msg::CacheRest(None));
    assert!(matches!(fx[..], [Effect::FetchOrders { .. }]), "{fx:?}");
    assert_eq!(a.orders.len(), 3);
}
