//! `pddtui sim`: a faithful simulator of fw199, pddshuju and the waybill service over real HTTP.
//! Depends on `domain` only; it checks signatures with its own code, never the client's.

mod chaos;
mod errors;
mod faults;
mod fw199;
mod inspect;
mod limits;
mod params;
mod pddshuju;
mod rng;
mod rules;
mod server;
mod ship_call;
mod sign;
mod state;
mod store;
mod waybill;
mod wire;

pub mod shop;

pub use faults::Faults;

use state::{Creds, Inner, Shape, Sim};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::watch;

pub const DEMO_FW199_APPID: &str = "demo-app";
pub const DEMO_FW199_SECRET: &str = "demo-secret";
pub const DEMO_FW199_SELLER_NICK: &str = "demo-shop";
pub const DEMO_PDDSHUJU_OWNUSER: &str = "demo-owner";
pub const DEMO_PDDSHUJU_STATE: &str = "demo-state";
pub const DEMO_PDDSHUJU_SECRET: &str = "demo-secret";
pub const DEMO_WAYBILL_CLIENT_ID: &str = "demo-client";
pub const DEMO_WAYBILL_CLIENT_SECRET: &str = "demo-secret";

/// How to start the simulator.
#[derive(Debug, Clone)]
pub struct Options {
    pub orders: usize,
    pub seed: u64,
    /// Replaces all three demo secrets.
    pub secret: Option<String>,
    pub faults: Faults,
    /// Fixed generation clock (tests); `None` = now.
    pub now: Option<jiff::Timestamp>,
    /// The largest `page × page_size` served (CONTRACT.md "Paging reach"); default `REACH`.
    pub reach: u64,
    /// Seconds before the increment endpoint sees a change (an indexing delay); default 0.
    pub increment_lag_secs: u64,
}

/// How deep PDD's list paging reaches by default: `page × page_size ≤ 100,000`.
pub const REACH: u64 = 100_000;

impl Default for Options {
    fn default() -> Self {
        Options {
            orders: 300,
            seed: 0,
            secret: None,
            faults: Faults::default(),
            now: None,
            reach: REACH,
            increment_lag_secs: 0,
        }
    }
}

/// A running simulator; drop it or call `shutdown` to stop.
pub struct Running {
    pub addr: SocketAddr,
    stop: watch::Sender<bool>,
    handle: tokio::task::JoinHandle<()>,
}

impl Running {
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, lets open requests finish briefly, then drops what is left (hung ones).
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.handle.await;
    }
}

/// Binds `listen` (use 127.0.0.1:0 in tests), spawns the server on the current tokio runtime,
/// returns at once.
pub async fn start(listen: SocketAddr, opts: Options) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let real_now = jiff::Timestamp::now();
    let now = opts.now.unwrap_or(real_now);
    let secret = |demo: &str| opts.secret.clone().unwrap_or_else(|| demo.to_string());
    let creds = Creds {
        fw_appid: DEMO_FW199_APPID.into(),
        fw_seller: DEMO_FW199_SELLER_NICK.into(),
        fw_secret: secret(DEMO_FW199_SECRET),
        pdd_ownuser: DEMO_PDDSHUJU_OWNUSER.into(),
        pdd_state: DEMO_PDDSHUJU_STATE.into(),
        pdd_secret: secret(DEMO_PDDSHUJU_SECRET),
        wb_client_id: DEMO_WAYBILL_CLIENT_ID.into(),
        wb_client_secret: secret(DEMO_WAYBILL_CLIENT_SECRET),
    };
    let inner = Inner {
        store: store::Store::new(shop::Shop::new(opts.seed, opts.orders, now)),
        faults: opts.faults,
        // The fault dice get their own stream, apart from the shop's.
        rng: rng::Rng::new(opts.seed.wrapping_add(0xFA17)),
        log: Default::default(),
        tokens: Default::default(),
        waybills: Default::default(),
        issued: Default::default(),
        patches: Vec::new(),
        counts: Default::default(),
        buckets: Default::default(),
    };
    let shape = Shape {
        reach: opts.reach.max(1),
        increment_lag_secs: i64::try_from(opts.increment_lag_secs).unwrap_or(i64::MAX),
    };
    let sim = Arc::new(Sim::new(
        creds,
        shape,
        now.as_second() - real_now.as_second(),
        inner,
    ));
    let services = fw199::routes()
        .merge(pddshuju::routes())
        .merge(waybill::routes())
        .layer(axum::middleware::from_fn_with_state(
            sim.clone(),
            wire::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            sim.clone(),
            chaos::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            sim.clone(),
            limits::layer,
        ));
    let app = services.merge(inspect::routes()).with_state(sim);
    let (stop, rx) = watch::channel(false);
    let handle = tokio::spawn(server::serve(listener, app, rx));
    Ok(Running { addr, stop, handle })
}
