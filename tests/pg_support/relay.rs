//! A counting relay between a client and the test's PostgreSQL: it forwards every byte and counts the
//! client's round trips, so a test or a bench can say what an operation costs on the wire.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

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
