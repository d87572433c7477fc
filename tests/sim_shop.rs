//! The generated shop: deterministic for (seed, n, now), real order number shape, deadlines,
//! consistent money, ciphertext with masks, every kind of order an operator meets, in a believable mix.

use jiff::Timestamp;
use pddtui::domain::Order;
use pddtui::domain::order::is_ciphertext;
use pddtui::domain::time::format_beijing;
use pddtui::sim::shop::generate;
use std::collections::{HashMap, HashSet};

fn now() -> Timestamp {
    "2024-06-01T04:00:00Z".parse().unwrap()
}

#[test]
fn same_seed_same_shop_other_seed_other_shop() {
    let a = generate(7, 300, now());
    let b = generate(7, 300, now());
    let c = generate(8, 300, now());
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(a.len(), 300);
}

#[test]
fn order_numbers_have_the_real_shape_and_are_unique() {
    let orders = generate(1, 1000, now());
    let mut seen = HashSet::new();
    for o in &orders {
        let (day, digits) = o.order_sn.split_once('-').unwrap();
        assert_eq!(digits.len(), 15, "{}", o.order_sn);
        assert!(digits.chars().all(|c| c.is_ascii_digit()));
        let confirm = format_beijing(o.confirm_time.unwrap());
        // YYMMDD is the Beijing confirm date.
        assert_eq!(
            day,
            format!("{}{}{}", &confirm[2..4], &confirm[5..7], &confirm[8..10])
        );
        assert!(seen.insert(o.order_sn.clone()));
    }
}

#[test]
fn times_deadlines_and_sorting() {
    let orders = generate(2, 500, now());
    let n = now();
    for w in orders.windows(2) {
        assert!((w[0].confirm_time, &w[0].order_sn) <= (w[1].confirm_time, &w[1].order_sn));
    }
    for o in &orders {
        let c = o.confirm_time.unwrap();
        assert!(c <= n && n.as_second() - c.as_second() <= 72 * 3600);
        assert_eq!(
            o.last_ship_time.unwrap().as_second(),
            c.as_second() + 48 * 3600
        );
        let u = o.updated_at.unwrap();
        assert!(u >= c && u <= n);
        if o.order_status == 2 {
            assert!(o.logistics_id > 0 && !o.tracking_number.is_empty());
            assert!(o.shipping_time.unwrap() >= c);
        } else {
            assert!(o.tracking_number.is_empty() && o.shipping_time.is_none());
        }
    }
}

#[test]
fn amounts_are_consistent() {
    for o in generate(3, 500, now()) {
        let goods: i64 = o
            .item_list
            .iter()
            .map(|i| i.goods_price.0 * i.goods_count)
            .sum();
        assert_eq!(o.goods_amount.0, goods);
        assert_eq!(
            o.discount_amount.0,
            o.seller_discount.0 + o.platform_discount.0
        );
        assert_eq!(o.pay_amount.0, goods - o.discount_amount.0 + o.postage.0);
        assert!(o.pay_amount.0 > 0);
        assert!(!o.item_list.is_empty());
    }
}

#[test]
fn receivers_are_ciphertext_with_masks() {
    for o in generate(4, 200, now()) {
        assert!(o.receiver_name.starts_with("~AgAAAA") && o.receiver_name.ends_with("~1~~"));
        assert!(o.receiver_phone.starts_with('$') && o.receiver_phone.ends_with("$1$$"));
        assert!(o.receiver_phone.contains("$AgAAAA"));
        for c in [
            &o.receiver_name,
            &o.receiver_phone,
            &o.receiver_address,
            &o.address,
        ] {
            assert!(is_ciphertext(c), "{c}");
        }
        assert!(o.receiver_name_mask.ends_with('*') && o.receiver_name_mask.chars().count() == 2);
        let p = &o.receiver_phone_mask;
        assert!(p.len() == 11 && &p[3..7] == "****", "{p}");
        assert!(o.address_mask.starts_with(&o.province) && o.address_mask.contains('*'));
        assert!(o.receiver_address_mask.contains('*'));
        assert!(!o.city.is_empty() && !o.town.is_empty());
        assert_eq!(o.order_tag_list.len(), 9);
    }
}

#[test]
fn the_mix_has_every_kind() {
    let n = now();
    let orders = generate(5, 300, n);
    let count = |f: &dyn Fn(&Order) -> bool| orders.iter().filter(|o| f(o)).count();
    assert!(count(&|o| o.refund_status == 2 && o.after_sales_status != 0) > 0);
    assert!(count(&|o| o.refund_status == 3 && o.after_sales_status != 0) > 0);
    assert!(count(&|o| o.risk_control_status == 1) > 0);
    assert!(count(&|o| o.is_pre_sale == 1 && o.pre_sale_time.is_some()) > 0);
    assert!(count(&|o| o.urge_shipping_time.is_some()) > 0);
    assert!(count(&|o| o.is_stock_out == 1) > 0);
    assert!(count(&|o| o.has_buyer_memo()) > 0);
    assert!(count(&|o| o.item_list.len() > 1) > 0);
    assert!(
        count(&|o| o.order_status == 1 && o.last_ship_time.unwrap() < n) > 0,
        "overdue"
    );
    let shipped = count(&|o| o.order_status == 2);
    assert!(
        (20..=80).contains(&shipped),
        "about 15% shipped, got {shipped}"
    );
    for code in 1..=5u8 {
        assert!(
            count(&|o| o.remark_tag.map(|f| f.code()) == Some(code) && !o.remark.is_empty()) > 0,
            "flag {code}"
        );
    }
    assert!(
        orders
            .iter()
            .filter(|o| o.remark_tag.is_some())
            .all(|o| o.remark_tag_name.chars().count() <= 3)
    );
    // Generated text is clean: sanitizing changes nothing.
    for o in &orders {
        let mut s = o.clone();
        s.sanitize();
        assert_eq!(&s, o);
    }
}

/// A shop of 100,000 orders is whole: every order once, each with its own number. How fast it is generated
/// is measured by `cargo bench --bench orders` (`generate_100k`), not here: a timed test fails on a busy machine.
#[test]
fn a_large_shop_is_whole() {
    let orders = generate(9, 100_000, now());
    assert_eq!(orders.len(), 100_000);
    let numbers: std::collections::HashSet<&str> =
        orders.iter().map(|o| o.order_sn.as_str()).collect();
    assert_eq!(numbers.len(), 100_000, "an order number repeats");
}

/// What an operator sees in a shop: shares and counts the demo's look depends on.
#[derive(Debug)]
struct Look {
    unshipped: usize,
    overdue: usize,
    after_sale: usize,
    refunding: usize,
    risk: usize,
    memos: usize,
    long_memos: usize,
    emoji_memos: usize,
    distinct_memos: usize,
    goods: usize,
    kinds: usize,
    shipped: usize,
}

fn look(orders: &[Order], at: Timestamp) -> Look {
    let memos: Vec<&str> = orders
        .iter()
        .filter(|o| o.has_buyer_memo())
        .map(|o| o.buyer_memo.as_str())
        .collect();
    let unshipped: Vec<_> = orders.iter().filter(|o| o.order_status == 1).collect();
    Look {
        unshipped: unshipped.len(),
        overdue: unshipped
            .iter()
            .filter(|o| o.last_ship_time.is_some_and(|d| d < at))
            .count(),
        after_sale: orders.iter().filter(|o| o.refund_status == 2).count(),
        refunding: orders.iter().filter(|o| o.refund_status == 3).count(),
        risk: orders.iter().filter(|o| o.risk_control_status == 1).count(),
        memos: memos.len(),
        long_memos: memos.iter().filter(|m| m.chars().count() > 60).count(),
        emoji_memos: memos
            .iter()
            .filter(|m| m.chars().any(|c| ('\u{1F300}'..='\u{1FAFF}').contains(&c)))
            .count(),
        distinct_memos: memos.iter().collect::<HashSet<_>>().len(),
        goods: orders
            .iter()
            .flat_map(|o| o.item_list.iter().map(|i| i.outer_goods_id.as_str()))
            .collect::<HashSet<_>>()
            .len(),
        kinds: orders
            .iter()
            .filter_map(|o| o.extra.get("cat_id_1").and_then(|v| v.as_i64()))
            .collect::<HashSet<_>>()
            .len(),
        shipped: orders.iter().filter(|o| o.order_status == 2).count(),
    }
}

/// Open orders by shared `open_address_id`, where two or more share one.
fn groups(orders: &[Order]) -> HashMap<&str, Vec<&Order>> {
    let mut by: HashMap<&str, Vec<_>> = Default::default();
    for o in orders.iter().filter(|o| o.order_status == 1) {
        if let Some(id) = o.open_address_id.as_deref() {
            by.entry(id).or_default().push(o);
        }
    }
    by.retain(|_, v| v.len() > 1);
    by
}

/// The demo's shop (`pddtui` with no profile) and `pddtui sim`'s, and a few others of the demo's size.
fn demo_shops() -> Vec<(u64, Vec<Order>)> {
    let demo = pddtui::sim::Options::default();
    [demo.seed, 1, 2, 3, 42]
        .into_iter()
        .map(|seed| (seed, generate(seed, demo.orders, now())))
        .collect()
}

#[test]
fn the_demo_shop_looks_like_a_real_day() {
    for (seed, orders) in demo_shops() {
        let n = orders.len();
        let l = look(&orders, now());
        // Most orders well inside their deadline, and still so an hour into the demo.
        assert!(
            l.overdue >= 1 && l.overdue * 20 <= l.unshipped,
            "seed {seed}: {l:?}"
        );
        let later = look(&orders, now() + jiff::SignedDuration::from_hours(1));
        assert!(
            later.overdue * 20 <= later.unshipped,
            "seed {seed}: {later:?}"
        );
        // Memos on about a quarter of the orders, of every length, some long, some with emoji.
        assert!(
            (n * 15..=n * 40).contains(&(l.memos * 100)),
            "seed {seed}: {l:?}"
        );
        assert!(
            l.long_memos >= 3 && l.long_memos * 4 <= l.memos,
            "seed {seed}: {l:?}"
        );
        assert!(l.emoji_memos >= 3, "seed {seed}: {l:?}");
        assert!(l.distinct_memos >= 15, "seed {seed}: {l:?}");
        let mid = orders
            .iter()
            .filter(|o| (15..=60).contains(&o.buyer_memo.chars().count()))
            .count();
        assert!(mid >= 3, "seed {seed}: {mid} memos of a sentence");
        // A few after-sale, refunding and risk orders: present, but few.
        assert!(
            l.after_sale >= 1 && l.refunding >= 1 && l.risk >= 1,
            "seed {seed}: {l:?}"
        );
        assert!((l.after_sale + l.refunding) * 20 <= n, "seed {seed}: {l:?}");
        assert!(l.risk * 33 <= n, "seed {seed}: {l:?}");
        // Goods of several kinds.
        assert!(l.goods >= 15 && l.kinds >= 8, "seed {seed}: {l:?}");
        assert!(
            (n * 10..=n * 20).contains(&(l.shipped * 100)),
            "seed {seed}: {l:?}"
        );
    }
}

#[test]
fn some_buyers_have_several_open_orders_to_one_address() {
    for (seed, orders) in demo_shops() {
        let n = orders.len();
        let groups = groups(&orders);
        let grouped: usize = groups.values().map(Vec::len).sum();
        // A few percent of the orders, in groups of two or three.
        assert!(groups.len() >= 2, "seed {seed}: {} groups", groups.len());
        assert!(
            (n..=n * 5).contains(&(grouped * 100)),
            "seed {seed}: {grouped} grouped"
        );
        for members in groups.values() {
            assert!((2..=3).contains(&members.len()), "seed {seed}");
            let first = members[0];
            for o in members {
                // One buyer: the same receiver, masks and ciphertext alike; nothing blocks a shared parcel.
                assert_eq!(
                    (
                        &o.receiver_name,
                        &o.receiver_phone,
                        &o.receiver_address,
                        &o.address
                    ),
                    (
                        &first.receiver_name,
                        &first.receiver_phone,
                        &first.receiver_address,
                        &first.address
                    )
                );
                assert_eq!(
                    (
                        &o.receiver_name_mask,
                        &o.receiver_phone_mask,
                        &o.address_mask
                    ),
                    (
                        &first.receiver_name_mask,
                        &first.receiver_phone_mask,
                        &first.address_mask
                    )
                );
                assert!(o.ship_block().is_none() && !o.in_refund(), "seed {seed}");
                assert!(
                    o.last_ship_time.unwrap() > now(),
                    "seed {seed}: a group is not overdue"
                );
            }
        }
    }
    // Every other order has an address id of its own.
    let orders = generate(0, 300, now());
    let ids: HashSet<_> = orders
        .iter()
        .map(|o| o.open_address_id.as_deref().unwrap())
        .collect();
    let grouped: usize = groups(&orders).values().map(|g| g.len() - 1).sum();
    assert_eq!(ids.len(), orders.len() - grouped);
    assert!(
        orders
            .iter()
            .all(|o| o.open_address_id.as_ref().unwrap().len() == 64)
    );
    // Even a small shop has one group; a tiny one has none.
    assert_eq!(groups(&generate(5, 20, now())).len(), 1);
    assert!(groups(&generate(5, 10, now())).is_empty());
}
