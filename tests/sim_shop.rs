//! The generated shop: deterministic for (seed, n, now), real order number shape, deadlines,
//! consistent money, ciphertext with masks, and every kind of order an operator meets.

use jiff::Timestamp;
use pddtui::domain::order::is_ciphertext;
use pddtui::domain::time::format_beijing;
use pddtui::sim::shop::generate;

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
    let mut seen = std::collections::HashSet::new();
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
    let count = |f: &dyn Fn(&pddtui::domain::Order) -> bool| orders.iter().filter(|o| f(o)).count();
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

#[test]
fn a_large_shop_generates_quickly() {
    let t = std::time::Instant::now();
    let orders = generate(9, 100_000, now());
    assert_eq!(orders.len(), 100_000);
    // Debug builds are slow; release is far under a second.
    assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
}
