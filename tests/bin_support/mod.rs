//! Shared helpers of the tests that run the real binary: start `pddtui sim` as a process, write a config
//! that points at it, and read the simulator's inspection endpoints.
#![allow(dead_code)]

pub mod pty;

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_pddtui");

/// The binary under test: `PDDTUI_TEST_BIN` when set (to run a test against another build, such as the
/// code before a fix), else this build's.
pub fn bin() -> String {
    std::env::var("PDDTUI_TEST_BIN").unwrap_or_else(|_| BIN.to_string())
}

/// A `pddtui sim` process, killed when dropped.
pub struct Sim {
    pub child: Child,
    pub url: String,
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `pddtui sim` on a free port and waits for its `listening on` line.
pub fn start_sim(orders: usize, seed: u64, extra: &[&str]) -> Sim {
    let mut child = Command::new(BIN)
        .args([
            "sim",
            "--listen",
            "127.0.0.1:0",
            "--orders",
            &orders.to_string(),
            "--seed",
            &seed.to_string(),
        ])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("listening on ")
        .expect("first line names the address")
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{first}");
    Sim { child, url }
}

/// A temporary home for one test: its config file and data dir.
pub struct Shop {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
    pub data: PathBuf,
}

/// Writes `config_text` (private to the user) into a fresh directory.
pub fn shop_with(config_text: &str) -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, config_text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let data = dir.path().join("data");
    Shop { dir, config, data }
}

/// A GET of an inspection endpoint, on a throwaway runtime.
pub fn sim_get(sim: &Sim, path: &str) -> Value {
    let url = format!("{}{path}", sim.url);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let body = rt.block_on(async { reqwest::get(url).await.unwrap().text().await.unwrap() });
    serde_json::from_str(&body).unwrap()
}

/// The simulator's true state of one order: `{order, ship_count, tracking_numbers}`.
pub fn sim_order(sim: &Sim, sn: &str) -> Value {
    sim_get(sim, &format!("/__sim/orders/{sn}"))
}

/// The CLI's view of the unshipped queue, most urgent first.
pub fn unshipped(shop: &Shop) -> Vec<Value> {
    serde_json::from_slice(&cli(shop, &["orders", "--json"])).unwrap()
}

/// The number of the most urgent unshipped order, as the CLI lists it.
pub fn first_unshipped(shop: &Shop) -> String {
    unshipped(shop)[0]["order_sn"]
        .as_str()
        .expect("an unshipped order")
        .to_string()
}

/// Runs the CLI on `shop` (its own data dir, apart from the workstation's); its stdout, asserting success.
pub fn cli(shop: &Shop, args: &[&str]) -> Vec<u8> {
    let out = Command::new(BIN)
        .arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(shop.dir.path().join("cli-data"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// An unshipped order that may ship (no refund, no risk hold).
pub fn shippable(orders: &[Value]) -> String {
    orders
        .iter()
        .find(|o| {
            o["refund_status"] == 1 && o["risk_control_status"] == 0 && o["order_status"] == 1
        })
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .expect("a shippable order")
}

/// Replaces the simulator's fault set at run time (`POST /__sim/faults`).
pub fn set_faults(sim: &Sim, faults: Value) {
    sim_post(sim, "/__sim/faults", faults);
}

/// A POST of JSON to an inspection endpoint, on a throwaway runtime; asserts success.
pub fn sim_post(sim: &Sim, path: &str, body: Value) {
    sim_send(sim, reqwest::Method::POST, path, Some(body));
}

/// Forgets the simulator's request log and counts (`DELETE /__sim/requests`).
pub fn sim_reset_requests(sim: &Sim) {
    sim_send(sim, reqwest::Method::DELETE, "/__sim/requests", None);
}

fn sim_send(sim: &Sim, method: reqwest::Method, path: &str, body: Option<Value>) {
    let url = format!("{}{path}", sim.url);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let status = rt.block_on(async {
        let mut req = reqwest::Client::new().request(method.clone(), url);
        if let Some(body) = &body {
            req = req.json(body);
        }
        req.send().await.unwrap().status()
    });
    assert!(status.is_success(), "{method} {path}: {status}");
}

/// A shop with one fw199 profile pointing at `sim`, demo credentials, secret in the (0600) file.
pub fn fw199_shop(sim: &Sim) -> Shop {
    shop_with(&format!(
        "[profiles.demo]\ngateway = \"fw199\"\nbase_url = \"{}\"\nappid = \"demo-app\"\nseller_nick = \"demo-shop\"\n\
         secret = \"demo-secret\"\n",
        sim.url
    ))
}

/// The binary on `shop` and its own data dir as OS user `user`, in English, with the shop's secret in
/// `J_SECRET` (the config names it with `secret_env`); output piped, no input.
pub fn command_as(shop: &Shop, user: &str, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(&shop.data)
        .args(["--lang", "en"])
        .args(args)
        .env("J_SECRET", "demo-secret")
        .env("USER", user)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Stdout and stderr of a finished process, as one text.
pub fn output_text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
