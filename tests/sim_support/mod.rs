//! Shared helpers of the simulator's integration tests: start a sim, sign and send calls to its
//! three services with a signer written here (not the client's), and read its inspection endpoints.
#![allow(dead_code)]

use jiff::Timestamp;
use md5::{Digest, Md5};
use pddtui::domain::Order;
use pddtui::sim::{self, Faults, Options, Running};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;

pub const SEED: u64 = 42;
pub const N: usize = 300;

pub struct Sim {
    pub run: Running,
    pub base: String,
    pub http: reqwest::Client,
    pub now: Timestamp,
    pub orders: Vec<Order>,
}

pub async fn start() -> Sim {
    start_with(Faults::default()).await
}

pub async fn start_with(faults: Faults) -> Sim {
    let now = Timestamp::now();
    let opts = Options {
        orders: N,
        seed: SEED,
        secret: None,
        faults,
        now: Some(now),
        ..Options::default()
    };
    let run = sim::start("127.0.0.1:0".parse().unwrap(), opts)
        .await
        .unwrap();
    let base = run.base_url();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    Sim {
        run,
        base,
        http,
        now,
        orders: sim::shop::generate(SEED, N, now),
    }
}

pub fn md5_hex(s: &str) -> String {
    hex::encode(Md5::digest(s.as_bytes()))
}

pub fn fw_sign(params: &BTreeMap<String, String>, secret: &str) -> String {
    let body: String = params
        .iter()
        .filter(|(k, _)| *k != "sign")
        .map(|(k, v)| format!("{k}{v}"))
        .collect();
    md5_hex(&format!("{secret}{body}{secret}"))
}

pub fn pdd_sign(params: &BTreeMap<String, String>, secret: &str) -> String {
    let body: String = params
        .iter()
        .filter(|(k, _)| *k != "sign")
        .map(|(k, v)| format!("{k}{v}"))
        .collect();
    md5_hex(&format!("{body}{secret}")).to_uppercase()
}

pub fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

impl Sim {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Signed fw199 params with the demo credentials and the current timestamp.
    pub fn fw_params(&self, extra: &[(&str, &str)]) -> BTreeMap<String, String> {
        let mut p = map(extra);
        p.insert("appid".into(), sim::DEMO_FW199_APPID.into());
        p.insert("seller_nick".into(), sim::DEMO_FW199_SELLER_NICK.into());
        p.entry("timestamp".into())
            .or_insert_with(|| Timestamp::now().as_second().to_string());
        let s = fw_sign(&p, sim::DEMO_FW199_SECRET);
        p.insert("sign".into(), s);
        p
    }

    pub async fn post_form(
        &self,
        path: &str,
        p: &BTreeMap<String, String>,
    ) -> reqwest::Result<reqwest::Response> {
        self.http.post(self.url(path)).form(p).send().await
    }

    pub async fn fw_with(&self, path: &str, p: &BTreeMap<String, String>) -> Value {
        self.post_form(path, p).await.unwrap().json().await.unwrap()
    }

    pub async fn fw(&self, path: &str, extra: &[(&str, &str)]) -> Value {
        self.fw_with(path, &self.fw_params(extra)).await
    }

    pub fn pdd_params(&self, extra: &[(&str, &str)]) -> BTreeMap<String, String> {
        let mut p = map(extra);
        p.insert("ownuser".into(), sim::DEMO_PDDSHUJU_OWNUSER.into());
        p.insert("state".into(), sim::DEMO_PDDSHUJU_STATE.into());
        let s = pdd_sign(&p, sim::DEMO_PDDSHUJU_SECRET);
        p.insert("sign".into(), s);
        p
    }

    pub async fn pdd(&self, path: &str, extra: &[(&str, &str)]) -> Value {
        self.fw_with(path, &self.pdd_params(extra)).await
    }

    pub async fn sim_order(&self, sn: &str) -> Value {
        self.http
            .get(self.url(&format!("/__sim/orders/{sn}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    pub async fn requests(&self) -> Vec<Value> {
        self.http
            .get(self.url("/__sim/requests"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    pub async fn set_faults(&self, f: Value) -> Value {
        self.http
            .post(self.url("/__sim/faults"))
            .json(&f)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    pub async fn token(&self) -> String {
        let v: Value = self
            .http
            .get(self.url("/api/token"))
            .query(&[
                ("client_id", sim::DEMO_WAYBILL_CLIENT_ID),
                ("client_secret", sim::DEMO_WAYBILL_CLIENT_SECRET),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["data"]["access_token"].as_str().unwrap().to_string()
    }

    /// The first generated order matching `f`.
    pub fn find(&self, f: impl Fn(&Order) -> bool) -> Order {
        self.orders
            .iter()
            .find(|o| f(o))
            .cloned()
            .expect("no such order in the generated shop")
    }

    /// An unshipped order that may be shipped.
    pub fn shippable(&self, skip: usize) -> Order {
        self.orders
            .iter()
            .filter(|o| o.order_status == 1 && o.refund_status == 1 && o.risk_control_status == 0)
            .nth(skip)
            .cloned()
            .unwrap()
    }

    pub async fn ship(&self, sn: &str, courier: &str, number: &str, redelivery: &str) -> Value {
        self.fw(
            "/gateway/pdd/logistices/onlinesend",
            &[
                ("order_sn", sn),
                ("logistics_id", courier),
                ("tracking_number", number),
                ("feature", ""),
                ("refund_address_id", ""),
                ("redelivery_type", redelivery),
            ],
        )
        .await
    }
}
