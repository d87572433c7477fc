//! The generated shop: a deterministic set of orders for (seed, n, now) in PDD's detail shape, with the mix
//! an operator meets (memos, flags, refunds, risk, pre-sale, urged, stock-out, shipped, buyers with several
//! orders to one address). Order i is a pure function of (seed, n, now, i), made on demand: the shop is
//! laid out oldest first and numbered in that order, so nothing needs holding a million orders.

mod catalog;
mod fill;
mod layout;

use super::rng::Rng;
use crate::domain::courier::reference_list;
use crate::domain::order::DEFAULT_SHIP_WINDOW;
use crate::domain::time::beijing;
use crate::domain::{Order, validate};
use fill::{extras, fill_items_and_money, fill_notes, fill_receiver, order_tags, tracking_number};
use jiff::Timestamp;
pub use layout::Kind;
use layout::Layout;

/// The streams of one order: where it sits (cheap, read by the indexes), its order number, its fields,
/// its receiver (shared by a buyer's orders to one address).
const SKELETON: u64 = 0x5E1E;
const NUMBER: u64 = 0x0005;
const FIELDS: u64 = 0xF1E1;
const RECEIVER: u64 = 0x2ECE;

/// The smallest and the span of the 15 digits after the date.
const DIGITS_FROM: u64 = 100_000_000_000_000;
const DIGITS_SPAN: u64 = 900_000_000_000_000;

/// What the indexes need of an order, drawn without its fields: kind, confirm and last change (Unix s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skeleton {
    pub kind: Kind,
    pub confirm: i64,
    pub updated: i64,
    shipped: Option<i64>,
    urged: Option<i64>,
}

impl Skeleton {
    /// (order_status, refund_status) of the order as generated.
    pub fn status(&self) -> (i64, i64) {
        match self.kind {
            Kind::Shipped => (2, 1),
            Kind::AfterSale => (1, 2),
            Kind::Refunding => (1, 3),
            _ => (1, 1),
        }
    }
}

/// A shop of `len()` orders, sorted by (confirm time, order number) by index.
#[derive(Debug, Clone)]
pub struct Shop {
    seed: u64,
    n: u64,
    now: i64,
    layout: Layout,
    /// Order i's digits are `DIGITS_FROM + i × stride + r`, `r < stride`: unique and rising with i.
    stride: u64,
}

fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH)
}

impl Shop {
    pub fn new(seed: u64, n: usize, now: Timestamp) -> Shop {
        let n = n as u64;
        Shop {
            seed,
            n,
            now: now.as_second(),
            layout: Layout::new(n),
            stride: (DIGITS_SPAN / n.max(1)).max(1),
        }
    }

    pub fn len(&self) -> usize {
        self.n as usize
    }

    /// The clock the shop was generated at (Unix s).
    pub fn now(&self) -> i64 {
        self.now
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Order i's confirm time (Unix s): never decreasing with i.
    pub fn confirm(&self, i: usize) -> i64 {
        let u = Rng::at(self.seed, SKELETON, i as u64).unit();
        self.now - self.layout.age(i as u64, u)
    }

    /// The first order confirmed at or after `t` (Unix s); `len()` when none is.
    pub fn first_confirmed_from(&self, t: i64) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.confirm(mid) < t {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    pub fn skeleton(&self, i: usize) -> Skeleton {
        let idx = i as u64;
        let mut r = Rng::at(self.seed, SKELETON, idx);
        let age = self.layout.age(idx, r.unit());
        let confirm = self.now - age;
        let kind = self.layout.kind(self.seed, idx, age, &mut r);
        let mut updated = confirm + r.range(1, 600).min(age);
        let later =
            |r: &mut Rng, from: i64| (confirm + r.range(from, age.max(from + 1))).min(self.now);
        let (urge_at, ship_at) = (later(&mut r, 60), later(&mut r, 600));
        let (mut shipped, mut urged) = (None, None);
        match kind {
            Kind::Urged => {
                urged = Some(urge_at);
                updated = updated.max(urge_at);
            }
            Kind::Shipped => {
                shipped = Some(ship_at);
                updated = updated.max(ship_at);
            }
            _ => {}
        }
        Skeleton {
            kind,
            confirm,
            updated: updated.min(self.now),
            shipped,
            urged,
        }
    }

    /// `YYMMDD-` (the Beijing confirm date) + 15 digits, rising with i, so (confirm, number) order is
    /// index order.
    pub fn order_sn(&self, i: usize) -> String {
        self.number(i, self.confirm(i))
    }

    fn number(&self, i: usize, confirm: i64) -> String {
        let day = at(confirm)
            .to_zoned(beijing())
            .strftime("%y%m%d")
            .to_string();
        let r = Rng::at(self.seed, NUMBER, i as u64).below(self.stride);
        format!("{day}-{}", DIGITS_FROM + i as u64 * self.stride + r)
    }

    /// The index of the generated order numbered `sn`, if there is one.
    pub fn index_of(&self, sn: &str) -> Option<usize> {
        if validate::order_sn(sn).is_err() {
            return None;
        }
        let digits: u64 = sn.get(7..)?.parse().ok()?;
        let i = digits.checked_sub(DIGITS_FROM)? / self.stride;
        let i = usize::try_from(i).ok().filter(|&i| i < self.len())?;
        (self.order_sn(i) == sn).then_some(i)
    }

    /// Order i, whole.
    pub fn order(&self, i: usize) -> Order {
        let s = self.skeleton(i);
        let idx = i as u64;
        let mut rng = Rng::at(self.seed, FIELDS, idx);
        let confirm = at(s.confirm);
        let (order_status, refund_status) = s.status();
        let mut o = Order {
            order_sn: self.number(i, s.confirm),
            order_status,
            refund_status,
            confirm_status: 1,
            group_status: 1,
            created_time: Some(at(s.confirm - rng.range(5, 90))),
            confirm_time: Some(confirm),
            pay_time: Some(confirm),
            last_ship_time: confirm.checked_add(DEFAULT_SHIP_WINDOW).ok(),
            updated_at: Some(at(s.updated)),
            country: "中国".into(),
            ..Order::default()
        };
        let cat_id = fill_items_and_money(&mut rng, &mut o);
        let head = self.layout.group_of(self.seed, idx).unwrap_or(idx);
        fill_receiver(&mut Rng::at(self.seed, RECEIVER, head), &mut o);
        fill_notes(&mut rng, self.layout.note_slot(idx), &mut o);
        o.order_tag_list = order_tags();
        o.extra = extras(cat_id);
        match s.kind {
            Kind::Plain | Kind::Overdue => {}
            Kind::AfterSale | Kind::Refunding => o.after_sales_status = rng.range(1, 6),
            Kind::Risk => o.risk_control_status = 1,
            Kind::PreSale => {
                o.is_pre_sale = 1;
                o.pre_sale_time = Some(at(s.confirm + rng.range(1, 6) * 86_400));
            }
            Kind::Urged => o.urge_shipping_time = s.urged.map(at),
            Kind::StockOut => o.is_stock_out = 1,
            Kind::Shipped => {
                let couriers: Vec<_> = reference_list()
                    .into_iter()
                    .filter(|c| c.is_available())
                    .collect();
                if let Some(c) = rng.pick(&couriers) {
                    o.logistics_id = c.id;
                    o.tracking_number = tracking_number(&mut rng, &c.code);
                }
                o.shipping_time = s.shipped.map(at);
            }
        }
        o
    }
}

/// Generates all `n` orders, sorted by confirm time then order number. Same inputs, same orders.
pub fn generate(seed: u64, n: usize, now: Timestamp) -> Vec<Order> {
    let shop = Shop::new(seed, n, now);
    (0..n).map(|i| shop.order(i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_lead_back_to_their_orders() {
        let now: Timestamp = "2024-06-01T04:00:00Z".parse().unwrap();
        let shop = Shop::new(3, 1000, now);
        for i in [0, 1, 500, 999] {
            let sn = shop.order_sn(i);
            assert_eq!(shop.index_of(&sn), Some(i));
            assert_eq!(shop.order(i).order_sn, sn);
        }
        assert_eq!(shop.index_of("240601-100000000000000"), None);
        assert_eq!(shop.index_of("nonsense"), None);
        let t = shop.confirm(400);
        let first = shop.first_confirmed_from(t);
        assert!(first <= 400 && shop.confirm(first) == t);
        assert!(first == 0 || shop.confirm(first - 1) < t);
    }
}
