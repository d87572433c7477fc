//! Durable shipping against the simulator over HTTP: a shipment whose answer is lost is read back, never
//! sent twice, and a pending one from an earlier run is checked before anything is sent.

mod ship_support;

use pddtui::api::{ApiError, Gateway, HttpOptions, StatusFilter};
use pddtui::domain::note::Note;
use pddtui::domain::{Flag, Order, ShipRequest};
use pddtui::ops::note::{Edit, Outcome, SeenFlag, TagEdit, write_checked};
use pddtui::ops::{
    OpError, Reconciled, ShipPolicy, ShipReport, reconcile_all, reconcile_pending, ship_durably,
    ship_with, update_note_journaled,
};
use pddtui::sim::{self, Faults, Options};
use pddtui::store::{
    Claim, Filter, Journal, JournalBackend, OpKind, Refusal, ShipEntry, ShipState, SqliteJournal,
    identity,
};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

async fn setup(faults: Faults) -> (sim::Running, Gateway) {
    let running = sim::start(
        "127.0.0.1:0".parse().unwrap(),
        Options {
            orders: 40,
            seed: 5,
            faults,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let http = HttpOptions {
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_millis(800),
    };
    let gw = ship_support::demo_gateway(running.base_url(), http);
    (running, gw)
}

async fn shippable(gw: &Gateway) -> Order {
    let now = jiff::Timestamp::now();
    let start = now
        .checked_sub(jiff::SignedDuration::from_hours(96))
        .unwrap();
    let list = gw
        .list_orders(StatusFilter::Unshipped, start, now)
        .await
        .unwrap();
    list.into_iter()
        .find(|o| o.ship_block().is_none())
        .expect("a shippable order")
}

fn request(order: &Order, number: &str) -> ShipRequest {
    ship_support::yto(&order.order_sn, number)
}

async fn sim_state(running: &sim::Running, sn: &str) -> Value {
    reqwest::get(format!("{}/__sim/orders/{sn}", running.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn set_faults(running: &sim::Running, faults: Value) {
    let status = reqwest::Client::new()
        .post(format!("{}/__sim/faults", running.base_url()))
        .json(&faults)
        .send()
        .await
        .unwrap()
        .status();
    assert!(status.is_success());
}

#[tokio::test]
async fn dropped_answer_is_read_back_and_not_resent() {
    let (running, gw) = setup(Faults {
        drop_after_commit: true,
        ..Default::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let order = shippable(&gw).await;
    let req = request(&order, "YT1234567890123");
    assert_eq!(
        ship_durably(&gw, &journal, &req).await.unwrap(),
        ShipReport::FoundApplied
    );
    assert_eq!(sim_state(&running, &order.order_sn).await["ship_count"], 1);
    assert!(journal.pending().unwrap().is_empty());
    // Asking again (an operator pressing the key twice) finds it done and sends nothing more.
    let again = ship_durably(&gw, &journal, &req).await;
    assert!(
        again.is_err(),
        "a second first shipment is refused by the gateway"
    );
    assert_eq!(sim_state(&running, &order.order_sn).await["ship_count"], 1);
}

#[tokio::test]
async fn unknown_outcome_stays_pending_until_checked() {
    let (running, gw) = setup(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let order = shippable(&gw).await;
    let req = request(&order, "YT1234567890123");
    set_faults(&running, json!({"hang": true})).await;
    let err = ship_durably(&gw, &journal, &req).await.unwrap_err();
    assert!(matches!(err, OpError::Api(ApiError::Timeout(_))), "{err:?}");
    let pending = journal.pending().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].state, ShipState::Unknown);
    // While the gateway still hangs, a retry refuses to send blindly.
    let err = ship_durably(&gw, &journal, &req).await.unwrap_err();
    assert!(err.outcome_unknown(), "{err:?}");
    // Once it answers again: checked (not applied), then sent exactly once.
    set_faults(&running, json!({})).await;
    assert_eq!(
        ship_durably(&gw, &journal, &req).await.unwrap(),
        ShipReport::Sent
    );
    let state = sim_state(&running, &order.order_sn).await;
    assert_eq!(state["ship_count"], 1);
    assert!(journal.pending().unwrap().is_empty());
}

#[tokio::test]
async fn a_pending_shipment_from_an_earlier_run_that_went_through_is_not_resent() {
    let (running, gw) = setup(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let order = shippable(&gw).await;
    let req = request(&order, "YT1234567890123");
    // The earlier run: intent written, shipment applied, then the process died before the outcome.
    gw.ship(&req).await.unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    journal
        .record(&ShipEntry::new(&req, ShipState::Intent, None))
        .unwrap();
    let reopened = Journal::open(dir.path()).unwrap();
    assert_eq!(
        ship_durably(&gw, &reopened, &req).await.unwrap(),
        ShipReport::FoundApplied
    );
    assert_eq!(sim_state(&running, &order.order_sn).await["ship_count"], 1);
    assert!(reopened.pending().unwrap().is_empty());
}

#[tokio::test]
async fn start_up_reconciles_what_an_earlier_run_left_pending() {
    let (running, gw) = setup(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let now = jiff::Timestamp::now();
    let start = now
        .checked_sub(jiff::SignedDuration::from_hours(96))
        .unwrap();
    let mut ok = gw
        .list_orders(StatusFilter::Unshipped, start, now)
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.ship_block().is_none());
    let (went, did_not) = (ok.next().unwrap(), ok.next().unwrap());
    let went_req = request(&went, "YT1234567890123");
    gw.ship(&went_req).await.unwrap();
    journal
        .record(&ShipEntry::new(&went_req, ShipState::Intent, None))
        .unwrap();
    journal
        .record(&ShipEntry::new(
            &request(&did_not, "YT1234567890124"),
            ShipState::Unknown,
            None,
        ))
        .unwrap();
    let found = reconcile_pending(&gw, &journal).await.unwrap();
    let by_sn = |sn: &str| {
        found
            .iter()
            .find(|(e, _)| e.order_sn == sn)
            .map(|(_, r)| r.clone())
    };
    assert_eq!(by_sn(&went.order_sn), Some(Reconciled::Applied));
    assert_eq!(by_sn(&did_not.order_sn), Some(Reconciled::NotApplied));
    assert!(journal.pending().unwrap().is_empty());
    assert_eq!(sim_state(&running, &went.order_sn).await["ship_count"], 1);
    assert_eq!(
        sim_state(&running, &did_not.order_sn).await["ship_count"],
        0
    );
}

#[tokio::test]
async fn a_pending_shipment_found_with_another_number_is_a_conflict() {
    let (running, gw) = setup(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let order = shippable(&gw).await;
    journal
        .record(&ShipEntry::new(
            &request(&order, "YT1111111111111"),
            ShipState::Unknown,
            None,
        ))
        .unwrap();
    gw.ship(&request(&order, "YT2222222222222")).await.unwrap();
    let err = ship_with(
        &gw,
        &journal,
        &request(&order, "YT1111111111111"),
        &ShipPolicy::default(),
    )
    .await
    .unwrap_err();
    match err {
        OpError::Conflict { ours, found, .. } => {
            assert_eq!(
                (ours.as_str(), found.as_str()),
                ("YT1111111111111", "YT2222222222222")
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(journal.conflicts().unwrap().len(), 1);
    assert_eq!(sim_state(&running, &order.order_sn).await["ship_count"], 1);
}

#[tokio::test]
async fn reconciliation_reports_a_conflict() {
    let (_running, gw) = setup(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let order = shippable(&gw).await;
    journal
        .record(&ShipEntry::new(
            &request(&order, "YT1111111111111"),
            ShipState::Intent,
            None,
        ))
        .unwrap();
    gw.ship(&request(&order, "YT2222222222222")).await.unwrap();
    let found = reconcile_pending(&gw, &journal).await.unwrap();
    assert_eq!(
        found[0].1,
        Reconciled::Conflict {
            found: "YT2222222222222".into()
        }
    );
    assert!(journal.pending().unwrap().is_empty());
}

#[tokio::test]
async fn an_order_another_process_is_shipping_is_refused() {
    let (running, gw) = setup(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let backend = Arc::new(SqliteJournal::open(dir.path()).unwrap());
    let journal = Journal::with_backend(backend.clone());
    let order = shippable(&gw).await;
    let now = jiff::Timestamp::now().as_second();
    backend
        .claim(
            &Claim {
                order_sn: order.order_sn.clone(),
                user: "bob".into(),
                host: identity::host(),
                pid: 1,
                expires_at: now + 60,
            },
            now,
        )
        .unwrap();
    let err = ship_with(
        &gw,
        &journal,
        &request(&order, "YT1234567890123"),
        &ShipPolicy::default(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, OpError::Refused(Refusal::InProgress(c)) if c.user == "bob"),
        "{err:?}"
    );
    assert_eq!(sim_state(&running, &order.order_sn).await["ship_count"], 0);
    assert!(journal.entries(&Filter::default()).unwrap().is_empty());
}

#[tokio::test]
async fn notes_are_journalled_and_an_unknown_one_is_read_back() {
    let (running, gw) = setup(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap().with_profile("main");
    let order = shippable(&gw).await;
    let note =
        pddtui::domain::validate::note(&order.order_sn, "缺货", Some(2), Some("黄色")).unwrap();
    update_note_journaled(&gw, &journal, &note).await.unwrap();
    set_faults(&running, json!({"hang": true})).await;
    let later = pddtui::domain::validate::note(&order.order_sn, "到货了", None, None).unwrap();
    let err = update_note_journaled(&gw, &journal, &later)
        .await
        .unwrap_err();
    assert!(err.outcome_unknown(), "{err:?}");
    set_faults(&running, json!({})).await;
    let found = reconcile_all(&gw, &journal).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0.kind, OpKind::Note);
    assert_eq!(found[0].1, Reconciled::NotApplied);
    let trail = journal.entries(&Filter::default()).unwrap();
    let states: Vec<ShipState> = trail.iter().map(|e| e.state).collect();
    assert_eq!(states, vec![ShipState::Done, ShipState::Failed]);
    assert_eq!(trail[0].params["note"], "缺货");
}

/// Writes a note as the merchant backend would (`POST /__sim/orders/{sn}/note`).
async fn backend_note(running: &sim::Running, sn: &str, note: &str) {
    let status = reqwest::Client::new()
        .post(format!("{}/__sim/orders/{sn}/note", running.base_url()))
        .json(&json!({ "note": note }))
        .send()
        .await
        .unwrap()
        .status();
    assert!(status.is_success());
}

async fn note_calls(running: &sim::Running) -> usize {
    let log: Value = reqwest::get(format!("{}/__sim/requests", running.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    log.as_array()
        .unwrap()
        .iter()
        .filter(|e| e["path"] == "/gateway/pdd/order/noteupdate")
        .count()
}

#[tokio::test]
async fn raw_notes_go_back_whole_and_unchanged_ones_not_at_all() {
    let (running, gw) = setup(Faults::default()).await;
    let sn = shippable(&gw).await.order_sn;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    for raw in [
        String::new(),
        "a\r\nb\tc\x1b]52;c;QQ==\x07\u{202e}d\u{7f}".to_string(),
        format!("{}\n末尾", "x\t".repeat(900)),
    ] {
        backend_note(&running, &sn, &raw).await;
        let out = write_checked(&gw, &journal, &sn, &Edit::flag(Some(Flag::Purple)))
            .await
            .unwrap();
        assert!(matches!(&out, Outcome::Send(r) if r.note == raw), "{out:?}");
        let o = sim_state(&running, &sn).await["order"].clone();
        assert_eq!(o["remark"].as_str().unwrap(), raw);
        assert_eq!(o["remark_tag"], 5);
        // The same flag again: nothing to send.
        let before = note_calls(&running).await;
        let again = write_checked(&gw, &journal, &sn, &Edit::flag(Some(Flag::Purple)))
            .await
            .unwrap();
        assert!(matches!(again, Outcome::Unchanged(_)), "{again:?}");
        assert_eq!(note_calls(&running).await, before);
        // Clearing the flag: the flag goes, the note stays.
        write_checked(&gw, &journal, &sn, &Edit::flag(None))
            .await
            .unwrap();
        let o = sim_state(&running, &sn).await["order"].clone();
        assert_eq!(
            (o["remark"].as_str().unwrap(), &o["remark_tag"]),
            (raw.as_str(), &json!(0))
        );
    }
    // An edit made over a note seen before it changed stops; nothing is sent.
    let before = note_calls(&running).await;
    let stale = Edit {
        text: Some("mine".into()),
        tag: TagEdit::Keep,
        seen: Some(pddtui::domain::note::fingerprint("something else")),
        seen_flag: None,
    };
    let out = write_checked(&gw, &journal, &sn, &stale).await.unwrap();
    assert!(matches!(out, Outcome::Conflict(_)), "{out:?}");
    assert_eq!(note_calls(&running).await, before);
}

/// The flag set in the merchant backend, behind the client's back (the note with it).
async fn backend_flag(running: &sim::Running, sn: &str, note: &str, tag: i64, name: &str) {
    let status = reqwest::Client::new()
        .post(format!("{}/__sim/orders/{sn}/note", running.base_url()))
        .json(&json!({ "note": note, "tag": tag, "tag_name": name }))
        .send()
        .await
        .unwrap()
        .status();
    assert!(status.is_success());
}

/// A flag key's edit over the note and flag the operator was shown (as `Edit::flag_over` builds it from a row).
fn over(flag: Flag, shown: &Note) -> Edit {
    Edit {
        seen: Some(pddtui::domain::note::fingerprint(&shown.raw)),
        seen_flag: Some(SeenFlag::of_note(shown)),
        ..Edit::flag(Some(flag))
    }
}

#[tokio::test]
async fn a_flag_over_a_flag_changed_since_it_was_seen_is_not_sent() {
    let (running, gw) = setup(Faults::default()).await;
    let sn = shippable(&gw).await.order_sn;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    backend_flag(&running, &sn, "旧备注", 1, "急").await;
    // What the queue showed: red "急" over the old note.
    let shown = Note::of(&gw.order_detail(&sn).await.unwrap());
    // Then the backend set blue and wrote a new note.
    backend_flag(&running, &sn, "后台\n新备注", 4, "蓝色").await;
    let before = note_calls(&running).await;
    let mine = over(Flag::Yellow, &shown);
    let out = write_checked(&gw, &journal, &sn, &mine).await.unwrap();
    let Outcome::FlagChanged(c) = &out else {
        panic!("{out:?}")
    };
    assert_eq!(
        (c.now.tag, c.now.tag_name.as_str()),
        (Some(Flag::Blue), "蓝色")
    );
    assert_eq!(c.now.raw, "后台\n新备注");
    assert_eq!((c.seen.flag, c.seen.name.as_str()), (Some(Flag::Red), "急"));
    assert!(c.note_changed);
    assert_eq!(note_calls(&running).await, before, "nothing sent");
    let o = sim_state(&running, &sn).await["order"].clone();
    assert_eq!(
        (&o["remark_tag"], &o["remark"]),
        (&json!(4), &json!("后台\n新备注"))
    );
    // Blue asked over blue: nothing to send either.
    let blue = over(Flag::Blue, &shown);
    let out = write_checked(&gw, &journal, &sn, &blue).await.unwrap();
    assert!(matches!(out, Outcome::Unchanged(_)), "{out:?}");
    // Seen now (the operator chose "mine anyway"): yellow goes out over the new note, byte for byte.
    let anyway = Edit {
        seen_flag: Some(SeenFlag::of_note(&c.now)),
        ..mine
    };
    let out = write_checked(&gw, &journal, &sn, &anyway).await.unwrap();
    assert!(matches!(out, Outcome::Send(_)), "{out:?}");
    let o = sim_state(&running, &sn).await["order"].clone();
    assert_eq!(
        (&o["remark_tag"], &o["remark"]),
        (&json!(2), &json!("后台\n新备注"))
    );
    // A note changed under the flag seen is no conflict for a flag: kept as it is, the flag set.
    let shown = Note::of(&gw.order_detail(&sn).await.unwrap());
    backend_note(&running, &sn, "又改了").await;
    let out = write_checked(&gw, &journal, &sn, &over(Flag::Green, &shown))
        .await
        .unwrap();
    assert!(
        matches!(&out, Outcome::Send(r) if r.note == "又改了"),
        "{out:?}"
    );
}

#[tokio::test]
async fn a_lost_answer_over_a_raw_note_is_read_back_as_applied() {
    let (running, gw) = setup(Faults::default()).await;
    let sn = shippable(&gw).await.order_sn;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let raw = "两行\n备注\t\x1b[1m".to_string();
    backend_note(&running, &sn, &raw).await;
    set_faults(&running, json!({"hang": true})).await;
    // The read hangs too: so the lost request is made by hand, as the journal would have it.
    let req = pddtui::domain::NoteRequest {
        order_sn: sn.clone(),
        note: raw.clone(),
        tag: Some((Flag::Green, "绿色".into())),
    };
    let err = update_note_journaled(&gw, &journal, &req)
        .await
        .unwrap_err();
    assert!(err.outcome_unknown(), "{err:?}");
    set_faults(&running, json!({})).await;
    let found = reconcile_all(&gw, &journal).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].1,
        Reconciled::Applied,
        "the raw note is what the gateway holds"
    );
}

/// A check that read the order before the sender's answer arrived never writes over that answer: a note
/// another workstation is sending (it holds no claim) stays journalled as the gateway answered it.
#[tokio::test]
async fn a_late_check_never_writes_over_the_senders_answer() {
    let (_running, gw) = setup(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap().with_profile("main");
    let order = shippable(&gw).await;
    let op = pddtui::store::NewOp {
        kind: OpKind::Note,
        order_sn: order.order_sn.clone(),
        logistics_id: None,
        number: None,
        params: json!({ "note": "到货了", "tag": null, "tag_name": null }),
    };
    let id = journal
        .begin(&op, pddtui::store::Duplicates::Allow)
        .unwrap();
    // The reconcile of another workstation took the intent as pending, and reads the order before the
    // note lands (the order does not show it: "not applied")...
    let seen = journal.pending_ops().unwrap().remove(0);
    // ...while the sender's answer is written: applied.
    journal.finish(id, pddtui::store::OpOutcome::DONE).unwrap();
    let found = pddtui::ops::resolve(&gw, &journal, &seen).await.unwrap();
    assert_eq!(found, Reconciled::Applied, "the answer stands");
    let trail = journal.entries(&Filter::default()).unwrap();
    assert_eq!(trail[0].state, ShipState::Done);
}

/// A waybill call whose number was journalled but not its outcome is settled by reconciliation with
/// that number; one whose number never was stays pending (taking it again gives the same number).
#[tokio::test]
async fn a_waybill_call_is_settled_by_its_journalled_number() {
    let (_running, gw) = setup(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap().with_profile("main");
    let begin = |sn: &str| {
        let op = pddtui::store::NewOp {
            kind: OpKind::Waybill,
            order_sn: sn.into(),
            logistics_id: None,
            number: None,
            params: json!({ "out_trade_no": format!("T{sn}") }),
        };
        journal
            .begin(&op, pddtui::store::Duplicates::Allow)
            .unwrap()
    };
    let (taken, not_yet) = ("210317-000000000000001", "210317-000000000000002");
    for (sn, number) in [(taken, Some("YT1234567890123")), (not_yet, None)] {
        begin(sn);
        journal
            .record_waybill(&pddtui::store::WaybillEntry {
                order_sn: sn.into(),
                out_trade_no: format!("T{sn}"),
                number: number.map(str::to_string),
            })
            .unwrap();
    }
    let found = reconcile_all(&gw, &journal).await.unwrap();
    let found: Vec<(&str, &Reconciled)> = found
        .iter()
        .map(|(e, r)| (e.order_sn.as_str(), r))
        .collect();
    assert_eq!(
        found,
        vec![
            (taken, &Reconciled::Applied),
            (not_yet, &Reconciled::Unknown)
        ]
    );
    let trail = journal.entries(&Filter::default()).unwrap();
    assert_eq!(trail[0].state, ShipState::Done);
    assert_eq!(trail[0].result.as_deref(), Some("YT1234567890123"));
    assert!(trail[1].state.is_pending());
}
