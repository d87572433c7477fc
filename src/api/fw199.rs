//! Client of the fw199 partner gateway (seeds 001–003): order list, incremental list, detail, couriers,
//! ship and note update. Every call is a signed form POST answered by a `{code, message, data}` envelope.

pub mod model;
pub mod params;

use super::error::{classify, decode_failure};
use super::http::{Http, decode};
use super::merge::{admit, dedup_sorted};
use super::rate::{Backoff, Endpoint, Limiters, RateLimit, RateLimits};
use super::vocab::{CONCURRENCY, PageSink, StatusFilter, join};
use super::window::{self, INCREMENT_WINDOW, LIST_WINDOW};
use super::{ApiError, HttpOptions, Secret};
use crate::domain::{Courier, NoteRequest, Order, ShipRequest, validate};
use futures::{StreamExt, stream};
use jiff::Timestamp;
use model::{Envelope, ListPage, NoteResult};
use serde::de::DeserializeOwned;

/// Largest page the gateway serves.
pub const PAGE_SIZE: usize = 100;
/// How deep paging reaches: the gateway serves no page with `page × page_size` beyond this (README "Paging
/// reach"). A window with more orders is split in halves until each part fits.
pub const REACH: u64 = 100_000;

pub const PATH_LIST: &str = "/gateway/pdd/order/list";
pub const PATH_INCREMENT: &str = "/gateway/pdd/order/list/increment";
pub const PATH_DETAIL: &str = "/gateway/pdd/order/detail";
pub const PATH_COURIERS: &str = "/gateway/pdd/logistices/getcompany";
pub const PATH_SHIP: &str = "/gateway/pdd/logistices/onlinesend";
pub const PATH_NOTE: &str = "/gateway/pdd/order/noteupdate";

/// Orders from the wire, made safe to draw (each passes `admit` exactly once).
fn admitted(orders: Vec<Order>) -> Vec<Order> {
    orders.into_iter().map(admit).collect()
}

/// Where and as whom to call fw199.
#[derive(Debug, Clone)]
pub struct Config {
    pub base_url: String,
    pub appid: String,
    pub seller_nick: String,
    pub secret: Secret,
}

#[derive(Debug, Clone)]
pub struct Client {
    pub config: Config,
    http: Http,
    /// Requests in flight at once while listing.
    concurrency: usize,
    rate: Option<RateLimit>,
    limits: std::sync::Arc<Limiters>,
    backoff: Backoff,
    /// The deepest `page × PAGE_SIZE` asked for.
    reach: u64,
}

/// Which list endpoint and which parameter names bound its window.
struct ListKind {
    path: &'static str,
    start_key: &'static str,
    end_key: &'static str,
    extra: Vec<(&'static str, String)>,
    /// Pages after the first from the last one backwards, as PDD advises for the increment: an order
    /// changed meanwhile leaves the window and shifts the later ones forward, so an ascending read would
    /// miss one; a descending read sees it twice instead.
    descending: bool,
}

/// What the first page of a window says to do next.
enum Next {
    /// Nothing: it was the only page.
    Done,
    /// More orders than the reach: split it.
    Split,
    /// These pages, by number; the flag marks the last one counted.
    Pages(Vec<(u32, bool)>),
    /// No count: walk on page by page from this one.
    Walk(u32),
}

impl Client {
    pub fn new(config: Config, http: HttpOptions) -> Result<Self, ApiError> {
        Ok(Client {
            config,
            http: Http::new(http)?,
            concurrency: CONCURRENCY,
            rate: None,
            limits: Default::default(),
            backoff: Backoff::default(),
            reach: REACH,
        })
    }

    /// Per-endpoint limits a minute (the config's `[rate_limits]`), shared by every clone of this client.
    pub fn with_rate_limits(mut self, limits: RateLimits) -> Self {
        self.limits = std::sync::Arc::new(Limiters::new(limits));
        self
    }

    /// How a rate-limited answer is waited out.
    pub fn with_backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// How deep the gateway pages (`page × page_size`), when it is not `REACH` (a test simulator).
    pub fn with_reach(mut self, reach: u64) -> Self {
        self.reach = reach.max(PAGE_SIZE as u64);
        self
    }

    /// How many list requests may be in flight at once (at least 1).
    pub fn with_concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// At most `per_second` requests a second (0: no limit), shared by every clone of this client.
    pub fn with_rate_limit(mut self, per_second: u32) -> Self {
        self.rate = RateLimit::per_second(per_second);
        self
    }

    /// Orders confirmed in `[start, end)`, any length of range: cut into 24 h windows, every page of each.
    pub async fn list_orders(
        &self,
        status: StatusFilter,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<Order>, ApiError> {
        let mut all = Vec::new();
        self.list_orders_each(status, start, end, &mut |page| all.extend(page))
            .await?;
        Ok(dedup_sorted(all))
    }

    /// Like `list_orders`, with the names of the orders skipped because they could not be decoded.
    pub async fn list_orders_named(
        &self,
        status: StatusFilter,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<(Vec<Order>, Vec<String>), ApiError> {
        let mut all = Vec::new();
        let skipped = self
            .list_orders_each(status, start, end, &mut |page| all.extend(page))
            .await?;
        Ok((dedup_sorted(all), skipped))
    }

    /// Like `list_orders`, handing each page to `sink` as it arrives (sanitized, not yet merged: an order
    /// updated between two reads can come twice), so a caller never holds every whole order at once.
    /// Returns the names of the orders skipped because they could not be decoded.
    pub async fn list_orders_each(
        &self,
        status: StatusFilter,
        start: Timestamp,
        end: Timestamp,
        sink: PageSink<'_>,
    ) -> Result<Vec<String>, ApiError> {
        let kind = ListKind {
            path: PATH_LIST,
            start_key: "start_confirm_at",
            end_key: "end_confirm_at",
            extra: status_params(status),
            descending: false,
        };
        self.list(&kind, window::split(start, end, LIST_WINDOW), sink)
            .await
    }

    /// Orders updated in `[start, end)`, in 30 min windows, one copy of each (the newest). PDD advises
    /// ending ≥ 3 min before now: the caller's business, since only it knows what "now" to poll against.
    pub async fn list_orders_incremental(
        &self,
        status: StatusFilter,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<Order>, ApiError> {
        let mut all = Vec::new();
        // Skipped orders are named in the log by the decoder.
        self.list_orders_incremental_each(status, start, end, &mut |page| all.extend(page))
            .await?;
        Ok(dedup_sorted(all))
    }

    /// Like `list_orders_incremental`, handing each page to `sink` as it arrives (not merged).
    pub async fn list_orders_incremental_each(
        &self,
        status: StatusFilter,
        start: Timestamp,
        end: Timestamp,
        sink: PageSink<'_>,
    ) -> Result<Vec<String>, ApiError> {
        let mut extra = vec![("is_lucky_flag", "0".to_string())];
        extra.extend(status_params(status));
        let kind = ListKind {
            path: PATH_INCREMENT,
            start_key: "start_updated_at",
            end_key: "end_updated_at",
            extra,
            descending: true,
        };
        self.list(&kind, window::split(start, end, INCREMENT_WINDOW), sink)
            .await
    }

    pub async fn order_detail(&self, order_sn: &str) -> Result<Order, ApiError> {
        let sn = validate::order_sn(order_sn)?;
        let (data, body) = self
            .call(PATH_DETAIL, vec![("order_sn", sn.to_string())])
            .await?;
        let order: Order = typed(data, &body)?;
        Ok(admit(order))
    }

    /// The live courier list; names are network text, so they are sanitized like orders.
    pub async fn couriers(&self) -> Result<Vec<Courier>, ApiError> {
        let (data, body) = self.call(PATH_COURIERS, Vec::new()).await?;
        let mut list: Vec<Courier> = typed(data, &body)?;
        for c in &mut list {
            crate::domain::text::sanitize_in_place(&mut c.name);
            crate::domain::text::sanitize_in_place(&mut c.code);
        }
        Ok(list)
    }

    /// First shipment or modification (`redelivery_type` 1/2). `data: false` under code 0 is still a refusal.
    pub async fn ship(&self, req: &ShipRequest) -> Result<(), ApiError> {
        let params = params::ship(req)?;
        let (data, _) = self.call(PATH_SHIP, params).await?;
        if data == serde_json::Value::Bool(false) {
            return Err(ApiError::Gateway {
                code: 0,
                message: "onlinesend answered data=false".into(),
            });
        }
        Ok(())
    }

    /// Note and flag. Successful only when the envelope and the inner `success` both say so.
    pub async fn update_note(&self, req: &NoteRequest) -> Result<(), ApiError> {
        let params = params::note(req)?;
        let (data, body) = self.call(PATH_NOTE, params).await?;
        let inner: NoteResult = typed(data, &body)?;
        if inner.success {
            Ok(())
        } else {
            Err(inner_failure(&inner))
        }
    }

    /// Every page of every window, at most `concurrency` requests in flight, each handed to `sink` as it
    /// arrives. The first page of each window tells how many there are (`total_count`); the rest are then
    /// fetched side by side. A window with more orders than the gateway's reach is split in halves, again
    /// and again down to one second, until each part fits. A window whose answer has no count (a bare
    /// array) is walked page by page, and split when the walk reaches the reach.
    /// Returns the names of the orders skipped because they could not be decoded.
    async fn list(
        &self,
        kind: &ListKind,
        mut windows: Vec<(i64, i64)>,
        sink: PageSink<'_>,
    ) -> Result<Vec<String>, ApiError> {
        let mut skipped = Vec::new();
        while !windows.is_empty() {
            windows = self.round(kind, windows, sink, &mut skipped).await?;
        }
        Ok(skipped)
    }

    /// The deepest page number the reach allows.
    fn max_pages(&self) -> u32 {
        u32::try_from(self.reach / PAGE_SIZE as u64)
            .unwrap_or(u32::MAX)
            .max(1)
    }

    /// What to do with a window after its first page.
    fn next_of(&self, kind: &ListKind, first: &ListPage) -> Next {
        if !has_more(first) {
            return Next::Done;
        }
        let Some(total) = first.total_count else {
            return Next::Walk(2);
        };
        let count = (total.max(0) as u64).div_ceil(PAGE_SIZE as u64);
        if count > u64::from(self.max_pages()) {
            return Next::Split;
        }
        // The count was low (orders arrived since): walk on after the first page.
        let count = u32::try_from(count).unwrap_or(1);
        if count <= 1 {
            return Next::Walk(2);
        }
        let mut pages: Vec<(u32, bool)> = (2..=count).map(|p| (p, p == count)).collect();
        if kind.descending {
            pages.reverse();
        }
        Next::Pages(pages)
    }

    /// One round: the first page of each window, then the pages they announce, then the walks. Returns
    /// the windows to list again, in halves (too many orders for the reach).
    async fn round(
        &self,
        kind: &ListKind,
        windows: Vec<(i64, i64)>,
        sink: PageSink<'_>,
        skipped: &mut Vec<String>,
    ) -> Result<Vec<(i64, i64)>, ApiError> {
        let mut again = Vec::new();
        let mut pages = Vec::new();
        let mut walks = Vec::new();
        let mut firsts = stream::iter(windows)
            .map(|w| async move { self.page(kind, w, 1).await.map(|p| (w, p)) })
            .buffer_unordered(self.concurrency);
        while let Some(first) = firsts.next().await {
            let (w, first) = first?;
            match self.next_of(kind, &first) {
                // Its orders come again with the halves.
                Next::Split => {
                    again.extend(halves(w, first.total_count, self.reach)?);
                    continue;
                }
                Next::Done => {}
                Next::Pages(ps) => pages.extend(ps.into_iter().map(|(p, last)| (w, p, last))),
                Next::Walk(from) => walks.push((w, from)),
            }
            skipped.extend(first.skipped);
            sink(admitted(first.order_list));
        }
        let mut rest = stream::iter(pages)
            .map(|(w, p, last)| async move {
                self.page(kind, w, p).await.map(|page| (w, p, last, page))
            })
            .buffer_unordered(self.concurrency);
        while let Some(next) = rest.next().await {
            let (w, p, last, page) = next?;
            // The count was low (orders arrived meanwhile): go on page by page after the last counted one.
            if last && has_more(&page) {
                walks.push((w, p + 1));
            }
            skipped.extend(page.skipped);
            sink(admitted(page.order_list));
        }
        let mut walked = stream::iter(walks)
            .map(|(w, from)| async move { self.walk(kind, w, from).await.map(|r| (w, r)) })
            .buffer_unordered(self.concurrency);
        while let Some(walk) = walked.next().await {
            let (w, (orders, names, complete)) = walk?;
            skipped.extend(names);
            sink(admitted(orders));
            if !complete {
                again.extend(halves(w, None, self.reach)?);
            }
        }
        Ok(again)
    }

    /// One page of one window; a rate-limited answer is waited out and asked again.
    async fn page(&self, kind: &ListKind, w: (i64, i64), page: u32) -> Result<ListPage, ApiError> {
        self.backoff.run(|| self.page_once(kind, w, page)).await
    }

    async fn page_once(
        &self,
        kind: &ListKind,
        (start, end): (i64, i64),
        page: u32,
    ) -> Result<ListPage, ApiError> {
        let mut p = kind.extra.clone();
        p.extend([
            (kind.start_key, start.to_string()),
            (kind.end_key, end.to_string()),
            ("page", page.to_string()),
            ("page_size", PAGE_SIZE.to_string()),
            ("use_has_next", "true".to_string()),
        ]);
        let body = self.send(kind.path, p).await?;
        // The usual page decodes straight into its types (a sync is mostly decoding); a bare array, null
        // data or an error answer takes the general path.
        if let Ok(env) = serde_json::from_str::<Envelope<ListPage>>(&body)
            && env.code == 0
            && let Some(page) = env.data
        {
            return Ok(page);
        }
        let data = open_envelope(&body)?;
        ListPage::from_data(data).map_err(|e| decode_failure(&format!("order page: {e}"), &body))
    }

    /// Pages `from`… of a window, in order: each page's `has_next` (or a short page) decides. Stops at the
    /// reach; the flag says whether the window was walked to its end.
    async fn walk(
        &self,
        kind: &ListKind,
        w: (i64, i64),
        from: u32,
    ) -> Result<(Vec<Order>, Vec<String>, bool), ApiError> {
        let (mut out, mut skipped) = (Vec::new(), Vec::new());
        for page in from..=self.max_pages() {
            let p = self.page(kind, w, page).await?;
            let more = has_more(&p);
            out.extend(p.order_list);
            skipped.extend(p.skipped);
            if !more {
                return Ok((out, skipped, true));
            }
        }
        Ok((out, skipped, false))
    }

    /// Signs and sends one call; `data` of a `code` 0 answer (and the body, for error snippets).
    /// A rate-limited answer (nothing was done) is waited out and the call made again.
    async fn call(
        &self,
        path: &str,
        business: Vec<(&'static str, String)>,
    ) -> Result<(serde_json::Value, String), ApiError> {
        self.backoff
            .run(|| async {
                let body = self.send(path, business.clone()).await?;
                let data = open_envelope(&body)?;
                Ok((data, body))
            })
            .await
    }

    /// Signs and sends one call; the raw body of a 2xx answer.
    async fn send(
        &self,
        path: &str,
        business: Vec<(&'static str, String)>,
    ) -> Result<String, ApiError> {
        // Before the timestamp is taken, so a long wait never makes it stale.
        if let Some(endpoint) = endpoint_of(path) {
            self.limits.wait(endpoint).await;
        }
        if let Some(rate) = &self.rate {
            rate.wait().await;
        }
        let mut params: Vec<(&str, String)> = vec![
            ("appid", self.config.appid.clone()),
            ("timestamp", Timestamp::now().as_second().to_string()),
            ("seller_nick", self.config.seller_nick.clone()),
        ];
        params.extend(business);
        let borrowed: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let sign = super::sign::fw199(&borrowed, self.config.secret.expose());
        let mut form = borrowed;
        form.push(("sign", &sign));
        let url = join(&self.config.base_url, path);
        self.http.post_form(&url, &form).await
    }
}

/// The `data` of a successful envelope; a failure envelope becomes the variant its message calls for.
pub fn open_envelope(body: &str) -> Result<serde_json::Value, ApiError> {
    let env: Envelope = decode(body)?;
    if env.code != 0 {
        return Err(classify(env.code, &env.message));
    }
    Ok(env.data.unwrap_or(serde_json::Value::Null))
}

/// The note endpoint's inner failure, classified like an outer one (its code kept).
pub fn inner_failure(inner: &NoteResult) -> ApiError {
    let message = if inner.error_msg.is_empty() {
        "noteupdate answered success=false".to_string()
    } else {
        inner.error_msg.clone()
    };
    classify(inner.error_code, &message)
}

fn typed<T: DeserializeOwned>(data: serde_json::Value, body: &str) -> Result<T, ApiError> {
    serde_json::from_value(data).map_err(|e| decode_failure(&e.to_string(), body))
}

/// Which per-endpoint limit a path counts against.
fn endpoint_of(path: &str) -> Option<Endpoint> {
    Some(match path {
        PATH_LIST => Endpoint::List,
        PATH_INCREMENT => Endpoint::Increment,
        PATH_DETAIL => Endpoint::Detail,
        PATH_SHIP => Endpoint::Ship,
        PATH_NOTE => Endpoint::Note,
        PATH_COURIERS => Endpoint::Couriers,
        _ => return None,
    })
}

/// The two halves of a window with more orders than the reach; a window of one second cannot be split,
/// and is an error that names it.
fn halves(
    (start, end): (i64, i64),
    total: Option<i64>,
    reach: u64,
) -> Result<[(i64, i64); 2], ApiError> {
    if end - start <= 1 {
        return Err(ApiError::BeyondReach {
            start,
            end,
            total,
            reach,
        });
    }
    let mid = start + (end - start) / 2;
    Ok([(start, mid), (mid, end)])
}

/// `order_status` and `refund_status` of a filter. Refunds are always listed (5 = all): the workstation must
/// see them to keep them from being shipped.
fn status_params(status: StatusFilter) -> Vec<(&'static str, String)> {
    let order_status = match status {
        StatusFilter::Unshipped => "1",
        StatusFilter::Shipped => "2",
        StatusFilter::All => "5",
    };
    vec![
        ("order_status", order_status.to_string()),
        ("refund_status", "5".to_string()),
    ]
}

/// Whether a page says there is another after it: `has_next` where the gateway sends it, else a full page
/// (its skipped orders counted: they were on it).
fn has_more(p: &ListPage) -> bool {
    let len = p.order_list.len() + p.skipped.len();
    match p.has_next {
        Some(has_next) => has_next && len > 0,
        None => len >= PAGE_SIZE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Flag, Redelivery};

    #[test]
    fn envelope_errors_are_classified() {
        assert!(matches!(
            open_envelope(r#"{"code":20008,"message":"接口超时,30秒后重试","data":null}"#),
            Err(ApiError::Intercepted {
                retry_after_secs: 30,
                ..
            })
        ));
        assert!(matches!(
            open_envelope(r#"{"code":10006,"message":"授权已过期,请重新授权","data":null}"#),
            Err(ApiError::Unauthorized(_))
        ));
        assert!(matches!(
            open_envelope(r#"{"code":10001,"message":"签名错误","data":null}"#),
            Err(ApiError::BadSignature(_))
        ));
        assert!(matches!(
            open_envelope(
                r#"{"code":20002,"message":"订单已发货,首次发货请改用修改发货","data":null}"#
            ),
            Err(ApiError::Gateway { code: 20002, .. })
        ));
        assert!(matches!(
            open_envelope("<html><body><h1>502 Bad Gateway</h1></body></html>"),
            Err(ApiError::Decode { .. })
        ));
        assert!(matches!(
            open_envelope(r#"{"code":0,"message":"ok","data":{"order_l"#),
            Err(ApiError::Decode { .. })
        ));
    }

    #[test]
    fn note_inner_failure_is_gateway_with_inner_code() {
        let body = r#"{"code":0,"message":"ok","data":{"success":false,"error_code":52101,"error_msg":"订单不存在","request_id":"1"}}"#;
        let data = open_envelope(body).unwrap();
        let inner: NoteResult = typed(data, body).unwrap();
        assert!(!inner.success);
        match inner_failure(&inner) {
            ApiError::Gateway { code, message } => {
                assert_eq!(code, 52101);
                assert_eq!(message, "订单不存在");
            }
            other => panic!("{other:?}"),
        }
    }

    fn dead_client() -> Client {
        Client::new(
            Config {
                // Nothing listens on the discard port: a request that got out would be a Connect error.
                base_url: "http://127.0.0.1:9".into(),
                appid: "demo-app".into(),
                seller_nick: "demo-shop".into(),
                secret: Secret::new("demo-secret"),
            },
            HttpOptions::default(),
        )
        .unwrap()
    }

    #[tokio::test]
    async fn validation_never_reaches_the_wire() {
        let c = dead_client();
        let bad_ship =
            ShipRequest::unchecked("210317-0015", 85, "YT1234567890123", Redelivery::First);
        assert!(matches!(
            c.ship(&bad_ship).await,
            Err(ApiError::Validation(_))
        ));
        let bad_tracking =
            ShipRequest::unchecked("210317-001532562392221", 85, "YT;DROP", Redelivery::First);
        assert!(matches!(
            c.ship(&bad_tracking).await,
            Err(ApiError::Validation(_))
        ));
        let bad_note = NoteRequest {
            order_sn: "210317-001532562392221".into(),
            note: "n".into(),
            tag: Some((Flag::Blue, "太长的名".into())),
        };
        assert!(matches!(
            c.update_note(&bad_note).await,
            Err(ApiError::Validation(_))
        ));
        assert!(matches!(
            c.order_detail("x").await,
            Err(ApiError::Validation(_))
        ));
        // The same client does reach for the network with a valid request: the address really is dead.
        let err = c.order_detail("210317-001532562392221").await.unwrap_err();
        assert!(matches!(err, ApiError::Connect { .. }), "{err:?}");
    }

    fn kind(descending: bool) -> ListKind {
        ListKind {
            path: PATH_INCREMENT,
            start_key: "a",
            end_key: "b",
            extra: Vec::new(),
            descending,
        }
    }

    fn first(total: Option<i64>) -> ListPage {
        ListPage {
            order_list: vec![Order::default(); PAGE_SIZE],
            total_count: total,
            has_next: Some(true),
            skipped: Vec::new(),
        }
    }

    fn pages(n: Next) -> Vec<(u32, bool)> {
        match n {
            Next::Pages(p) => p,
            _ => panic!("not pages"),
        }
    }

    #[test]
    fn increments_page_from_the_last_backwards_and_big_windows_split() {
        let c = dead_client();
        assert_eq!(
            pages(c.next_of(&kind(true), &first(Some(350)))),
            [(4, true), (3, false), (2, false)]
        );
        assert_eq!(
            pages(c.next_of(&kind(false), &first(Some(350)))),
            [(2, false), (3, false), (4, true)]
        );
        assert!(
            matches!(c.next_of(&kind(false), &first(Some(100_000))), Next::Pages(p) if p.len() == 999)
        );
        assert!(matches!(
            c.next_of(&kind(false), &first(Some(100_001))),
            Next::Split
        ));
        let low = dead_client().with_reach(500);
        assert!(matches!(
            low.next_of(&kind(true), &first(Some(501))),
            Next::Split
        ));
        assert!(matches!(
            c.next_of(&kind(false), &first(None)),
            Next::Walk(2)
        ));
        let mut last = first(Some(100));
        last.has_next = Some(false);
        assert!(matches!(c.next_of(&kind(false), &last), Next::Done));
    }

    #[test]
    fn halves_go_down_to_one_second() {
        assert_eq!(halves((0, 10), None, 1).unwrap(), [(0, 5), (5, 10)]);
        assert_eq!(halves((0, 3), None, 1).unwrap(), [(0, 1), (1, 3)]);
        assert_eq!(halves((0, 2), None, 1).unwrap(), [(0, 1), (1, 2)]);
        assert!(matches!(
            halves((7, 8), Some(101), 100),
            Err(ApiError::BeyondReach {
                start: 7,
                end: 8,
                total: Some(101),
                reach: 100
            })
        ));
    }

    #[tokio::test]
    async fn empty_range_asks_nothing() {
        let c = dead_client();
        let t = Timestamp::from_second(1_700_000_000).unwrap();
        assert_eq!(c.list_orders(StatusFilter::All, t, t).await, Ok(vec![]));
    }
}
