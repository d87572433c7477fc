//! The ship dialog: courier picker, one tracking number per order (typed or taken from the waybill
//! service), optional IMEI, confirmation, sending, and PDD's interception countdown. Its state is here;
//! opening in `open.rs`, keys in `keys.rs`, validation in `check.rs`, results in `result.rs`, the courier a
//! note names in `preset.rs`, one number for a merge group's parcel in `group.rs`. It reads the workstation
//! only through a `Ctx` and says what the rest must do with an `Outcome` (`update::ship`).

mod check;
mod group;
mod keys;
mod open;
pub mod preset;
mod result;

use crate::domain::order::ShipBlock;
use crate::domain::ship_check::Refusal;
use crate::domain::{Courier, ShipRequest};
use crate::i18n::{Lang, refusal as refusal_tr, tui as tr};
use crate::tui::msg::ReqId;
use crate::tui::persist::drafts::Persisted;
use jiff::Timestamp;
use std::collections::BTreeMap;
use tui_input::Input;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Courier,
    Number(usize),
    Imei,
    /// Optional: the refund address id passed with the shipment.
    RefundAddress,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    /// Some orders of the selection must not ship (`blocked`): ship the others (`targets`), or cancel.
    Rest,
    Editing,
    /// The confirmation line. A number another order uses (outside one merge group's parcel) never gets
    /// here: it is refused while editing, as the journal would refuse it at send.
    Confirm,
    Sending(ReqId),
    /// PDD intercepted the shipment; retry only after `until`. `auto`: the dialog sends the same shipment
    /// again by itself then (once: an interception of that retry waits for the operator).
    Intercepted {
        until: Timestamp,
        auto: bool,
    },
}

/// What a key asks of the rest of the workstation once the dialog has changed itself; `update::ship`
/// carries it out.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Only the dialog changed, if anything.
    Stay,
    /// The dialog goes, keeping nothing (it was blocked).
    Close,
    /// The dialog goes; what was typed stays as drafts for the next time it opens.
    CloseKeepingDrafts,
    /// Help over the dialog, which comes back as it was when help closes.
    OpenHelp,
    /// Quit pressed while the shipment is in flight: leave, or ask first.
    Quit,
    /// Send these shipments, validated; the dialog waits for the answer once told the request (`sending`).
    Send(Vec<ShipRequest>),
    /// Take a waybill number for each of these orders; each request is told back (`taking_number`).
    TakeNumbers(Vec<String>),
}

/// Why an order of the selection is not shipped from this dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// Another process is shipping it (its user).
    InProgress(String),
    /// Shipped already, after-sale, risk review (`domain::ship_check`).
    Refused(Refusal),
    /// The gateway cannot modify a shipment.
    ModifyUnsupported,
}

impl Why {
    /// The message of a dialog refused for this one order.
    pub fn message(&self) -> tr::T {
        match self {
            Why::InProgress(_) => tr::T::BlockedInProgress,
            Why::Refused(Refusal::Blocked(ShipBlock::Refund(_))) => tr::T::BlockedRefund,
            Why::Refused(Refusal::Blocked(ShipBlock::RiskReview)) => tr::T::BlockedRisk,
            Why::Refused(_) => tr::T::BlockedShipped,
            Why::ModifyUnsupported => tr::T::ModifyUnsupported,
        }
    }

    /// Its short reason in a list of orders.
    pub fn short(&self, lang: Lang) -> String {
        match self {
            Why::InProgress(user) => tr::in_progress_by(lang, user),
            Why::Refused(r) => refusal_tr::refusal(lang, r),
            Why::ModifyUnsupported => tr::t(lang, tr::T::ModifyUnsupported).to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ShipDialog {
    /// The orders this dialog ships; none when every order of the selection is blocked.
    pub targets: Vec<String>,
    pub modify: bool,
    /// Orders of the selection that must not ship, and why: never in `targets`, never sent.
    pub blocked: Vec<(String, Why)>,
    pub field: Field,
    pub courier_filter: Input,
    pub courier_cursor: usize,
    pub courier: Option<i64>,
    pub numbers: Vec<Input>,
    pub imei: Input,
    pub refund_address: Input,
    /// The IMEI and refund address are offered: the gateway can send them (pddshuju cannot).
    pub extras: bool,
    pub stage: Stage,
    pub error: Option<String>,
    /// Waybill requests in flight, by order.
    pub taking: BTreeMap<ReqId, String>,
    /// Numbers the waybill service gave, by order: they ship only with the template's courier.
    pub taken: BTreeMap<String, String>,
    /// Numbers came back from a draft of an earlier session: the dialog says so.
    pub restored: bool,
    /// What the orders' notes and memos say (`None` while a buyer memo is not read yet): the courier
    /// they name is preset instead of the last one used.
    pub notes: Option<Vec<String>>,
    /// The shipment the operator confirmed last, as sent: an interception's retry sends it again.
    pub confirmed: Vec<ShipRequest>,
    /// The shipment in flight (or last sent) was the automatic retry of an interception.
    pub retried: bool,
    /// The focused field's whole value is selected (it was restored, failed, pre-filled or taken, or focus
    /// just arrived): the next character or paste replaces it, so two entries never join into one number.
    pub selected: bool,
    /// The orders are two or more of one buyer address (a merge group): they may share one number.
    pub group: bool,
    /// One parcel: the first number field's number goes to every order (`group.rs`).
    pub parcel: bool,
}

impl ShipDialog {
    /// Every order of the selection must not ship: the dialog only says why.
    pub fn refused(&self) -> bool {
        self.targets.is_empty()
    }

    pub fn counting_down(&self) -> bool {
        matches!(self.stage, Stage::Intercepted { .. } | Stage::Sending(_))
            || !self.taking.is_empty()
    }

    /// Seconds left of an interception wait (0 when the retry is allowed).
    pub fn wait_left(&self, now: Timestamp) -> Option<i64> {
        match self.stage {
            Stage::Intercepted { until, .. } => {
                // Rounded up, so "0" means the retry is allowed now.
                let d = until.duration_since(now);
                Some(if d.is_positive() {
                    d.as_secs() + i64::from(d.subsec_nanos() > 0)
                } else {
                    0
                })
            }
            _ => None,
        }
    }

    pub fn save_drafts(&self, p: &mut Persisted) {
        let shared_empty =
            self.imei.value().trim().is_empty() && self.refund_address.value().trim().is_empty();
        for (i, sn) in self.targets.iter().enumerate() {
            let Some(n) = self.number_of(i) else {
                continue;
            };
            if n.value().trim().is_empty() && shared_empty {
                continue;
            }
            let d = p.drafts.entry(sn.clone()).or_default();
            d.tracking = n.value().to_string();
            d.courier = self.courier;
            d.imei = self.imei.value().to_string();
            d.refund_address = self.refund_address.value().to_string();
        }
    }

    /// The courier list is known: unless one is chosen, the courier the notes name is preset, else the
    /// last one used (never while a memo is unread, nor when the notes name several or refuse one).
    pub fn couriers_arrived(&mut self, list: &[Courier], last: Option<i64>) {
        if self.courier.is_some() {
            return;
        }
        let Some(notes) = &self.notes else {
            return;
        };
        let preset = match preset::named(notes, list) {
            preset::Named::Nothing => last,
            preset::Named::One(id) => Some(id),
            preset::Named::Unclear => None,
        };
        if let Some(id) = preset.filter(|id| list.iter().any(|c| c.id == *id && c.is_available())) {
            self.courier = Some(id);
            if self.field == Field::Courier {
                self.focus(Field::Number(0));
            }
        }
    }

    /// The shipment went out as request `id`: the dialog waits for its answer.
    pub fn sending(&mut self, id: ReqId) {
        self.stage = Stage::Sending(id);
        self.error = None;
    }

    /// True while the dialog waits for the answer to shipment `id`.
    pub fn waits_for(&self, id: ReqId) -> bool {
        self.stage == Stage::Sending(id)
    }

    /// A waybill number for `sn` was asked for as request `id`: its answer comes back to this dialog.
    pub fn taking_number(&mut self, id: ReqId, sn: String) {
        self.taking.insert(id, sn);
    }

    /// The tracking number typed for each order, trimmed.
    pub fn numbers_by_order(&self) -> BTreeMap<String, String> {
        self.targets
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let n = self.number_of(i).map_or("", |n| n.value().trim());
                (s.clone(), n.to_string())
            })
            .collect()
    }

    /// Moves the focus to `f`, selecting the value it holds (as forms do on focus).
    pub fn focus(&mut self, f: Field) {
        self.field = f;
        self.selected = self.focused_value().is_some_and(|v| !v.is_empty());
    }

    fn focused_value(&self) -> Option<&str> {
        match self.field {
            Field::Courier => Some(self.courier_filter.value()),
            Field::Number(i) => self.numbers.get(i).map(Input::value),
            Field::Imei => Some(self.imei.value()),
            Field::RefundAddress => Some(self.refund_address.value()),
        }
    }

    fn focused_input(&mut self) -> Option<&mut Input> {
        match self.field {
            Field::Courier => Some(&mut self.courier_filter),
            Field::Number(i) => self.numbers.get_mut(i),
            Field::Imei => Some(&mut self.imei),
            Field::RefundAddress => Some(&mut self.refund_address),
        }
    }

    fn fields(&self) -> Vec<Field> {
        let mut f = vec![Field::Courier];
        f.extend((0..self.number_fields()).map(Field::Number));
        if self.extras {
            f.push(Field::Imei);
            f.push(Field::RefundAddress);
        }
        f
    }

    fn step(&mut self, delta: isize) {
        let fields = self.fields();
        let i = fields.iter().position(|f| *f == self.field).unwrap_or(0) as isize;
        let n = fields.len() as isize;
        self.focus(fields[((i + delta).rem_euclid(n)) as usize]);
    }
}

/// Couriers the picker offers: available ones matching the typed filter (name, code or id).
pub fn matching<'a>(couriers: &'a [Courier], filter: &str) -> Vec<&'a Courier> {
    let f = filter.trim().to_lowercase();
    couriers
        .iter()
        .filter(|c| c.is_available())
        .filter(|c| {
            f.is_empty()
                || c.name.to_lowercase().contains(&f)
                || c.code.to_lowercase().contains(&f)
                || c.id.to_string().starts_with(&f)
        })
        .collect()
}

/// The dialog's title line: ship or modify, and how many orders.
pub fn title(d: &ShipDialog, lang: Lang) -> String {
    let t = if d.modify {
        tr::T::ModifyTitle
    } else {
        tr::T::ShipTitle
    };
    // Refused or asking about the others, it is titled with the orders asked for.
    let asked: Vec<&String> = if d.refused() || d.stage == Stage::Rest {
        d.blocked
            .iter()
            .map(|(sn, _)| sn)
            .chain(&d.targets)
            .collect()
    } else {
        d.targets.iter().collect()
    };
    match asked.as_slice() {
        [one] => format!("{} {one}", tr::t(lang, t)),
        many => format!("{} {}", tr::t(lang, t), tr::n_orders(lang, many.len())),
    }
}
