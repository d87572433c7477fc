//! The accept loop: each connection served by hyper with a kill switch that a handler can fire to
//! drop the socket without any HTTP answer (fault drop_after_commit), and graceful shutdown.

use axum::{Extension, Router};
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

/// How long open connections get to finish once shutdown starts; hung requests never would.
const DRAIN: Duration = Duration::from_millis(500);

/// Per-connection kill switch, put into every request's extensions.
#[derive(Clone, Default)]
pub struct Kill(Arc<Notify>);

impl Kill {
    /// Drops this request's connection and never answers. The handler waits forever; the
    /// connection task drops the socket (and with it this future).
    pub async fn fire(&self) {
        self.0.notify_one();
        std::future::pending::<()>().await;
    }
}

pub async fn serve(listener: TcpListener, app: Router, mut stop: watch::Receiver<bool>) {
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of descriptors or similar: back off instead of spinning on the error.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                let _ = stream.set_nodelay(true);
                conns.spawn(connection(stream, app.clone(), stop.clone()));
            }
            _ = stop.changed() => break,
            // Reap finished connections so the set does not grow over a long run.
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    drop(listener);
    let drained = tokio::time::timeout(DRAIN * 2, async {
        while conns.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        conns.abort_all();
    }
}

async fn connection(stream: tokio::net::TcpStream, app: Router, mut stop: watch::Receiver<bool>) {
    let kill = Kill::default();
    let svc = TowerToHyperService::new(app.layer(Extension(kill.clone())));
    let conn =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), svc);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        // Dropping `conn` closes the socket before any response bytes are written.
        _ = kill.0.notified() => {}
        _ = stop.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(DRAIN, conn.as_mut()).await;
        }
    }
}
