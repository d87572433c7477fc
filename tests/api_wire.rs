//! The fw199 client against tiny scripted servers, for answers the simulator never gives: bare-array pages,
//! HTTP 429, a page that says `has_next` while the window is done. Each server counts the calls it got.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use jiff::{SignedDuration, Timestamp};
use pddtui::api::{ApiError, HttpOptions, Secret, StatusFilter, fw199};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

type Script = fn(&HashMap<String, String>) -> Response;

struct Served {
    base: String,
    calls: Arc<AtomicUsize>,
}

async fn serve(script: Script) -> Served {
    let calls = Arc::new(AtomicUsize::new(0));
    let app = Router::new()
        .route(
            "/gateway/pdd/order/list",
            post(
                move |State(calls): State<Arc<AtomicUsize>>, body: Bytes| async move {
                    calls.fetch_add(1, Ordering::SeqCst);
                    let params: HashMap<String, String> =
                        url::form_urlencoded::parse(&body).into_owned().collect();
                    script(&params)
                },
            ),
        )
        .with_state(calls.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    Served {
        base: format!("http://{addr}"),
        calls,
    }
}

fn client(base: &str) -> fw199::Client {
    fw199::Client::new(
        fw199::Config {
            base_url: base.into(),
            appid: "a".into(),
            seller_nick: "s".into(),
            secret: Secret::new("k"),
        },
        HttpOptions::default(),
    )
    .unwrap()
}

/// `n` orders of one page, numbered from the page so that pages never repeat an order.
fn orders(page: usize, n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| json!({"order_sn": format!("210317-{:015}", page * 1000 + i), "order_status": 1}))
        .collect()
}

fn page_of(p: &HashMap<String, String>) -> usize {
    p.get("page").and_then(|s| s.parse().ok()).unwrap_or(0)
}

fn one_day() -> (Timestamp, Timestamp) {
    let end = Timestamp::from_second(1_700_000_000).unwrap();
    (end - SignedDuration::from_hours(24), end)
}

#[tokio::test]
async fn bare_array_pages_until_a_short_one() {
    let s = serve(|p| {
        assert_eq!(p.get("page_size").map(String::as_str), Some("100"));
        assert_eq!(p.get("use_has_next").map(String::as_str), Some("true"));
        assert!(p.contains_key("sign"));
        let n = if page_of(p) < 3 { 100 } else { 5 };
        axum::Json(json!({"code": 0, "message": "ok", "data": orders(page_of(p), n)}))
            .into_response()
    })
    .await;
    let (start, end) = one_day();
    let got = client(&s.base)
        .list_orders(StatusFilter::All, start, end)
        .await
        .unwrap();
    assert_eq!(got.len(), 205);
    assert_eq!(s.calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn has_next_decides_over_page_length() {
    // Full pages, but the second says it is the last: a third call would be wasted.
    let s = serve(|p| {
        let data = json!({"order_list": orders(page_of(p), 100), "total_count": 200, "has_next": page_of(p) < 2});
        axum::Json(json!({"code": 0, "message": "ok", "data": data})).into_response()
    })
    .await;
    let (start, end) = one_day();
    let got = client(&s.base)
        .list_orders(StatusFilter::Unshipped, start, end)
        .await
        .unwrap();
    assert_eq!(got.len(), 200);
    assert_eq!(s.calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn status_429_is_rate_limited_and_500_is_http() {
    let s = serve(|_| (StatusCode::TOO_MANY_REQUESTS, "slow down").into_response()).await;
    let (start, end) = one_day();
    let e = client(&s.base)
        .list_orders(StatusFilter::All, start, end)
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::RateLimited(_)), "{e:?}");
    let s =
        serve(|_| (StatusCode::INTERNAL_SERVER_ERROR, "<html>boom</html>").into_response()).await;
    let e = client(&s.base)
        .list_orders(StatusFilter::All, start, end)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, ApiError::Http { status: 500, snippet } if snippet.is_empty()),
        "{e:?}"
    );
    assert_eq!(e.to_string(), "HTTP 500 Internal Server Error");
}

/// With `total_count` the pages after the first are known, and all of them are fetched (side by side).
#[tokio::test]
async fn counted_pages_are_all_fetched() {
    let s = serve(|p| {
        let page = page_of(p);
        let n = if page < 3 { 100 } else { 50 };
        let has_next = page < 3;
        Json(json!({"code": 0, "message": "ok",
            "data": {"order_list": orders(page, n), "total_count": 250, "has_next": has_next}}))
        .into_response()
    })
    .await;
    let (start, end) = one_day();
    let list = client(&s.base)
        .list_orders(StatusFilter::Unshipped, start, end)
        .await
        .unwrap();
    assert_eq!(list.len(), 250);
    assert_eq!(
        s.calls.load(Ordering::SeqCst),
        3,
        "exactly the counted pages"
    );
}

/// A count that is too low (orders arrived between pages) does not lose the pages after it.
#[tokio::test]
async fn a_low_count_is_followed_by_has_next() {
    let s = serve(|p| {
        let page = page_of(p);
        let has_next = page < 4;
        Json(json!({"code": 0, "message": "ok",
            "data": {"order_list": orders(page, 100), "total_count": 200, "has_next": has_next}}))
        .into_response()
    })
    .await;
    let (start, end) = one_day();
    let list = client(&s.base)
        .list_orders(StatusFilter::Unshipped, start, end)
        .await
        .unwrap();
    assert_eq!(list.len(), 400);
    assert_eq!(s.calls.load(Ordering::SeqCst), 4);
}
