//! The ship dialog's keys and pastes, by stage: typing and moving between fields, picking the courier,
//! Enter to check and confirm, Ctrl-T to take waybill numbers, and the retry after an interception (by
//! itself once its wait is over, `due`; by the operator after a second one).

use super::check::duplicate;
use super::{Field, Outcome, ShipDialog, Stage, matching};
use crate::domain::ShipRequest;
use crate::domain::ship_check::Refusal;
use crate::i18n::{dialog as dialog_tr, refusal as refusal_tr, tui as tr};
use crate::tui::dialog::Ctx;
use crate::tui::edit;
use crate::tui::keys::command::Command;
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Section;
use crossterm::event::{KeyCode, KeyEvent};

impl ShipDialog {
    pub fn on_key(&mut self, ctx: &Ctx, key: Key, ev: &KeyEvent) -> Outcome {
        let cmd = ctx.keymap.get(Section::Ship, key);
        let back = cmd == Some(Command::Back) || key.code == KeyCode::Esc;
        if self.refused() {
            return if back { Outcome::Close } else { Outcome::Stay };
        }
        match &mut self.stage {
            // Some orders must not ship: the others are shipped only when the operator says so.
            Stage::Rest => match cmd {
                Some(Command::Confirm | Command::Submit) => {
                    self.stage = Stage::Editing;
                    self.focus(self.field);
                    Outcome::Stay
                }
                _ if back => Outcome::Close,
                _ => Outcome::Stay,
            },
            // Nothing to type while sending; `q` / Ctrl-C ask before leaving with the shipment in flight.
            Stage::Sending(_) => match ctx.keymap.resolve(Section::Ship, key) {
                Some(Command::Quit) => Outcome::Quit,
                _ => Outcome::Stay,
            },
            Stage::Confirm if cmd != Some(Command::Confirm) => {
                // Back to the entry that Enter completed: the next one replaces it.
                self.stage = Stage::Editing;
                self.focus(self.field);
                Outcome::Stay
            }
            Stage::Confirm => self.send(ctx),
            // Esc cancels the wait (and the retry); what was typed stays as drafts.
            Stage::Intercepted { until, .. } => match cmd {
                Some(Command::Back) => Outcome::CloseKeepingDrafts,
                Some(Command::Submit | Command::Confirm) if ctx.now >= *until => self.send(ctx),
                _ => Outcome::Stay,
            },
            Stage::Editing => self.editing_key(ctx, key, cmd, ev),
        }
    }

    /// Pasted text goes to the focused field, replacing a selected value.
    pub fn paste(&mut self, text: &str) {
        if self.stage != Stage::Editing {
            return;
        }
        let mut selected = self.selected;
        if let Some(input) = self.focused_input() {
            edit::paste(input, &mut selected, text.trim());
        }
        self.selected = selected;
    }

    fn editing_key(&mut self, ctx: &Ctx, key: Key, cmd: Option<Command>, ev: &KeyEvent) -> Outcome {
        // Printable characters are text for the focused field; only other keys are commands here.
        let cmd = if key.text_char().is_some() { None } else { cmd };
        match cmd {
            Some(Command::Back) => return Outcome::CloseKeepingDrafts,
            // Not while a number is being taken: its answer goes to this dialog.
            Some(Command::Help) if self.taking.is_empty() => return Outcome::OpenHelp,
            Some(Command::NextField) if self.field == Field::Courier => {
                // A filter that leaves one courier has named it: Tab takes it, as Enter would.
                let filter = self.courier_filter.value();
                if let [only] = matching(ctx.couriers, filter)[..]
                    && !filter.trim().is_empty()
                {
                    self.courier = Some(only.id);
                    self.courier_filter.reset();
                }
                self.step(1);
            }
            Some(Command::NextField) => self.step(1),
            Some(Command::PrevField) => self.step(-1),
            Some(Command::MoveDown) if self.field == Field::Courier => {
                let n = matching(ctx.couriers, self.courier_filter.value()).len();
                self.courier_cursor = (self.courier_cursor + 1).min(n.saturating_sub(1));
            }
            Some(Command::MoveUp) if self.field == Field::Courier => {
                self.courier_cursor = self.courier_cursor.saturating_sub(1);
            }
            Some(Command::MoveDown) => self.step(1),
            Some(Command::MoveUp) => self.step(-1),
            Some(Command::Submit) => self.submit(ctx),
            Some(Command::TakeNumber) => return self.take_numbers(ctx),
            Some(Command::OneParcel) => self.toggle_parcel(ctx),
            _ => {
                if self.edit_field(ev) && self.field == Field::Courier {
                    self.courier_cursor = 0;
                }
                self.error = None;
            }
        }
        Outcome::Stay
    }

    fn edit_field(&mut self, ev: &KeyEvent) -> bool {
        let mut selected = self.selected;
        let took = self
            .focused_input()
            .is_some_and(|i| edit::key(i, &mut selected, ev));
        self.selected = selected;
        took
    }

    /// Enter: picks the courier under the cursor, else goes to the first empty number, else checks
    /// everything and asks for confirmation.
    fn submit(&mut self, ctx: &Ctx) {
        if self.field == Field::Courier {
            let list = matching(ctx.couriers, self.courier_filter.value());
            if let Some(c) = list.get(self.courier_cursor) {
                self.courier = Some(c.id);
                self.courier_filter.reset();
                self.focus(Field::Number(0));
            }
            return;
        }
        if let Some(i) = self
            .numbers
            .iter()
            .take(self.number_fields())
            .position(|n| n.value().trim().is_empty())
        {
            self.focus(Field::Number(i));
            return;
        }
        match self.check(ctx) {
            Ok(requests) => match duplicate(ctx, &requests) {
                // A number another order uses is refused here, naming that order: the journal would
                // refuse it at send, so the dialog never offers to ship it anyway.
                Some((number, other)) => {
                    let i = self.field_of_number(&number);
                    self.error = Some(dialog_tr::number_used_by(ctx.lang(), &number, &other));
                    self.focus(Field::Number(i));
                }
                None => {
                    self.error = None;
                    self.stage = Stage::Confirm;
                }
            },
            Err((i, text)) => {
                self.error = Some(text);
                // The refused entry is selected: a rescan replaces it, the cursor keys mend it.
                self.focus(i.map_or(self.field, Field::Number));
            }
        }
    }

    /// The confirmed shipment, checked once more; refused back to editing when an order got claimed by
    /// another process meanwhile (the journal would refuse it as well).
    fn send(&mut self, ctx: &Ctx) -> Outcome {
        match self.recheck(ctx) {
            Ok(requests) => {
                self.confirmed = requests.clone();
                self.retried = false;
                Outcome::Send(requests)
            }
            Err(text) => self.back_to_editing(text),
        }
    }

    /// The tick: once an interception's wait is over, the dialog sends by itself what the operator
    /// confirmed (for the orders still in it), checked as a confirmed shipment is — once only.
    pub fn due(&mut self, ctx: &Ctx) -> Outcome {
        let Stage::Intercepted { until, auto: true } = self.stage else {
            return Outcome::Stay;
        };
        if ctx.now < until {
            return Outcome::Stay;
        }
        let shown = match self.recheck(ctx) {
            Ok(requests) => requests,
            Err(text) => return self.back_to_editing(text),
        };
        let requests: Vec<_> = self
            .confirmed
            .iter()
            .filter(|r| self.targets.contains(&r.order_sn))
            .cloned()
            .collect();
        if requests.is_empty() {
            self.stage = Stage::Editing;
            return Outcome::Stay;
        }
        // What the dialog shows changed since the operator confirmed (a waybill number arrived meanwhile):
        // nothing leaves that the screen does not show and the operator did not confirm. The retry waits
        // for them, and Enter sends what they see.
        if shown != requests {
            self.stage = Stage::Intercepted { until, auto: false };
            return Outcome::Stay;
        }
        self.retried = true;
        Outcome::Send(requests)
    }

    /// The shipment as the fields hold it, unless an order got claimed by another process, or blocked,
    /// meanwhile.
    fn recheck(&self, ctx: &Ctx) -> Result<Vec<ShipRequest>, String> {
        let claimed = self
            .targets
            .iter()
            .find_map(|sn| ctx.claimed.get(sn).map(|user| (sn, user)));
        if let Some((sn, user)) = claimed {
            return Err(format!("{sn}: {}", tr::in_progress_by(ctx.lang(), user)));
        }
        // An order read again since the dialog opened may have gone into after-sale or risk review.
        let blocked = self.targets.iter().find_map(|sn| {
            let block = ctx.orders.find(sn)?.ship_block()?;
            Some((sn, Refusal::Blocked(block)))
        });
        if let Some((sn, why)) = blocked {
            return Err(format!("{sn}: {}", refusal_tr::refusal(ctx.lang(), &why)));
        }
        self.check(ctx).map_err(|(_, text)| text)
    }

    fn back_to_editing(&mut self, error: String) -> Outcome {
        self.error = Some(error);
        self.stage = Stage::Editing;
        self.focus(self.field);
        Outcome::Stay
    }

    /// Ctrl-T: a waybill number for the focused order, or for every order without one.
    fn take_numbers(&mut self, ctx: &Ctx) -> Outcome {
        if !ctx.settings.has_waybill {
            self.error = Some(tr::t(ctx.lang(), tr::T::NoWaybill).to_string());
            return Outcome::Stay;
        }
        // One parcel takes one number, for the first order: it goes to them all.
        let wanted: Vec<String> = match self.field {
            Field::Number(i) => self.targets.get(i).cloned().into_iter().collect(),
            _ => self
                .targets
                .iter()
                .zip(&self.numbers)
                .take(self.number_fields())
                .filter(|(_, n)| n.value().trim().is_empty())
                .map(|(sn, _)| sn.clone())
                .collect(),
        };
        if let Some(refused) = wanted
            .first()
            .and_then(|sn| self.other_courier(ctx, sn).err())
        {
            self.error = Some(refused);
            return Outcome::Stay;
        }
        let wanted: Vec<String> = wanted
            .into_iter()
            .filter(|sn| ctx.orders.contains(sn))
            .collect();
        if wanted.is_empty() {
            return Outcome::Stay;
        }
        // No courier picked yet: the template's is taken, and shown as the picked one.
        if self.courier.is_none() {
            self.courier = ctx.settings.waybill_courier;
            if self.field == Field::Courier {
                self.courier_filter.reset();
                self.focus(Field::Number(0));
            }
        }
        Outcome::TakeNumbers(wanted)
    }
}
