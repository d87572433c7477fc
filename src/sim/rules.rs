//! PDD's rules for shipping and notes, applied to the store: which ship calls are refused and
//! what an accepted one changes. Shared by fw199 and pddshuju, which act on the same orders.

use super::errors::{self, GwError};
use super::store::SimOrder;
use crate::domain::Flag;
use crate::domain::courier::reference_list;
use jiff::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ShipKind {
    First,
    Modify,
}

/// Refusals in the order a gateway meets them: courier, then shipment state, then blocks.
pub fn check_ship(so: &SimOrder, logistics_id: i64, kind: ShipKind) -> Result<(), GwError> {
    let courier = reference_list().into_iter().find(|c| c.id == logistics_id);
    match courier {
        None => return Err(errors::courier_unknown()),
        Some(c) if !c.is_available() => return Err(errors::courier_unavailable()),
        Some(_) => {}
    }
    let o = &so.order;
    match kind {
        ShipKind::First if o.is_shipped() => return Err(errors::already_shipped()),
        ShipKind::Modify if !o.is_shipped() => return Err(errors::not_shipped()),
        _ => {}
    }
    if (2..=4).contains(&o.refund_status) {
        return Err(errors::in_after_sale());
    }
    if o.risk_control_status == 1 {
        return Err(errors::in_risk_review());
    }
    Ok(())
}

/// Records an accepted ship call. A modify overwrites courier, number and shipping time alike.
pub fn apply_ship(so: &mut SimOrder, logistics_id: i64, number: &str, now: Timestamp) {
    let o = &mut so.order;
    if o.order_status == 1 {
        o.order_status = 2;
    }
    o.logistics_id = logistics_id;
    o.tracking_number = number.to_string();
    o.shipping_time = Some(now);
    o.updated_at = Some(now);
    so.ship_count += 1;
    so.tracking_numbers.push(number.to_string());
}

/// An inner-layer (`data.success = false`) failure of the note endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteError {
    pub code: i64,
    pub message: String,
}

/// Checks a note update's tag pair: both or neither, tag 1–5, tag_name ≤ 3 characters.
/// Returns the flag to set, or `None` to keep the current one.
pub fn check_note(tag: &str, tag_name: &str) -> Result<Option<(Flag, String)>, NoteError> {
    let err = |message: &str| NoteError {
        code: 50001,
        message: message.into(),
    };
    match (tag.is_empty(), tag_name.is_empty()) {
        (true, true) => Ok(None),
        (false, true) | (true, false) => Err(err("tag与tag_name需同时传入或同时不传")),
        (false, false) => {
            let flag = tag.trim().parse::<i64>().ok().and_then(Flag::from_code);
            let Some(flag) = flag else {
                return Err(err("tag取值范围为1-5"));
            };
            if tag_name.chars().count() > 3 {
                return Err(err("tag_name长度最大为3个字符"));
            }
            Ok(Some((flag, tag_name.to_string())))
        }
    }
}

/// Stores the note. With neither tag nor tag_name the existing flag is kept: PDD's behaviour is
/// undocumented, and keeping is the safe choice (a note edit never silently drops a flag).
pub fn apply_note(so: &mut SimOrder, note: &str, flag: Option<(Flag, String)>, now: Timestamp) {
    let o = &mut so.order;
    o.remark = note.to_string();
    if let Some((f, name)) = flag {
        o.remark_tag = Some(f);
        o.remark_tag_name = name;
    }
    o.updated_at = Some(now);
}
