//! The rules every journal backend keeps, written once and run on each: SQLite (tests/journal_store.rs)
//! and the team's PostgreSQL (tests/team_store.rs). `open` opens the same journal again (a reopening, or
//! another process's connection).
#![allow(dead_code)]

pub use crate::ship_support::yto as req;
use pddtui::store::{
    Duplicates, Filter, Journal, NewOp, OpKind, OpOutcome, Refusal, ShipEntry, ShipState,
    StoreError, identity,
};
use std::sync::Arc;

/// Opens the journal under test again.
pub type Open = Arc<dyn Fn() -> Journal + Send + Sync>;

pub const A: &str = "210317-000000000000001";
pub const B: &str = "210317-000000000000002";

pub fn pending_is_the_last_word_per_order_and_survives_reopening(open: &Open) {
    let j = open().with_profile("main");
    let a = j
        .begin(&NewOp::ship(&req(A, "YT1")), Duplicates::Refuse)
        .unwrap();
    let b = j
        .begin(&NewOp::ship(&req(B, "YT2")), Duplicates::Refuse)
        .unwrap();
    j.finish(a, OpOutcome::DONE).unwrap();
    j.finish(b, OpOutcome::Unknown { error: "no answer" })
        .unwrap();
    let again = open();
    let pending = again.pending().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].order_sn, B);
    assert_eq!(pending[0].state, ShipState::Unknown);
    assert!(again.pending_for(A).unwrap().is_none());
    let trail = again.entries(&Filter::default()).unwrap();
    assert_eq!(trail.len(), 2);
    assert_eq!(trail[0].profile, "main");
    assert_eq!(trail[0].user, identity::os_user());
    assert_eq!(trail[1].error.as_deref(), Some("no answer"));
    // A later shipment of B settles it; a note on A does not disturb A's shipment.
    let b2 = again
        .begin(&NewOp::ship(&req(B, "YT2")), Duplicates::Refuse)
        .unwrap();
    again.finish(b2, OpOutcome::DONE).unwrap();
    let note = NewOp {
        kind: OpKind::Note,
        order_sn: A.into(),
        logistics_id: None,
        number: None,
        params: serde_json::json!({"note": "x"}),
    };
    again.begin(&note, Duplicates::Refuse).unwrap();
    assert!(again.pending().unwrap().is_empty());
    assert_eq!(again.pending_ops().unwrap().len(), 1, "the note is pending");
}

pub fn a_number_used_for_another_order_is_refused_unless_allowed(open: &Open) {
    let j = open();
    let a = j
        .begin(&NewOp::ship(&req(A, "YT1")), Duplicates::Refuse)
        .unwrap();
    j.finish(a, OpOutcome::DONE).unwrap();
    match j.begin(&NewOp::ship(&req(B, "YT1")), Duplicates::Refuse) {
        Err(StoreError::Refused(Refusal::DuplicateNumber { other_order, .. })) => {
            assert_eq!(other_order, A)
        }
        other => panic!("{other:?}"),
    }
    // The same order again (a retry) is not a duplicate; allowed is allowed.
    j.begin(&NewOp::ship(&req(A, "YT1")), Duplicates::Refuse)
        .unwrap();
    j.begin(&NewOp::ship(&req(B, "YT1")), Duplicates::Allow)
        .unwrap();
    // A failed shipment did not use its number.
    let c = j
        .begin(
            &NewOp::ship(&req("210317-000000000000003", "YT9")),
            Duplicates::Refuse,
        )
        .unwrap();
    j.finish(c, OpOutcome::Failed { error: "refused" }).unwrap();
    j.begin(&NewOp::ship(&req(B, "YT9")), Duplicates::Refuse)
        .unwrap();
}

/// Issue 12 (merge groups): one parcel for the orders of one buyer address carries one number. The
/// orders the caller names may share it; any other order that used it still refuses it, waybills too.
pub fn a_number_is_shared_only_with_the_orders_named(open: &Open) {
    let j = open();
    const C: &str = "210317-000000000000003";
    let group: Arc<[String]> = vec![A.to_string(), B.to_string()].into();
    let a = j
        .begin(&NewOp::ship(&req(A, "YT1")), Duplicates::Refuse)
        .unwrap();
    j.finish(a, OpOutcome::DONE).unwrap();
    // Without the group it is refused, as before; with it, B ships with A's number.
    assert!(
        j.begin(&NewOp::ship(&req(B, "YT1")), Duplicates::Refuse)
            .is_err()
    );
    let b = j
        .begin(
            &NewOp::ship(&req(B, "YT1")),
            Duplicates::SharedWith(group.clone()),
        )
        .unwrap();
    j.finish(b, OpOutcome::DONE).unwrap();
    // C is not in the group: refused, naming the last order that used it.
    match j.begin(
        &NewOp::ship(&req(C, "YT1")),
        Duplicates::SharedWith(vec![C.to_string()].into()),
    ) {
        Err(StoreError::Refused(Refusal::DuplicateNumber { other_order, .. })) => {
            assert_eq!(other_order, B)
        }
        other => panic!("{other:?}"),
    }
    // A group that holds only some of the orders using the number does not make it shareable.
    match j.begin(
        &NewOp::ship(&req(C, "YT1")),
        Duplicates::SharedWith(vec![B.to_string()].into()),
    ) {
        Err(StoreError::Refused(Refusal::DuplicateNumber { other_order, .. })) => {
            assert_eq!(other_order, A)
        }
        other => panic!("{other:?}"),
    }
}

pub fn writers_on_many_connections_never_collide(open: &Open) {
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let open = open.clone();
            std::thread::spawn(move || {
                let j = open();
                for i in 0..40 {
                    let sn = format!("210317-0000000000{t:02}{i:03}");
                    let id = j
                        .begin(
                            &NewOp::ship(&req(&sn, &format!("YT{t}{i}"))),
                            Duplicates::Refuse,
                        )
                        .unwrap();
                    j.claim(&sn).unwrap();
                    j.finish(id, OpOutcome::DONE).unwrap();
                    j.release(&sn).unwrap();
                    j.pending().unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let j = open();
    assert_eq!(j.entries(&Filter::default()).unwrap().len(), 320);
    assert!(j.pending().unwrap().is_empty());
}

pub fn record_keeps_the_old_shape_of_entries(open: &Open) {
    let j = open();
    j.record(&ShipEntry::new(&req(A, "YT1"), ShipState::Intent, None))
        .unwrap();
    let p = j.pending_for(A).unwrap().unwrap();
    assert_eq!(
        (p.tracking_number.as_str(), p.state),
        ("YT1", ShipState::Intent)
    );
}

pub fn history_puts_what_needs_the_operator_first_then_the_newest(open: &Open) {
    let j = open();
    let op = |kind: OpKind, sn: &str, no: &str| NewOp {
        kind,
        order_sn: sn.into(),
        logistics_id: Some(85),
        number: Some(no.into()),
        params: serde_json::json!({}),
    };
    let begin = |o: NewOp| j.begin(&o, Duplicates::Allow).unwrap();
    let c = "210317-000000000000003";
    let (d, e, f) = (
        "210317-000000000000004",
        "210317-000000000000005",
        "210317-000000000000006",
    );
    let a_ship = begin(op(OpKind::Ship, A, "YT1"));
    j.finish(a_ship, OpOutcome::DONE).unwrap();
    let b_ship = begin(op(OpKind::Ship, B, "YT2"));
    j.finish(b_ship, OpOutcome::Unknown { error: "timeout" })
        .unwrap();
    let c_note = begin(op(OpKind::Note, c, ""));
    j.finish(c_note, OpOutcome::Failed { error: "refused" })
        .unwrap();
    let d_ship = begin(op(OpKind::Ship, d, "YT4")); // interrupted: an intent
    let e_waybill = begin(op(OpKind::Waybill, e, "out-5"));
    j.finish(
        e_waybill,
        OpOutcome::Done {
            result: Some("YT5"),
            how: None,
        },
    )
    .unwrap();
    let a_modify = begin(op(OpKind::Modify, A, "YT11"));
    j.finish(a_modify, OpOutcome::DONE).unwrap();
    // F's unknown shipment was settled by a later one: the earlier is history, not open.
    let f_lost = begin(op(OpKind::Ship, f, "YT6"));
    j.finish(f_lost, OpOutcome::Unknown { error: "timeout" })
        .unwrap();
    let f_ship = begin(op(OpKind::Ship, f, "YT6"));
    j.finish(f_ship, OpOutcome::DONE).unwrap();

    let h = j.history(100).unwrap();
    let ids: Vec<i64> = h.entries.iter().map(|e| e.id).collect();
    assert_eq!(
        ids,
        [
            d_ship, b_ship, f_ship, f_lost, a_modify, e_waybill, c_note, a_ship
        ]
    );
    assert_eq!(h.open, 2);
    assert_eq!(h.total, 8);
    assert_eq!(h.entries[0].state, ShipState::Intent);
    assert_eq!(h.entries[1].state, ShipState::Unknown);
    assert_eq!(h.entries[5].result.as_deref(), Some("YT5"));

    // A limit cuts the history, never what needs the operator; the total says how much there is.
    let h = j.history(3).unwrap();
    let ids: Vec<i64> = h.entries.iter().map(|e| e.id).collect();
    assert_eq!(ids, [d_ship, b_ship, f_ship, f_lost, a_modify]);
    assert_eq!((h.open, h.total), (2, 8));
    let h = j.history(0).unwrap();
    assert_eq!(h.entries.len(), 2);
}

/// A check (reconcile, another workstation's) writes its finding only over a pending outcome; the
/// sender's own answer is always written, and a late check never writes over it.
pub fn a_check_writes_only_over_a_pending_outcome(open: &Open) {
    let j = open().with_profile("main");
    let note = NewOp {
        kind: OpKind::Note,
        order_sn: A.into(),
        logistics_id: None,
        number: None,
        params: serde_json::json!({ "note": "改地址" }),
    };
    let id = j.begin(&note, Duplicates::Allow).unwrap();
    let cannot_tell = OpOutcome::Unknown {
        error: "checked: cannot tell yet",
    };
    assert!(
        j.settle(id, cannot_tell).unwrap(),
        "pending: the check is written"
    );
    j.finish(id, OpOutcome::DONE).unwrap();
    let late = OpOutcome::Failed {
        error: "checked: not applied",
    };
    assert!(
        !open().settle(id, late).unwrap(),
        "answered: the check is not written"
    );
    let trail = open().entries(&Filter::default()).unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!(
        (trail[0].state, trail[0].error.as_deref()),
        (ShipState::Done, None)
    );
}
