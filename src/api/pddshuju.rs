//! Client of the pddshuju gateway (seed 000): order sync and batch ship. Signed form POSTs answered by
//! `{msg: "success", data}` or `{code: 500, msg}`; batch ship reports per order.

pub mod model;

use super::error::classify;
use super::http::{Http, decode};
use super::merge::{admit, dedup_sorted};
use super::vocab::{CONCURRENCY, PageSink, ShipOutcome, join};
use super::window::{self, LIST_WINDOW};
use super::{ApiError, HttpOptions, Secret};
use crate::domain::time::format_beijing;
use crate::domain::{Order, Redelivery, ShipRequest, validate};
use futures::{StreamExt, stream};
use jiff::Timestamp;
use model::{Reply, SendItem, SendResult, SyncOrder};
use std::collections::{HashMap, VecDeque};

pub const PATH_LIST: &str = "/gift_pdd_order_list_get";
pub const PATH_SEND: &str = "/gift_send";

#[derive(Debug, Clone)]
pub struct Config {
    pub base_url: String,
    pub ownuser: String,
    pub state: String,
    pub secret: Secret,
}

#[derive(Debug, Clone)]
pub struct Client {
    pub config: Config,
    http: Http,
}

impl Client {
    pub fn new(config: Config, http: HttpOptions) -> Result<Self, ApiError> {
        Ok(Client {
            config,
            http: Http::new(http)?,
        })
    }

    /// Unshipped orders confirmed in `[start, end)` (the gateway only knows the last 48 h), in ≤ 24 h calls.
    pub async fn list_orders(
        &self,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<Order>, ApiError> {
        Ok(self.list_orders_named(start, end).await?.0)
    }

    /// Like `list_orders`, with the names of the orders skipped because they could not be decoded.
    pub async fn list_orders_named(
        &self,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<(Vec<Order>, Vec<String>), ApiError> {
        let mut all = Vec::new();
        let skipped = self
            .list_orders_each(start, end, &mut |part| all.extend(part))
            .await?;
        Ok((dedup_sorted(all), skipped))
    }

    /// Like `list_orders`, handing each window's orders to `sink` as they arrive (sanitized, not merged);
    /// returns the names of the orders skipped because they could not be decoded.
    pub async fn list_orders_each(
        &self,
        start: Timestamp,
        end: Timestamp,
        sink: PageSink<'_>,
    ) -> Result<Vec<String>, ApiError> {
        let windows = window::split(start, end, LIST_WINDOW);
        let mut parts = stream::iter(windows)
            .map(|(s, e)| self.list_window(s, e))
            .buffer_unordered(CONCURRENCY);
        let mut skipped = Vec::new();
        while let Some(part) = parts.next().await {
            let (orders, names) = part?;
            skipped.extend(names);
            sink(orders);
        }
        Ok(skipped)
    }

    /// Ships in one call; one outcome per request, in the order given. A request that fails the checks is
    /// not sent (its outcome is the validation error); a failure of the whole call is every sent order's outcome,
    /// so a lost answer shows as "outcome unknown" on each order that may have shipped.
    pub async fn ship_batch(&self, reqs: &[ShipRequest]) -> Result<Vec<ShipOutcome>, ApiError> {
        let checked: Vec<Result<SendItem, ApiError>> = reqs.iter().map(send_item).collect();
        let items: Vec<SendItem> = checked
            .iter()
            .filter_map(|c| c.as_ref().ok().cloned())
            .collect();
        let mut answers = if items.is_empty() {
            Ok(HashMap::new())
        } else {
            self.send(&items).await
        };
        Ok(reqs
            .iter()
            .zip(checked)
            .map(|(req, check)| {
                let outcome = match (check, &mut answers) {
                    (Err(e), _) => Err(e),
                    (Ok(item), Ok(by_sn)) => by_sn
                        .get_mut(&item.order_sn)
                        .and_then(VecDeque::pop_front)
                        .unwrap_or_else(|| {
                            Err(ApiError::Decode {
                                reason: format!("no result for {}", item.order_sn),
                                snippet: String::new(),
                            })
                        }),
                    (Ok(_), Err(e)) => Err(e.clone()),
                };
                (req.order_sn.clone(), outcome)
            })
            .collect())
    }

    /// One window's orders, each decoded on its own: one that cannot be (not an order, or no readable
    /// confirm time) is skipped and named, the others kept.
    async fn list_window(
        &self,
        start: i64,
        end: i64,
    ) -> Result<(Vec<Order>, Vec<String>), ApiError> {
        let (Ok(s), Ok(e)) = (Timestamp::from_second(start), Timestamp::from_second(end)) else {
            return Ok((Vec::new(), Vec::new()));
        };
        let (data, body) = self
            .call(
                PATH_LIST,
                vec![("start", format_beijing(s)), ("end", format_beijing(e))],
            )
            .await?;
        let items: Vec<serde_json::Value> = if data.is_null() {
            Vec::new()
        } else {
            serde_json::from_value(data).map_err(|e| decode_error(e.to_string(), &body))?
        };
        let (synced, mut skipped) =
            super::lenient::decode_each::<SyncOrder>(items, "pddshuju orders");
        let mut orders = Vec::with_capacity(synced.len());
        for o in synced {
            let name = crate::domain::text::sanitize(&o.order_sn);
            match o.into_order() {
                Ok(order) => orders.push(admit(order)),
                Err(e) => {
                    let e = crate::domain::text::sanitize(&e);
                    tracing::warn!("pddshuju orders: skipped {name}, which cannot be decoded: {e}");
                    skipped.push(name);
                }
            }
        }
        Ok((orders, skipped))
    }

    /// One `gift_send`: per-order results by order number (a queue, in case a number is sent twice).
    async fn send(
        &self,
        items: &[SendItem],
    ) -> Result<HashMap<String, VecDeque<Result<(), ApiError>>>, ApiError> {
        let send_data =
            serde_json::to_string(items).map_err(|e| decode_error(e.to_string(), ""))?;
        let (data, body) = self.call(PATH_SEND, vec![("send_data", send_data)]).await?;
        let results: Vec<SendResult> =
            serde_json::from_value(data).map_err(|e| decode_error(e.to_string(), &body))?;
        let mut by_sn: HashMap<String, VecDeque<Result<(), ApiError>>> = HashMap::new();
        for r in results {
            let outcome = if r.is_success() {
                Ok(())
            } else {
                Err(classify(r.code.unwrap_or(0), &r.msg))
            };
            by_sn.entry(r.order_sn).or_default().push_back(outcome);
        }
        Ok(by_sn)
    }

    /// Signs over exactly the texts that go into the form (the server checks the raw `send_data` field).
    async fn call(
        &self,
        path: &str,
        business: Vec<(&'static str, String)>,
    ) -> Result<(serde_json::Value, String), ApiError> {
        let mut params: Vec<(&str, String)> = vec![
            ("ownuser", self.config.ownuser.clone()),
            ("state", self.config.state.clone()),
        ];
        params.extend(business);
        let borrowed: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let sign = super::sign::pddshuju(&borrowed, self.config.secret.expose());
        let mut form = borrowed;
        form.push(("sign", &sign));
        let body = self
            .http
            .post_form(&join(&self.config.base_url, path), &form)
            .await?;
        let data = open_reply(&body)?;
        Ok((data, body))
    }
}

/// The `data` of a successful answer; `{code: 500, msg}` becomes the variant its message calls for.
pub fn open_reply(body: &str) -> Result<serde_json::Value, ApiError> {
    let reply: Reply = decode(body)?;
    if reply.is_success() {
        return Ok(reply.data.unwrap_or(serde_json::Value::Null));
    }
    if reply.code.is_none() && reply.msg.trim().is_empty() {
        return Err(decode_error("neither msg nor code".into(), body));
    }
    Err(classify(reply.code.unwrap_or(0), &reply.msg))
}

/// The checked wire item of one request. This gateway cannot modify a shipment.
fn send_item(req: &ShipRequest) -> Result<SendItem, ApiError> {
    let sn = validate::order_sn(&req.order_sn)?;
    let tracking = validate::tracking_number(&req.tracking_number)?;
    if req.logistics_id <= 0 {
        return Err(validate::ValidationError::CourierUnknown(req.logistics_id).into());
    }
    if req.redelivery == Redelivery::Modify {
        return Err(ApiError::Unsupported {
            gateway: "pddshuju",
            operation: "modify a shipment",
        });
    }
    Ok(SendItem {
        order_sn: sn.to_string(),
        logistics_id: req.logistics_id.to_string(),
        tracking_number: tracking,
    })
}

fn decode_error(reason: String, body: &str) -> ApiError {
    super::error::decode_failure(&reason, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_fixture_is_unauthorized() {
        let body = include_str!("../../tests/fixtures/pddshuju_error_response_seed000.json");
        assert!(matches!(open_reply(body), Err(ApiError::Unauthorized(_))));
        assert!(matches!(
            open_reply(r#"{"code":500,"msg":"签名错误"}"#),
            Err(ApiError::BadSignature(_))
        ));
        assert!(matches!(
            open_reply(r#"{"code":500,"msg":"参数错误: start"}"#),
            Err(ApiError::Gateway { code: 500, .. })
        ));
        assert!(matches!(open_reply("{}"), Err(ApiError::Decode { .. })));
        assert!(matches!(open_reply("<html>"), Err(ApiError::Decode { .. })));
    }

    #[tokio::test]
    async fn invalid_requests_are_not_sent() {
        let c = Client::new(
            Config {
                base_url: "http://127.0.0.1:9".into(),
                ownuser: "demo-owner".into(),
                state: "demo-state".into(),
                secret: Secret::new("demo-secret"),
            },
            HttpOptions::default(),
        )
        .unwrap();
        let good = ShipRequest::unchecked(
            "210317-001532562392221",
            85,
            "YT1234567890123",
            Redelivery::First,
        );
        let bad = ShipRequest::unchecked("210317-001532562392221", 85, "YT 1", Redelivery::First);
        let out = c.ship_batch(std::slice::from_ref(&bad)).await.unwrap();
        assert!(matches!(out[0].1, Err(ApiError::Validation(_))));
        // Mixed: the bad one is refused locally, the good one goes out (and meets the dead address).
        let out = c.ship_batch(&[bad, good]).await.unwrap();
        assert!(matches!(out[0].1, Err(ApiError::Validation(_))));
        assert!(matches!(out[1].1, Err(ApiError::Connect { .. })));
    }
}
