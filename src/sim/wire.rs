//! Wire patches (CONTRACT.md "Wire patches"): raw text replacements applied to every gateway answer, so a
//! test can send what no well-formed order holds (a lone surrogate escape, a field of the wrong shape).

use super::state::Sim;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Every `find` in an answer's body becomes `replace`, byte for byte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WirePatch {
    pub find: String,
    pub replace: String,
}

/// The middleware: answers pass unchanged while no patch is set.
pub async fn layer(State(sim): State<Arc<Sim>>, req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let patches = sim.lock().patches.clone();
    if patches.is_empty() {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let mut text = String::from_utf8_lossy(&bytes).into_owned();
    for p in &patches {
        text = text.replace(&p.find, &p.replace);
    }
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(text))
}
