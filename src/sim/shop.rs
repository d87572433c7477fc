//! The generated shop: a deterministic set of orders for (seed, n, now) in PDD's detail shape,
//! with the mix an operator meets (memos, flags, refunds, risk, pre-sale, urged, stock-out, shipped,
//! buyers with several orders to one address).

mod catalog;

use super::rng::Rng;
use crate::domain::courier::reference_list;
use crate::domain::order::DEFAULT_SHIP_WINDOW;
use crate::domain::time::beijing;
use crate::domain::{Fen, Flag, Item, Order, OrderTag};
use catalog::{
    BUYER_MEMOS, GOODS, LONG_MEMOS, PHONE_PREFIXES, PLACES, SELLER_NOTES, STREETS, SURNAMES,
};
use jiff::Timestamp;
use std::collections::{HashMap, HashSet};

const HOUR: i64 = 3600;
/// Confirm times are spread over this many seconds before `now` (72 h): shipped orders over all of it,
/// open ones inside their 48 h deadline, overdue ones just past it.
const SPAN_SECS: i64 = 72 * HOUR;

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

/// A shop's day, in orders per thousand: about 3% blocked by after-sale or risk, 1.5% past their deadline.
fn draw_kind(rng: &mut Rng) -> Kind {
    match rng.below(1000) {
        0..=149 => Kind::Shipped,
        150..=164 => Kind::AfterSale,
        165..=174 => Kind::Refunding,
        175..=184 => Kind::Risk,
        185..=224 => Kind::PreSale,
        225..=284 => Kind::Urged,
        285..=304 => Kind::StockOut,
        305..=319 => Kind::Overdue,
        _ => Kind::Plain,
    }
}

/// How long ago an order was confirmed. Open orders are mostly today's and yesterday's, a tenth within
/// 8 h of their deadline, none past it; shipped ones spread over the whole span; overdue ones 1–12 h late.
fn draw_age(rng: &mut Rng, kind: Kind) -> i64 {
    match kind {
        Kind::Shipped => rng.range(2 * HOUR, SPAN_SECS),
        Kind::Overdue => rng.range(48 * HOUR + 600, 60 * HOUR),
        _ => match rng.below(100) {
            0..=54 => rng.range(120, 24 * HOUR),
            55..=89 => rng.range(24 * HOUR, 40 * HOUR),
            _ => rng.range(40 * HOUR, 47 * HOUR),
        },
    }
}

fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Generates `n` orders, sorted by confirm time then order number. Same inputs, same orders.
pub fn generate(seed: u64, n: usize, now: Timestamp) -> Vec<Order> {
    let mut rng = Rng::new(seed);
    let mut seen = HashSet::with_capacity(n);
    let kinds: Vec<Kind> = (0..n)
        .map(|i| {
            FORCED
                .get(i)
                .copied()
                .unwrap_or_else(|| draw_kind(&mut rng))
        })
        .collect();
    let heads = merge_groups(&mut rng, &kinds);
    let mut ages: Vec<i64> = Vec::with_capacity(n);
    let mut orders: Vec<Order> = Vec::with_capacity(n);
    for (i, &kind) in kinds.iter().enumerate() {
        let head = heads.get(&i).copied();
        let age = match head.and_then(|h| ages.get(h).copied()) {
            // A buyer's next order to the same address comes within a few hours of the first.
            Some(head_age) => (head_age + rng.range(-3 * HOUR, 3 * HOUR)).clamp(120, 47 * HOUR),
            None => draw_age(&mut rng, kind),
        };
        ages.push(age);
        let mut o = one_order(&mut rng, i, kind, age, now, &mut seen);
        if let Some(first) = head.and_then(|h| orders.get(h)) {
            same_buyer(first, &mut o);
        }
        orders.push(o);
    }
    orders.sort_by(|a, b| (a.confirm_time, &a.order_sn).cmp(&(b.confirm_time, &b.order_sn)));
    orders
}

/// Buyers with two or three open orders to one address, as real shops have: about 2.5% of the orders,
/// at least one group in a shop of 20 or more. Returns each later order's first one (a lower index).
fn merge_groups(rng: &mut Rng, kinds: &[Kind]) -> HashMap<usize, usize> {
    let n = kinds.len();
    let groups = if n < 20 { 0 } else { (n / 100).max(1) };
    // Plain orders only: a group can be shipped as one parcel without meeting a block.
    let plain: Vec<usize> = (0..n).filter(|&i| kinds[i] == Kind::Plain).collect();
    let mut heads = HashMap::new();
    let Some(slice) = plain.len().checked_div(groups) else {
        return heads;
    };
    if slice < 3 {
        return heads;
    }
    // One group in each slice of the plain orders, so groups never overlap.
    for part in plain.chunks_exact(slice).take(groups) {
        let size = if rng.chance(0.3) { 3 } else { 2 };
        let start = rng.below((slice - size + 1) as u64) as usize;
        let Some(members) = part.get(start..start + size) else {
            continue;
        };
        for &m in &members[1..] {
            heads.insert(m, members[0]);
        }
    }
    heads
}

/// The receiver of `first` on `o`: one buyer, one address, one `open_address_id`.
fn same_buyer(first: &Order, o: &mut Order) {
    o.province.clone_from(&first.province);
    o.city.clone_from(&first.city);
    o.town.clone_from(&first.town);
    o.receiver_name.clone_from(&first.receiver_name);
    o.receiver_name_mask.clone_from(&first.receiver_name_mask);
    o.receiver_phone.clone_from(&first.receiver_phone);
    o.receiver_phone_mask.clone_from(&first.receiver_phone_mask);
    o.receiver_address.clone_from(&first.receiver_address);
    o.receiver_address_mask
        .clone_from(&first.receiver_address_mask);
    o.address.clone_from(&first.address);
    o.address_mask.clone_from(&first.address_mask);
    o.open_address_id.clone_from(&first.open_address_id);
}

fn one_order(
    rng: &mut Rng,
    i: usize,
    kind: Kind,
    age: i64,
    now: Timestamp,
    seen: &mut HashSet<String>,
) -> Order {
    let now_s = now.as_second();
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
    let cat_id = fill_items_and_money(rng, &mut o);
    fill_receiver(rng, &mut o);
    fill_notes(rng, i, &mut o);
    o.order_tag_list = order_tags();
    o.extra = extras(cat_id);
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

/// Items and amounts; returns the first item's category (`cat_id_1`).
fn fill_items_and_money(rng: &mut Rng, o: &mut Order) -> i64 {
    let mut cat_id = 0;
    let lines = if rng.chance(0.2) { rng.range(2, 4) } else { 1 };
    for _ in 0..lines {
        let Some(g) = rng.pick(GOODS) else { continue };
        if cat_id == 0 {
            cat_id = g.cat_id;
        }
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
    cat_id
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
    o.open_address_id = Some(rng.b64(64));
}

fn fill_notes(rng: &mut Rng, i: usize, o: &mut Order) {
    // A memo on about one order in four, one memo in eight a long one; the fourth order's always is,
    // so a small shop has one too.
    if i == 3 || (i >= 8 && rng.chance(0.03)) {
        o.buyer_memo = rng.pick(LONG_MEMOS).copied().unwrap_or("").into();
    } else if i < 8 || rng.chance(0.22) {
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
fn extras(cat_id: i64) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    m.insert("cat_id_1".into(), cat_id.into());
    m.insert("is_lucky_flag".into(), 1.into());
    m.insert("shipping_type".into(), 0.into());
    m.insert("stock_out_handle_status".into(), (-1).into());
    m.insert("pay_type".into(), "WEIXIN".into());
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
