//! Every screen and dialog of the workstation rendered to a `TestBackend` at 80×24 and 120×40, in Chinese
//! and English, with a fixed clock and fixed orders (seed 003 and variations).

mod screen_support;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use screen_support::{key, keys, render};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use pddtui::api::ApiError;
use pddtui::i18n::Lang;
use pddtui::tui::msg::{Effect, Msg, ReqId};
use pddtui::tui::{App, testdata, update, view};

/// `s`, YTO, a number, Enter and `y`: the shipment of the first order is in flight; its request id.
fn send_shipment(a: &mut App) -> ReqId {
    keys(a, "s");
    keys(a, "yto");
    key(a, KeyCode::Enter);
    keys(a, "YT9990001112223");
    key(a, KeyCode::Enter);
    let fx = keys(a, "y");
    match fx.first() {
        Some(Effect::Ship { id, .. }) => *id,
        _ => panic!("{fx:?}"),
    }
}

/// Renders `scene` in both languages and both sizes.
fn snap(name: &str, scene: impl Fn(&mut App)) {
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut a = testdata::app(lang);
            a.size = (w, h);
            scene(&mut a);
            let l = if lang == Lang::Zh { "zh" } else { "en" };
            insta::assert_snapshot!(format!("{name}_{l}_{w}x{h}"), render(&a, w, h));
        }
    }
}

#[test]
fn queue() {
    snap("queue", |_| {});
}

#[test]
fn queue_selected_filtered_no_color() {
    snap("queue_selection", |a| {
        a.settings.no_color = true;
        keys(a, "  ");
        key(a, KeyCode::Char('/'));
        keys(a, "memo");
    });
}

#[test]
fn queue_with_shipped_sorted_by_amount() {
    snap("queue_shipped", |a| {
        keys(a, "So");
    });
}

#[test]
fn detail() {
    snap("detail", |a| {
        keys(a, "jj");
        key(a, KeyCode::Enter);
    });
}

/// The whole order not read yet (the queue keeps rows only): what the row knows, and that it is being read.
#[test]
fn detail_while_reading() {
    snap("detail_reading", |a| {
        a.details = Default::default();
        keys(a, "jj");
        key(a, KeyCode::Enter);
    });
}

#[test]
fn ship_courier_picker() {
    snap("ship_courier", |a| {
        keys(a, "s");
        keys(a, "快递");
    });
}

#[test]
fn ship_confirm_with_shape_warning() {
    snap("ship_confirm", |a| {
        keys(a, "s");
        keys(a, "zto");
        key(a, KeyCode::Enter);
        keys(a, "YT9990001112223");
        key(a, KeyCode::Enter);
    });
}

/// Issue 12: a number another order uses is refused while editing, naming that order; nothing offers
/// to ship it anyway.
#[test]
fn ship_number_used_by_another_order() {
    snap("ship_number_used", |a| {
        keys(a, "s");
        keys(a, "zto");
        key(a, KeyCode::Enter);
        keys(a, "YT1234567890123");
        key(a, KeyCode::Enter);
    });
}

#[test]
fn ship_failure_keeps_input() {
    snap("ship_failed", |a| {
        let id = send_shipment(a);
        let err = ApiError::Intercepted {
            retry_after_secs: 30,
            message: "接口超时,30秒后重试".into(),
        };
        update(
            a,
            Msg::Shipped {
                id,
                result: Err(err.into()),
            },
        );
    });
}

#[test]
fn ship_batch() {
    snap("ship_batch", |a| {
        keys(a, "  ");
        keys(a, "s");
        keys(a, "yto");
        key(a, KeyCode::Enter);
        keys(a, "YT1110001112223");
        key(a, KeyCode::Tab);
    });
}

#[test]
fn ship_blocked() {
    snap("ship_blocked", |a| {
        keys(a, "jjjs");
    });
}

#[test]
fn note_editor() {
    snap("note", |a| {
        keys(a, "jjn");
        keys(a, ",明天发");
        key(a, KeyCode::Tab);
        keys(a, "1");
    });
}

/// The note changed in the backend while the operator typed: both notes, nothing sent yet.
#[test]
fn note_conflict() {
    snap("note_conflict", |a| {
        keys(a, "jjn");
        keys(a, ",明天发");
        let id = match key(a, KeyCode::Enter).as_slice() {
            [Effect::WriteNotes { id, .. }] => *id,
            other => panic!("{other:?}"),
        };
        let theirs = pddtui::domain::note::Note {
            raw: format!(
                "后台改过:\t周五前发顺丰\n\x1b[31m{}",
                "请勿催单。".repeat(30)
            ),
            tag: Some(pddtui::domain::Flag::Blue),
            tag_name: "蓝色".into(),
        };
        let sn = pddtui::tui::queue::rows::current(a)
            .unwrap()
            .order_sn
            .to_string();
        update(
            a,
            Msg::Noted {
                id,
                results: vec![(sn, Ok(pddtui::ops::note::Outcome::Conflict(theirs)))],
            },
        );
    });
}

#[test]
fn help() {
    snap("help", |a| {
        keys(a, "?");
    });
}

#[test]
fn ship_with_unknown_earlier_outcome() {
    snap("ship_unconfirmed", |a| {
        a.unconfirmed
            .insert("210318-001532562392202".into(), "YT5550001112223".into());
        keys(a, "js");
    });
}

#[test]
fn quit_while_shipping() {
    snap("quit_asking", |a| {
        send_shipment(a);
        keys(a, "q");
    });
}

#[test]
fn help_from_the_ship_dialog() {
    snap("help_ship", |a| {
        keys(a, "s");
        key(a, KeyCode::F(1));
    });
}

#[test]
fn help_from_the_note_editor() {
    snap("help_note", |a| {
        keys(a, "n");
        key(a, KeyCode::F(1));
    });
}

#[test]
fn ship_refund_address() {
    snap("ship_refund", |a| {
        keys(a, "s");
        keys(a, "yto");
        key(a, KeyCode::Enter);
        keys(a, "YT9990001112223");
        key(a, KeyCode::Tab);
        key(a, KeyCode::Tab);
        keys(a, "RA-77");
    });
}

/// Dialogs over the detail screen, whose lines start with Chinese text: at 80 columns the dialog's left
/// border falls on the second half of a wide character.
#[test]
fn ship_over_detail() {
    snap("ship_over_detail", |a| {
        key(a, KeyCode::Enter);
        keys(a, "s");
    });
}

#[test]
fn note_over_detail() {
    snap("note_over_detail", |a| {
        key(a, KeyCode::Enter);
        keys(a, "n");
    });
}

/// Every dialog's left border is whole: the cell left of it never holds a wide character whose second
/// half the border would cover (a terminal would show half a character there, or drop the border).
#[test]
fn dialogs_never_cut_a_wide_character_at_their_left_edge() {
    type Scene = fn(&mut App);
    let scenes: [(&str, Scene); 4] = [
        ("ship over detail", |a| {
            key(a, KeyCode::Enter);
            keys(a, "s");
        }),
        ("note over detail", |a| {
            key(a, KeyCode::Enter);
            keys(a, "n");
        }),
        ("help over detail", |a| {
            key(a, KeyCode::Enter);
            keys(a, "?");
        }),
        ("ship over queue", |a| {
            keys(a, "s");
        }),
    ];
    for lang in [Lang::Zh, Lang::En] {
        for (w, h) in [(80, 24), (100, 30), (120, 40)] {
            for (name, scene) in scenes {
                let mut a = testdata::app(lang);
                a.size = (w, h);
                scene(&mut a);
                let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                t.draw(|f| view::draw(f, &a)).unwrap();
                let buf = t.backend().buffer();
                let corner = (0..h)
                    .flat_map(|y| (0..w).map(move |x| (x, y)))
                    .find(|&(x, y)| buf[(x, y)].symbol() == "┌");
                let Some((x0, y0)) = corner else {
                    panic!(
                        "{name} {w}x{h}: no dialog corner on screen (hidden behind a wide character?)"
                    )
                };
                let mut y = y0;
                loop {
                    let edge = buf[(x0, y)].symbol();
                    assert!(
                        matches!(edge, "┌" | "│" | "└"),
                        "{name} {w}x{h}: {edge:?} at row {y}"
                    );
                    if x0 > 0 {
                        let left = buf[(x0 - 1, y)].symbol();
                        assert!(
                            unicode_width::UnicodeWidthStr::width(left) <= 1,
                            "{name} {w}x{h}: {left:?} left of the border at row {y}"
                        );
                    }
                    if edge == "└" {
                        break;
                    }
                    y += 1;
                }
            }
        }
    }
}

/// With NO_COLOR no cell has a colour, on any screen; the cursor row still shows ▶ and the selected
/// rows ●, read from the cells themselves.
#[test]
fn no_color_uses_no_colour_and_keeps_the_markers() {
    use ratatui::style::Color;
    type Scene = fn(&mut App);
    let scenes: [(&str, Scene); 7] = [
        ("queue", |a| {
            keys(a, "  j");
        }),
        ("detail", |a| {
            key(a, KeyCode::Enter);
        }),
        ("ship", |a| {
            keys(a, "szto");
            key(a, KeyCode::Enter);
            keys(a, "YT1234567890123");
            key(a, KeyCode::Enter);
        }),
        ("note", |a| {
            keys(a, "n");
        }),
        ("help", |a| {
            keys(a, "?");
        }),
        ("toast", |a| {
            keys(a, "y");
        }),
        ("filter", |a| {
            keys(a, "/memo");
        }),
    ];
    for lang in [Lang::Zh, Lang::En] {
        for (name, scene) in scenes {
            let mut a = testdata::app(lang);
            a.settings.no_color = true;
            scene(&mut a);
            let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
            t.draw(|f| view::draw(f, &a)).unwrap();
            let buf = t.backend().buffer();
            for y in 0..40 {
                for x in 0..120 {
                    let c = &buf[(x, y)];
                    assert_eq!(
                        (c.fg, c.bg),
                        (Color::Reset, Color::Reset),
                        "{name}: colour at {x},{y} ({:?})",
                        c.symbol()
                    );
                }
            }
        }
    }
    // The markers: rows 4.. are the queue; two selected, the cursor on the third.
    let mut a = testdata::app(Lang::En);
    a.settings.no_color = true;
    keys(&mut a, "  ");
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| view::draw(f, &a)).unwrap();
    let buf = t.backend().buffer();
    let marks: Vec<(String, String)> = (4..8)
        .map(|y| {
            (
                buf[(0, y)].symbol().to_string(),
                buf[(1, y)].symbol().to_string(),
            )
        })
        .collect();
    let m = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        marks,
        vec![m(" ", "●"), m(" ", "●"), m("▶", " "), m(" ", " ")]
    );
    // Without colour the cursor row is also reversed, so it stands out on any terminal.
    assert!(
        buf[(10, 6)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
}

/// The pddshuju gateway: its orders as it sends them (no deadline, amounts, statuses, flags or marks), and a
/// sync that no longer lists one of them (older than its two days, or shipped elsewhere).
fn as_pddshuju(a: &mut App) {
    a.settings.gateway = "pddshuju";
    a.settings.caps = pddtui::api::Capabilities::PDDSHUJU;
    let mut orders = testdata::orders();
    orders.retain(|o| o.is_unshipped());
    for o in &mut orders {
        o.last_ship_time = None;
        o.goods_amount = pddtui::domain::Fen(0);
        o.pay_amount = pddtui::domain::Fen(0);
        o.refund_status = 1;
        o.after_sales_status = 0;
        o.risk_control_status = 0;
        o.remark_tag = None;
        o.remark_tag_name = String::new();
        o.urge_shipping_time = None;
        o.is_pre_sale = 0;
        o.is_stock_out = 0;
        for i in &mut o.item_list {
            i.goods_price = pddtui::domain::Fen(0);
        }
    }
    testdata::load(a, orders.clone());
    let fx = keys(a, "r");
    let Some(Effect::FetchOrders { id, .. }) = fx.first() else {
        panic!("{fx:?}");
    };
    let listed: Vec<_> = orders
        .into_iter()
        .filter(|o| o.order_sn != UNLISTED)
        .collect();
    update(
        a,
        Msg::Orders {
            id: *id,
            result: Ok(Box::new(pddtui::tui::queue::order_list::OrderList::new(
                &listed,
            ))),
        },
    );
}

/// The order the pddshuju sync of `as_pddshuju` no longer lists.
const UNLISTED: &str = "210317-001532562392221";

#[test]
fn pddshuju_queue_and_detail() {
    snap("pddshuju_queue", as_pddshuju);
    snap("pddshuju_detail", |a| {
        as_pddshuju(a);
        key(a, KeyCode::Enter);
    });
    // The order no longer listed: when it was last, and that it may have shipped.
    snap("pddshuju_detail_unlisted", |a| {
        as_pddshuju(a);
        while pddtui::tui::queue::rows::current(a).map(|r| r.order_sn.as_str()) != Some(UNLISTED) {
            keys(a, "j");
        }
        key(a, KeyCode::Enter);
    });
}

/// pddshuju's ship dialog: courier and number only (no IMEI, no refund address: its gift_send takes
/// neither); Tab never reaches a field that is not there.
#[test]
fn pddshuju_ship_dialog() {
    snap("pddshuju_ship", |a| {
        as_pddshuju(a);
        keys(a, "s");
        keys(a, "yto");
        key(a, KeyCode::Enter);
        keys(a, "YT1234567890123");
        key(a, KeyCode::Tab);
        key(a, KeyCode::Tab);
    });
}

/// pddshuju's help: no note editor, no note or flag keys; its legend explains "—" and the unlisted mark.
#[test]
fn pddshuju_help() {
    snap("pddshuju_help", |a| {
        as_pddshuju(a);
        keys(a, "?");
    });
    snap("pddshuju_help_legend", |a| {
        as_pddshuju(a);
        keys(a, "?");
        for _ in 0..30 {
            key(a, KeyCode::PageDown);
        }
    });
}

#[test]
fn note_draft_restored() {
    snap("note_draft_restored", |a| {
        let sn = pddtui::tui::queue::rows::current(a)
            .unwrap()
            .order_sn
            .to_string();
        a.persisted.drafts.entry(sn).or_default().note = Some("缺货,周五前发".into());
        key(a, KeyCode::Char('n'));
    });
}

#[test]
fn ship_draft_restored() {
    snap("ship_draft_restored", |a| {
        let sn = pddtui::tui::queue::rows::current(a)
            .unwrap()
            .order_sn
            .to_string();
        a.persisted.last_courier = Some(85);
        a.persisted.drafts.entry(sn).or_default().tracking = "YT1234567890123".into();
        key(a, KeyCode::Char('s'));
    });
}

#[test]
fn queue_from_the_cache_with_the_gateway_down() {
    snap("queue_cached", |a| {
        let list = pddtui::tui::queue::order_list::OrderList::new(&testdata::orders());
        let cache = pddtui::store::cache::Cache {
            shop: "fw199/kingdo".into(),
            synced_at: testdata::now().as_second() - 12 * 60,
            rows: list.to_vec(),
            texts: list.texts().clone(),
            ..Default::default()
        };
        pddtui::tui::update::fetched::from_cache(a, cache);
        let fx = key(a, KeyCode::Char('r'));
        let Some(Effect::FetchOrders { id, .. }) = fx.first() else {
            panic!("no refresh: {fx:?}")
        };
        let down = ApiError::Connect {
            url: "https://open.fw199.com".into(),
            detail: "connection refused".into(),
        };
        update(
            a,
            Msg::Orders {
                id: *id,
                result: Err(down),
            },
        );
    });
}

/// A sync in flight tells how many orders have come in so far.
#[test]
fn sync_progress_in_the_header() {
    snap("sync_progress", |a| {
        let fx = key(a, KeyCode::Char('r'));
        let Some(Effect::FetchOrders { id, .. }) = fx.first() else {
            panic!("no refresh: {fx:?}")
        };
        update(
            a,
            Msg::SyncProgress {
                id: *id,
                orders: 41_300,
                partial: None,
            },
        );
    });
}

/// A refresh that fails stays in the header (why, since when) with the age of the queue shown, until one
/// succeeds; a window beyond the gateway's reach names the window.
#[test]
fn failing_refresh_in_the_header() {
    snap("sync_failing", |a| {
        a.mark = Some(testdata::now());
        let fx = key(a, KeyCode::Char('r'));
        let Some(Effect::FetchChanges { id, .. }) = fx.first() else {
            panic!("no refresh: {fx:?}")
        };
        a.now = testdata::now() + jiff::SignedDuration::from_mins(7);
        update(
            a,
            Msg::Changed {
                id: *id,
                result: Err(pddtui::api::ApiError::BeyondReach {
                    start: testdata::now().as_second() - 1_800,
                    end: testdata::now().as_second() - 1_799,
                    total: Some(25_000),
                    reach: 20_000,
                }),
            },
        );
        a.toasts.clear();
    });
}

/// A first sync over an empty queue shows the orders received so far, marked incomplete.
#[test]
fn incomplete_first_sync_in_the_header() {
    snap("sync_incomplete", |a| {
        a.orders = Default::default();
        a.last_sync = None;
        let fx = key(a, KeyCode::Char('r'));
        let Some(Effect::FetchOrders { id, .. }) = fx.first() else {
            panic!("no refresh: {fx:?}")
        };
        let mut some = testdata::orders();
        some.truncate(4);
        update(
            a,
            Msg::SyncProgress {
                id: *id,
                orders: 4_000,
                partial: Some(Box::new(pddtui::tui::queue::order_list::OrderList::new(
                    &some,
                ))),
            },
        );
    });
}

#[test]
fn read_only_refuses_to_ship() {
    snap("read_only", |a| {
        a.settings.read_only = true;
        keys(a, "s");
    });
}

fn journal_loaded(a: &mut App) {
    let fx = keys(a, "J");
    let Some(Effect::LoadJournal { id }) = fx.first() else {
        panic!("no journal read: {fx:?}")
    };
    update(
        a,
        Msg::JournalLoaded {
            id: *id,
            result: Ok(testdata::journal_rows().into()),
        },
    );
}

#[test]
fn journal_with_a_conflict() {
    snap("journal", journal_loaded);
}

#[test]
fn journal_on_an_unknown_item() {
    snap("journal_unknown", |a| {
        journal_loaded(a);
        keys(a, "j");
    });
}

#[test]
fn journal_empty() {
    snap("journal_empty", |a| {
        let fx = keys(a, "J");
        if let Some(Effect::LoadJournal { id }) = fx.first() {
            update(
                a,
                Msg::JournalLoaded {
                    id: *id,
                    result: Ok(Vec::new().into()),
                },
            );
        }
    });
}

/// `J` with a long history read: the open items, then 60 done or failed ones, of 12,345 in the journal.
fn history_loaded(a: &mut App) {
    let fx = keys(a, "J");
    let Some(Effect::LoadJournal { id }) = fx.first() else {
        panic!("no journal read: {fx:?}")
    };
    let mut page = testdata::journal_history(60);
    page.total = 12_345;
    update(
        a,
        Msg::JournalLoaded {
            id: *id,
            result: Ok(page),
        },
    );
}

#[test]
fn journal_history_with_a_done_item() {
    snap("journal_history", |a| {
        history_loaded(a);
        keys(a, "jjj");
    });
}

#[test]
fn journal_history_filtered() {
    snap("journal_filtered", |a| {
        history_loaded(a);
        keys(a, "/alice fail");
        key(a, KeyCode::Enter);
    });
}

#[test]
fn journal_history_filtered_to_nothing() {
    snap("journal_no_match", |a| {
        history_loaded(a);
        keys(a, "/nobody");
    });
}

fn claimed_by_bob(a: &mut App) {
    let fx = pddtui::tui::update::claims::poll(a);
    let Some(Effect::LoadClaims { id }) = fx.first() else {
        panic!("no claims read: {fx:?}")
    };
    update(
        a,
        Msg::Claims {
            id: *id,
            result: Ok(vec![("210318-001532562392201".into(), "bob".into())]),
        },
    );
}

#[test]
fn queue_with_an_order_in_progress_elsewhere() {
    snap("queue_claimed", claimed_by_bob);
}

#[test]
fn ship_refused_for_an_order_in_progress_elsewhere() {
    snap("ship_claimed", |a| {
        claimed_by_bob(a);
        keys(a, "s");
    });
}

#[test]
fn import_review_with_problems() {
    snap("import_review", |a| {
        keys(a, "I");
        for c in "~/today.csv".chars() {
            key(a, KeyCode::Char(c));
        }
        let fx = key(a, KeyCode::Enter);
        let Some(Effect::ReadCsv { id, couriers, .. }) = fx.first() else {
            panic!("no read: {fx:?}")
        };
        let file = "order_sn,courier,tracking_number\n\
                    210318-001532562392201,85,YT9990001112223\n\
                    210318-001532562392202,圆通快递,YT999\n\
                    210318-001532562392203,nope,YT9990001112225\n\
                    210318-001532562392201,85,YT9990001112226\n";
        let result = pddtui::domain::csv_rows::parse(file.as_bytes(), couriers);
        update(
            a,
            Msg::CsvRead {
                id: *id,
                path: "/home/op/today.csv".into(),
                result,
            },
        );
    });
}

/// Ctrl-T with SF picked: refused, the whole reason (order, both couriers) wrapped inside the dialog.
#[test]
fn ship_waybill_for_another_courier() {
    snap("ship_waybill_other_courier", |a| {
        keys(a, "s");
        keys(a, "顺丰");
        key(a, KeyCode::Enter);
        update(
            a,
            Msg::Key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL)),
        );
    });
}

/// A shipment the gateway refused: the number stays, selected, so the next scan replaces it.
#[test]
fn ship_refused_number_is_selected() {
    snap("ship_refused_selected", |a| {
        let id = send_shipment(a);
        let err = ApiError::Gateway {
            code: 7,
            message: "订单状态不允许发货".into(),
        };
        let sn = "210318-001532562392201".to_string();
        update(
            a,
            Msg::Shipped {
                id,
                result: Ok(vec![(sn, Err(err.into()))]),
            },
        );
    });
}

/// The legend of the marks, at the end of help (paged past the end: the last page shows).
#[test]
fn help_legend() {
    snap("help_legend", |a| {
        keys(a, "?");
        for _ in 0..30 {
            key(a, KeyCode::PageDown);
        }
    });
}

/// A filter in force says how many orders it leaves.
#[test]
fn filter_count() {
    snap("filter_count", |a| {
        keys(a, "/");
        keys(a, "A4");
    });
}

/// Issue 12: the order the dialog ships, above the form — time left, every item, the buyer's memo and the
/// seller's note with its flag; the courier the note names is preset (not the last one used).
fn order_with_a_changed_courier(a: &mut App) {
    let mut orders = testdata::orders();
    for o in orders
        .iter_mut()
        .filter(|o| o.order_sn == "210318-001532562392201")
    {
        o.buyer_memo = "请尽快发货,谢谢!周末家里没人,放门卫室 🙏".into();
        o.set_remark(
            "已联系买家,改发中通。上次的包裹丢了,这次一定要改,发完把新单号发给买家,并在群里说一声",
        );
        let mut second = o.item_list[0].clone();
        second.goods_name = "充电仓保护套".into();
        second.goods_spec = "透明".into();
        second.goods_count = 2;
        o.item_list.push(second);
    }
    testdata::load(a, orders);
    a.persisted.last_courier = Some(85);
}

#[test]
fn ship_shows_the_order() {
    snap("ship_order_info", |a| {
        order_with_a_changed_courier(a);
        keys(a, "s");
    });
}

/// The courier picker open as well: the order still shows, in fewer rows at 80×24.
#[test]
fn ship_shows_the_order_while_picking() {
    snap("ship_order_info_picker", |a| {
        order_with_a_changed_courier(a);
        a.persisted.last_courier = None;
        keys(a, "s");
        key(a, KeyCode::BackTab);
    });
}

/// Intercepted: one countdown, to the automatic retry; only Esc offered.
#[test]
fn ship_intercepted_counts_down_to_the_retry() {
    snap("ship_intercepted", |a| {
        let id = send_shipment(a);
        intercept(a, id);
        let later = a
            .now
            .checked_add(jiff::SignedDuration::from_secs(12))
            .unwrap();
        update(a, Msg::Tick(later));
    });
}

/// The automatic retry intercepted too: the operator retries, once the wait is over.
#[test]
fn ship_intercepted_again_waits_for_the_operator() {
    snap("ship_intercepted_again", |a| {
        let id = send_shipment(a);
        intercept(a, id);
        let later = a
            .now
            .checked_add(jiff::SignedDuration::from_secs(31))
            .unwrap();
        let fx = update(a, Msg::Tick(later));
        let Some(Effect::Ship { id, .. }) = fx.iter().find(|e| matches!(e, Effect::Ship { .. }))
        else {
            panic!("no retry: {fx:?}")
        };
        intercept(a, *id);
        let later = a
            .now
            .checked_add(jiff::SignedDuration::from_secs(31))
            .unwrap();
        update(a, Msg::Tick(later));
    });
}

fn intercept(a: &mut App, id: ReqId) {
    let err = ApiError::Intercepted {
        retry_after_secs: 30,
        message: "接口超时,30秒后重试".into(),
    };
    let sn = "210318-001532562392201".to_string();
    update(
        a,
        Msg::Shipped {
            id,
            result: Ok(vec![(sn, Err(err.into()))]),
        },
    );
}

/// Issue 12: a selection with two orders that must not ship (refunding, risk review) among four.
fn select_with_blocked(a: &mut App) {
    a.queue.selected = [
        "210318-001532562392201",
        "210318-001532562392203",
        "210318-001532562392204",
        "210318-001532562392202",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
}

#[test]
fn ship_blocked_offers_the_others() {
    snap("ship_blocked_rest", |a| {
        select_with_blocked(a);
        keys(a, "s");
    });
}

#[test]
fn ship_blocked_others_taken() {
    snap("ship_blocked_rest_taken", |a| {
        select_with_blocked(a);
        keys(a, "sy");
    });
}

#[test]
fn ship_blocked_none_left() {
    snap("ship_blocked_all", |a| {
        a.queue.selected = ["210318-001532562392203", "210318-001532562392204"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        keys(a, "s");
    });
}

/// Two orders of three fail: each is named with its own outcome.
#[test]
fn ship_batch_each_failure_named() {
    snap("ship_batch_failures", |a| {
        keys(a, "   ");
        keys(a, "s");
        keys(a, "yto");
        key(a, KeyCode::Enter);
        for n in ["YT1110001112223", "YT1110001112224", "YT1110001112225"] {
            keys(a, n);
            key(a, KeyCode::Enter);
        }
        let fx = keys(a, "y");
        let Some(Effect::Ship { id, requests }) = fx.first() else {
            panic!("{fx:?}")
        };
        let refused = ApiError::Gateway {
            code: 7,
            message: "refused".into(),
        };
        let lost = ApiError::ConnectionLost("eof".into());
        let result = Ok(vec![
            (requests[0].order_sn.clone(), Err(refused.into())),
            (requests[1].order_sn.clone(), Ok(())),
            (requests[2].order_sn.clone(), Err(lost.into())),
        ]);
        update(a, Msg::Shipped { id: *id, result });
        pddtui::tui::testdata::spend_held_key(a);
    });
}

/// The import preview holds back what the CLI would refuse, each row with its reason.
#[test]
fn import_review_refused_rows() {
    snap("import_review_refused", |a| {
        keys(a, "I");
        for c in "~/today.csv".chars() {
            key(a, KeyCode::Char(c));
        }
        let fx = key(a, KeyCode::Enter);
        let Some(Effect::ReadCsv { id, couriers, .. }) = fx.first() else {
            panic!("no read: {fx:?}")
        };
        let file = "order_sn,courier,tracking_number\n\
                    210318-001532562392201,85,YT9990001112223\n\
                    210318-001532562392203,85,YT9990001112224\n\
                    210318-001532562392204,85,YT9990001112225\n\
                    210318-001532562392207,85,YT9990001112226\n\
                    210318-009999999999999,85,YT9990001112227\n";
        let result = pddtui::domain::csv_rows::parse(file.as_bytes(), couriers);
        update(
            a,
            Msg::CsvRead {
                id: *id,
                path: "/home/op/today.csv".into(),
                result,
            },
        );
    });
}

/// A batch whose memos are not read yet: they are being read (`读取中…`), nothing preset meanwhile.
#[test]
fn ship_batch_memos_reading() {
    snap("ship_batch_memos_reading", |a| {
        a.details = Default::default();
        keys(a, "  ");
        keys(a, "s");
    });
}

/// Team mode: the header says whether the team's live updates are heard ("team ● live") or the
/// connection is being made again ("team ○ retrying") — in words and a dot, readable without colour.
#[test]
fn team_live_and_reconnecting_in_the_header() {
    use pddtui::store::team::listen::Event;
    snap("team_live", |a| {
        a.settings.no_color = true;
        let _ = update::update(a, Msg::Team(Event::Listening { lost_since: None }));
    });
    snap("team_reconnecting", |a| {
        a.settings.no_color = true;
        let _ = update::update(a, Msg::Team(Event::Listening { lost_since: None }));
        let _ = update::update(a, Msg::Team(Event::Lost("connection reset".into())));
    });
}
