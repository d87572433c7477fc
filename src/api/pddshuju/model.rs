//! The wire shapes of pddshuju (seed 000): `{msg, data}` or `{code: 500, msg}`, the synced order, the
//! `send_data` item and its per-order result. Synced orders map into `domain::Order` with masked receivers.

use crate::api::lenient::{i64_any, opt_i64_any, string_any};
use crate::domain::Order;
use crate::domain::order::Item;
use crate::domain::time::parse_beijing;
use serde::{Deserialize, Serialize};

/// Every pddshuju answer: success is `msg: "success"` (with no failure code).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Reply<T = serde_json::Value> {
    #[serde(default, deserialize_with = "opt_i64_any")]
    pub code: Option<i64>,
    #[serde(default, deserialize_with = "string_any")]
    pub msg: String,
    #[serde(default = "Option::default")]
    pub data: Option<T>,
}

impl<T> Reply<T> {
    pub fn is_success(&self) -> bool {
        self.msg.trim().eq_ignore_ascii_case("success")
            && self.code.is_none_or(|c| c == 0 || c == 200)
    }
}

/// One order of `gift_pdd_order_list_get`. Receiver fields are already masked text, not ciphertext.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SyncOrder {
    #[serde(default, deserialize_with = "string_any")]
    pub order_sn: String,
    #[serde(default, deserialize_with = "string_any")]
    pub confirm_time: String,
    #[serde(default, deserialize_with = "string_any")]
    pub buyer_memo: String,
    #[serde(default, deserialize_with = "string_any")]
    pub remark: String,
    #[serde(default, deserialize_with = "string_any")]
    pub receiver_name: String,
    #[serde(default, deserialize_with = "string_any")]
    pub receiver_phone: String,
    #[serde(default, deserialize_with = "string_any")]
    pub country: String,
    #[serde(default, deserialize_with = "string_any")]
    pub province: String,
    #[serde(default, deserialize_with = "string_any")]
    pub city: String,
    #[serde(default, deserialize_with = "string_any")]
    pub town: String,
    /// The full address.
    #[serde(default, deserialize_with = "string_any")]
    pub address: String,
    /// The address without province, city and district.
    #[serde(default, deserialize_with = "string_any")]
    pub receiver_address: String,
    #[serde(default)]
    pub item_list: Vec<SyncItem>,
    /// Not in seed 000's field list: kept when the gateway sends it anyway (as fw199's detail does), so
    /// orders to one address can be grouped; `None` otherwise, never a guess.
    #[serde(default, with = "crate::domain::order::opt_id")]
    pub open_address_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SyncItem {
    #[serde(default, deserialize_with = "string_any")]
    pub outer_id: String,
    #[serde(default, deserialize_with = "string_any")]
    pub goods_name: String,
    #[serde(default, deserialize_with = "i64_any")]
    pub goods_count: i64,
    #[serde(default, deserialize_with = "string_any")]
    pub goods_spec: String,
}

impl SyncOrder {
    /// The domain order: unshipped (this endpoint lists nothing else), no deadline (the domain estimates it),
    /// receiver texts in the `*_mask` fields where the views look for displayable text.
    pub fn into_order(self) -> Result<Order, String> {
        let confirm_time = parse_beijing(&self.confirm_time)?;
        Ok(Order {
            order_sn: self.order_sn,
            order_status: 1,
            refund_status: 1,
            confirm_time,
            buyer_memo: self.buyer_memo,
            remark: self.remark,
            country: self.country,
            province: self.province,
            city: self.city,
            town: self.town,
            address_mask: self.address,
            receiver_name_mask: self.receiver_name,
            receiver_phone_mask: self.receiver_phone,
            receiver_address_mask: self.receiver_address,
            open_address_id: self.open_address_id,
            item_list: self
                .item_list
                .into_iter()
                .map(|i| Item {
                    goods_name: i.goods_name,
                    goods_spec: i.goods_spec,
                    goods_count: i.goods_count,
                    outer_id: i.outer_id,
                    ..Item::default()
                })
                .collect(),
            ..Order::default()
        })
    }
}

/// The fields of `domain::Order` a synced order fills from what the gateway sent (`into_order`); every other
/// one holds a default that stands for "not sent", which `null_unsent` writes as `null`.
pub const SENT: [&str; 15] = [
    "order_sn",
    // Listed by an endpoint of unshipped orders only.
    "order_status",
    "confirm_time",
    "buyer_memo",
    "remark",
    "country",
    "province",
    "city",
    "town",
    "address_mask",
    "receiver_name_mask",
    "receiver_phone_mask",
    "receiver_address_mask",
    "open_address_id",
    "item_list",
];

/// The fields of `domain::order::Item` a synced item fills.
pub const SENT_ITEM: [&str; 4] = ["goods_name", "goods_spec", "goods_count", "outer_id"];

/// An order written as JSON (`domain::Order`'s shape) with every field this gateway does not send set to
/// `null`: unknown, never a made-up `refund_status: 1` or `pay_amount: 0`.
pub fn null_unsent(order: &mut serde_json::Value) {
    fn keep(v: &mut serde_json::Value, sent: &[&str]) {
        if let Some(m) = v.as_object_mut() {
            for (k, v) in m.iter_mut() {
                if !sent.contains(&k.as_str()) {
                    *v = serde_json::Value::Null;
                }
            }
        }
    }
    keep(order, &SENT);
    if let Some(items) = order.get_mut("item_list").and_then(|i| i.as_array_mut()) {
        for i in items {
            keep(i, &SENT_ITEM);
        }
    }
}

/// One entry of `send_data`. Field order is the documented key order: the JSON text is signed as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendItem {
    pub order_sn: String,
    /// A string on the wire (`"85"`), as in the documented example.
    pub logistics_id: String,
    pub tracking_number: String,
}

/// One per-order result of `gift_send`: `{order_sn, msg: "success"}` or `{order_sn, code: 500, msg}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SendResult {
    #[serde(default, deserialize_with = "string_any")]
    pub order_sn: String,
    #[serde(default, deserialize_with = "opt_i64_any")]
    pub code: Option<i64>,
    #[serde(default, deserialize_with = "string_any")]
    pub msg: String,
}

impl SendResult {
    pub fn is_success(&self) -> bool {
        self.msg.trim().eq_ignore_ascii_case("success")
            && self.code.is_none_or(|c| c == 0 || c == 200)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_fixture_is_not_success() {
        let body = include_str!("../../../tests/fixtures/pddshuju_error_response_seed000.json");
        let r: Reply = serde_json::from_str(body).unwrap();
        assert!(!r.is_success());
        assert_eq!(r.code, Some(500));
        assert_eq!(r.msg, "未绑定店铺,请绑定店铺之后再继续操作");
    }

    #[test]
    fn send_data_is_compact_in_documented_key_order() {
        let items = vec![SendItem {
            order_sn: "210317-001532562392221".into(),
            logistics_id: "85".into(),
            tracking_number: "YT1234567890123".into(),
        }];
        assert_eq!(
            serde_json::to_string(&items).unwrap(),
            r#"[{"order_sn":"210317-001532562392221","logistics_id":"85","tracking_number":"YT1234567890123"}]"#
        );
    }

    #[test]
    fn synced_order_maps_to_domain_in_beijing_time() {
        let body = r#"{"msg":"success","data":[{"buyer_memo":"快点","order_sn":"210317-001532562392221",
            "confirm_time":"2021-03-17 19:16:30","receiver_name":"M*k","country":"中国","province":"上海市",
            "city":"上海市","town":"浦东新区","address":"上海市上海市浦东新区东方路*号*","receiver_phone":"17*******75",
            "remark":"","receiver_address":"东方路*号*","unknown":1,
            "item_list":[{"outer_id":"s50cm","goods_name":"A4白纸","goods_count":"2","goods_spec":"50cm"}]}]}"#;
        let r: Reply<Vec<SyncOrder>> = serde_json::from_str(body).unwrap();
        assert!(r.is_success());
        let o = r.data.unwrap().remove(0).into_order().unwrap();
        assert_eq!(o.order_status, 1);
        assert_eq!(o.last_ship_time, None);
        // The host's zone does not matter: the instant is 11:16:30 UTC.
        assert_eq!(o.confirm_time.unwrap().as_second(), 1_615_979_790);
        let (_, estimated) = o.deadline().unwrap();
        assert!(estimated);
        assert_eq!(o.receiver_name_mask, "M*k");
        assert_eq!(o.receiver_phone_mask, "17*******75");
        assert_eq!(o.receiver_address_mask, "东方路*号*");
        assert_eq!(o.address_mask, "上海市上海市浦东新区东方路*号*");
        assert!(o.receiver_name.is_empty());
        assert_eq!(o.item_list[0].goods_count, 2);
        assert_eq!(o.piece_count(), 2);
        // Seed 000 lists no address id: none is made up.
        assert_eq!(o.open_address_id, None);
    }

    /// What seed 000 does not send is `null` in an order's JSON: statuses, amounts, deadline, flag, prices.
    #[test]
    fn what_is_not_sent_is_null_not_a_default() {
        let body = r#"{"msg":"success","data":[{"buyer_memo":"快点","order_sn":"210317-001532562392221",
            "confirm_time":"2021-03-17 19:16:30","receiver_name":"M*k","province":"上海市","remark":"",
            "item_list":[{"outer_id":"s50cm","goods_name":"A4白纸","goods_count":"2","goods_spec":"50cm"}]}]}"#;
        let r: Reply<Vec<SyncOrder>> = serde_json::from_str(body).unwrap();
        let o = r.data.unwrap().remove(0).into_order().unwrap();
        let mut v = serde_json::to_value(&o).unwrap();
        null_unsent(&mut v);
        for unknown in [
            "refund_status",
            "after_sales_status",
            "risk_control_status",
            "last_ship_time",
            "pay_amount",
            "goods_amount",
            "postage",
            "remark_tag",
            "urge_shipping_time",
            "is_pre_sale",
            "is_stock_out",
            "receiver_name",
        ] {
            assert!(v[unknown].is_null(), "{unknown}: {}", v[unknown]);
        }
        assert_eq!(v["order_status"], 1);
        assert_eq!(v["receiver_name_mask"], "M*k");
        assert_eq!(v["confirm_time"], "2021-03-17 19:16:30");
        assert_eq!(v["item_list"][0]["goods_count"], 2);
        assert!(v["item_list"][0]["goods_price"].is_null());
        assert!(v["item_list"][0]["goods_id"].is_null());
        // Every field named as sent is one an order has: a rename cannot silently null a known field.
        let full = serde_json::to_value(crate::domain::order::seed_order()).unwrap();
        for k in SENT {
            assert!(full.get(k).is_some(), "{k}");
        }
        for k in SENT_ITEM {
            assert!(full["item_list"][0].get(k).is_some(), "{k}");
        }
    }

    #[test]
    fn an_address_id_sent_anyway_is_kept() {
        let body = r#"{"msg":"success","data":[
            {"order_sn":"a","confirm_time":"2021-03-17 19:16:30","open_address_id":"mEBYxjc+/Edu"},
            {"order_sn":"b","confirm_time":"2021-03-17 19:16:30","open_address_id":null},
            {"order_sn":"c","confirm_time":"2021-03-17 19:16:30","open_address_id":{"x":1}}]}"#;
        let r: Reply<Vec<SyncOrder>> = serde_json::from_str(body).unwrap();
        let ids: Vec<_> = r
            .data
            .unwrap()
            .into_iter()
            .map(|s| s.into_order().unwrap().open_address_id)
            .collect();
        assert_eq!(ids, vec![Some("mEBYxjc+/Edu".to_string()), None, None]);
    }

    #[test]
    fn per_order_results() {
        let r: Reply<Vec<SendResult>> = serde_json::from_str(
            r#"{"msg":"success","data":[{"order_sn":"a","msg":"success"},{"order_sn":"b","code":500,"msg":"订单已发货"}]}"#,
        )
        .unwrap();
        let d = r.data.unwrap();
        assert!(d[0].is_success());
        assert!(!d[1].is_success());
        assert_eq!(d[1].code, Some(500));
    }
}
