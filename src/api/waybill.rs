//! Client of the waybill service (seed 000, 获取快递单号): a cached access token, then `save_trade`, which
//! answers the tracking number. The client secret and the token travel in URLs, so URLs are never logged.

pub mod model;
pub mod token;

use super::error::{classify, snippet};
use super::http::{Http, decode};
use super::vocab::join;
use super::{ApiError, HttpOptions, Secret};
use crate::domain::{Order, validate};
use model::{Reply, SaveTrade, SaveTradeData, TokenData};
use std::time::Instant;
use token::{Cached, TokenCache};

pub const PATH_TOKEN: &str = "/api/token";
pub const PATH_SAVE_TRADE: &str = "/api/free/entry/save_trade";
/// `_partner`: the third party's name as the service records it.
pub const PARTNER: &str = "pddtui";

/// The sender printed on the waybill.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sender {
    pub name: String,
    pub mobile: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub address: String,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub base_url: String,
    pub client_id: String,
    pub client_secret: Secret,
    pub ptemp_id: String,
    /// The courier (PDD logistics id) whose numbers the template issues; the service does not say it.
    pub courier_id: Option<i64>,
    pub sender: Sender,
}

/// Clones share one token.
#[derive(Debug, Clone)]
pub struct Client {
    pub config: Config,
    http: Http,
    token: TokenCache,
}

/// The `out_trade_no` of an order: derived from the order number, so a repeated call gets the same number.
pub fn out_trade_no(order_sn: &str) -> String {
    format!("PDDTUI-{order_sn}")
}

/// What one `save_trade` attempt came to.
enum Attempt {
    Number(String),
    TokenExpired,
}

impl Client {
    pub fn new(config: Config, http: HttpOptions) -> Result<Self, ApiError> {
        Ok(Client {
            config,
            http: Http::new(http)?,
            token: TokenCache::default(),
        })
    }

    /// Takes a tracking number for `order` (idempotent per `out_trade_no`). An expired token is renewed once
    /// and the call repeated once; the same `out_trade_no` makes the repeat safe.
    pub async fn take_number(&self, order: &Order, out_trade_no: &str) -> Result<String, ApiError> {
        validate::order_sn(&order.order_sn)?;
        if out_trade_no.trim().is_empty() {
            return Err(ApiError::Gateway {
                code: 0,
                message: "out_trade_no is empty".into(),
            });
        }
        let body = SaveTrade::from_order(order, out_trade_no.trim(), &self.config);
        let token = self.token(None).await?;
        match self.save_trade(&token, &body).await? {
            Attempt::Number(n) => Ok(n),
            Attempt::TokenExpired => {
                let token = self.token(Some(&token)).await?;
                match self.save_trade(&token, &body).await? {
                    Attempt::Number(n) => Ok(n),
                    Attempt::TokenExpired => Err(ApiError::Unauthorized(
                        "access_token expired again right after renewal".into(),
                    )),
                }
            }
        }
    }

    /// The cached token, or a new one. `stale`: the token the service just called expired; renew unless
    /// another clone already has.
    async fn token(&self, stale: Option<&Secret>) -> Result<Secret, ApiError> {
        let mut slot = self.token.slot.lock().await;
        if let Some(c) = slot.as_ref()
            && c.is_fresh(Instant::now())
            && stale != Some(&c.token)
        {
            return Ok(c.token.clone());
        }
        *slot = None;
        let fresh = self.fetch_token().await?;
        let token = fresh.token.clone();
        *slot = Some(fresh);
        Ok(token)
    }

    async fn fetch_token(&self) -> Result<Cached, ApiError> {
        let url = join(&self.config.base_url, PATH_TOKEN);
        let query = [
            ("client_id", self.config.client_id.as_str()),
            ("client_secret", self.config.client_secret.expose()),
        ];
        let body = self.http.get(&url, &query, &url).await?;
        let reply: Reply<TokenData> = decode(&body).map_err(withhold_token)?;
        if !reply.is_success() {
            return Err(token_refusal(reply.code, &reply.msg));
        }
        match reply.data {
            Some(d) if !d.access_token.is_empty() => Ok(Cached::new(
                Secret::new(d.access_token),
                d.expires_in,
                Instant::now(),
            )),
            _ => Err(ApiError::Decode {
                reason: "token answer without access_token".into(),
                snippet: String::new(),
            }),
        }
    }

    async fn save_trade(&self, token: &Secret, body: &SaveTrade) -> Result<Attempt, ApiError> {
        let url = join(&self.config.base_url, PATH_SAVE_TRADE);
        let answer = self
            .http
            .post_json(&url, &[("access_token", token.expose())], body, &url)
            .await?;
        let reply: Reply<SaveTradeData> = decode(&answer)?;
        if reply.is_token_expired() {
            return Ok(Attempt::TokenExpired);
        }
        if !reply.is_success() {
            return Err(classify(reply.code, &reply.msg));
        }
        match reply.data {
            Some(d) if !d.ecode_no.trim().is_empty() => Ok(Attempt::Number(
                crate::domain::text::sanitize(d.ecode_no.trim()),
            )),
            _ => Err(ApiError::Decode {
                reason: "save_trade answer without ecode_no".into(),
                snippet: snippet(&answer),
            }),
        }
    }
}

/// A refused token request. Wrong credentials are the secret's fault, like a rejected signature elsewhere.
fn token_refusal(code: i64, msg: &str) -> ApiError {
    if msg.contains("client_secret") || msg.contains("client_id") {
        ApiError::BadSignature(crate::domain::text::sanitize(msg))
    } else {
        classify(code, msg)
    }
}

/// A token answer that did not decode may still hold the token: keep it out of the message.
fn withhold_token(e: ApiError) -> ApiError {
    match e {
        ApiError::Decode { reason, snippet } if snippet.contains("access_token") => {
            ApiError::Decode {
                reason,
                snippet: "(token answer withheld)".into(),
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_trade_no_is_stable() {
        assert_eq!(
            out_trade_no("210317-001532562392221"),
            "PDDTUI-210317-001532562392221"
        );
        assert_eq!(out_trade_no("a"), out_trade_no("a"));
    }

    #[test]
    fn token_refusals() {
        assert!(matches!(
            token_refusal(0, "client_id或client_secret错误"),
            ApiError::BadSignature(_)
        ));
        assert!(matches!(
            token_refusal(0, "授权已过期"),
            ApiError::Unauthorized(_)
        ));
        let e = withhold_token(ApiError::Decode {
            reason: "eof".into(),
            snippet: r#"{"code":1,"data":{"access_token":"tok-123"#.into(),
        });
        assert!(!format!("{e:?}").contains("tok-123"));
    }

    #[tokio::test]
    async fn secrets_stay_out_of_errors() {
        let c = Client::new(
            Config {
                base_url: "http://127.0.0.1:9".into(),
                client_id: "demo-client".into(),
                client_secret: Secret::new("super-secret-value"),
                ptemp_id: "1".into(),
                courier_id: Some(85),
                sender: Sender::default(),
            },
            HttpOptions::default(),
        )
        .unwrap();
        let order = Order {
            order_sn: "210317-001532562392221".into(),
            ..Order::default()
        };
        let err = c.take_number(&order, "PDDTUI-x").await.unwrap_err();
        assert!(matches!(err, ApiError::Connect { .. }), "{err:?}");
        let shown = format!("{err} {err:?} {c:?}");
        assert!(!shown.contains("super-secret-value"), "{shown}");
        let bad = Order {
            order_sn: "nope".into(),
            ..Order::default()
        };
        assert!(matches!(
            c.take_number(&bad, "PDDTUI-x").await,
            Err(ApiError::Validation(_))
        ));
    }
}
