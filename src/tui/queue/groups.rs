//! Merge groups in the queue: two or more unshipped orders of one buyer address (the rows' `address_group`)
//! are a group, numbered in list order. The queue marks them, the filter finds them, a key selects one.

use crate::domain::group::{Address, may_share_number};
use crate::domain::row::AddressGroup;
use crate::domain::validate::same_number;
use crate::domain::{OrderRow, ShipRequest};
use crate::tui::queue::details::Details;
use std::collections::{BTreeMap, HashMap};

/// The groups of a list of rows: each address with two or more unshipped orders, and its number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Groups {
    numbers: HashMap<AddressGroup, u32>,
}

impl Groups {
    pub fn of(rows: &[OrderRow]) -> Groups {
        let mut count: HashMap<AddressGroup, u32> = HashMap::new();
        for g in rows
            .iter()
            .filter(|o| o.is_unshipped())
            .filter_map(|o| o.address_group)
        {
            *count.entry(g).or_default() += 1;
        }
        let mut numbers = HashMap::new();
        for g in rows
            .iter()
            .filter(|o| o.is_unshipped())
            .filter_map(|o| o.address_group)
        {
            if count.get(&g).is_some_and(|n| *n >= 2) && !numbers.contains_key(&g) {
                let next = u32::try_from(numbers.len())
                    .unwrap_or(u32::MAX)
                    .saturating_add(1);
                numbers.insert(g, next);
            }
        }
        Groups { numbers }
    }

    /// The number of the group an unshipped order is in (from 1); `None` when it is in none.
    pub fn number(&self, o: &OrderRow) -> Option<u32> {
        if !o.is_unshipped() {
            return None;
        }
        o.address_group.and_then(|g| self.numbers.get(&g).copied())
    }

    /// How many groups there are.
    pub fn len(&self) -> usize {
        self.numbers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.numbers.is_empty()
    }
}

/// The unshipped orders of the group `o` is in (itself included), in list order; empty when in none.
pub fn members<'a>(rows: &'a [OrderRow], groups: &Groups, o: &OrderRow) -> Vec<&'a OrderRow> {
    let Some(n) = groups.number(o) else {
        return Vec::new();
    };
    rows.iter()
        .filter(|r| groups.number(r) == Some(n))
        .collect()
}

/// The group `o` is in, with how many orders it holds: (number, count); `None` when in none.
pub fn group_of(rows: &[OrderRow], groups: &Groups, o: &OrderRow) -> Option<(u32, usize)> {
    let n = groups.number(o)?;
    Some((n, members(rows, groups, o).len()))
}

/// Tracking numbers of a shipment that other orders use too (loaded orders, or other orders of the
/// shipment), and whether that is allowed (`domain::group`): one buyer address, one parcel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shared {
    /// For each order of the shipment whose number is shared within its address: the orders it shares it
    /// with (the journal lets these, and only these, use it too).
    pub mates: BTreeMap<String, Vec<String>>,
    /// The first number used by an order of another address, or of an unknown one: (number, that order).
    pub refused: Option<(String, String)>,
}

/// The address of `sn` as exactly as known here: its whole order's `open_address_id`, else its row's.
fn address<'a>(details: &'a Details, row: Option<&OrderRow>, sn: &str) -> Option<Address<'a>> {
    Address::known(
        details.get(sn).and_then(|o| o.open_address_id.as_deref()),
        row.and_then(|r| r.address_group),
    )
}

/// Who else uses each request's number, and whether they may (see `Shared`).
pub fn shared_numbers(rows: &[OrderRow], details: &Details, requests: &[ShipRequest]) -> Shared {
    let mut out = Shared::default();
    for r in requests {
        let n = &r.tracking_number;
        let mut users: Vec<(&str, Option<Address<'_>>)> = rows
            .iter()
            .filter(|o| o.order_sn != r.order_sn && same_number(o.tracking_number(), n))
            .map(|o| (o.order_sn.as_str(), address(details, Some(o), &o.order_sn)))
            .collect();
        for other in requests {
            let sn = other.order_sn.as_str();
            if sn != r.order_sn
                && same_number(&other.tracking_number, n)
                && !users.iter().any(|(u, _)| *u == sn)
            {
                let row = rows.iter().find(|o| o.order_sn == sn);
                users.push((sn, address(details, row, sn)));
            }
        }
        if users.is_empty() {
            continue;
        }
        let row = rows.iter().find(|o| o.order_sn == r.order_sn);
        let this = address(details, row, &r.order_sn);
        if may_share_number(this, users.iter().map(|(_, a)| *a)) {
            let sns = users.iter().map(|(sn, _)| sn.to_string()).collect();
            out.mates.insert(r.order_sn.clone(), sns);
        } else if out.refused.is_none() {
            let other = users
                .iter()
                .find(|(_, a)| !may_share_number(this, [*a]))
                .or(users.first())
                .map_or("", |(sn, _)| *sn);
            out.refused = Some((n.clone(), other.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::row::Interner;
    use crate::tui::testdata::orders;

    #[test]
    fn two_unshipped_orders_of_one_address_are_a_group_shipped_ones_do_not_count() {
        let mut os = orders();
        for (i, o) in os.iter_mut().enumerate() {
            o.open_address_id = Some(format!("addr-{i}"));
        }
        // 0 and 2 share an address; 5 shares the shipped order 7's; 1 has none.
        os[2].open_address_id = Some("addr-0".into());
        os[5].open_address_id = Some("addr-7".into());
        os[1].open_address_id = None;
        let mut i = Interner::default();
        let rows: Vec<OrderRow> = os.iter().map(|o| OrderRow::new(o, &mut i)).collect();
        assert!(rows[7].is_shipped());
        let g = Groups::of(&rows);
        assert_eq!(g.len(), 1);
        let numbers: Vec<Option<u32>> = rows.iter().map(|r| g.number(r)).collect();
        assert_eq!(
            numbers,
            [Some(1), None, Some(1), None, None, None, None, None]
        );
        let sns: Vec<&str> = members(&rows, &g, &rows[2])
            .iter()
            .map(|r| r.order_sn.as_str())
            .collect();
        assert_eq!(sns, [rows[0].order_sn.as_str(), rows[2].order_sn.as_str()]);
        assert!(members(&rows, &g, &rows[5]).is_empty());
    }
}
