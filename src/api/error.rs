//! The one error type of every gateway call. Its variants tell apart what an operator and the durable
//! shipping logic must treat differently: "never sent" can be retried, "sent, answer lost" must be checked.

use crate::domain::ValidationError;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The connection could not be made: the request never left this machine.
    #[error("cannot connect to {url}: {detail}")]
    Connect { url: String, detail: String },
    /// No answer in time (or the connection dropped after the request was sent): the outcome is unknown.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// The connection broke after the request was sent, before an answer: the outcome is unknown.
    #[error("connection lost before an answer: {0}")]
    ConnectionLost(String),
    #[error("HTTP status {status}: {snippet}")]
    Http { status: u16, snippet: String },
    /// The body was not the JSON we expect (an HTML error page, truncated JSON). Keeps its first 200 characters.
    #[error("unreadable answer ({reason}): {snippet}")]
    Decode { reason: String, snippet: String },
    /// The gateway said no (`code` ≠ 0, or `success` false in the inner layer of the note endpoint).
    #[error("gateway error {code}: {message}")]
    Gateway { code: i64, message: String },
    /// Shop not bound, or the seller's authorization expired: the operator must re-authorize.
    #[error("authorization: {0}")]
    Unauthorized(String),
    #[error("signature rejected: {0}")]
    BadSignature(String),
    #[error("rate limited: {0}")]
    RateLimited(String),
    /// PDD's random interception of external waybill numbers: `接口超时,XX秒后重试`.
    #[error("intercepted by PDD, retry after {retry_after_secs} s: {message}")]
    Intercepted {
        retry_after_secs: u64,
        message: String,
    },
    /// Invalid input, caught before anything was sent.
    #[error("{0}")]
    Validation(#[from] ValidationError),
    /// More orders in one second than the gateway pages to (`page × page_size ≤ reach`): that second
    /// cannot be split further, so its orders cannot all be listed. `start`/`end` in Unix seconds.
    #[error(
        "more orders between {} and {} than the gateway can page through ({} found, at most {reach})",
        beijing(*start),
        beijing(*end),
        total.map_or("?".to_string(), |t| t.to_string())
    )]
    BeyondReach {
        start: i64,
        end: i64,
        total: Option<i64>,
        reach: u64,
    },
    /// The profile's gateway has no such operation (a note on pddshuju).
    #[error("the {gateway} gateway cannot {operation}")]
    Unsupported {
        gateway: &'static str,
        operation: &'static str,
    },
}

impl ApiError {
    /// True when the request may have been applied although we have no answer: a ship in this state
    /// must be reconciled (read back), never blindly re-sent.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            ApiError::Timeout(_) | ApiError::ConnectionLost(_) | ApiError::Decode { .. }
        ) || matches!(self, ApiError::Http { status, .. } if *status >= 500)
    }

    /// True when nothing can have happened on the server.
    pub fn never_sent(&self) -> bool {
        matches!(
            self,
            ApiError::Connect { .. } | ApiError::Validation(_) | ApiError::Unsupported { .. }
        )
    }
}

/// Unix seconds as Beijing wall time, for messages.
pub fn beijing(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map(crate::domain::time::format_beijing)
        .unwrap_or_else(|_| secs.to_string())
}

/// The first 200 characters of a body, for messages (sanitized: the body is network text).
pub fn snippet(body: &str) -> String {
    let s: String = body.chars().take(200).collect();
    crate::domain::text::sanitize(&s)
}

/// A decode failure. The reason is sanitized too: serde quotes the offending value, which is network text.
pub fn decode_failure(reason: &str, body: &str) -> ApiError {
    ApiError::Decode {
        reason: crate::domain::text::sanitize(reason),
        snippet: snippet(body),
    }
}

/// Parses the seconds of PDD's interception message `接口超时,30秒后重试` (any comma, any spacing).
pub fn intercept_seconds(message: &str) -> Option<u64> {
    if !message.contains("接口超时") {
        return None;
    }
    let idx = message.find("秒后重试")?;
    let before = &message[..idx];
    let digits: String = before
        .chars()
        .rev()
        .skip_while(|c| c.is_whitespace())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let digits: String = digits.chars().rev().collect();
    digits.parse().ok()
}

/// Sorts a gateway's failure message into the variant that tells the operator what to do.
/// The real gateways' codes are not documented, so this goes by the message text (see the API reference).
pub fn classify(code: i64, message: &str) -> ApiError {
    // The gateway's message is network text: it enters here, so it is sanitized here.
    let m = crate::domain::text::sanitize(message);
    if let Some(secs) = intercept_seconds(message) {
        return ApiError::Intercepted {
            retry_after_secs: secs,
            message: m,
        };
    }
    let lower = message.to_lowercase();
    if message.contains("签名") || lower.contains("sign") {
        return ApiError::BadSignature(m);
    }
    if message.contains("未绑定店铺") || message.contains("授权") || lower.contains("auth") {
        return ApiError::Unauthorized(m);
    }
    if message.contains("频率")
        || message.contains("限流")
        || lower.contains("rate limit")
        || code == 429
    {
        return ApiError::RateLimited(m);
    }
    ApiError::Gateway { code, message: m }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_interception_seconds() {
        assert_eq!(intercept_seconds("接口超时,30秒后重试"), Some(30));
        assert_eq!(intercept_seconds("接口超时，5 秒后重试"), Some(5));
        assert_eq!(intercept_seconds("接口超时"), None);
        assert_eq!(intercept_seconds("30秒后重试"), None);
    }

    #[test]
    fn classifies_messages() {
        assert!(matches!(
            classify(1, "接口超时,45秒后重试"),
            ApiError::Intercepted {
                retry_after_secs: 45,
                ..
            }
        ));
        assert!(matches!(
            classify(500, "未绑定店铺,请绑定店铺之后再继续操作"),
            ApiError::Unauthorized(_)
        ));
        assert!(matches!(
            classify(1, "授权已过期,请重新授权"),
            ApiError::Unauthorized(_)
        ));
        assert!(matches!(classify(1, "签名错误"), ApiError::BadSignature(_)));
        assert!(matches!(
            classify(1, "调用频率超限"),
            ApiError::RateLimited(_)
        ));
        assert!(matches!(
            classify(7, "订单已发货"),
            ApiError::Gateway { code: 7, .. }
        ));
    }

    #[test]
    fn messages_and_reasons_are_sanitized() {
        let ApiError::Gateway { message, .. } = classify(7, "\x1b]0;pwned\x07订单") else {
            panic!("not a gateway error");
        };
        assert_eq!(message, "\u{241b}]0;pwned\u{2407}订单");
        let ApiError::Decode { reason, snippet } =
            decode_failure("bad \u{9b}2J", "<h1>\x1b[2J</h1>")
        else {
            panic!("not a decode error");
        };
        assert!(!reason.contains('\u{9b}') && !snippet.contains('\x1b'));
    }

    #[test]
    fn unknown_outcomes() {
        assert!(ApiError::Timeout(Duration::from_secs(15)).outcome_unknown());
        assert!(ApiError::ConnectionLost("reset".into()).outcome_unknown());
        assert!(
            !ApiError::Connect {
                url: "x".into(),
                detail: "refused".into()
            }
            .outcome_unknown()
        );
        assert!(
            ApiError::Connect {
                url: "x".into(),
                detail: "refused".into()
            }
            .never_sent()
        );
        assert!(
            !ApiError::Gateway {
                code: 1,
                message: "no".into()
            }
            .outcome_unknown()
        );
    }
}
