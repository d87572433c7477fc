//! The wire shapes of fw199: the `{code, message, data}` envelope, a list page (object or bare array),
//! the note endpoint's inner layer. Unknown fields are ignored; orders use `domain::Order` (detail shape).

use crate::api::lenient::{i64_any, string_any};
use crate::domain::Order;
use serde::{Deserialize, Serialize};

/// Every fw199 answer. `code` 0 is success; otherwise `message` says why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T = serde_json::Value> {
    /// Required: a body without it is not an fw199 answer.
    #[serde(deserialize_with = "i64_any")]
    pub code: i64,
    #[serde(default, deserialize_with = "string_any")]
    pub message: String,
    #[serde(default = "Option::default")]
    pub data: Option<T>,
}

/// PDD's own list page. The gateway's shape is unconfirmed, so `ListPage::from_data` also takes a bare array.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListPage {
    #[serde(default)]
    pub order_list: Vec<Order>,
    #[serde(default)]
    pub total_count: Option<i64>,
    /// Absent in a bare-array answer: then a short page is the last one.
    #[serde(default)]
    pub has_next: Option<bool>,
    /// Orders of this page that could not be decoded at all, by name (see `lenient::decode_each`).
    #[serde(skip)]
    pub skipped: Vec<String>,
}

impl ListPage {
    /// `data` as `{order_list, total_count, has_next}` or as `[order…]`. Each order is decoded on its
    /// own: one that cannot be is skipped and named in `skipped`, and the page's others are kept.
    pub fn from_data(data: serde_json::Value) -> Result<ListPage, serde_json::Error> {
        let (items, mut page) = match data {
            serde_json::Value::Array(items) => (items, ListPage::default()),
            // A day without orders may come back as null: an empty last page.
            serde_json::Value::Null => {
                return Ok(ListPage {
                    has_next: Some(false),
                    ..ListPage::default()
                });
            }
            serde_json::Value::Object(mut map) => {
                let items = match map.remove("order_list") {
                    Some(serde_json::Value::Array(items)) => items,
                    Some(serde_json::Value::Null) | None => Vec::new(),
                    // Not a list at all: the page, not one order, is broken.
                    Some(other) => serde_json::from_value::<Vec<serde_json::Value>>(other)?,
                };
                (
                    items,
                    serde_json::from_value(serde_json::Value::Object(map))?,
                )
            }
            other => return serde_json::from_value(other),
        };
        let (orders, skipped) = crate::api::lenient::decode_each(items, "order page");
        page.order_list = orders;
        page.skipped = skipped;
        Ok(page)
    }
}

/// The inner layer of `order/noteupdate` (seed 002). Success needs `success: true` here as well.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NoteResult {
    #[serde(default)]
    pub success: bool,
    #[serde(default, deserialize_with = "i64_any")]
    pub error_code: i64,
    #[serde(default, deserialize_with = "string_any")]
    pub error_msg: String,
    #[serde(default, deserialize_with = "string_any")]
    pub request_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Fen;

    #[test]
    fn seed_003_detail_envelope() {
        let body = include_str!("../../../tests/fixtures/fw199_order_detail_seed003.json");
        let env: Envelope<Order> = serde_json::from_str(body).unwrap();
        assert_eq!(env.code, 0);
        let o = env.data.unwrap();
        assert_eq!(o.order_sn, "210317-001532562392221");
        assert_eq!(o.pay_amount, Fen(1500));
        assert_eq!(o.item_list[0].goods_price, Fen(1500));
        // 2021-03-17 19:16:30 Beijing is 11:16:30 UTC, whatever this host's zone is.
        assert_eq!(o.confirm_time.unwrap().as_second(), 1_615_979_790);
    }

    #[test]
    fn seed_001_ship_answer() {
        let body = include_str!("../../../tests/fixtures/fw199_ship_response_seed001.json");
        let env: Envelope<bool> = serde_json::from_str(body).unwrap();
        assert_eq!((env.code, env.data), (0, Some(true)));
    }

    #[test]
    fn seed_002_note_answer_both_layers() {
        let body = include_str!("../../../tests/fixtures/fw199_noteupdate_response_seed002.json");
        let env: Envelope<NoteResult> = serde_json::from_str(body).unwrap();
        assert_eq!(env.code, 0);
        let inner = env.data.unwrap();
        assert!(inner.success);
        assert_eq!(inner.error_code, 1_000_000);
        assert_eq!(inner.request_id, "16189153887002808");
    }

    #[test]
    fn failure_envelope_with_null_data() {
        let env: Envelope =
            serde_json::from_str(r#"{"code":20008,"message":"接口超时,30秒后重试","data":null}"#)
                .unwrap();
        assert_eq!(env.code, 20008);
        assert_eq!(env.data, None);
        assert!(serde_json::from_str::<Envelope>(r#"{"message":"ok"}"#).is_err());
    }

    #[test]
    fn list_page_object_or_bare_array() {
        let order = serde_json::json!({"order_sn": "210317-001532562392221", "order_status": 1});
        let page = ListPage::from_data(serde_json::json!({
            "order_list": [order.clone()], "total_count": 1, "has_next": false, "extra": 1
        }))
        .unwrap();
        assert_eq!(page.order_list.len(), 1);
        assert_eq!((page.total_count, page.has_next), (Some(1), Some(false)));
        let bare = ListPage::from_data(serde_json::json!([order.clone(), order])).unwrap();
        assert_eq!(bare.order_list.len(), 2);
        assert_eq!(bare.has_next, None);
        let empty = ListPage::from_data(serde_json::Value::Null).unwrap();
        assert!(empty.order_list.is_empty());
        assert!(ListPage::from_data(serde_json::json!("nope")).is_err());
    }

    #[test]
    fn an_undecodable_order_is_skipped_and_named() {
        let good = serde_json::json!({"order_sn": "210317-001532562392221", "order_status": 1});
        let bad = serde_json::json!({"order_sn": "210317-001532562392222", "item_list": "nope"});
        let page = ListPage::from_data(serde_json::json!({
            "order_list": [good.clone(), bad.clone(), good.clone()], "total_count": 3, "has_next": false
        }))
        .unwrap();
        assert_eq!(page.order_list.len(), 2);
        assert_eq!(page.skipped, vec!["210317-001532562392222".to_string()]);
        assert_eq!((page.total_count, page.has_next), (Some(3), Some(false)));
        let bare = ListPage::from_data(serde_json::json!([bad, good])).unwrap();
        assert_eq!((bare.order_list.len(), bare.skipped.len()), (1, 1));
    }
}
