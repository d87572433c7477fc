//! The faults every service shares (latency, 502s, malformed bodies, hangs), as one middleware
//! around the service routes; ship-specific faults live in the ship handlers.

use super::state::Sim;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;

/// The page nginx sends when the service behind it is down, as a shop's gateway proxy would.
pub const BAD_GATEWAY: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n";
const ERROR_PAGE: &str =
    "<html><head><title>系统繁忙</title></head><body>系统繁忙,请稍后再试</body></html>";

pub async fn layer(State(sim): State<Arc<Sim>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let f = sim.faults();
    if f.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(f.latency_ms)).await;
    }
    if f.hang {
        sim.log(&path, None, "fault:hang");
        std::future::pending::<()>().await;
    }
    if sim.roll(f.fail_rate) {
        sim.log(&path, None, "fault:fail");
        return html(StatusCode::BAD_GATEWAY, BAD_GATEWAY.into());
    }
    let resp = next.run(req).await;
    if !sim.roll(f.malformed_rate) {
        return resp;
    }
    sim.log(&path, None, "fault:malformed");
    // Half the time the real answer cut in half, otherwise an HTML error page with status 200.
    if sim.roll(0.5) {
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        let cut = bytes.slice(..bytes.len() / 2);
        let mut r = Response::new(Body::from(cut));
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/json"),
        );
        r
    } else {
        html(StatusCode::OK, ERROR_PAGE.into())
    }
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}
