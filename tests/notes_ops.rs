//! `ops::note` through the real fw199 client against the simulator: the read-compare-write rule sends the
//! gateway's raw note back byte for byte, sends nothing when nothing changes, and a lost answer over a raw
//! note is read back as applied.

use pddtui::api::{Gateway, HttpOptions, Secret, StatusFilter, fw199};
use pddtui::domain::Flag;
use pddtui::ops::note::{Edit, Outcome, TagEdit, write_checked};
use pddtui::ops::{Reconciled, reconcile_all};
use pddtui::sim::{self, Options};
use pddtui::store::Journal;
use serde_json::{Value, json};
use std::time::Duration;

async fn setup() -> (sim::Running, Gateway, String) {
    let running = sim::start(
        "127.0.0.1:0".parse().unwrap(),
        Options {
            orders: 20,
            seed: 9,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let http = HttpOptions {
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_millis(800),
    };
    let gw = Gateway::Fw199(
        fw199::Client::new(
            fw199::Config {
                base_url: running.base_url(),
                appid: sim::DEMO_FW199_APPID.into(),
                seller_nick: sim::DEMO_FW199_SELLER_NICK.into(),
                secret: Secret::new(sim::DEMO_FW199_SECRET),
            },
            http,
        )
        .unwrap(),
    );
    let now = jiff::Timestamp::now();
    let start = now
        .checked_sub(jiff::SignedDuration::from_hours(96))
        .unwrap();
    let sn = gw
        .list_orders(StatusFilter::Unshipped, start, now)
        .await
        .unwrap()[0]
        .order_sn
        .clone();
    (running, gw, sn)
}

async fn post(running: &sim::Running, path: &str, body: Value) {
    let status = reqwest::Client::new()
        .post(format!("{}{path}", running.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap()
        .status();
    assert!(status.is_success());
}

async fn sim_order(running: &sim::Running, sn: &str) -> Value {
    reqwest::get(format!("{}/__sim/orders/{sn}", running.base_url()))
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()["order"]
        .clone()
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
    let (running, gw, sn) = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    for raw in [
        String::new(),
        "a\r\nb\tc\x1b]52;c;QQ==\x07\u{202e}d\u{7f}".to_string(),
        format!("{}\n末尾", "x\t".repeat(900)),
    ] {
        post(
            &running,
            &format!("/__sim/orders/{sn}/note"),
            json!({"note": raw}),
        )
        .await;
        let out = write_checked(&gw, &journal, &sn, &Edit::flag(Some(Flag::Purple)))
            .await
            .unwrap();
        assert!(matches!(&out, Outcome::Send(r) if r.note == raw), "{out:?}");
        let o = sim_order(&running, &sn).await;
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
        let o = sim_order(&running, &sn).await;
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
    };
    let out = write_checked(&gw, &journal, &sn, &stale).await.unwrap();
    assert!(matches!(out, Outcome::Conflict(_)), "{out:?}");
    assert_eq!(note_calls(&running).await, before);
}

#[tokio::test]
async fn a_lost_answer_over_a_raw_note_is_read_back_as_applied() {
    let (running, gw, sn) = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    let raw = "两行\n备注\t\x1b[1m";
    post(
        &running,
        &format!("/__sim/orders/{sn}/note"),
        json!({"note": raw}),
    )
    .await;
    post(&running, "/__sim/faults", json!({"hang": true})).await;
    // The read hangs too: so the lost request is made by hand, as the journal would have it.
    let req = pddtui::domain::NoteRequest {
        order_sn: sn.clone(),
        note: raw.into(),
        tag: Some((Flag::Green, "绿色".into())),
    };
    let err = pddtui::ops::update_note_journaled(&gw, &journal, &req)
        .await
        .unwrap_err();
    assert!(err.outcome_unknown(), "{err:?}");
    post(&running, "/__sim/faults", json!({})).await;
    let found = reconcile_all(&gw, &journal).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].1,
        Reconciled::Applied,
        "the raw note is what the gateway holds"
    );
}
