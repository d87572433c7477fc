//! Opening the ship dialog: why the orders cannot ship, if so, and what it starts with — each order's
//! draft or shipped number, the shared IMEI and refund address, and the courier drafted, shipped, named by
//! the notes or last used.

use super::{Field, ShipDialog, Stage, Why, preset};
use crate::domain::ship_check::{self, Refusal};
use crate::tui::dialog::Ctx;
use crate::tui::persist::drafts::Draft;
use std::collections::BTreeMap;
use tui_input::Input;

impl ShipDialog {
    /// The dialog for the orders `asked` for (modifying their shipment when all are shipped), those that
    /// must not ship set apart with why; `None` when the first order is not loaded.
    pub fn open(ctx: &Ctx, asked: Vec<String>) -> Option<ShipDialog> {
        asked.first().and_then(|sn| ctx.orders.find(sn))?;
        // A shipment is modified only when every order asked for is shipped; else shipped ones are blocked.
        let modify = asked
            .iter()
            .filter_map(|sn| ctx.orders.find(sn))
            .all(|o| o.is_shipped());
        let blocked = blocked(ctx, &asked, modify);
        // Blocked orders leave the dialog here: nothing below can send them.
        let targets: Vec<String> = asked
            .into_iter()
            .filter(|sn| !blocked.iter().any(|(b, _)| b == sn))
            .collect();
        let stage = if !blocked.is_empty() && !targets.is_empty() {
            Stage::Rest
        } else {
            Stage::Editing
        };
        let drafts = &ctx.persisted.drafts;
        let mut restored = false;
        let numbers: Vec<Input> = targets
            .iter()
            .map(|sn| {
                let draft = drafts.get(sn).map(|d| d.tracking.clone());
                restored |= draft.as_ref().is_some_and(|d| !d.is_empty());
                let shipped = ctx
                    .orders
                    .find(sn)
                    .map(|o| o.tracking_number().to_string())
                    .unwrap_or_default();
                Input::new(draft.filter(|d| !d.is_empty()).unwrap_or(shipped))
            })
            .collect();
        let shared = |f: fn(&Draft) -> &String| {
            targets
                .iter()
                .find_map(|sn| drafts.get(sn).map(|d| f(d).clone()))
                .unwrap_or_default()
        };
        let imei = shared(|d| &d.imei);
        let refund_address = shared(|d| &d.refund_address);
        let drafted = targets
            .iter()
            .find_map(|sn| drafts.get(sn).and_then(|d| d.courier));
        let preset = if modify {
            let shipped_with = targets.first().and_then(|sn| ctx.orders.find(sn));
            drafted.or(shipped_with.map(|o| o.logistics_id()).filter(|id| *id != 0))
        } else {
            drafted
        };
        let notes = preset::notes(ctx, &targets);
        let mut d = ShipDialog {
            targets,
            modify,
            blocked,
            field: Field::Courier,
            courier_filter: Input::default(),
            courier_cursor: 0,
            courier: preset,
            numbers,
            imei: Input::new(imei),
            refund_address: Input::new(refund_address),
            extras: ctx.settings.caps.ship_extras,
            stage,
            error: None,
            taking: BTreeMap::new(),
            taken: BTreeMap::new(),
            restored,
            notes,
            confirmed: Vec::new(),
            retried: false,
            selected: false,
            group: false,
            parcel: false,
        };
        d.parcel_default(ctx);
        if d.courier.is_some() {
            d.focus(Field::Number(0));
        }
        d.couriers_arrived(ctx.couriers, ctx.persisted.last_courier);
        Some(d)
    }

    /// A whole order was read: the memos it carries may name a courier (or allow the last one now).
    pub fn details_arrived(&mut self, ctx: &Ctx) {
        if self.notes.is_none() {
            self.notes = preset::notes(ctx, &self.targets);
            self.couriers_arrived(ctx.couriers, ctx.persisted.last_courier);
        }
    }
}

/// The orders asked for that must not ship (or have their shipment modified), each with why.
fn blocked(ctx: &Ctx, asked: &[String], modify: bool) -> Vec<(String, Why)> {
    let mut out = Vec::new();
    for sn in asked {
        if let Some(user) = ctx.claimed.get(sn) {
            out.push((sn.clone(), Why::InProgress(user.clone())));
            continue;
        }
        let Some(o) = ctx.orders.find(sn) else {
            continue;
        };
        let refused = if modify {
            o.ship_block().map(Refusal::Blocked)
        } else {
            ship_check::first_shipment(o.known(), None).err()
        };
        match refused {
            Some(r) => out.push((sn.clone(), Why::Refused(r))),
            None if modify && !ctx.settings.caps.modify_shipment => {
                out.push((sn.clone(), Why::ModifyUnsupported));
            }
            None => {}
        }
    }
    out
}
