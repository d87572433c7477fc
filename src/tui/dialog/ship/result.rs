//! What the answers to the ship dialog's requests change in it: a waybill number filled in (or refused,
//! or why none came), and a shipment that failed for some orders — the rest left, the wait of an interception.

use super::{Field, ShipDialog, Stage};
use crate::tui::dialog::Ctx;
use crate::tui::msg::ReqId;
use jiff::{SignedDuration, Timestamp};
use tui_input::Input;

impl ShipDialog {
    /// The answer to waybill request `id` for order `sn`: the number, or the error as the operator reads
    /// it. False when this dialog was not waiting for it.
    pub fn number_arrived(
        &mut self,
        ctx: &Ctx,
        id: ReqId,
        sn: &str,
        result: Result<String, String>,
    ) -> bool {
        // The courier may have been changed while the number was on its way: then it is not filled in.
        let refused = self.other_courier(ctx, sn).err();
        if self.taking.remove(&id).is_none() {
            return false;
        }
        let Some(i) = self.targets.iter().position(|t| t == sn) else {
            return true;
        };
        match (result, refused) {
            (Ok(_), Some(text)) => self.error = Some(text),
            (Ok(n), None) => {
                self.taken.insert(sn.to_string(), n.clone());
                if let Some(field) = self.numbers.get_mut(i) {
                    *field = Input::new(n);
                }
                // The number replaces whatever the field held, and is itself replaced by the next entry.
                if self.field == Field::Number(i) {
                    self.selected = true;
                }
            }
            (Err(text), _) => self.error = Some(format!("{sn}: {text}")),
        }
        true
    }

    /// The shipment this dialog sent did not go out whole: the orders in `shipped` leave the dialog, the
    /// others stay with what was typed for them, and `error` says why. `wait`: PDD intercepted it, and a
    /// retry is allowed only that long after `now` — sent by the dialog itself, unless this was that retry.
    pub fn shipment_failed(
        &mut self,
        now: Timestamp,
        shipped: &[String],
        error: Option<String>,
        wait: Option<SignedDuration>,
    ) {
        self.spread_parcel_number();
        let keep: Vec<bool> = self
            .targets
            .iter()
            .map(|sn| !shipped.contains(sn))
            .collect();
        let mut k = keep.iter();
        self.targets.retain(|_| *k.next().unwrap_or(&true));
        let mut k = keep.iter();
        self.numbers.retain(|_| *k.next().unwrap_or(&true));
        // The failed number is selected: the next entry replaces it instead of joining it.
        self.focus(Field::Number(0));
        self.error = error;
        self.stage = match wait {
            Some(wait) => Stage::Intercepted {
                until: now.checked_add(wait).unwrap_or(now),
                auto: !self.retried,
            },
            None => Stage::Editing,
        };
    }
}
