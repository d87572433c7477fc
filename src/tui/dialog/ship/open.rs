//! Opening the ship dialog: why the orders cannot ship, if so, and what it starts with — each order's
//! draft or shipped number, the shared IMEI and refund address, and the courier drafted, shipped, named by
//! the notes or last used.

use super::{Field, ShipDialog, Stage, preset};
use crate::domain::order::ShipBlock;
use crate::i18n::tui as tr;
use crate::tui::dialog::Ctx;
use crate::tui::persist::drafts::Draft;
use std::collections::BTreeMap;
use tui_input::Input;

impl ShipDialog {
    /// The dialog for `targets` (the first order says whether it ships or modifies); `None` when that
    /// order is not loaded.
    pub fn open(ctx: &Ctx, targets: Vec<String>) -> Option<ShipDialog> {
        let first = targets.first().and_then(|sn| ctx.orders.find(sn))?;
        let modify = first.is_shipped();
        let blocked = block_reason(ctx, &targets, modify);
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
                    .map(|o| o.tracking_number.clone())
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
            drafted.or(Some(first.logistics_id).filter(|id| *id != 0))
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
            stage: Stage::Editing,
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

/// Why these orders cannot ship (or have their shipment modified), and which order it is.
fn block_reason(ctx: &Ctx, targets: &[String], modify: bool) -> Option<(tr::T, String)> {
    if let Some(sn) = targets.iter().find(|sn| ctx.claimed.contains_key(*sn)) {
        return Some((tr::T::BlockedInProgress, sn.clone()));
    }
    for sn in targets {
        let Some(o) = ctx.orders.find(sn) else {
            continue;
        };
        match o.ship_block() {
            Some(ShipBlock::Refund(_)) => return Some((tr::T::BlockedRefund, sn.clone())),
            Some(ShipBlock::RiskReview) => return Some((tr::T::BlockedRisk, sn.clone())),
            None => {}
        }
        if o.is_shipped() != modify {
            return Some((tr::T::BlockedShipped, sn.clone()));
        }
    }
    if modify && !ctx.settings.caps.modify_shipment {
        return targets
            .first()
            .map(|sn| (tr::T::ModifyUnsupported, sn.clone()));
    }
    None
}
