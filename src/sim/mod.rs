//! `pddtui sim`: a faithful simulator of fw199, pddshuju and the waybill service over real HTTP.
//! Depends on `domain` only; it checks signatures with its own code, never the client's. STUB.
pub const DEMO_APPID: &str = "demo-app";
pub const DEMO_CLIENT_ID: &str = "x";
pub const DEMO_OWNUSER: &str = "x";
pub const DEMO_SECRET: &str = "x";
pub const DEMO_SELLER_NICK: &str = "x";
pub const DEMO_STATE: &str = "x";
#[derive(Default)]
pub struct Faults {
    pub latency_ms: u64,
    pub fail_rate: f64,
    pub malformed_rate: f64,
    pub intercept_rate: f64,
    pub auth_expired: bool,
    pub hang: bool,
    pub drop_after_commit: bool,
    pub intercept_secs: u64,
}
#[derive(Default)]
pub struct Options {
    pub orders: usize,
    pub seed: u64,
    pub secret: Option<String>,
    pub faults: Faults,
    pub now: Option<jiff::Timestamp>,
}
pub struct Running;
impl Running {
    pub fn base_url(&self) -> String {
        String::new()
    }
    pub async fn shutdown(self) {}
}
pub async fn start(_l: std::net::SocketAddr, _o: Options) -> std::io::Result<Running> {
    Ok(Running)
}
