//! The team's live updates applied: a claim or release by another workstation shows on its order at
//! once; another's shipment, note or flag is read from the team journal and applied to the order; after
//! a lost connection, the claims and the journal since are read again for what passed unheard.

use crate::domain::{Change, Flag};
use crate::i18n::team as tr;
use crate::store::team::listen::{Event, Notice, What};
use crate::store::{CLAIM_SECS, OpEntry, OpKind, ShipState, StoreError};
use crate::tui::app::{App, Level, Overlay};
use crate::tui::msg::Effect;
use jiff::Timestamp;

pub fn on_event(app: &mut App, ev: Event) -> Vec<Effect> {
    app.team.on = true;
    match ev {
        Event::Listening { lost_since } => {
            app.dirty |= !app.team.live;
            app.team.live = true;
            let Some(since) = lost_since else {
                return Vec::new();
            };
            // An operation begun up to a claim's lease before the loss may have ended during it.
            let mut fx = crate::tui::update::claims::poll(app);
            fx.push(Effect::ReadTeamOps {
                order_sn: None,
                since: Some(since - CLAIM_SECS),
            });
            fx
        }
        Event::Lost(why) => {
            tracing::warn!("team live updates lost: {why}");
            app.dirty |= app.team.live;
            app.team.live = false;
            Vec::new()
        }
        Event::Notice(n) => notice(app, n),
    }
}

/// One announcement of another process.
fn notice(app: &mut App, n: Notice) -> Vec<Effect> {
    match n.what {
        What::Claim => {
            if app.claims.user(&n.order_sn) != Some(n.operator.as_str()) {
                app.claims.by_order.insert(n.order_sn, n.operator);
                app.dirty = true;
            }
            Vec::new()
        }
        What::Release => {
            app.dirty |= app.claims.by_order.remove(&n.order_sn).is_some();
            Vec::new()
        }
        What::Outcome | What::Note => {
            let other_shop = n
                .profile
                .as_deref()
                .is_some_and(|p| !p.is_empty() && p != app.settings.shop_name);
            let done = n.state.as_deref() == Some(ShipState::Done.code());
            if other_shop || !done || app.order(&n.order_sn).is_none() {
                return Vec::new();
            }
            vec![Effect::ReadTeamOps {
                order_sn: Some(n.order_sn),
                since: None,
            }]
        }
    }
}

/// What another workstation's done operation changed on its order; None for what the queue does not
/// show (a waybill, an unreadable entry).
fn change_of(e: &OpEntry) -> Option<Change> {
    match e.kind {
        OpKind::Ship | OpKind::Modify => Some(Change::Shipped {
            at: Timestamp::from_second(e.outcome_at.unwrap_or(e.at)).ok()?,
            number: e.number.clone(),
            courier: e.logistics_id,
        }),
        OpKind::Note => Some(Change::Note {
            remark: e.params.get("note")?.as_str()?.to_string(),
            tag: e
                .params
                .get("tag")
                .and_then(|t| t.as_i64())
                .and_then(Flag::from_code),
            tag_name: e
                .params
                .get("tag_name")
                .and_then(|t| t.as_str())
                .unwrap_or_default()
                .to_string(),
        }),
        OpKind::Waybill => None,
    }
}

/// Applies the done entries read, oldest first, each over its order unless a newer one of the same
/// kind was applied already. An editor open on an order whose note changed says so at once (its save
/// would show both notes anyway).
pub fn on_ops(app: &mut App, result: Result<Vec<OpEntry>, StoreError>) -> Vec<Effect> {
    let entries = match result {
        Ok(e) => e,
        Err(e) => {
            tracing::warn!("cannot read the team journal: {e}");
            return Vec::new();
        }
    };
    for e in entries {
        if e.state != ShipState::Done
            || (!e.profile.is_empty() && e.profile != app.settings.shop_name)
            || app.order(&e.order_sn).is_none()
        {
            continue;
        }
        let key = (e.order_sn.clone(), e.kind.group());
        if app.team.applied.get(&key).is_some_and(|&id| id >= e.id) {
            continue;
        }
        let Some(change) = change_of(&e) else {
            continue;
        };
        app.team.applied.insert(key, e.id);
        if let Some(row) = app.orders.find(&e.order_sn) {
            app.flag_seen.changing(row, app.now);
        }
        app.apply(&e.order_sn, &change);
        app.dirty = true;
        let editing = matches!(&app.overlay, Overlay::Note(ed) if ed.order_sn == e.order_sn);
        if editing && e.kind == OpKind::Note {
            let who = crate::domain::text::sanitize(&e.user);
            let text = tr::note_changed_by(app.lang(), &e.order_sn, &who);
            app.toast(Level::Info, text);
        }
    }
    Vec::new()
}
