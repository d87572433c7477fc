//! Fixed orders and a fixed clock for tests and snapshots: the seed-003 order and variations of it
//! (overdue, urged, refund, risk review, pre-sale, estimated deadline, shipped).

use crate::domain::time::parse_beijing;
use crate::domain::{Flag, Item, Order};
use jiff::Timestamp;

const SEED_003: &str = include_str!("../../tests/fixtures/fw199_order_detail_seed003.json");

/// 2021-03-19 12:00:00 Beijing time.
pub fn now() -> Timestamp {
    bj("2021-03-19 12:00:00")
}

fn bj(s: &str) -> Timestamp {
    parse_beijing(s)
        .ok()
        .flatten()
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The seed-003 order as decoded.
pub fn seed_order() -> Order {
    serde_json::from_str::<serde_json::Value>(SEED_003)
        .ok()
        .and_then(|v| serde_json::from_value(v["data"].clone()).ok())
        .unwrap_or_default()
}

fn variant(n: u32, f: impl FnOnce(&mut Order)) -> Order {
    let mut o = seed_order();
    o.order_sn = format!("210318-0015325623922{n:02}");
    // Each variant goes to a buyer of its own: no merge group unless a test makes one (`grouped`).
    o.open_address_id = o.open_address_id.map(|id| format!("{id}-{n}"));
    f(&mut o);
    o
}

/// Eight orders covering every badge and state the queue draws.
pub fn orders() -> Vec<Order> {
    vec![
        seed_order(),
        variant(1, |o| {
            o.confirm_time = Some(bj("2021-03-17 10:00:00"));
            o.last_ship_time = Some(bj("2021-03-19 10:00:00"));
            o.urge_shipping_time = Some(bj("2021-03-19 09:30:00"));
            o.buyer_memo = "请尽快发货,谢谢!".into();
            o.remark = String::new();
            o.remark_tag = Some(Flag::Red);
            o.pay_amount = crate::domain::Fen(12990);
            o.item_list[0].goods_name = "蓝牙耳机 无线降噪 🎧 超长续航".into();
            o.item_list[0].goods_spec = "黑色".into();
        }),
        variant(2, |o| {
            o.confirm_time = Some(bj("2021-03-17 15:00:00"));
            o.last_ship_time = Some(bj("2021-03-19 15:00:00"));
            o.buyer_memo = "送朋友的,不要放发票".into();
            o.remark_tag = None;
            o.remark = String::new();
            o.item_list.push(Item {
                goods_name: "包装袋".into(),
                goods_spec: "大号".into(),
                goods_count: 2,
                goods_price: crate::domain::Fen(50),
                outer_id: "bag-l".into(),
                ..Default::default()
            });
            o.item_list.push(Item {
                goods_name: "贺卡".into(),
                goods_count: 1,
                ..Default::default()
            });
            o.pay_amount = crate::domain::Fen(1600);
        }),
        variant(3, |o| {
            o.confirm_time = Some(bj("2021-03-18 08:00:00"));
            o.last_ship_time = Some(bj("2021-03-20 08:00:00"));
            o.refund_status = 3;
            o.remark_tag = Some(Flag::Yellow);
            o.remark = "买家申请退款".into();
        }),
        variant(4, |o| {
            o.confirm_time = Some(bj("2021-03-18 20:30:00"));
            o.last_ship_time = Some(bj("2021-03-20 20:30:00"));
            o.risk_control_status = 1;
            o.remark_tag = None;
            o.remark = String::new();
            o.item_list[0].goods_name =
                "Phone case for iPhone 12 Pro Max, clear, shockproof".into();
            o.item_list[0].goods_spec = "clear".into();
            o.item_list[0].goods_count = 3;
        }),
        variant(5, |o| {
            o.confirm_time = Some(bj("2021-03-19 08:00:00"));
            o.last_ship_time = Some(bj("2021-03-21 08:00:00"));
            o.is_pre_sale = 1;
            o.is_stock_out = 1;
            o.remark_tag = Some(Flag::Green);
            o.remark = "等货".into();
            o.pay_amount = crate::domain::Fen(99);
        }),
        variant(6, |o| {
            o.confirm_time = Some(bj("2021-03-18 09:00:00"));
            o.last_ship_time = None;
            o.remark_tag = Some(Flag::Blue);
            o.remark = String::new();
        }),
        variant(7, |o| {
            o.confirm_time = Some(bj("2021-03-18 11:00:00"));
            o.last_ship_time = Some(bj("2021-03-20 11:00:00"));
            o.order_status = 2;
            o.shipping_time = Some(bj("2021-03-18 18:00:00"));
            o.logistics_id = 85;
            o.tracking_number = "YT1234567890123".into();
            o.remark_tag = None;
            o.remark = String::new();
        }),
    ]
}

/// The test orders where the seed order (0), the memo order (2) and the one with an estimated deadline (6)
/// go to one buyer address: merge group 1.
pub fn grouped() -> Vec<Order> {
    let mut os = orders();
    let shared = os[0].open_address_id.clone();
    for i in [2, 6] {
        os[i].open_address_id.clone_from(&shared);
    }
    os
}

/// Settings of an fw199 demo shop with a waybill service, Chinese or English.
pub fn settings(lang: crate::i18n::Lang) -> crate::tui::Settings {
    crate::tui::Settings {
        lang,
        caps: crate::api::Capabilities::FW199,
        gateway: "fw199",
        demo: true,
        shop_name: "kingdo".into(),
        has_waybill: true,
        waybill_courier: Some(85),
        no_color: false,
        refresh_every: jiff::SignedDuration::from_mins(5),
        read_only: false,
    }
}

/// A workstation with the test orders loaded and synced at `now()`, nothing in flight.
pub fn app(lang: crate::i18n::Lang) -> crate::tui::App {
    let mut a = crate::tui::App::new(
        settings(lang),
        crate::tui::keys::keymap::Keymap::defaults(),
        now(),
        Default::default(),
    );
    load(&mut a, orders());
    a.couriers = crate::domain::courier::reference_list();
    a.last_sync = Some(now());
    a.next_refresh = now()
        .checked_add(jiff::SignedDuration::from_mins(5))
        .unwrap_or(now());
    a
}

/// Puts `orders` in the queue, each also read in full (as the detail screen would have it).
pub fn load(a: &mut crate::tui::App, orders: Vec<Order>) {
    a.orders = crate::tui::queue::order_list::OrderList::new(&orders);
    a.details = Default::default();
    for o in orders {
        a.details.insert(o);
    }
}

/// Journal items for the journal screen: a pending shipment, an unknown one, and a conflict (newest); all
/// three need the operator.
pub fn journal_rows() -> Vec<crate::tui::attention::JournalRow> {
    use crate::tui::attention::{JournalRow, Kind, RowState};
    let t = now().as_second();
    let row = |ago: i64, sn: &str, number: &str, user: &str, state: RowState| JournalRow {
        id: 1000 - ago,
        at: t - ago,
        order_sn: sn.into(),
        kind: Kind::Ship,
        number: number.into(),
        user: user.into(),
        state,
        open: true,
        detail: String::new(),
    };
    vec![
        row(
            3600,
            "210318-001532562392201",
            "YT1234567890123",
            "alice",
            RowState::Pending,
        ),
        row(
            600,
            "210318-001532562392202",
            "YT1234567890124",
            "bob",
            RowState::Unknown,
        ),
        row(
            60,
            "210317-001532562392221",
            "YT1234567890125",
            "alice",
            RowState::Conflict {
                theirs: "SF1234567890".into(),
            },
        ),
    ]
}

/// A journal's history: `journal_rows` (what needs the operator) and `n` older items done over the last
/// days, one every 37 minutes: ships, modifies, notes and waybill numbers by two operators (one with a
/// Chinese name), every tenth failed.
pub fn journal_history(n: usize) -> crate::tui::attention::JournalPage {
    use crate::tui::attention::{JournalPage, JournalRow, Kind, RowState};
    let t = now().as_second();
    let mut rows = journal_rows();
    for i in 0..n {
        let k = i as i64;
        let kind = [
            Kind::Ship,
            Kind::Note,
            Kind::Ship,
            Kind::Waybill,
            Kind::Modify,
        ][i % 5];
        let failed = i % 10 == 9;
        rows.push(JournalRow {
            id: 100 - k,
            at: t - 7200 - k * 37 * 60,
            order_sn: format!("210316-0015325623{:05}", 90000 + k),
            kind,
            number: match kind {
                Kind::Note => "已联系买家,改发中通".into(),
                _ => format!("YT{:013}", 5_550_000_000_000 + k),
            },
            user: if i % 3 == 0 { "王小明" } else { "alice" }.into(),
            state: if failed {
                RowState::Failed
            } else {
                RowState::Done
            },
            open: false,
            detail: if failed {
                "网关错误 20004:订单已发货".into()
            } else {
                String::new()
            },
        });
    }
    JournalPage {
        total: rows.len() as u64,
        rows,
    }
}

/// A result changed the dialog by itself: the operator's next key was meant for what was there before and
/// is dropped (nothing else happens); the key after it acts.
pub fn spend_held_key(a: &mut crate::tui::App) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    assert!(
        a.hold_next_key,
        "a dialog changed by itself holds the next key"
    );
    let key = crate::tui::msg::Msg::Key(KeyEvent::new(KeyCode::Null, KeyModifiers::NONE));
    assert!(crate::tui::update(a, key).is_empty());
    assert!(!a.hold_next_key);
}
