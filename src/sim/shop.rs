//! The generated shop: a deterministic set of orders for (seed, n, now) in PDD's detail shape,
//! with the mix an operator meets (memos, flags, refunds, risk, pre-sale, urged, stock-out, shipped).

mod catalog;

use super::rng::Rng;
use crate::domain::courier::reference_list;
use crate::domain::order::DEFAULT_SHIP_WINDOW;
use crate::domain::time::beijing;
use crate::domain::{Fen, Flag, Item, Order, OrderTag};
use catalog::{BUYER_MEMOS, GOODS, PHONE_PREFIXES, PLACES, SELLER_NOTES, STREETS, SURNAMES};
use jiff::Timestamp;
use std::collections::HashSet;

/// Confirm times are spread over this many seconds before `now` (72 h), so with the 48 h
/// deadline a third of the unshipped orders are already overdue.
const SPAN_SECS: i64 = 72 * 3600;

/// The special kinds an order may have; the first orders take one each, so even a small shop shows
/// every case, and later ones draw them at realistic rates.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Plain,
    AfterSale,
    Refunding,
    Risk,
    PreSale,
    Urged,
    StockOut,
    Shipped,
    Overdue,
}

const FORCED: &[Kind] = &[
    Kind::AfterSale,
    Kind::Refunding,
    Kind::Risk,
    Kind::PreSale,
    Kind::Urged,
    Kind::StockOut,
    Kind::Shipped,
    Kind::Overdue,
];

fn draw_kind(rng: &mut Rng) -> Kind {
    match rng.below(100) {
        0..=14 => Kind::Shipped,
        15..=18 => Kind::AfterSale,
        19..=21 => Kind::Refunding,
        22..=23 => Kind::Risk,
        24..=27 => Kind::PreSale,
        28..=33 => Kind::Urged,
        34..=36 => Kind::StockOut,
        _ => Kind::Plain,
    }
}

fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Generates `n` orders, sorted by confirm time then order number. Same inputs, same orders.
pub fn generate(seed: u64, n: usize, now: Timestamp) -> Vec<Order> {
    let mut rng = Rng::new(seed);
    let mut seen = HashSet::with_capacity(n);
    let mut orders: Vec<Order> = (0..n)
        .map(|i| {
            let kind = FORCED
                .get(i)
                .copied()
                .unwrap_or_else(|| draw_kind(&mut rng));
            one_order(&mut rng, i, kind, now, &mut seen)
        })
        .collect();
    orders.sort_by(|a, b| (a.confirm_time, &a.order_sn).cmp(&(b.confirm_time, &b.order_sn)));
    orders
}

fn one_order(
    rng: &mut Rng,
    i: usize,
    kind: Kind,
    now: Timestamp,
    seen: &mut HashSet<String>,
) -> Order {
    let now_s = now.as_second();
    let age = match kind {
        // Overdue: confirmed 49–71 h ago and still unshipped.
        Kind::Overdue => rng.range(49 * 3600, SPAN_SECS - 60),
        _ => rng.range(120, SPAN_SECS),
    };
    let confirm = at(now_s - age);
    let created = at(confirm.as_second() - rng.range(5, 90));
    let mut o = Order {
        order_sn: order_sn(rng, confirm, seen),
        order_status: 1,
        refund_status: 1,
        confirm_status: 1,
        group_status: 1,
        created_time: Some(created),
        confirm_time: Some(confirm),
        pay_time: Some(confirm),
        last_ship_time: confirm.checked_add(DEFAULT_SHIP_WINDOW).ok(),
        country: "中国".into(),
        ..Order::default()
    };
    fill_items_and_money(rng, &mut o);
    fill_receiver(rng, &mut o);
    fill_notes(rng, i, &mut o);
    o.order_tag_list = order_tags();
    o.extra = extras(rng);
    let mut updated = confirm.as_second() + rng.range(1, 600).min(age);
    match kind {
        Kind::Plain | Kind::Overdue => {}
        Kind::AfterSale => {
            o.refund_status = 2;
            o.after_sales_status = rng.range(1, 6);
        }
        Kind::Refunding => {
            o.refund_status = 3;
            o.after_sales_status = rng.range(1, 6);
        }
        Kind::Risk => o.risk_control_status = 1,
        Kind::PreSale => {
            o.is_pre_sale = 1;
            o.pre_sale_time = Some(at(confirm.as_second() + rng.range(1, 6) * 86_400));
        }
        Kind::Urged => {
            let t = confirm.as_second() + rng.range(60, age.max(61));
            o.urge_shipping_time = Some(at(t.min(now_s)));
            updated = updated.max(t.min(now_s));
        }
        Kind::StockOut => o.is_stock_out = 1,
        Kind::Shipped => {
            let couriers: Vec<_> = reference_list()
                .into_iter()
                .filter(|c| c.is_available())
                .collect();
            if let Some(c) = rng.pick(&couriers) {
                o.order_status = 2;
                o.logistics_id = c.id;
                o.tracking_number = tracking_number(rng, &c.code);
                let t = (confirm.as_second() + rng.range(600, age.max(601))).min(now_s);
                o.shipping_time = Some(at(t));
                updated = updated.max(t);
            }
        }
    }
    o.updated_at = Some(at(updated.min(now_s)));
    o
}

/// `YYMMDD-` (the Beijing confirm date) + 15 digits, unique within the shop.
fn order_sn(rng: &mut Rng, confirm: Timestamp, seen: &mut HashSet<String>) -> String {
    let day = confirm.to_zoned(beijing()).strftime("%y%m%d").to_string();
    loop {
        let sn = format!("{day}-{}", rng.digits(15));
        if seen.insert(sn.clone()) {
            return sn;
        }
    }
}

fn fill_items_and_money(rng: &mut Rng, o: &mut Order) {
    let lines = if rng.chance(0.2) { rng.range(2, 4) } else { 1 };
    for _ in 0..lines {
        let Some(g) = rng.pick(GOODS) else { continue };
        let spec = rng.pick(g.specs).copied().unwrap_or("默认");
        // Prices end in 0 fen, as shops price them (19.90, not 19.93).
        let price = rng.range(g.price_fen.0 / 10, g.price_fen.1 / 10 + 1) * 10;
        let goods_id = 100_000_000_000 + rng.range(0, 899_999_999_999);
        o.item_list.push(Item {
            goods_id,
            sku_id: 600_000_000_000 + rng.range(0, 99_999_999_999),
            goods_name: g.name.into(),
            goods_spec: format!("{}:{spec}", g.spec_label),
            goods_count: if rng.chance(0.8) { 1 } else { rng.range(2, 5) },
            goods_price: Fen(price),
            goods_img: format!("https://img.pddpic.com/goods/{}.jpeg", rng.hex(32)),
            outer_id: format!("{}-{spec}", g.code),
            outer_goods_id: g.code.into(),
        });
    }
    let goods: i64 = o
        .item_list
        .iter()
        .map(|it| it.goods_price.0 * it.goods_count)
        .sum();
    let seller = if rng.chance(0.3) {
        rng.range(1, 6) * 100
    } else {
        0
    };
    let platform = if rng.chance(0.2) {
        rng.range(1, 4) * 100
    } else {
        0
    };
    let (seller, platform) = if seller + platform >= goods {
        (0, 0)
    } else {
        (seller, platform)
    };
    let postage = if rng.chance(0.1) { 600 } else { 0 };
    o.goods_amount = Fen(goods);
    o.seller_discount = Fen(seller);
    o.platform_discount = Fen(platform);
    o.discount_amount = Fen(seller + platform);
    o.postage = Fen(postage);
    o.pay_amount = Fen(goods - seller - platform + postage);
}

fn fill_receiver(rng: &mut Rng, o: &mut Order) {
    let (province, city, towns) = PLACES[rng.below(PLACES.len() as u64) as usize];
    let town = rng.pick(towns).copied().unwrap_or("");
    let street = rng.pick(STREETS).copied().unwrap_or("");
    let surname = rng.pick(SURNAMES).copied().unwrap_or("张");
    let prefix = rng.pick(PHONE_PREFIXES).copied().unwrap_or("138");
    o.province = province.into();
    o.city = city.into();
    o.town = town.into();
    o.receiver_name = format!("~AgAAAA{}=~{}~1~~", rng.b64(32), rng.b64(12));
    o.receiver_name_mask = format!("{surname}*");
    o.receiver_phone = format!("${}$AgAAAA{}=$1$$", rng.b64(12), rng.b64(36));
    o.receiver_phone_mask = format!("{prefix}****{}", rng.digits(4));
    let addr_cipher = |rng: &mut Rng| format!("~AgAAAA{}==~{}~1~~", rng.b64(80), rng.b64(32));
    o.receiver_address = addr_cipher(rng);
    o.address = addr_cipher(rng);
    o.receiver_address_mask = format!("{street}*号*");
    o.address_mask = format!("{province}{city}{town}{street}*号*");
}

fn fill_notes(rng: &mut Rng, i: usize, o: &mut Order) {
    if i < 8 || rng.chance(0.25) {
        o.buyer_memo = rng.pick(BUYER_MEMOS).copied().unwrap_or("").into();
    }
    // The first five orders carry flags 1–5 so every colour exists in any shop.
    let flag = if i < 5 {
        Flag::from_code(i as i64 + 1)
    } else if rng.chance(0.2) {
        Flag::from_code(rng.range(1, 6))
    } else {
        None
    };
    if let Some(f) = flag {
        o.remark = rng.pick(SELLER_NOTES).copied().unwrap_or("").into();
        o.remark_tag = Some(f);
        o.remark_tag_name = f.name_zh().into();
    }
}

/// The tag list of seed 003, all off.
fn order_tags() -> Vec<OrderTag> {
    [
        "delivery_one_day",
        "no_trace_delivery",
        "self_contained",
        "return_freight_payer",
        "free_sf",
        "duoduo_wholesale",
        "support_nationwide_warranty",
        "only_support_replace",
        "oversea_tracing",
    ]
    .into_iter()
    .map(|name| OrderTag {
        name: name.into(),
        value: 0,
    })
    .collect()
}

/// A few detail fields the domain keeps in `extra`, as seed 003 has them.
fn extras(rng: &mut Rng) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    m.insert("is_lucky_flag".into(), 1.into());
    m.insert("shipping_type".into(), 0.into());
    m.insert("stock_out_handle_status".into(), (-1).into());
    m.insert("pay_type".into(), "WEIXIN".into());
    m.insert("open_address_id".into(), rng.b64(64).into());
    m
}

/// A number of the courier's usual shape.
pub(crate) fn tracking_number(rng: &mut Rng, code: &str) -> String {
    match code {
        "SF" => format!("SF{}", rng.digits(13)),
        "ZTO" => format!("7{}{}", rng.range(3, 7), rng.digits(12)),
        "YTO" => format!("YT{}", rng.digits(13)),
        "STO" => format!("77{}", rng.digits(13)),
        "YUNDA" => format!("43{}", rng.digits(13)),
        "EMS" => format!("98{}", rng.digits(11)),
        "JD" => format!("JDVA{}", rng.digits(11)),
        "DB" => format!("DPK{}", rng.digits(12)),
        _ => rng.digits(14),
    }
}
