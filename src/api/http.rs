//! The HTTP layer shared by the three clients: timeouts, sending a form, reading a body into an error
//! variant that tells "never sent" from "answer lost".

use super::ApiError;
use super::error::{decode_failure, http_summary};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::time::Duration;

/// Largest answer body read: a gateway that streams without end must not fill the operator's memory.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Timeouts of every request. Connect 5 s, the whole request 15 s unless configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpOptions {
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(15),
        }
    }
}

/// One `reqwest::Client` per api client (it pools connections), with the timeouts baked in.
#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
    opts: HttpOptions,
}

impl Http {
    pub fn new(opts: HttpOptions) -> Result<Self, ApiError> {
        // `no_proxy`: an operator's HTTP(S)_PROXY must not silently reroute signed shop traffic.
        let client = reqwest::Client::builder()
            .connect_timeout(opts.connect_timeout)
            .timeout(opts.request_timeout)
            .no_proxy()
            .use_rustls_tls()
            .build()
            .map_err(|e| ApiError::Connect {
                url: String::new(),
                detail: error_text(e),
            })?;
        Ok(Http { client, opts })
    }

    pub fn options(&self) -> HttpOptions {
        self.opts
    }

    /// POSTs an url-encoded form; the body of a 2xx answer.
    pub async fn post_form(&self, url: &str, form: &[(&str, &str)]) -> Result<String, ApiError> {
        tracing::debug!(
            url,
            params = ?loggable(form),
            "POST form"
        );
        self.send(self.client.post(url).form(form), url).await
    }

    /// GETs `url?query`; `shown` is the address to name in errors and logs (no secrets in it).
    pub async fn get(
        &self,
        url: &str,
        query: &[(&str, &str)],
        shown: &str,
    ) -> Result<String, ApiError> {
        tracing::debug!(url = shown, "GET");
        self.send(self.client.get(url).query(query), shown).await
    }

    /// POSTs a JSON body to `url?query`; `shown` as in `get`.
    pub async fn post_json<B: Serialize + ?Sized>(
        &self,
        url: &str,
        query: &[(&str, &str)],
        body: &B,
        shown: &str,
    ) -> Result<String, ApiError> {
        tracing::debug!(url = shown, "POST json");
        self.send(self.client.post(url).query(query).json(body), shown)
            .await
    }

    async fn send(&self, req: reqwest::RequestBuilder, shown: &str) -> Result<String, ApiError> {
        let mut resp = req.send().await.map_err(|e| self.send_error(e, shown))?;
        let status = resp.status();
        // Reading the body can fail too; the request was sent by then, so no error here is "never sent".
        // Read chunk by chunk so that an endless body stops at the cap instead of filling memory.
        let mut bytes = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.read_error(e))? {
            if bytes.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(decode_failure(
                    &format!("answer larger than {MAX_BODY_BYTES} bytes"),
                    &String::from_utf8_lossy(&bytes),
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        // Undecodable text becomes U+FFFD where it enters: invalid UTF-8 here, lone surrogate escapes
        // (which serde_json would reject for the whole body) in `repair_surrogates`.
        let body = super::lenient::repair_surrogates(String::from_utf8_lossy(&bytes).into_owned());
        tracing::debug!(
            url = shown,
            status = status.as_u16(),
            len = body.len(),
            "answer"
        );
        // An error page (a proxy's 502) is summarised, never quoted: its status, reason and title.
        if status.as_u16() == 429 {
            let said = http_summary(429, &body);
            return Err(ApiError::RateLimited(if said.is_empty() {
                "HTTP 429".into()
            } else {
                format!("HTTP 429: {said}")
            }));
        }
        if !status.is_success() {
            return Err(ApiError::Http {
                status: status.as_u16(),
                snippet: http_summary(status.as_u16(), &body),
            });
        }
        Ok(body)
    }

    fn send_error(&self, e: reqwest::Error, shown: &str) -> ApiError {
        // Connect first: a connect timeout is also `is_timeout`, but nothing was sent.
        if e.is_connect() || e.is_builder() {
            ApiError::Connect {
                url: shown.to_string(),
                detail: error_text(e),
            }
        } else if e.is_timeout() {
            ApiError::Timeout(self.opts.request_timeout)
        } else {
            ApiError::ConnectionLost(error_text(e))
        }
    }

    fn read_error(&self, e: reqwest::Error) -> ApiError {
        if e.is_timeout() {
            ApiError::Timeout(self.opts.request_timeout)
        } else {
            ApiError::ConnectionLost(error_text(e))
        }
    }
}

/// Decodes a JSON body; anything else (an HTML page, truncated JSON) keeps its first 200 characters.
pub fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| decode_failure(&e.to_string(), body))
}

/// The error and its causes, without the URL: a waybill URL carries the token or the client secret.
fn error_text(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    // A TLS or proxy error can quote what the peer sent.
    crate::domain::text::sanitize(&text)
}

/// Parameters for a debug log: never the signature.
fn loggable<'a>(form: &'a [(&'a str, &'a str)]) -> Vec<&'a (&'a str, &'a str)> {
    form.iter().filter(|(k, _)| *k != "sign").collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_truncated_json_are_decode_errors() {
        let html = format!(
            "<html><body><h1>502 Bad Gateway</h1>{}</body></html>",
            "x".repeat(400)
        );
        match decode::<serde_json::Value>(&html) {
            // A page is named, never quoted: it has no title, so nothing of it is shown.
            Err(ApiError::Decode { reason, snippet }) => {
                assert_eq!((reason.as_str(), snippet.as_str()), ("HTML", ""));
            }
            other => panic!("{other:?}"),
        }
        match decode::<serde_json::Value>(&format!("[1,{}", "2,".repeat(300))) {
            Err(ApiError::Decode { snippet, .. }) => {
                assert!(snippet.starts_with("[1,2,") && snippet.ends_with('…'));
                assert_eq!(snippet.chars().count(), 200);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            decode::<serde_json::Value>(r#"{"code":0,"message":"ok","da"#),
            Err(ApiError::Decode { .. })
        ));
    }

    #[test]
    fn logs_leave_out_the_signature() {
        let form = [("appid", "a"), ("sign", "secretsig")];
        let shown = format!("{:?}", loggable(&form));
        assert!(!shown.contains("secretsig"));
        assert!(shown.contains("appid"));
    }

    #[tokio::test]
    async fn an_oversized_body_is_a_decode_error() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 4096];
            let _ = sock.read(&mut buf).await;
            let len = MAX_BODY_BYTES + 1024;
            let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {len}\r\n\r\n");
            let _ = sock.write_all(head.as_bytes()).await;
            let _ = sock.write_all(&vec![b'{'; len]).await;
        });
        let http = Http::new(HttpOptions::default()).unwrap();
        let err = http
            .post_form(&format!("http://{addr}/x"), &[("a", "b")])
            .await
            .unwrap_err();
        assert!(
            matches!(&err, ApiError::Decode { reason, .. } if reason.contains("larger than")),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn closed_port_is_connect_and_never_sent() {
        let http = Http::new(HttpOptions::default()).unwrap();
        // Port 9 (discard) has no listener on a test host: the connection is refused.
        let err = http
            .post_form("http://127.0.0.1:9/x", &[("a", "b")])
            .await
            .unwrap_err();
        assert!(matches!(err, ApiError::Connect { .. }), "{err:?}");
        assert!(err.never_sent());
    }
}
