//! The fields of one generated order that no index needs: goods and money, the receiver in ciphertext
//! with its masks, memos and notes, the tag list and the detail extras, a courier's tracking number.

use super::super::rng::Rng;
use super::catalog::{
    BUYER_MEMOS, GOODS, LONG_MEMOS, PHONE_PREFIXES, PLACES, SELLER_NOTES, STREETS, SURNAMES,
};
use crate::domain::{Fen, Flag, Item, Order, OrderTag};

/// Items and amounts; returns the first item's category (`cat_id_1`).
pub fn fill_items_and_money(rng: &mut Rng, o: &mut Order) -> i64 {
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

pub fn fill_receiver(rng: &mut Rng, o: &mut Order) {
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

/// Memos and seller notes. `slot` is the order's memo slot (layout): every slot has a memo, the fourth
/// a long one, the first five flags 1–5, so every colour and a long memo exist in any shop.
pub fn fill_notes(rng: &mut Rng, slot: Option<usize>, o: &mut Order) {
    let long = rng.chance(0.03);
    let short = rng.chance(0.22);
    let flagged = rng.chance(0.2);
    if slot == Some(3) || (slot.is_none() && long) {
        o.buyer_memo = rng.pick(LONG_MEMOS).copied().unwrap_or("").into();
    } else if slot.is_some() || short {
        o.buyer_memo = rng.pick(BUYER_MEMOS).copied().unwrap_or("").into();
    }
    let flag = match slot {
        Some(r) if r < 5 => Flag::from_code(r as i64 + 1),
        _ if flagged => Flag::from_code(rng.range(1, 6)),
        _ => None,
    };
    if let Some(f) = flag {
        o.remark = rng.pick(SELLER_NOTES).copied().unwrap_or("").into();
        o.remark_tag = Some(f);
        o.remark_tag_name = f.name_zh().into();
    }
}

/// The tag list of seed 003, all off.
pub fn order_tags() -> Vec<OrderTag> {
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
pub fn extras(cat_id: i64) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    m.insert("cat_id_1".into(), cat_id.into());
    m.insert("is_lucky_flag".into(), 1.into());
    m.insert("shipping_type".into(), 0.into());
    m.insert("stock_out_handle_status".into(), (-1).into());
    m.insert("pay_type".into(), "WEIXIN".into());
    m
}

/// A number of the courier's usual shape.
pub fn tracking_number(rng: &mut Rng, code: &str) -> String {
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
