//! Shared by the team claim and fault tests: a shop on the simulator with `[team]` from
//! `PDDTUI_DATABASE_URL`, the binary run as an operator on a "host" of its own (own data dir,
//! `PDDTUI_HOST`), and a TCP relay in front of PostgreSQL that counts the round trips made through it.
#![allow(dead_code)]

use crate::bin_support::{BIN, Shop, Sim, shop_with, sim_order};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub const SECRET: &str = "planted-Secret-4711";

/// A config with one fw199 profile on `sim`, `[team]` from `PDDTUI_DATABASE_URL`, and `top` (top-level
/// keys such as `claim_secs = 3`) before the tables.
pub fn team_shop(sim: &Sim, top: &str) -> Shop {
    shop_with(&format!(
        "{top}\n[team]\ndatabase_url_env = \"PDDTUI_DATABASE_URL\"\n\n\
         [profiles.main]\ngateway = \"fw199\"\nbase_url = \"{url}\"\nappid = \"demo-app\"\n\
         seller_nick = \"demo-shop\"\nsecret = \"{SECRET}\"\n",
        url = sim.url
    ))
}

/// The binary as `operator` on host `host` (its own data dir inside the shop's dir), with the team URL.
pub fn command_as(shop: &Shop, url: &str, host: &str, operator: &str, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(shop.dir.path().join(host))
        .args(["--lang", "en"])
        .args(args)
        .env("PDDTUI_DATABASE_URL", url)
        .env("PDDTUI_OPERATOR", operator)
        .env("PDDTUI_HOST", host)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

pub fn run_as(shop: &Shop, url: &str, host: &str, operator: &str, args: &[&str]) -> Output {
    command_as(shop, url, host, operator, args)
        .output()
        .unwrap()
}

pub fn spawn_as(shop: &Shop, url: &str, host: &str, operator: &str, args: &[&str]) -> Child {
    command_as(shop, url, host, operator, args).spawn().unwrap()
}

pub fn ship_args<'a>(sn: &'a str, number: &'a str) -> Vec<&'a str> {
    vec!["ship", sn, "--courier", "85", "--tracking", number]
}

pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `pddtui team init` on a fresh database, then `n` orders that may ship.
pub fn init_and_pick(sim: &Sim, shop: &Shop, url: &str, n: usize) -> Vec<String> {
    let init = run_as(shop, url, "host-a", "alice", &["team", "init"]);
    assert!(init.status.success(), "{}", text(&init));
    pick(sim, shop, url, n)
}

/// `n` orders that may ship (no refund, no risk hold, unshipped), as alice's CLI lists them.
pub fn pick(sim: &Sim, shop: &Shop, url: &str, n: usize) -> Vec<String> {
    let out = run_as(shop, url, "host-a", "alice", &["orders", "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let picked: Vec<String> = list
        .iter()
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .filter(|sn| {
            let o = &sim_order(sim, sn)["order"];
            o["refund_status"] == 1 && o["risk_control_status"] == 0 && o["order_status"] == 1
        })
        .take(n)
        .collect();
    assert_eq!(picked.len(), n, "not enough shippable orders");
    picked
}

/// A relay on a free loopback port to PostgreSQL at `port`. It counts, from the client's side of the
/// protocol, every message the client then waits on before going on: a `Sync` (extended query) or a
/// `Query` (simple query). That is the number of round trips, whatever the client library does
/// (statements prepared first, a pool's liveness check).
pub struct Relay {
    pub port: u16,
    count: Arc<AtomicU64>,
}

impl Relay {
    pub fn start(pg_port: u16) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let count = Arc::new(AtomicU64::new(0));
        let counter = count.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(server) = TcpStream::connect(("127.0.0.1", pg_port)) else {
                    continue;
                };
                let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                std::thread::spawn(move || pipe(s2, c2));
                let counter = counter.clone();
                std::thread::spawn(move || count_client(client, server, &counter));
            }
        });
        Relay { port, count }
    }

    pub fn round_trips(&self) -> u64 {
        self.count.load(Ordering::SeqCst)
    }

    /// `url` with its port replaced by the relay's.
    pub fn url(&self, pg_port: u16, url: &str) -> String {
        url.replace(&format!(":{pg_port}/"), &format!(":{}/", self.port))
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream) {
    let mut buf = [0u8; 16384];
    while let Ok(n) = from.read(&mut buf) {
        if n == 0 || to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(std::net::Shutdown::Both);
}

/// Forwards the client's bytes, reading them message by message: the startup message (no type byte)
/// first, then typed messages.
fn count_client(mut client: TcpStream, mut server: TcpStream, count: &AtomicU64) {
    let read_exact = |n: usize, client: &mut TcpStream| -> Option<Vec<u8>> {
        let mut b = vec![0u8; n];
        client.read_exact(&mut b).ok()?;
        Some(b)
    };
    let Some(len) = read_exact(4, &mut client) else {
        return;
    };
    let n = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
    let Some(rest) = read_exact(n.saturating_sub(4), &mut client) else {
        return;
    };
    if server.write_all(&len).is_err() || server.write_all(&rest).is_err() {
        return;
    }
    while let Some(head) = read_exact(5, &mut client) {
        let n = u32::from_be_bytes([head[1], head[2], head[3], head[4]]) as usize;
        let Some(body) = read_exact(n.saturating_sub(4), &mut client) else {
            break;
        };
        // `RELAY_DEBUG=1` lists the statements, to see where a round trip comes from.
        if std::env::var_os("RELAY_DEBUG").is_some() && (head[0] == b'P' || head[0] == b'Q') {
            eprintln!(
                "relay {}: {}",
                head[0] as char,
                String::from_utf8_lossy(&body)
                    .chars()
                    .take(90)
                    .collect::<String>()
            );
        }
        if head[0] == b'S' || head[0] == b'Q' {
            count.fetch_add(1, Ordering::SeqCst);
        }
        if server.write_all(&head).is_err() || server.write_all(&body).is_err() {
            break;
        }
    }
    let _ = server.shutdown(std::net::Shutdown::Both);
}
