//! Live updates: every claim taken or let go and every outcome written in the team's database is
//! announced (`NOTIFY pddtui`, by triggers, whoever the writer) and heard here on one connection of its
//! own, outside the pool; a lost connection is made again with backoff and says so, to re-read what passed.

use super::{CONNECT_TIMEOUT, TeamDb, background, redact};
use crate::domain::text::sanitize;
use crate::store::model::StoreError;
use std::time::Duration;
use tokio::task::{AbortHandle, JoinHandle};
use tokio_postgres::AsyncMessage;

/// The channel the triggers announce on.
pub const CHANNEL: &str = "pddtui";

/// Migration 2: the triggers. A claim announces its taking and every change of holder (not its
/// renewals), and its release; an operation announces each state it reaches after its intent. The
/// payload is small JSON: `kind` (`claim`, `release`, `outcome`, `note`), the order, who, where.
pub const NOTIFY_TRIGGERS: &str = "
CREATE FUNCTION pddtui_notify_claim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('pddtui', json_build_object('kind', 'release',
            'order_sn', OLD.order_sn, 'operator', OLD.operator, 'host', OLD.host, 'pid', OLD.pid)::text);
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' OR OLD.host IS DISTINCT FROM NEW.host OR OLD.pid IS DISTINCT FROM NEW.pid THEN
        PERFORM pg_notify('pddtui', json_build_object('kind', 'claim',
            'order_sn', NEW.order_sn, 'operator', NEW.operator, 'host', NEW.host, 'pid', NEW.pid)::text);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER claims_notify AFTER INSERT OR UPDATE OR DELETE ON claims
    FOR EACH ROW EXECUTE FUNCTION pddtui_notify_claim();
CREATE FUNCTION pddtui_notify_op() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state <> 'intent' AND (TG_OP = 'INSERT' OR OLD.state IS DISTINCT FROM NEW.state) THEN
        PERFORM pg_notify('pddtui', json_build_object(
            'kind', CASE WHEN NEW.kind = 'note' THEN 'note' ELSE 'outcome' END,
            'order_sn', NEW.order_sn, 'operator', NEW.operator, 'host', NEW.host, 'pid', NEW.pid,
            'op_id', NEW.id, 'op', NEW.kind, 'state', NEW.state, 'profile', NEW.profile)::text);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER ops_notify AFTER INSERT OR UPDATE ON ops
    FOR EACH ROW EXECUTE FUNCTION pddtui_notify_op();
";

/// What was announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// A claim taken (or taken over): the order is being worked on by `operator`.
    Claim,
    /// A claim let go.
    Release,
    /// A shipment, modification or waybill reached a state (`op_id` says which).
    Outcome,
    /// A note (and its flag) write reached a state.
    Note,
}

/// One announcement, its texts made safe for the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub what: What,
    pub order_sn: String,
    pub operator: String,
    pub host: String,
    pub pid: i64,
    /// The operation's journal id (outcomes and notes).
    pub op_id: Option<i64>,
    /// The operation's state code (`ShipState::code`: `ok` when done, `failed`, …).
    pub state: Option<String>,
    /// The shop profile the operation was made in.
    pub profile: Option<String>,
}

impl Notice {
    /// Reads a payload; anything else on the channel (another version's, a stranger's) is no notice.
    pub fn parse(payload: &str) -> Option<Notice> {
        let v: serde_json::Value = serde_json::from_str(payload).ok()?;
        let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(sanitize);
        let what = match v.get("kind")?.as_str()? {
            "claim" => What::Claim,
            "release" => What::Release,
            "outcome" => What::Outcome,
            "note" => What::Note,
            _ => return None,
        };
        Some(Notice {
            what,
            order_sn: text("order_sn")?,
            operator: text("operator").unwrap_or_default(),
            host: text("host").unwrap_or_default(),
            pid: v.get("pid").and_then(|p| p.as_i64()).unwrap_or(0),
            op_id: v.get("op_id").and_then(|p| p.as_i64()),
            state: text("state"),
            profile: text("profile"),
        })
    }
}

/// What the listener tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Listening. `lost_since` (Unix seconds, this host's clock) when this follows a lost connection:
    /// what was announced meanwhile was not heard and must be read again.
    Listening {
        lost_since: Option<i64>,
    },
    Notice(Notice),
    /// The connection was lost (or could not be made); it is being made again.
    Lost(String),
}

/// The listening task; dropping it stops listening and closes its connection.
#[derive(Debug)]
pub struct Listener {
    task: AbortHandle,
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The first wait before connecting again, doubled up to `BACKOFF_MAX`.
const BACKOFF_FIRST: Duration = Duration::from_millis(250);
const BACKOFF_MAX: Duration = Duration::from_secs(5);
/// How often a quiet connection is asked whether it is still there (a half-open TCP connection
/// hears nothing, forever).
const HEARTBEAT: Duration = Duration::from_secs(15);

/// Starts listening on a connection of its own to `db`'s database; `on` hears every event, on the
/// database runtime's thread (it should only pass it on).
pub fn listen(
    db: &TeamDb,
    on: impl Fn(Event) + Send + Sync + 'static,
) -> Result<Listener, StoreError> {
    let (pg, where_) = (db.pg.clone(), db.where_.clone());
    let task = background()?.spawn(run(pg, where_, on));
    Ok(Listener {
        task: task.abort_handle(),
    })
}

async fn run(pg: tokio_postgres::Config, where_: String, on: impl Fn(Event)) {
    let mut delay = BACKOFF_FIRST;
    let mut lost_since: Option<i64> = None;
    let mut told_lost = false;
    loop {
        let (listened, why) = session(&pg, &on, lost_since).await;
        if listened {
            delay = BACKOFF_FIRST;
            told_lost = false;
        }
        if listened || lost_since.is_none() {
            lost_since = Some(jiff::Timestamp::now().as_second());
        }
        tracing::warn!("team live updates from {where_}: {why}; connecting again");
        if !told_lost {
            told_lost = true;
            on(Event::Lost(format!("{where_}: {why}")));
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(BACKOFF_MAX);
    }
}

/// Aborts the connection's task when the session ends, however it ends.
struct Driver(JoinHandle<String>);

impl Drop for Driver {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// One connection: LISTEN, then pass on what it hears until it is lost. Returns whether it got to
/// listen, and why it ended.
async fn session(
    pg: &tokio_postgres::Config,
    on: &impl Fn(Event),
    lost_since: Option<i64>,
) -> (bool, String) {
    let tls = tokio_postgres_rustls::MakeRustlsConnect::with_webpki_roots();
    let connected = tokio::time::timeout(CONNECT_TIMEOUT, pg.connect(tls)).await;
    let (client, mut conn) = match connected {
        Ok(Ok(c)) => c,
        Ok(Err(e)) => return (false, redact(&e.to_string())),
        Err(_) => return (false, "no answer in time".into()),
    };
    let (tx, mut heard) = tokio::sync::mpsc::unbounded_channel();
    // The connection's messages, notifications among them, are only read by polling it.
    let mut driver = Driver(tokio::spawn(async move {
        loop {
            match std::future::poll_fn(|cx| conn.poll_message(cx)).await {
                Some(Ok(AsyncMessage::Notification(n))) => {
                    if tx.send(n.payload().to_string()).is_err() {
                        return String::new();
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => return redact(&e.to_string()),
                None => return "the connection closed".into(),
            }
        }
    }));
    let statement = format!("LISTEN {CHANNEL}");
    let listen = client.batch_execute(&statement);
    match tokio::time::timeout(CONNECT_TIMEOUT, listen).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return (false, redact(&e.to_string())),
        Err(_) => return (false, "no answer to LISTEN in time".into()),
    }
    on(Event::Listening { lost_since });
    let mut beat = tokio::time::interval(HEARTBEAT);
    beat.tick().await;
    loop {
        tokio::select! {
            payload = heard.recv() => match payload {
                Some(p) => match Notice::parse(&p) {
                    Some(n) => on(Event::Notice(n)),
                    None => tracing::debug!("not a notice on {CHANNEL}: {p:?}"),
                },
                None => {
                    let why = (&mut driver.0).await.unwrap_or_else(|e| e.to_string());
                    return (true, why);
                }
            },
            _ = beat.tick() => {
                let alive = tokio::time::timeout(CONNECT_TIMEOUT, client.simple_query("")).await;
                if !matches!(alive, Ok(Ok(_))) {
                    return (true, "no answer to a heartbeat".into());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_is_read_and_its_texts_made_safe() {
        let n = Notice::parse(
            r#"{"kind":"note","order_sn":"210317-1","operator":"bob\u001b[2J","host":"h2",
                "pid":7,"op_id":12,"op":"note","state":"done","profile":"main"}"#,
        )
        .unwrap();
        assert_eq!(n.what, What::Note);
        assert_eq!((n.op_id, n.pid), (Some(12), 7));
        assert_eq!(n.state.as_deref(), Some("done"));
        assert!(!n.operator.contains('\u{1b}'), "{:?}", n.operator);
        let claim =
            Notice::parse(r#"{"kind":"claim","order_sn":"s","operator":"a","host":"h","pid":1}"#)
                .unwrap();
        assert_eq!((claim.what, claim.op_id), (What::Claim, None));
        assert_eq!(Notice::parse(r#"{"kind":"other","order_sn":"s"}"#), None);
        assert_eq!(Notice::parse("not json"), None);
        assert_eq!(Notice::parse(r#"{"kind":"claim"}"#), None);
    }
}
