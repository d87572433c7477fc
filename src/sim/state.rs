//! The simulator's shared state: credentials, the sim clock, and everything mutable behind one
//! std mutex that is never held across an await.

use super::faults::Faults;
use super::rng::Rng;
use super::store::Store;
use jiff::Timestamp;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::{Mutex, MutexGuard};

/// The request log keeps the newest entries only, so a long demo run cannot grow without bound.
const LOG_CAP: usize = 20_000;

#[derive(Debug, Clone)]
pub struct Creds {
    pub fw_appid: String,
    pub fw_seller: String,
    pub fw_secret: String,
    pub pdd_ownuser: String,
    pub pdd_state: String,
    pub pdd_secret: String,
    pub wb_client_id: String,
    pub wb_client_secret: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    pub path: String,
    pub order_sn: Option<String>,
    pub outcome: String,
}

#[derive(Debug, Clone)]
pub struct Waybill {
    pub tid: String,
    pub ecode_no: String,
}

pub struct Inner {
    pub store: Store,
    pub faults: Faults,
    pub rng: Rng,
    pub log: VecDeque<LogEntry>,
    /// access_token → expiry (real Unix seconds).
    pub tokens: HashMap<String, i64>,
    /// out_trade_no → the waybill issued for it.
    pub waybills: HashMap<String, Waybill>,
    /// Numbers issued by our waybill service: PDD does not intercept those.
    pub issued: HashSet<String>,
    /// Raw replacements in every gateway answer (`POST /__sim/wire`).
    pub patches: Vec<super::wire::WirePatch>,
    /// Requests received per gateway path since the start or the last reset (`/__sim/requests/counts`).
    pub counts: BTreeMap<String, u64>,
    /// Per-path token buckets of the rate limit (fault `rate_limit_per_min`).
    pub buckets: super::limits::Buckets,
}

/// What the shop's gateway is like, fixed at start: how deep paging reaches, how late the increment
/// endpoint sees a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// The largest `page × page_size` a list or increment call serves (CONTRACT.md "Paging reach").
    pub reach: u64,
    /// The increment endpoint sees a change this many seconds after its updated_at (indexing delay).
    pub increment_lag_secs: i64,
}

pub struct Sim {
    pub creds: Creds,
    pub shape: Shape,
    /// Generation clock minus real clock at start: the shop's "now" moves on from `Options::now`.
    offset_secs: i64,
    inner: Mutex<Inner>,
}

impl Sim {
    pub fn new(creds: Creds, shape: Shape, offset_secs: i64, inner: Inner) -> Self {
        Sim {
            creds,
            shape,
            offset_secs,
            inner: Mutex::new(inner),
        }
    }

    /// A poisoned lock only means a handler panicked mid-way; the data is still the best we have.
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The shop's clock: used for shipping times, updated_at and pddshuju's 48 h window.
    pub fn now(&self) -> Timestamp {
        let real = Timestamp::now().as_second();
        Timestamp::from_second(real + self.offset_secs).unwrap_or_else(|_| Timestamp::now())
    }

    pub fn faults(&self) -> Faults {
        self.lock().faults.clone()
    }

    /// Rolls the sim's own dice: true with probability `rate`.
    pub fn roll(&self, rate: f64) -> bool {
        rate > 0.0 && self.lock().rng.chance(rate)
    }

    pub fn log(&self, path: &str, order_sn: Option<&str>, outcome: impl Into<String>) {
        let mut inner = self.lock();
        if inner.log.len() >= LOG_CAP {
            inner.log.pop_front();
        }
        inner.log.push_back(LogEntry {
            path: path.into(),
            order_sn: order_sn.filter(|s| !s.is_empty()).map(str::to_string),
            outcome: outcome.into(),
        });
    }
}
