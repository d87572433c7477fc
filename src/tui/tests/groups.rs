//! Issue 12, merge groups through `update`: orders of one buyer address are found with the filter word,
//! selected with `m`, and shipped in one parcel under one number (the journal told which orders may share
//! it); a number of another address is still a duplicate.

use super::screen;
use crate::i18n::Lang;
use crate::tui::app::{App, Overlay};
use crate::tui::dialog::ship::{Field, ShipDialog, Stage};
use crate::tui::msg::{Effect, Msg};
use crate::tui::queue::rows;
use crate::tui::testdata::{app, grouped, load};
use crate::tui::update;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The group of `testdata::grouped`: the seed order and variants 2 and 6.
const GROUP: [&str; 3] = [
    "210317-001532562392221",
    "210318-001532562392202",
    "210318-001532562392206",
];

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ctrl(a: &mut App, c: char) -> Vec<Effect> {
    update(
        a,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    )
}

fn typ(a: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| press(a, KeyCode::Char(c)))
        .collect()
}

fn dialog(a: &App) -> &ShipDialog {
    match &a.overlay {
        Overlay::Ship(d) => d,
        other => panic!("no ship dialog: {other:?}"),
    }
}

fn shop() -> App {
    let mut a = app(Lang::En);
    load(&mut a, grouped());
    a
}

fn visible(a: &App) -> Vec<String> {
    rows::visible(a)
        .iter()
        .map(|&i| a.orders[i].order_sn.to_string())
        .collect()
}

/// The filter word finds the group; `m` on one of its orders selects all of them.
fn select_group(a: &mut App) {
    press(a, KeyCode::Char('/'));
    typ(a, "group");
    press(a, KeyCode::Enter);
    let mut shown = visible(a);
    shown.sort();
    assert_eq!(shown, GROUP);
    press(a, KeyCode::Char('m'));
    let mut selected: Vec<&str> = a.queue.selected.iter().map(String::as_str).collect();
    selected.sort();
    assert_eq!(selected, GROUP);
    assert!(
        a.toasts
            .last()
            .unwrap()
            .text
            .contains("merge group 1: 3 orders")
    );
}

#[test]
fn the_group_is_found_with_a_word_and_selected_with_m() {
    let mut a = shop();
    select_group(&mut a);
    // An order of no group says so, and selects nothing more.
    let mut b = app(Lang::Zh);
    press(&mut b, KeyCode::Char('m'));
    assert!(b.queue.selected.is_empty());
    assert!(b.toasts.last().unwrap().text.contains("不在合单组中"));
}

#[test]
fn a_group_ships_in_one_parcel_under_one_number() {
    let mut a = shop();
    select_group(&mut a);
    press(&mut a, KeyCode::Char('s'));
    assert!(
        dialog(&a).group && dialog(&a).parcel,
        "one parcel by default"
    );
    typ(&mut a, "yto");
    press(&mut a, KeyCode::Enter);
    assert_eq!(dialog(&a).field, Field::Number(0));
    typ(&mut a, "YT9990001112223");
    // Enter confirms at once: there is one number to type, not three.
    press(&mut a, KeyCode::Enter);
    assert!(
        matches!(dialog(&a).stage, Stage::Confirm),
        "{:?}",
        dialog(&a).stage
    );
    let fx = typ(&mut a, "y");
    let [
        Effect::ShipShared {
            requests, mates, ..
        },
    ] = &fx[..]
    else {
        panic!("{fx:?}");
    };
    assert_eq!(requests.len(), 3);
    assert!(
        requests
            .iter()
            .all(|r| r.tracking_number == "YT9990001112223")
    );
    // Each order may share the number with the other two, and with nobody else.
    for r in requests {
        let mut m = mates[&r.order_sn].clone();
        m.push(r.order_sn.clone());
        m.sort();
        assert_eq!(m, GROUP);
    }
}

/// A parcel that went out in part (the first order shipped, the others refused) keeps its number for
/// the orders left, even though the field that held it belonged to the order that left.
#[test]
fn a_parcel_shipped_in_part_keeps_its_number_for_the_rest() {
    let mut a = shop();
    select_group(&mut a);
    press(&mut a, KeyCode::Char('s'));
    typ(&mut a, "yto");
    press(&mut a, KeyCode::Enter);
    typ(&mut a, "YT9990001112223");
    press(&mut a, KeyCode::Enter);
    let fx = typ(&mut a, "y");
    let [Effect::ShipShared { id, requests, .. }] = &fx[..] else {
        panic!("{fx:?}");
    };
    let first = requests[0].order_sn.clone();
    let results = requests
        .iter()
        .map(|r| {
            let res = if r.order_sn == first {
                Ok(())
            } else {
                Err(crate::api::ApiError::Gateway {
                    code: 7,
                    message: "busy".into(),
                }
                .into())
            };
            (r.order_sn.clone(), res)
        })
        .collect();
    update(
        &mut a,
        Msg::Shipped {
            id: *id,
            result: Ok(results),
        },
    );
    let d = dialog(&a);
    assert_eq!(d.targets.len(), 2);
    assert!(!d.targets.contains(&first));
    assert!(d.parcel);
    assert_eq!(d.numbers[0].value(), "YT9990001112223");
    assert_eq!(
        a.order(&first).unwrap().tracking_number(),
        "YT9990001112223"
    );
}

#[test]
fn the_parcel_key_gives_one_number_each_and_back() {
    let mut a = shop();
    select_group(&mut a);
    press(&mut a, KeyCode::Char('s'));
    typ(&mut a, "yto");
    press(&mut a, KeyCode::Enter);
    ctrl(&mut a, 'o');
    assert!(!dialog(&a).parcel);
    typ(&mut a, "YT9990001112223");
    press(&mut a, KeyCode::Enter);
    // One number each: Enter goes to the next empty one.
    assert_eq!(dialog(&a).field, Field::Number(1));
    ctrl(&mut a, 'o');
    assert!(dialog(&a).parcel);
    assert_eq!(dialog(&a).field, Field::Number(0));
    // Orders of different addresses never get one parcel.
    let mut b = app(Lang::En);
    press(&mut b, KeyCode::Char(' '));
    press(&mut b, KeyCode::Char(' '));
    press(&mut b, KeyCode::Char('s'));
    assert!(!dialog(&b).group && !dialog(&b).parcel);
    ctrl(&mut b, 'o');
    assert!(!dialog(&b).parcel);
    assert!(
        dialog(&b)
            .error
            .as_deref()
            .unwrap()
            .contains("not one merge group")
    );
}

/// Issue 12: a number already on an order of the same buyer address is the parcel's number, not a
/// duplicate (the dialog used to ask for a second confirmation, and the journal refused it); on an order
/// of another address it still is one.
#[test]
fn a_number_shared_within_the_group_is_no_duplicate_and_elsewhere_is() {
    let mut os = grouped();
    // The seed order of the group left already with YT1234567890999.
    os[0].order_status = 2;
    os[0].tracking_number = "YT1234567890999".into();
    os[0].logistics_id = 85;
    // A third buyer's order is also in a group of its own (1 and 3).
    os[3].open_address_id = os[1].open_address_id.clone();
    os[3].refund_status = 1;
    let mut a = app(Lang::En);
    load(&mut a, os);
    let ship_with = |a: &mut App, sn: &str, number: &str| {
        a.queue.selected.clear();
        a.queue.selected.insert(sn.to_string());
        press(a, KeyCode::Char('s'));
        assert_eq!(dialog(a).targets, [sn]);
        // The courier used last is preset from the second time on.
        if dialog(a).field == Field::Courier {
            typ(a, "yto");
            press(a, KeyCode::Enter);
        }
        typ(a, number);
        press(a, KeyCode::Enter);
        let stage = dialog(a).stage.clone();
        let fx = typ(a, "y");
        a.overlay = Overlay::None;
        (stage, fx)
    };
    // Variant 2, of the seed order's address: no warning, and the journal may let it share with the seed.
    let (stage, fx) = ship_with(&mut a, GROUP[1], "yt1234567890999");
    assert!(matches!(stage, Stage::Confirm), "{stage:?}");
    match &fx[..] {
        [Effect::ShipShared { mates, .. }] => assert_eq!(mates[GROUP[1]], [GROUP[0]]),
        other => panic!("{other:?}"),
    }
    // Variant 3, of another group: refused in the dialog, naming the seed order; nothing sent.
    let sn3 = "210318-001532562392203";
    let (stage, fx) = ship_with(&mut a, sn3, "YT1234567890999");
    assert_eq!(stage, Stage::Editing);
    assert!(fx.is_empty(), "{fx:?}");
}

/// Issue 12: the import dialog lets lines of one merge group share a number (one batch, the journal told
/// which orders may share it); a line whose number the journal saw on an order of another address is
/// refused in the preview, naming that order.
#[test]
fn the_import_shares_a_number_within_the_group_and_shows_numbers_the_journal_saw() {
    use crate::domain::csv_rows::{self, RowProblem};
    use crate::tui::dialog::import::ImportDialog;
    let mut a = shop();
    let other = "210318-001532562392203";
    press(&mut a, KeyCode::Char('I'));
    typ(&mut a, "~/today.csv");
    let fx = press(&mut a, KeyCode::Enter);
    let [Effect::ReadCsv { id, couriers, .. }] = fx.as_slice() else {
        panic!("{fx:?}");
    };
    let file = format!(
        "order_sn,courier,tracking_number\n{},85,YT9990001112223\n{},85,YT9990001112223\n{other},85,YT9990001112999\n",
        GROUP[1], GROUP[2]
    );
    let mut parsed = csv_rows::parse(file.as_bytes(), couriers).unwrap();
    // The journal saw YT9990001112999 on an order of the group: not the other buyer's.
    parsed.used.push((4, vec![GROUP[0].to_string()]));
    update(
        &mut a,
        Msg::CsvRead {
            id: *id,
            path: "/home/op/today.csv".into(),
            result: Ok(parsed),
        },
    );
    crate::tui::testdata::spend_held_key(&mut a);
    let d: &ImportDialog = match &a.overlay {
        Overlay::Import(d) => d,
        other => panic!("{other:?}"),
    };
    let parsed = d.parsed.as_ref().unwrap();
    let sendable: Vec<&str> = d
        .sendable()
        .iter()
        .map(|r| r.request.order_sn.as_str())
        .collect();
    assert_eq!(sendable, [GROUP[1], GROUP[2]]);
    assert!(
        matches!(&parsed.errors[..], [e] if e.line == 4 && matches!(&e.problem, RowProblem::NumberUsed { other_order, .. } if other_order == GROUP[0])),
        "{:?}",
        parsed.errors
    );
    press(&mut a, KeyCode::Enter);
    let fx = press(&mut a, KeyCode::Char('y'));
    match &fx[..] {
        [
            Effect::ShipShared {
                requests, mates, ..
            },
        ] => {
            assert_eq!(requests.len(), 2);
            assert_eq!(mates[GROUP[1]], [GROUP[2]]);
            assert_eq!(mates[GROUP[2]], [GROUP[1]]);
        }
        other => panic!("{other:?}"),
    }
}

/// Puts the cursor on `sn`.
fn cursor_to(a: &mut App, sn: &str) {
    for _ in 0..20 {
        if rows::current(a).is_some_and(|o| o.order_sn == sn) {
            return;
        }
        press(a, KeyCode::Char('j'));
    }
    panic!("{sn} not in the queue");
}

/// Issue 12: where an order of a merge group is shown — its detail, the ship dialog's order lines — the
/// group is named; at 120 columns the key bar offers `m`.
#[test]
fn the_group_is_named_where_the_order_is_shown() {
    // The key bar offers `m` where it fits whole (in Chinese at 120 columns), never cut.
    let mut z = app(Lang::Zh);
    load(&mut z, grouped());
    z.size = (120, 40);
    let bar = screen(&z)
        .lines()
        .last()
        .unwrap_or_default()
        .replace(' ', "");
    assert!(bar.contains("q退出m选中此单的合单组"), "{bar}");
    let mut a = shop();
    a.size = (120, 40);
    let bar = screen(&a)
        .lines()
        .last()
        .unwrap_or_default()
        .trim_end()
        .to_string();
    assert!(bar.ends_with("q quit") || bar.contains("m select"), "{bar}");
    assert!(!bar.contains('…'), "{bar}");
    cursor_to(&mut a, GROUP[1]);
    // The detail screen.
    press(&mut a, KeyCode::Enter);
    let text = screen(&a);
    assert!(text.contains("group 1: 3 orders"), "{text}");
    press(&mut a, KeyCode::Esc);
    // The ship dialog of one order.
    press(&mut a, KeyCode::Char('s'));
    let text = screen(&a);
    assert!(text.contains("group 1: 3 orders"), "{text}");
    press(&mut a, KeyCode::Esc);
    // A batch's order lines: each order of the group carries its mark.
    select_group(&mut a);
    press(&mut a, KeyCode::Char('s'));
    let text = screen(&a);
    let marked = text
        .lines()
        .filter(|l| l.contains("│…") && l.contains("[grp1]"))
        .count();
    assert_eq!(marked, 3, "{text}");
}
