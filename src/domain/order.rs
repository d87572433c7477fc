//! An order in the shape of PDD's order detail (seed 003), with money as fen and times as timestamps.
//! Unknown fields are kept in `extra`, so an order read and written again loses nothing.

use super::flag::Flag;
use super::money::Fen;
use super::text::sanitize_in_place;
use super::time::opt_beijing;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How long after the order PDD usually expects shipment; used where a gateway sends no `last_ship_time`.
pub const DEFAULT_SHIP_WINDOW: SignedDuration = SignedDuration::from_hours(48);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Item {
    #[serde(default)]
    pub goods_id: i64,
    #[serde(default)]
    pub sku_id: i64,
    #[serde(default)]
    pub goods_name: String,
    #[serde(default)]
    pub goods_spec: String,
    #[serde(default)]
    pub goods_count: i64,
    #[serde(default)]
    pub goods_price: Fen,
    #[serde(default)]
    pub goods_img: String,
    #[serde(default)]
    pub outer_id: String,
    #[serde(default)]
    pub outer_goods_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OrderTag {
    pub name: String,
    #[serde(default)]
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Order {
    pub order_sn: String,
    /// 1 awaiting shipment, 2 shipped, 3 received.
    #[serde(default = "one")]
    pub order_status: i64,
    /// 1 none/closed, 2 after-sale in progress, 3 refunding, 4 refunded.
    #[serde(default = "one")]
    pub refund_status: i64,
    #[serde(default)]
    pub after_sales_status: i64,
    /// 1 = under risk review: PDD refuses shipment.
    #[serde(default)]
    pub risk_control_status: i64,
    #[serde(default)]
    pub confirm_status: i64,
    #[serde(default)]
    pub group_status: i64,
    #[serde(default)]
    pub trade_type: i64,

    #[serde(default, with = "opt_beijing")]
    pub created_time: Option<Timestamp>,
    #[serde(default, with = "opt_beijing")]
    pub confirm_time: Option<Timestamp>,
    #[serde(default, with = "opt_beijing")]
    pub pay_time: Option<Timestamp>,
    #[serde(default, with = "opt_beijing")]
    pub last_ship_time: Option<Timestamp>,
    #[serde(default, with = "opt_beijing")]
    pub shipping_time: Option<Timestamp>,
    #[serde(default, with = "opt_beijing")]
    pub urge_shipping_time: Option<Timestamp>,
    #[serde(default, with = "opt_beijing")]
    pub receive_time: Option<Timestamp>,
    #[serde(default, with = "opt_beijing")]
    pub updated_at: Option<Timestamp>,
    #[serde(default, with = "opt_beijing")]
    pub pre_sale_time: Option<Timestamp>,
    #[serde(default)]
    pub is_pre_sale: i64,
    #[serde(default)]
    pub is_stock_out: i64,

    #[serde(default)]
    pub goods_amount: Fen,
    #[serde(default)]
    pub pay_amount: Fen,
    #[serde(default)]
    pub discount_amount: Fen,
    #[serde(default)]
    pub seller_discount: Fen,
    #[serde(default)]
    pub platform_discount: Fen,
    #[serde(default)]
    pub capital_free_discount: Fen,
    #[serde(default)]
    pub postage: Fen,
    #[serde(default)]
    pub order_change_amount: Fen,

    #[serde(default)]
    pub buyer_memo: String,
    /// The seller's note.
    #[serde(default)]
    pub remark: String,
    /// The seller's flag (`remark_tag`); 0 or absent is none.
    #[serde(default, with = "opt_flag")]
    pub remark_tag: Option<Flag>,
    #[serde(default)]
    pub remark_tag_name: String,
    /// The note exactly as the gateway sent it, kept only when `remark` (the display copy) differs from it.
    /// Never written anywhere (wire, JSON output, stores): it is sent back only after being read fresh.
    #[serde(skip)]
    pub remark_raw: Option<String>,

    #[serde(default)]
    pub item_list: Vec<Item>,
    #[serde(default)]
    pub order_tag_list: Vec<OrderTag>,

    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub town: String,
    #[serde(default)]
    pub street: String,
    /// Ciphertext (`~AgAAAA…~1~~`): never shown as text.
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub address_mask: String,
    /// Ciphertext.
    #[serde(default)]
    pub receiver_name: String,
    #[serde(default)]
    pub receiver_name_mask: String,
    /// Ciphertext (`$…$AgAAAA…$1$$`).
    #[serde(default)]
    pub receiver_phone: String,
    #[serde(default)]
    pub receiver_phone_mask: String,
    /// Ciphertext.
    #[serde(default)]
    pub receiver_address: String,
    #[serde(default)]
    pub receiver_address_mask: String,

    #[serde(default)]
    pub logistics_id: i64,
    #[serde(default)]
    pub tracking_number: String,

    /// PDD's id of the buyer's address (seed 003): orders that share it go to one address and may ship in one
    /// parcel. Opaque: compared, never shown. Absent, empty or of an odd type is `None`, never a failed order.
    #[serde(default, with = "opt_id", skip_serializing_if = "Option::is_none")]
    pub open_address_id: Option<String>,

    /// Every other field of the detail, kept as received.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

fn one() -> i64 {
    1
}

/// Why an order must not be shipped now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShipBlock {
    /// `refund_status` 2 (after-sale in progress), 3 (refunding) or 4 (refunded).
    Refund(i64),
    /// `risk_control_status` 1.
    RiskReview,
}

impl Order {
    pub fn is_unshipped(&self) -> bool {
        self.order_status == 1
    }

    pub fn is_shipped(&self) -> bool {
        self.order_status == 2 || self.order_status == 3
    }

    /// The reason this order cannot ship, if any.
    pub fn ship_block(&self) -> Option<ShipBlock> {
        ship_block(self.refund_status, self.in_risk_review())
    }

    pub fn in_refund(&self) -> bool {
        refund_open(self.refund_status) || self.after_sales_status != 0
    }

    pub fn in_risk_review(&self) -> bool {
        self.risk_control_status == 1
    }

    pub fn is_pre_sale(&self) -> bool {
        self.is_pre_sale == 1
    }

    pub fn is_stock_out(&self) -> bool {
        self.is_stock_out == 1
    }

    pub fn is_urged(&self) -> bool {
        self.urge_shipping_time.is_some()
    }

    pub fn has_buyer_memo(&self) -> bool {
        !self.buyer_memo.trim().is_empty()
    }

    /// The shipping deadline and whether it is estimated (confirm time + 48 h, for gateways that send none).
    pub fn deadline(&self) -> Option<(Timestamp, bool)> {
        if let Some(t) = self.last_ship_time {
            return Some((t, false));
        }
        let base = self.confirm_time.or(self.pay_time).or(self.created_time)?;
        base.checked_add(DEFAULT_SHIP_WINDOW)
            .ok()
            .map(|t| (t, true))
    }

    /// Time left until the deadline (negative when overdue).
    pub fn time_left(&self, now: Timestamp) -> Option<SignedDuration> {
        self.deadline().map(|(d, _)| d.duration_since(now))
    }

    /// Total number of pieces over all items.
    pub fn piece_count(&self) -> i64 {
        self.item_list.iter().map(|i| i.goods_count).sum()
    }

    /// The note as the gateway holds it: what a flag change sends back, byte for byte.
    pub fn raw_remark(&self) -> &str {
        self.remark_raw.as_deref().unwrap_or(&self.remark)
    }

    /// Sets the note from its raw text: the display copy sanitised, the raw one kept beside it if it differs.
    pub fn set_remark(&mut self, raw: &str) {
        let mut shown = raw.to_string();
        sanitize_in_place(&mut shown);
        self.remark_raw = (shown != raw).then(|| raw.to_string());
        self.remark = shown;
    }

    /// Makes every text field safe to draw: escape sequences and control characters become visible
    /// placeholders, over-long values are capped (see `text::sanitize`).
    /// Called once where orders enter from the network.
    pub fn sanitize(&mut self) {
        // The note is sent back on every flag change, so its raw text is kept beside the display copy.
        let raw = std::mem::take(&mut self.remark);
        self.set_remark(&raw);
        for s in [
            &mut self.order_sn,
            &mut self.buyer_memo,
            &mut self.remark_tag_name,
            &mut self.country,
            &mut self.province,
            &mut self.city,
            &mut self.town,
            &mut self.street,
            &mut self.address,
            &mut self.address_mask,
            &mut self.receiver_name,
            &mut self.receiver_name_mask,
            &mut self.receiver_phone,
            &mut self.receiver_phone_mask,
            &mut self.receiver_address,
            &mut self.receiver_address_mask,
            &mut self.tracking_number,
        ] {
            sanitize_in_place(s);
        }
        if let Some(id) = &mut self.open_address_id {
            sanitize_in_place(id);
        }
        for item in &mut self.item_list {
            for s in [
                &mut item.goods_name,
                &mut item.goods_spec,
                &mut item.outer_id,
                &mut item.outer_goods_id,
                &mut item.goods_img,
            ] {
                sanitize_in_place(s);
            }
        }
        for tag in &mut self.order_tag_list {
            sanitize_in_place(&mut tag.name);
        }
    }
}

/// Why an order with this `refund_status` and risk review must not ship now; the one rule for whole orders
/// and queue rows. Refunds come first: they are the costlier mistake.
pub fn ship_block(refund_status: i64, risk_review: bool) -> Option<ShipBlock> {
    if refund_open(refund_status) {
        Some(ShipBlock::Refund(refund_status))
    } else if risk_review {
        Some(ShipBlock::RiskReview)
    } else {
        None
    }
}

/// `refund_status` 2 (after-sale in progress), 3 (refunding) or 4 (refunded).
pub fn refund_open(refund_status: i64) -> bool {
    (2..=4).contains(&refund_status)
}

/// Unshipped orders first, by deadline (none last), then by confirm time and order number.
pub fn sort_by_urgency(list: &mut [Order]) {
    // The deadline is computed, so compute each order's key once rather than per comparison.
    list.sort_by_cached_key(|o| {
        let deadline = o.deadline().map(|(d, _)| d);
        (
            !o.is_unshipped(),
            deadline.is_none(),
            deadline,
            o.confirm_time,
            o.order_sn.clone(),
        )
    });
}

/// True when `s` looks like PDD ciphertext (`~…~…~` or `$…$…$`) rather than readable text.
pub fn is_ciphertext(s: &str) -> bool {
    let s = s.trim();
    (s.starts_with('~') && s.ends_with('~') && s.matches('~').count() >= 4)
        || (s.starts_with('$') && s.ends_with('$') && s.matches('$').count() >= 4)
}

/// Serde adapter for `remark_tag`: 0, null or absent is no flag.
pub mod opt_flag {
    use super::*;

    pub fn serialize<S: Serializer>(v: &Option<Flag>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(v.map(Flag::code).unwrap_or(0))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Flag>, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        let code = match &v {
            serde_json::Value::Null => 0,
            serde_json::Value::Number(n) => n.as_i64().unwrap_or(0),
            serde_json::Value::String(s) => s.trim().parse().unwrap_or(0),
            _ => 0,
        };
        Ok(Flag::from_code(code))
    }
}

/// Serde adapter for an opaque id: a string (or a number, as PHP backends send) is kept trimmed; empty,
/// null or any other shape is `None`, so one odd field never costs the whole order.
pub mod opt_id {
    use super::*;

    pub fn serialize<S: Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(id) => s.serialize_str(id),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        let id = match v {
            serde_json::Value::String(s) => s.trim().to_string(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => String::new(),
        };
        Ok((!id.is_empty()).then_some(id))
    }
}

/// The order of the vendor's worked example (seed 003), for tests across the crate.
#[cfg(test)]
pub(crate) fn seed_order() -> Order {
    const SEED_003: &str = include_str!("../../tests/fixtures/fw199_order_detail_seed003.json");
    let v: serde_json::Value = serde_json::from_str(SEED_003).unwrap();
    serde_json::from_value(v["data"].clone()).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_seed_003() {
        let o = seed_order();
        assert_eq!(o.order_sn, "210317-001532562392221");
        assert_eq!(o.goods_amount, Fen(1500));
        assert_eq!(o.remark_tag, Some(Flag::Purple));
        assert_eq!(o.receiver_name_mask, "M*k");
        assert!(is_ciphertext(&o.receiver_name));
        assert!(is_ciphertext(&o.receiver_phone));
        assert!(!is_ciphertext(&o.receiver_name_mask));
        assert_eq!(o.item_list[0].outer_id, "s50cm");
        assert_eq!(o.order_tag_list.len(), 9);
        assert_eq!(
            o.open_address_id.as_deref(),
            Some("mEBYxjcYbLtEMsZrgG9phKxYom+BNtkY0hovKsJgDvmbRiscUT9aqfvmieRS/Edu")
        );
        assert!(!o.extra.contains_key("open_address_id"));
        let (deadline, estimated) = o.deadline().unwrap();
        assert!(!estimated);
        assert_eq!(
            crate::domain::time::format_beijing(deadline),
            "2021-03-19 19:16:30"
        );
        assert_eq!(o.ship_block(), None);
    }

    #[test]
    fn round_trip_keeps_every_field() {
        let o = seed_order();
        let again: Order = serde_json::from_value(serde_json::to_value(&o).unwrap()).unwrap();
        assert_eq!(o, again);
    }

    #[test]
    fn an_odd_open_address_id_is_none_and_never_fails_the_order() {
        let base = serde_json::json!({"order_sn": "210317-001532562392221"});
        let with = |v: serde_json::Value| {
            let mut o = base.clone();
            o["open_address_id"] = v;
            serde_json::from_value::<Order>(o).unwrap().open_address_id
        };
        assert_eq!(with(serde_json::json!(" abc ")), Some("abc".into()));
        assert_eq!(with(serde_json::json!(12345)), Some("12345".into()));
        for odd in [
            serde_json::json!(""),
            serde_json::json!("  "),
            serde_json::Value::Null,
            serde_json::json!({"a": 1}),
            serde_json::json!([1]),
        ] {
            assert_eq!(with(odd), None);
        }
        let absent: Order = serde_json::from_value(base).unwrap();
        assert_eq!(absent.open_address_id, None);
        // An order without one is written without one.
        assert!(
            !serde_json::to_string(&absent)
                .unwrap()
                .contains("open_address_id")
        );
    }

    #[test]
    fn estimated_deadline_and_blocks() {
        let mut o = seed_order();
        o.last_ship_time = None;
        let (d, est) = o.deadline().unwrap();
        assert!(est);
        assert_eq!(
            crate::domain::time::format_beijing(d),
            "2021-03-19 19:16:30"
        );
        o.refund_status = 3;
        assert_eq!(o.ship_block(), Some(ShipBlock::Refund(3)));
        o.refund_status = 1;
        o.risk_control_status = 1;
        assert_eq!(o.ship_block(), Some(ShipBlock::RiskReview));
    }

    #[test]
    fn sanitize_replaces_escapes_in_buyer_text() {
        let mut o = seed_order();
        o.buyer_memo = "\x1b]52;c;ZXZpbA==\x07快点".into();
        o.item_list[0].goods_name = "\x1b[31m红\x1b[0m".into();
        o.sanitize();
        assert!(!o.buyer_memo.contains('\x1b'));
        assert!(o.buyer_memo.ends_with("快点"));
        assert_eq!(o.item_list[0].goods_name, "\u{241b}[31m红\u{241b}[0m");
    }

    #[test]
    fn sanitize_keeps_the_raw_note_beside_its_display_copy() {
        let mut o = seed_order();
        let raw = format!("a\tb\nc\x1b[2J{}", "长".repeat(1100));
        o.remark = raw.clone();
        o.sanitize();
        assert_eq!(o.raw_remark(), raw);
        assert!(!o.remark.contains('\x1b') && !o.remark.contains('\n'));
        let json = serde_json::to_string(&o).unwrap();
        assert!(
            !json.contains("\\u001b[2J"),
            "the raw note is never serialised"
        );
        o.set_remark("clean");
        assert_eq!(
            (o.remark.as_str(), o.remark_raw.as_deref()),
            ("clean", None)
        );
    }
}
