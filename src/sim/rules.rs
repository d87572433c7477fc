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
/// Returns the flag to set, or `None` for no flag.
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

/// Stores the note and its flag as given: with neither tag nor tag_name the order has no flag.
/// PDD's behaviour is undocumented; this makes "clear the flag" expressible (decision in CONTRACT.md),
/// and clients that want to keep a flag send it again.
pub fn apply_note(so: &mut SimOrder, note: &str, flag: Option<(Flag, String)>, now: Timestamp) {
    let o = &mut so.order;
    o.remark = note.to_string();
    match flag {
        Some((f, name)) => {
            o.remark_tag = Some(f);
            o.remark_tag_name = name;
        }
        None => {
            o.remark_tag = None;
            o.remark_tag_name.clear();
        }
    }
    o.updated_at = Some(now);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Order;

    fn sim_order(status: i64) -> SimOrder {
        let order = Order {
            order_sn: "240601-000000000000001".into(),
            order_status: status,
            refund_status: 1,
            ..Order::default()
        };
        SimOrder {
            order,
            ship_count: 0,
            tracking_numbers: vec![],
        }
    }

    #[test]
    fn ship_refusals_in_order() {
        let open = sim_order(1);
        assert_eq!(check_ship(&open, 85, ShipKind::First), Ok(()));
        assert_eq!(
            check_ship(&open, 85, ShipKind::Modify).unwrap_err().code,
            20003
        );
        assert_eq!(
            check_ship(&open, 384, ShipKind::First).unwrap_err().code,
            20006
        );
        assert_eq!(
            check_ship(&open, 7, ShipKind::First).unwrap_err().code,
            20007
        );
        let shipped = sim_order(2);
        assert_eq!(
            check_ship(&shipped, 85, ShipKind::First).unwrap_err().code,
            20002
        );
        assert_eq!(check_ship(&shipped, 85, ShipKind::Modify), Ok(()));
        for refund in 2..=4 {
            let mut o = sim_order(1);
            o.order.refund_status = refund;
            assert_eq!(check_ship(&o, 85, ShipKind::First).unwrap_err().code, 20004);
        }
        let mut risk = sim_order(1);
        risk.order.risk_control_status = 1;
        assert_eq!(
            check_ship(&risk, 85, ShipKind::First).unwrap_err().code,
            20005
        );
    }

    #[test]
    fn ship_and_modify_record_history() {
        let now = Timestamp::from_second(1_700_000_000).unwrap();
        let mut o = sim_order(1);
        apply_ship(&mut o, 85, "YT1", now);
        apply_ship(&mut o, 115, "75", now);
        assert_eq!(o.order.order_status, 2);
        assert_eq!(
            (o.order.logistics_id, o.order.tracking_number.as_str()),
            (115, "75")
        );
        assert_eq!(o.ship_count, 2);
        assert_eq!(o.tracking_numbers, ["YT1", "75"]);
        assert_eq!(o.order.updated_at, Some(now));
    }

    #[test]
    fn note_tags_both_or_neither_and_short_names() {
        assert_eq!(check_note("", ""), Ok(None));
        assert_eq!(
            check_note("2", "黄色"),
            Ok(Some((Flag::Yellow, "黄色".into())))
        );
        assert_eq!(
            check_note("2", "abc"),
            Ok(Some((Flag::Yellow, "abc".into())))
        );
        assert!(check_note("2", "").is_err());
        assert!(check_note("", "黄色").is_err());
        assert!(check_note("0", "无").is_err());
        assert!(check_note("6", "无").is_err());
        assert!(check_note("1", "四个字符").is_err());
        let now = Timestamp::from_second(1_700_000_000).unwrap();
        let mut o = sim_order(1);
        apply_note(&mut o, "a", Some((Flag::Red, "红色".into())), now);
        apply_note(&mut o, "b", None, now);
        assert_eq!(o.order.remark, "b");
        assert_eq!(o.order.remark_tag, None, "no tag given clears the flag");
        assert_eq!(o.order.remark_tag_name, "");
    }
}
