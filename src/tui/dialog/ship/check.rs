//! What the ship dialog checks before a shipment leaves: each order's entry (validation builds the
//! request), a waybill number kept to its template's courier, and a number already used elsewhere (unless
//! by the orders of one buyer address, which may leave in one parcel).

use super::ShipDialog;
use crate::domain::validate::{self, ShipInput};
use crate::domain::{Courier, ShipRequest};
use crate::i18n::{dialog as dialog_tr, errors, tui as tr};
use crate::tui::dialog::Ctx;
use crate::tui::queue::groups::shared_numbers;

impl ShipDialog {
    /// Validates every order of the dialog; the error names the field (by order index) and says why.
    pub(super) fn check(&self, ctx: &Ctx) -> Result<Vec<ShipRequest>, (Option<usize>, String)> {
        let lang = ctx.lang();
        let Some(courier_id) = self.courier else {
            return Err((None, tr::t(lang, tr::T::PickCourierFirst).to_string()));
        };
        let mut out = Vec::new();
        for (i, sn) in self.targets.iter().enumerate() {
            let Some(n) = self.number_of(i) else {
                continue;
            };
            // In one parcel every order's number is the first field's.
            let i = if self.parcel { 0 } else { i };
            let input = ShipInput {
                order_sn: sn,
                courier_id,
                tracking: n.value(),
                imei: self.imei.value(),
                refund_address_id: Some(self.refund_address.value()),
                modify: self.modify,
            };
            // A waybill number kept after the courier was changed would ship under the wrong courier.
            if self.taken.get(sn).is_some_and(|t| t == n.value().trim())
                && let Err(text) = self.other_courier(ctx, sn)
            {
                return Err((Some(i), text));
            }
            match validate::ship(&input, ctx.couriers) {
                Ok(c) => out.push(c.request),
                Err(e) => {
                    let text = errors::validation_error(&e, lang);
                    let text = if self.targets.len() > 1 {
                        format!("{sn}: {text}")
                    } else {
                        text
                    };
                    return Err((Some(i), text));
                }
            }
        }
        Ok(out)
    }

    /// The waybill template issues numbers of one courier only: a number is taken only when the dialog
    /// ships with that courier (or has none picked yet). The refusal names the order and both couriers.
    pub(super) fn other_courier(&self, ctx: &Ctx, sn: &str) -> Result<(), String> {
        let lang = ctx.lang();
        let Some(template) = ctx.settings.waybill_courier else {
            return Err(format!(
                "{sn}: {}",
                dialog_tr::waybill_courier_unknown(lang)
            ));
        };
        match self.courier {
            Some(c) if c != template => Err(dialog_tr::waybill_other_courier(
                lang,
                sn,
                &courier_label(ctx.couriers, template),
                &courier_label(ctx.couriers, c),
            )),
            _ => Ok(()),
        }
    }
}

/// A number already used by another loaded order, or twice in this batch, unless all of them go to one
/// buyer address (a merge group's parcel, `domain::group`): (number, the other order).
pub(super) fn duplicate(ctx: &Ctx, requests: &[ShipRequest]) -> Option<(String, String)> {
    shared_numbers(ctx.orders, ctx.details, requests).refused
}

/// A courier as the operator knows it: name and code, or its id when the list does not have it.
fn courier_label(couriers: &[Courier], id: i64) -> String {
    couriers
        .iter()
        .find(|c| c.id == id)
        .map(|c| format!("{} {}", c.name, c.code))
        .unwrap_or_else(|| id.to_string())
}
