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
    /// An error status; `snippet` is what the body says (`http_summary`), never an HTML page's markup.
    #[error("{}", http_text(*status, snippet))]
    Http { status: u16, snippet: String },
    /// The body was not the JSON we expect (an HTML error page, truncated JSON). Keeps its first 200
    /// characters, or for an HTML page only its title (reason `HTML`).
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

/// `HTTP 502 Bad Gateway`, then what the body said, if anything.
fn http_text(status: u16, snippet: &str) -> String {
    let head = format!("HTTP {status} {}", reason_phrase(status));
    let head = head.trim_end();
    if snippet.is_empty() {
        head.to_string()
    } else {
        format!("{head}: {snippet}")
    }
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

/// Characters of a body quoted in a message; a longer one is cut and ends with `…`.
const SNIPPET_CHARS: usize = 200;
/// Columns of an HTML page's title quoted in a message.
const TITLE_COLS: usize = 60;

/// The first 200 characters of a body, for messages (sanitized: the body is network text); a longer
/// body ends with `…`.
pub fn snippet(body: &str) -> String {
    let mut s: String = body.chars().take(SNIPPET_CHARS).collect();
    if body.chars().nth(SNIPPET_CHARS).is_some() {
        s.pop();
        s.push('…');
    }
    crate::domain::text::sanitize(&s)
}

/// What an answer's body says, for a message, never its raw markup: an HTML page (a proxy's 502, a
/// maintenance page) is its `<title>` only (cut with `…`, empty without one); a JSON body or a short
/// plain text is quoted (`snippet`); any other body longer than a line is left out.
pub fn body_summary(body: &str) -> String {
    let t = body.trim();
    if is_html(t) {
        return html_title(t).unwrap_or_default();
    }
    if t.starts_with('{') || t.starts_with('[') || t.chars().count() <= 80 {
        return snippet(t);
    }
    String::new()
}

/// The summary of an error status's body without what the status line says already (nginx's page is
/// titled `502 Bad Gateway`).
pub fn http_summary(status: u16, body: &str) -> String {
    let summary = body_summary(body);
    let reason = reason_phrase(status);
    let said = format!("{status} {reason}");
    let same =
        |s: &str| s.trim().eq_ignore_ascii_case(said.trim()) || s.eq_ignore_ascii_case(reason);
    if same(&summary) {
        String::new()
    } else {
        summary
    }
}

/// The standard reason phrase of an HTTP status (`Bad Gateway`), empty for a status without one.
pub fn reason_phrase(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

/// A page of markup: it opens with a tag and has the tags of a page near its top.
fn is_html(t: &str) -> bool {
    let head = t
        .trim_start_matches('\u{feff}')
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with('<')
        && ["<!doctype html", "<html", "<head", "<body", "<title"]
            .iter()
            .any(|tag| head.contains(tag))
}

/// The text of the page's `<title>`: entities of markup decoded, blanks folded, sanitized, cut with `…`.
fn html_title(page: &str) -> Option<String> {
    let lower = page.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let raw = page.get(start..end)?;
    let text = raw
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let clean = crate::domain::text::sanitize(&folded);
    (!clean.is_empty()).then(|| crate::domain::text::truncate(&clean, TITLE_COLS))
}

/// A decode failure. The reason is sanitized too: serde quotes the offending value, which is network text.
/// An HTML page where JSON was expected says so, with its title, instead of its markup.
pub fn decode_failure(reason: &str, body: &str) -> ApiError {
    if is_html(body.trim()) {
        return ApiError::Decode {
            reason: "HTML".into(),
            snippet: body_summary(body),
        };
    }
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
    fn an_html_page_is_its_title_never_its_markup() {
        let nginx = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
                     <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n\
                     </body>\r\n</html>\r\n";
        assert_eq!(body_summary(nginx), "502 Bad Gateway");
        // The status line says it already.
        assert_eq!(http_summary(502, nginx), "");
        let busy = format!(
            "<!DOCTYPE html><html><head><meta charset=utf-8><TITLE>\n  系统繁忙 &amp; 维护中\x1b[2J </TITLE>\
             </head><body>{}</body></html>",
            "<p>请稍后再试</p>".repeat(50)
        );
        assert_eq!(http_summary(503, &busy), "系统繁忙 & 维护中\u{241b}[2J");
        let long_title = format!(
            "<html><head><title>{}</title></head></html>",
            "很长".repeat(40)
        );
        let t = body_summary(&long_title);
        assert!(
            t.ends_with('…') && crate::domain::text::width(&t) <= TITLE_COLS,
            "{t}"
        );
        assert_eq!(body_summary("<html><body><h1>oops</h1></body></html>"), "");
        // Any other long body is left out; JSON and a short text are quoted.
        assert_eq!(body_summary(&"x".repeat(500)), "");
        assert_eq!(body_summary("Bad Gateway"), "Bad Gateway");
        assert_eq!(
            body_summary(r#"{"code":1,"message":"no"}"#),
            r#"{"code":1,"message":"no"}"#
        );
        let json = format!(r#"{{"message":"{}"}}"#, "y".repeat(400));
        let cut = body_summary(&json);
        assert!(cut.ends_with('…') && cut.chars().count() == 200, "{cut}");
    }

    #[test]
    fn an_error_status_reads_with_its_reason_phrase() {
        let e = ApiError::Http {
            status: 502,
            snippet: String::new(),
        };
        assert_eq!(e.to_string(), "HTTP 502 Bad Gateway");
        let e = ApiError::Http {
            status: 503,
            snippet: "系统繁忙".into(),
        };
        assert_eq!(e.to_string(), "HTTP 503 Service Unavailable: 系统繁忙");
        let html = decode_failure(
            "expected value at line 1 column 1",
            "<html><head><title>系统繁忙</title></head><body>x</body></html>",
        );
        assert_eq!(
            html,
            ApiError::Decode {
                reason: "HTML".into(),
                snippet: "系统繁忙".into()
            }
        );
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
