//! The ship dialog: courier picker, one tracking number per order (typed or taken from the waybill
//! service), optional IMEI, confirmation, sending, and PDD's interception countdown. State and flow only.

use crate::api::ApiError;
use crate::domain::order::ShipBlock;
use crate::domain::validate::{self, ShipInput};
use crate::domain::{Change, Courier, ShipRequest};
use crate::i18n::{Lang, dialog as dialog_tr, errors, tui as tr};
use crate::ops::OpError;
use crate::tui::app::{App, Level, Overlay};
use crate::tui::edit;
use crate::tui::keys::command::Command;
use crate::tui::keys::key::Key;
use crate::tui::keys::keymap::Section;
use crate::tui::msg::{Effect, ReqId, Shipment};
use crate::tui::persist::drafts::Persisted;
use crate::tui::queue::rows;
use crossterm::event::{KeyCode, KeyEvent};
use jiff::{SignedDuration, Timestamp};
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
    Editing,
    /// The confirmation line; `duplicate` names a number already used by another order (number, other order).
    Confirm {
        duplicate: Option<(String, String)>,
        second: bool,
    },
    Sending(ReqId),
    /// PDD intercepted the shipment; retry only after `until`.
    Intercepted {
        until: Timestamp,
    },
}

#[derive(Debug, Clone)]
pub struct ShipDialog {
    pub targets: Vec<String>,
    pub modify: bool,
    /// Why these orders cannot ship (and which one), if so.
    pub blocked: Option<(tr::T, String)>,
    pub field: Field,
    pub courier_filter: Input,
    pub courier_cursor: usize,
    pub courier: Option<i64>,
    pub numbers: Vec<Input>,
    pub imei: Input,
    pub refund_address: Input,
    pub stage: Stage,
    pub error: Option<String>,
    /// Waybill requests in flight, by order.
    pub taking: BTreeMap<ReqId, String>,
    /// Numbers the waybill service gave, by order: they ship only with the template's courier.
    pub taken: BTreeMap<String, String>,
    /// Numbers came back from a draft of an earlier session: the dialog says so.
    pub restored: bool,
    /// The focused field's whole value is selected (it was restored, failed, pre-filled or taken, or focus
    /// just arrived): the next character or paste replaces it, so two entries never join into one number.
    pub selected: bool,
}

impl ShipDialog {
    pub fn counting_down(&self) -> bool {
        matches!(self.stage, Stage::Intercepted { .. } | Stage::Sending(_))
            || !self.taking.is_empty()
    }

    /// Seconds left of an interception wait (0 when the retry is allowed).
    pub fn wait_left(&self, now: Timestamp) -> Option<i64> {
        match self.stage {
            Stage::Intercepted { until } => {
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
        for (sn, n) in self.targets.iter().zip(&self.numbers) {
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

    pub fn couriers_arrived(&mut self, list: &[Courier], last: Option<i64>) {
        if self.courier.is_none()
            && let Some(id) = last.filter(|id| list.iter().any(|c| c.id == *id && c.is_available()))
        {
            self.courier = Some(id);
            if self.field == Field::Courier {
                self.focus(Field::Number(0));
            }
        }
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
        f.extend((0..self.numbers.len()).map(Field::Number));
        f.push(Field::Imei);
        f.push(Field::RefundAddress);
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

fn block_reason(app: &App, targets: &[String], modify: bool) -> Option<(tr::T, String)> {
    if let Some(sn) = targets.iter().find(|sn| app.claims.user(sn).is_some()) {
        return Some((tr::T::BlockedInProgress, sn.clone()));
    }
    for sn in targets {
        let Some(o) = app.order(sn) else { continue };
        match o.ship_block() {
            Some(ShipBlock::Refund(_)) => return Some((tr::T::BlockedRefund, sn.clone())),
            Some(ShipBlock::RiskReview) => return Some((tr::T::BlockedRisk, sn.clone())),
            None => {}
        }
        if o.is_shipped() != modify {
            return Some((tr::T::BlockedShipped, sn.clone()));
        }
    }
    if modify && !app.settings.caps.modify_shipment {
        return targets
            .first()
            .map(|sn| (tr::T::ModifyUnsupported, sn.clone()));
    }
    None
}

pub fn open(app: &mut App) -> Vec<Effect> {
    if app.refuse_changes() {
        return Vec::new();
    }
    let targets = rows::targets(app);
    let Some(first) = targets.first().and_then(|sn| app.order(sn)) else {
        return Vec::new();
    };
    let modify = first.is_shipped();
    let blocked = block_reason(app, &targets, modify);
    let mut restored = false;
    let numbers: Vec<Input> = targets
        .iter()
        .map(|sn| {
            let draft = app.persisted.drafts.get(sn).map(|d| d.tracking.clone());
            restored |= draft.as_ref().is_some_and(|d| !d.is_empty());
            let shipped = app
                .order(sn)
                .map(|o| o.tracking_number.clone())
                .unwrap_or_default();
            Input::new(draft.filter(|d| !d.is_empty()).unwrap_or(shipped))
        })
        .collect();
    let shared = |f: fn(&crate::tui::persist::drafts::Draft) -> &String| {
        targets
            .iter()
            .find_map(|sn| app.persisted.drafts.get(sn).map(|d| f(d).clone()))
            .unwrap_or_default()
    };
    let imei = shared(|d| &d.imei);
    let refund_address = shared(|d| &d.refund_address);
    let drafted = targets
        .iter()
        .find_map(|sn| app.persisted.drafts.get(sn).and_then(|d| d.courier));
    let preset = if modify {
        drafted.or(Some(first.logistics_id).filter(|id| *id != 0))
    } else {
        drafted
    };
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
        stage: Stage::Editing,
        error: None,
        taking: BTreeMap::new(),
        taken: BTreeMap::new(),
        restored,
        selected: false,
    };
    if d.courier.is_some() {
        d.focus(Field::Number(0));
    }
    d.couriers_arrived(&app.couriers, app.persisted.last_courier);
    app.overlay = Overlay::Ship(Box::new(d));
    if restored {
        app.toast(Level::Info, tr::t(app.lang(), tr::T::DraftRestored));
    }
    if app.couriers.is_empty() && app.pending.couriers.is_none() {
        return crate::tui::queue::actions::fetch_couriers(app);
    }
    Vec::new()
}

pub fn paste(d: &mut ShipDialog, text: &str) {
    if d.stage != Stage::Editing {
        return;
    }
    let mut selected = d.selected;
    if let Some(input) = d.focused_input() {
        edit::paste(input, &mut selected, text.trim());
    }
    d.selected = selected;
}

pub fn on_key(app: &mut App, key: Key, ev: &KeyEvent) -> Vec<Effect> {
    let cmd = app.keymap.get(Section::Ship, key);
    let Overlay::Ship(d) = &mut app.overlay else {
        return Vec::new();
    };
    if d.blocked.is_some() {
        if cmd == Some(Command::Back) || key.code == KeyCode::Esc {
            app.overlay = Overlay::None;
        }
        return Vec::new();
    }
    match d.stage.clone() {
        // Nothing to type while sending; `q` / Ctrl-C ask before leaving with the shipment in flight.
        Stage::Sending(_) => match app.keymap.resolve(Section::Queue, key) {
            Some(Command::Quit) => crate::tui::dialog::confirm::request(app),
            _ => Vec::new(),
        },
        Stage::Confirm { duplicate, second } => {
            if cmd != Some(Command::Confirm) {
                // Back to the entry that Enter completed: the next one replaces it.
                d.stage = Stage::Editing;
                d.focus(d.field);
                return Vec::new();
            }
            if let (Some(dup), false) = (duplicate, second) {
                d.stage = Stage::Confirm {
                    duplicate: Some(dup),
                    second: true,
                };
                return Vec::new();
            }
            send(app)
        }
        Stage::Intercepted { until } => match cmd {
            Some(Command::Back) => {
                app.overlay = Overlay::None;
                Vec::new()
            }
            Some(Command::Submit | Command::Confirm) if app.now >= until => send(app),
            _ => Vec::new(),
        },
        Stage::Editing => editing_key(app, key, cmd, ev),
    }
}

fn editing_key(app: &mut App, key: Key, cmd: Option<Command>, ev: &KeyEvent) -> Vec<Effect> {
    let couriers = app.couriers.clone();
    let Overlay::Ship(d) = &mut app.overlay else {
        return Vec::new();
    };
    // Printable characters are text for the focused field; only other keys are commands here.
    let cmd = if key.text_char().is_some() { None } else { cmd };
    match cmd {
        Some(Command::Back) => {
            let mut p = std::mem::take(&mut app.persisted);
            d.save_drafts(&mut p);
            app.persisted = p;
            app.overlay = Overlay::None;
        }
        // Not while a number is being taken: its answer goes to this dialog.
        Some(Command::Help) if d.taking.is_empty() => crate::tui::dialog::help::open(app),
        Some(Command::NextField) => d.step(1),
        Some(Command::PrevField) => d.step(-1),
        Some(Command::MoveDown) if d.field == Field::Courier => {
            let n = matching(&couriers, d.courier_filter.value()).len();
            d.courier_cursor = (d.courier_cursor + 1).min(n.saturating_sub(1));
        }
        Some(Command::MoveUp) if d.field == Field::Courier => {
            d.courier_cursor = d.courier_cursor.saturating_sub(1);
        }
        Some(Command::MoveDown) => d.step(1),
        Some(Command::MoveUp) => d.step(-1),
        Some(Command::Submit) => return submit(app),
        Some(Command::TakeNumber) => return take_numbers(app),
        _ => {
            if edit_field(d, ev) && d.field == Field::Courier {
                d.courier_cursor = 0;
            }
            d.error = None;
        }
    }
    Vec::new()
}

fn edit_field(d: &mut ShipDialog, ev: &KeyEvent) -> bool {
    let mut selected = d.selected;
    let took = d
        .focused_input()
        .is_some_and(|i| edit::key(i, &mut selected, ev));
    d.selected = selected;
    took
}

fn submit(app: &mut App) -> Vec<Effect> {
    let couriers = app.couriers.clone();
    let Overlay::Ship(d) = &mut app.overlay else {
        return Vec::new();
    };
    if d.field == Field::Courier {
        let list = matching(&couriers, d.courier_filter.value());
        if let Some(c) = list.get(d.courier_cursor) {
            d.courier = Some(c.id);
            d.courier_filter.reset();
            d.focus(Field::Number(0));
        }
        return Vec::new();
    }
    if let Some(i) = d.numbers.iter().position(|n| n.value().trim().is_empty()) {
        d.focus(Field::Number(i));
        return Vec::new();
    }
    match check(app) {
        Ok(requests) => {
            let duplicate = duplicate(app, &requests);
            if let Overlay::Ship(d) = &mut app.overlay {
                d.error = None;
                d.stage = Stage::Confirm {
                    duplicate,
                    second: false,
                };
            }
        }
        Err((i, text)) => {
            if let Overlay::Ship(d) = &mut app.overlay {
                d.error = Some(text);
                // The refused entry is selected: a rescan replaces it, the cursor keys mend it.
                d.focus(i.map_or(d.field, Field::Number));
            }
        }
    }
    Vec::new()
}

/// Validates every order of the dialog; the error names the field (by order index) and says why.
fn check(app: &App) -> Result<Vec<ShipRequest>, (Option<usize>, String)> {
    let lang = app.lang();
    let Overlay::Ship(d) = &app.overlay else {
        return Err((None, String::new()));
    };
    let Some(courier_id) = d.courier else {
        return Err((None, tr::t(lang, tr::T::PickCourierFirst).to_string()));
    };
    let mut out = Vec::new();
    for (i, (sn, n)) in d.targets.iter().zip(&d.numbers).enumerate() {
        let input = ShipInput {
            order_sn: sn,
            courier_id,
            tracking: n.value(),
            imei: d.imei.value(),
            refund_address_id: Some(d.refund_address.value()),
            modify: d.modify,
        };
        // A waybill number kept after the courier was changed would ship under the wrong courier.
        if d.taken.get(sn).is_some_and(|t| t == n.value().trim())
            && let Err(text) = other_courier(app, sn)
        {
            return Err((Some(i), text));
        }
        match validate::ship(&input, &app.couriers) {
            Ok(c) => out.push(c.request),
            Err(e) => {
                let text = errors::validation_error(&e, lang);
                let text = if d.targets.len() > 1 {
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

/// A number already used by another loaded order, or twice in this batch.
fn duplicate(app: &App, requests: &[ShipRequest]) -> Option<(String, String)> {
    for (i, r) in requests.iter().enumerate() {
        let n = &r.tracking_number;
        if let Some(o) = app
            .orders
            .iter()
            .find(|o| o.order_sn != r.order_sn && validate::same_number(&o.tracking_number, n))
        {
            return Some((n.clone(), o.order_sn.clone()));
        }
        if let Some(other) = requests[..i]
            .iter()
            .find(|o| validate::same_number(&o.tracking_number, n))
        {
            return Some((n.clone(), other.order_sn.clone()));
        }
    }
    None
}

fn send(app: &mut App) -> Vec<Effect> {
    // A claim that appeared while the dialog was open: refuse here too (the journal would refuse as well).
    let claimed = match &app.overlay {
        Overlay::Ship(d) => d
            .targets
            .iter()
            .find_map(|sn| app.claims.user(sn).map(|u| (sn.clone(), u.to_string()))),
        _ => None,
    };
    if let Some((sn, user)) = claimed {
        let text = format!("{sn}: {}", tr::in_progress_by(app.lang(), &user));
        if let Overlay::Ship(d) = &mut app.overlay {
            d.error = Some(text);
            d.stage = Stage::Editing;
            d.focus(d.field);
        }
        return Vec::new();
    }
    let requests = match check(app) {
        Ok(r) => r,
        Err((_, text)) => {
            if let Overlay::Ship(d) = &mut app.overlay {
                d.error = Some(text);
                d.stage = Stage::Editing;
                d.focus(d.field);
            }
            return Vec::new();
        }
    };
    let id = app.next_id();
    app.pending.ships.insert(id);
    if let Overlay::Ship(d) = &mut app.overlay {
        d.stage = Stage::Sending(id);
        d.error = None;
        app.persisted.last_courier = d.courier;
    }
    vec![Effect::Ship { id, requests }]
}

fn take_numbers(app: &mut App) -> Vec<Effect> {
    let lang = app.lang();
    if !app.settings.has_waybill {
        if let Overlay::Ship(d) = &mut app.overlay {
            d.error = Some(tr::t(lang, tr::T::NoWaybill).to_string());
        }
        return Vec::new();
    }
    let wanted: Vec<String> = match &app.overlay {
        Overlay::Ship(d) => match d.field {
            Field::Number(i) => d.targets.get(i).cloned().into_iter().collect(),
            _ => d
                .targets
                .iter()
                .zip(&d.numbers)
                .filter(|(_, n)| n.value().trim().is_empty())
                .map(|(sn, _)| sn.clone())
                .collect(),
        },
        _ => Vec::new(),
    };
    if let Some(refused) = wanted.first().and_then(|sn| other_courier(app, sn).err()) {
        if let Overlay::Ship(d) = &mut app.overlay {
            d.error = Some(refused);
        }
        return Vec::new();
    }
    let template = app.settings.waybill_courier;
    let mut fx = Vec::new();
    for sn in wanted {
        if app.order(&sn).is_none() {
            continue;
        }
        let order = app.detail(&sn).cloned().map(Box::new);
        let id = app.next_id();
        if let Overlay::Ship(d) = &mut app.overlay {
            d.taking.insert(id, sn.clone());
            // No courier picked yet: the template's is taken, and shown as the picked one.
            if d.courier.is_none() {
                d.courier = template;
                if d.field == Field::Courier {
                    d.courier_filter.reset();
                    d.focus(Field::Number(0));
                }
            }
        }
        fx.push(Effect::TakeNumber {
            id,
            order_sn: sn,
            order,
        });
    }
    fx
}

/// The waybill template issues numbers of one courier only: a number is taken only when the dialog ships
/// with that courier (or has none picked yet). The refusal names the order and both couriers.
fn other_courier(app: &App, sn: &str) -> Result<(), String> {
    let lang = app.lang();
    let Some(template) = app.settings.waybill_courier else {
        return Err(format!(
            "{sn}: {}",
            dialog_tr::waybill_courier_unknown(lang)
        ));
    };
    let chosen = match &app.overlay {
        Overlay::Ship(d) => d.courier,
        _ => None,
    };
    match chosen {
        Some(c) if c != template => Err(dialog_tr::waybill_other_courier(
            lang,
            sn,
            &courier_label(&app.couriers, template),
            &courier_label(&app.couriers, c),
        )),
        _ => Ok(()),
    }
}

/// A courier as the operator knows it: name and code, or its id when the list does not have it.
fn courier_label(couriers: &[Courier], id: i64) -> String {
    couriers
        .iter()
        .find(|c| c.id == id)
        .map(|c| format!("{} {}", c.name, c.code))
        .unwrap_or_else(|| id.to_string())
}

pub fn on_number(
    app: &mut App,
    id: ReqId,
    sn: &str,
    result: Result<String, OpError>,
) -> Vec<Effect> {
    let lang = app.lang();
    // The courier may have been changed while the number was on its way: then it is not filled in.
    let refused = other_courier(app, sn).err();
    let Overlay::Ship(d) = &mut app.overlay else {
        return Vec::new();
    };
    if d.taking.remove(&id).is_none() {
        return Vec::new();
    }
    app.dirty = true;
    let Some(i) = d.targets.iter().position(|t| t == sn) else {
        return Vec::new();
    };
    match (result, refused) {
        (Ok(_), Some(text)) => d.error = Some(text),
        (Ok(n), None) => {
            d.taken.insert(sn.to_string(), n.clone());
            d.numbers[i] = Input::new(n);
            // The number replaces whatever the field held, and is itself replaced by the next entry.
            if d.field == Field::Number(i) {
                d.selected = true;
            }
        }
        (Err(e), _) => d.error = Some(format!("{sn}: {}", errors::op_error(&e, lang))),
    }
    Vec::new()
}

/// Marks shipped orders and closes, or keeps the dialog open with the failed orders and their input.
pub fn on_result(app: &mut App, id: ReqId, result: Result<Vec<Shipment>, OpError>) -> Vec<Effect> {
    app.pending.ships.remove(&id);
    crate::tui::dialog::confirm::ships_settled(app);
    app.dirty = true;
    let lang = app.lang();
    let ours = matches!(&app.overlay, Overlay::Ship(d) if d.stage == Stage::Sending(id));
    let (outcomes, whole_error) = match result {
        Ok(o) => (o, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    let shipped: Vec<String> = outcomes
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(sn, _)| sn.clone())
        .collect();
    mark_shipped(app, &shipped);
    let failures: Vec<(String, OpError)> = outcomes
        .into_iter()
        .filter_map(|(sn, r)| r.err().map(|e| (sn, e)))
        .collect();
    note_unknown(app, &failures);
    let first_error = whole_error.or_else(|| failures.first().map(|(_, e)| e.clone()));
    let Some(err) = first_error else {
        if ours {
            app.overlay = Overlay::None;
        }
        let text = match shipped.as_slice() {
            [one] => format!("{} {one}", tr::t(lang, tr::T::ShippedToast)),
            many => format!(
                "{} {}",
                tr::t(lang, tr::T::ShippedToast),
                tr::n_orders(lang, many.len())
            ),
        };
        app.toast(Level::Success, text);
        return Vec::new();
    };
    let text = if shipped.is_empty() && failures.len() <= 1 {
        errors::op_error(&err, lang)
    } else {
        format!(
            "{}: {}",
            tr::ship_summary(lang, shipped.len(), failures.len().max(1)),
            errors::op_error(&err, lang)
        )
    };
    if !ours {
        app.toast(Level::Error, text);
        return Vec::new();
    }
    let now = app.now;
    if let Overlay::Ship(d) = &mut app.overlay {
        // Keep only the orders that did not ship, with what was typed for them.
        let keep: Vec<bool> = d.targets.iter().map(|sn| !shipped.contains(sn)).collect();
        let mut k = keep.iter();
        d.targets.retain(|_| *k.next().unwrap_or(&true));
        let mut k = keep.iter();
        d.numbers.retain(|_| *k.next().unwrap_or(&true));
        // The failed number is selected: the next entry replaces it instead of joining it.
        d.focus(Field::Number(0));
        d.error = Some(text);
        d.stage = match err {
            OpError::Api(ApiError::Intercepted {
                retry_after_secs, ..
            }) => Stage::Intercepted {
                until: now
                    .checked_add(SignedDuration::from_secs(
                        i64::try_from(retry_after_secs).unwrap_or(60),
                    ))
                    .unwrap_or(now),
            },
            _ => Stage::Editing,
        };
    }
    Vec::new()
}

/// The tracking number typed for each order of the open ship dialog.
fn dialog_numbers(app: &App) -> BTreeMap<String, String> {
    match &app.overlay {
        Overlay::Ship(d) => d
            .targets
            .iter()
            .zip(&d.numbers)
            .map(|(s, n)| (s.clone(), n.value().trim().to_string()))
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// Shipments whose answer was lost and could not be checked stay marked until checked.
fn note_unknown(app: &mut App, failures: &[(String, OpError)]) {
    let numbers = dialog_numbers(app);
    for (sn, e) in failures {
        if e.outcome_unknown() {
            let n = numbers.get(sn).cloned().unwrap_or_default();
            app.unconfirmed.insert(sn.clone(), n);
        }
    }
}

fn mark_shipped(app: &mut App, shipped: &[String]) {
    let courier = match &app.overlay {
        Overlay::Ship(d) => d.courier,
        _ => None,
    };
    let numbers = dialog_numbers(app);
    for sn in shipped {
        mark_one_shipped(app, sn, numbers.get(sn).map(String::as_str), courier);
    }
    let sn = rows::current(app).map(|o| o.order_sn.clone());
    crate::tui::queue::actions::place_cursor(app, sn.as_deref());
}

/// One order went out (from this dialog or the import dialog): shipped now, its draft and marks gone.
pub fn mark_one_shipped(app: &mut App, sn: &str, number: Option<&str>, courier: Option<i64>) {
    let change = Change::Shipped {
        at: app.now,
        number: number.map(str::to_string),
        courier,
    };
    app.apply(sn, &change);
    app.persisted.drafts.remove(sn);
    app.queue.selected.remove(sn);
    app.unconfirmed.remove(sn);
}

/// The dialog's title line: ship or modify, and how many orders.
pub fn title(d: &ShipDialog, lang: Lang) -> String {
    let t = if d.modify {
        tr::T::ModifyTitle
    } else {
        tr::T::ShipTitle
    };
    match d.targets.as_slice() {
        [one] => format!("{} {one}", tr::t(lang, t)),
        many => format!("{} {}", tr::t(lang, t), tr::n_orders(lang, many.len())),
    }
}
