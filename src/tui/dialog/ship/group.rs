//! One parcel for a merge group: when every order of the dialog goes to one buyer address, one tracking
//! number stands for all of them (the default for such a group); a key switches to one number each.

use super::{Field, ShipDialog};
use crate::domain::group::{Address, may_share_number};
use crate::i18n::group as group_tr;
use crate::tui::dialog::Ctx;
use tui_input::Input;

impl ShipDialog {
    /// True when the orders are two or more, all of one buyer address (whole ids where read, else the
    /// queue's fingerprints).
    pub(super) fn one_address(ctx: &Ctx, targets: &[String]) -> bool {
        let address = |sn: &String| {
            Address::known(
                ctx.details
                    .get(sn)
                    .and_then(|o| o.open_address_id.as_deref()),
                ctx.orders.find(sn).and_then(|r| r.address_group),
            )
        };
        let Some((first, rest)) = targets.split_first() else {
            return false;
        };
        let first = address(first);
        !rest.is_empty() && first.is_some() && may_share_number(first, rest.iter().map(address))
    }

    /// At opening: the orders of one address ship in one parcel, unless their drafts hold different
    /// numbers (the operator chose one each before).
    pub(super) fn parcel_default(&mut self, ctx: &Ctx) {
        self.group = Self::one_address(ctx, &self.targets);
        let mut typed = self
            .numbers
            .iter()
            .map(|n| n.value().trim())
            .filter(|v| !v.is_empty());
        let first = typed.next();
        self.parcel = self.group && typed.all(|v| Some(v) == first);
        let first = first.map(str::to_string);
        if self.parcel
            && let (Some(v), Some(n)) = (first, self.numbers.first_mut())
        {
            *n = Input::new(v);
        }
    }

    /// The one-parcel key: one number for all, or one each again (the shared number stays in the first
    /// field). Refused, with the reason, when the orders are not one merge group.
    pub(super) fn toggle_parcel(&mut self, ctx: &Ctx) {
        if !self.group {
            self.error = Some(group_tr::not_one_group(ctx.lang()).to_string());
            return;
        }
        self.parcel = !self.parcel;
        self.error = None;
        if self.parcel && matches!(self.field, Field::Number(i) if i > 0) {
            self.focus(Field::Number(0));
        }
    }

    /// Before orders leave the dialog (a shipment that went out in part): every field takes the parcel's
    /// number, so that the first field left still holds it.
    pub(super) fn spread_parcel_number(&mut self) {
        if !self.parcel {
            return;
        }
        if let Some(v) = self.numbers.first().map(|n| n.value().to_string()) {
            for n in self.numbers.iter_mut().skip(1) {
                *n = Input::new(v.clone());
            }
        }
    }

    /// The field that holds the number of the dialog's `i`-th order: the first for all in one parcel.
    pub fn number_of(&self, i: usize) -> Option<&Input> {
        self.numbers.get(if self.parcel { 0 } else { i })
    }

    /// How many number fields are shown (and reached with Tab).
    pub(super) fn number_fields(&self) -> usize {
        if self.parcel {
            self.numbers.len().min(1)
        } else {
            self.numbers.len()
        }
    }

    /// The number field that holds `number` (the first, when none does).
    pub(super) fn field_of_number(&self, number: &str) -> usize {
        (0..self.number_fields())
            .find(|i| {
                self.numbers
                    .get(*i)
                    .is_some_and(|n| crate::domain::validate::same_number(n.value(), number))
            })
            .unwrap_or(0)
    }
}
