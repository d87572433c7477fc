//! The wire shapes of the waybill service (seed 000): `{code: 1, msg, data}` answers, the token, and the
//! `save_trade` body built from an order. Strings throughout the body, as in the documented request example.

use super::{Config, PARTNER};
use crate::api::lenient::{i64_any, string_any};
use crate::domain::{Fen, Order};
use serde::{Deserialize, Serialize};

/// Every waybill answer; `code` 1 is success.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Reply<T = serde_json::Value> {
    #[serde(deserialize_with = "i64_any")]
    pub code: i64,
    #[serde(default, deserialize_with = "string_any")]
    pub msg: String,
    #[serde(default = "Option::default")]
    pub data: Option<T>,
}

impl<T> Reply<T> {
    pub fn is_success(&self) -> bool {
        self.code == 1
    }

    /// `{"code":40001,"msg":"access_token已过期"}`: renew the token and try once more.
    pub fn is_token_expired(&self) -> bool {
        self.code == 40001 || (self.msg.contains("access_token") && self.msg.contains("过期"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TokenData {
    #[serde(default, deserialize_with = "string_any")]
    pub access_token: String,
    /// Seconds.
    #[serde(default, deserialize_with = "i64_any")]
    pub expires_in: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SaveTradeData {
    #[serde(default, deserialize_with = "string_any")]
    pub tid: String,
    #[serde(default, deserialize_with = "string_any")]
    pub out_trade_no: String,
    /// The tracking number.
    #[serde(default, deserialize_with = "string_any")]
    pub ecode_no: String,
    #[serde(default)]
    pub express_print_data: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Trade {
    pub receiver_zip: String,
    pub receiver_name: String,
    pub receiver_mobile: String,
    pub receiver_phone: String,
    pub receiver_state: String,
    pub receiver_city: String,
    pub receiver_district: String,
    pub receiver_address: String,
    pub tid: String,
    pub payment: String,
    pub seller_memo: String,
    pub sender_name: String,
    pub sender_mobile: String,
    pub sender_state: String,
    pub sender_city: String,
    pub sender_district: String,
    pub sender_address: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OrderLine {
    pub title: String,
    pub order_sku_id: String,
    pub order_sku: String,
    pub num: String,
    pub price: String,
    pub youhui: String,
    pub payment: String,
}

/// The body of `save_trade`. `express_print_data` is left out: it is what the service fills in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SaveTrade {
    pub trade: Trade,
    pub orders: Vec<OrderLine>,
    pub add_address: String,
    pub ptemp_id: String,
    pub out_trade_no: String,
    /// The PDD order number: required because the receiver fields are PDD ciphertext.
    pub out_e_commerce_no: String,
    pub taobao_oaid: String,
    #[serde(rename = "_partner")]
    pub partner: String,
}

impl SaveTrade {
    /// The receiver comes from the ciphertext fields (the service decrypts them through `out_e_commerce_no`);
    /// an order from a gateway that only has masked text (pddshuju) falls back to that text.
    pub fn from_order(order: &Order, out_trade_no: &str, config: &Config) -> SaveTrade {
        let pick =
            |cipher: &str, mask: &str| if cipher.is_empty() { mask } else { cipher }.to_string();
        let phone = pick(&order.receiver_phone, &order.receiver_phone_mask);
        let s = &config.sender;
        SaveTrade {
            trade: Trade {
                receiver_zip: String::new(),
                receiver_name: pick(&order.receiver_name, &order.receiver_name_mask),
                receiver_mobile: phone.clone(),
                receiver_phone: phone,
                receiver_state: order.province.clone(),
                receiver_city: order.city.clone(),
                receiver_district: order.town.clone(),
                receiver_address: pick(&order.receiver_address, &order.receiver_address_mask),
                tid: order.order_sn.clone(),
                payment: order.pay_amount.yuan_string(),
                seller_memo: order.remark.clone(),
                sender_name: s.name.clone(),
                sender_mobile: s.mobile.clone(),
                sender_state: s.province.clone(),
                sender_city: s.city.clone(),
                sender_district: s.district.clone(),
                sender_address: s.address.clone(),
            },
            orders: order
                .item_list
                .iter()
                .map(|i| OrderLine {
                    title: i.goods_name.clone(),
                    order_sku_id: if i.outer_id.is_empty() {
                        i.sku_id.to_string()
                    } else {
                        i.outer_id.clone()
                    },
                    order_sku: i.goods_spec.clone(),
                    num: i.goods_count.to_string(),
                    price: i.goods_price.yuan_string(),
                    youhui: Fen(0).yuan_string(),
                    payment: Fen(i.goods_price.0.saturating_mul(i.goods_count)).yuan_string(),
                })
                .collect(),
            add_address: "0".into(),
            ptemp_id: config.ptemp_id.clone(),
            out_trade_no: out_trade_no.to_string(),
            out_e_commerce_no: order.order_sn.clone(),
            taobao_oaid: String::new(),
            partner: PARTNER.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Secret;
    use crate::api::waybill::Sender;

    #[test]
    fn save_trade_answer_fixture() {
        let body = include_str!("../../../tests/fixtures/waybill_save_trade_response_seed000.json");
        let r: Reply<SaveTradeData> = serde_json::from_str(body).unwrap();
        assert!(r.is_success());
        let d = r.data.unwrap();
        assert_eq!(d.ecode_no, "9885532483522");
        assert_eq!(d.out_trade_no, "API2D5435594703787256849");
        assert_eq!(d.express_print_data["package_id"], "1");
    }

    #[test]
    fn expired_token_answer() {
        let r: Reply =
            serde_json::from_str(r#"{"code":40001,"msg":"access_token已过期"}"#).unwrap();
        assert!(r.is_token_expired() && !r.is_success());
        let r: Reply = serde_json::from_str(r#"{"code":0,"msg":"access_token 已过期"}"#).unwrap();
        assert!(r.is_token_expired());
        let r: Reply =
            serde_json::from_str(r#"{"code":0,"msg":"参数错误: out_trade_no"}"#).unwrap();
        assert!(!r.is_token_expired());
    }

    #[test]
    fn body_from_seed_003_order() {
        let v: serde_json::Value = serde_json::from_str(include_str!(
            "../../../tests/fixtures/fw199_order_detail_seed003.json"
        ))
        .unwrap();
        let order: Order = serde_json::from_value(v["data"].clone()).unwrap();
        let config = Config {
            base_url: String::new(),
            client_id: "c".into(),
            client_secret: Secret::new("s"),
            ptemp_id: "1696".into(),
            courier_id: Some(85),
            sender: Sender {
                name: "胖大熊".into(),
                mobile: "15019712643".into(),
                province: "上海市".into(),
                city: "上海市".into(),
                district: "青浦区".into(),
                address: "1号仓库".into(),
            },
        };
        let body = SaveTrade::from_order(&order, "PDDTUI-x", &config);
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["trade"]["receiver_name"], order.receiver_name);
        assert!(
            json["trade"]["receiver_mobile"]
                .as_str()
                .unwrap()
                .starts_with('$')
        );
        assert_eq!(json["trade"]["receiver_district"], "浦东新区");
        assert_eq!(json["trade"]["payment"], "15.00");
        assert_eq!(json["trade"]["sender_name"], "胖大熊");
        assert_eq!(json["out_e_commerce_no"], "210317-001532562392221");
        assert_eq!(json["out_trade_no"], "PDDTUI-x");
        assert_eq!(json["ptemp_id"], "1696");
        assert_eq!(json["_partner"], PARTNER);
        assert_eq!(
            json["orders"][0]["title"],
            "A4白纸一张十圆不支持退货,不要乱拍!"
        );
        assert_eq!(json["orders"][0]["order_sku_id"], "s50cm");
        assert_eq!(json["orders"][0]["num"], "1");
        assert_eq!(json["orders"][0]["payment"], "15.00");
    }
}
