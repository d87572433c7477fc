//! Team mode's live side for the workstation: this process online (`store::team::presence`) and the
//! team's announcements (`store::team::listen`) passed into the loop as `Msg::Team`, and what of them
//! has been applied to the queue.

use crate::store::identity;
use crate::store::team::{Config, TeamDb, listen, presence};
use crate::tui::msg::Msg;
use std::collections::BTreeMap;
use tokio::sync::mpsc::UnboundedSender;

/// What the workstation keeps of the team's live updates.
#[derive(Debug, Clone, Default)]
pub struct Team {
    /// This workstation is in a team (`[team]` configured): the header says whether it hears it.
    pub on: bool,
    /// The announcements are being heard now.
    pub live: bool,
    /// Per order and kind of work (`OpKind::group`), the newest journal entry applied: an answer that
    /// comes late never puts an older note or shipment back over a newer one.
    pub applied: BTreeMap<(String, &'static str), i64>,
}

/// While held: this workstation is online in the team and hears its announcements.
#[derive(Debug)]
pub struct Link {
    _presence: presence::Presence,
    _listener: listen::Listener,
}

/// Joins the team of `config` as this process's operator working on `profile`; the announcements of
/// other processes come to `tx`. None (said in the log) when the database cannot be used: the journal
/// has already said so.
pub fn join(config: &Config, profile: &str, tx: UnboundedSender<Msg>) -> Option<Link> {
    let joined = TeamDb::new(config).and_then(|db| {
        let presence = presence::join(&db, &identity::os_user(), profile)?;
        let (host, pid) = (identity::host(), i64::from(identity::pid()));
        let listener = listen::listen(&db, move |ev| {
            // This process's own work is already on its screen.
            if let listen::Event::Notice(n) = &ev
                && n.host == host
                && n.pid == pid
            {
                return;
            }
            let _ = tx.send(Msg::Team(ev));
        })?;
        Ok(Link {
            _presence: presence,
            _listener: listener,
        })
    });
    joined
        .inspect_err(|e| tracing::warn!("team live updates: {e}"))
        .ok()
}
