//! Claims of the team journal on a real PostgreSQL: two hosts shipping one order at once send it once
//! and the other is told who has it; a holder whose lease was taken over records its own outcome but
//! neither frees nor extends the new holder's claim (fencing); and what a shipment costs in round trips.

mod bin_support;
mod pg_support;
mod ship_support;
mod team_support;

use bin_support::sim_order;
use pddtui::api::{Gateway, HttpOptions, Secret, StatusFilter};
use pddtui::ops::{ShipPolicy, ShipReport, ship_with};
use pddtui::sim::{self, Options};
use pddtui::store::team::{Config, PgJournal, TeamDb, migrate};
use pddtui::store::{
    Actor, Begun, Claim, Duplicates, Filter, Journal, JournalBackend, NewOp, OpKind, OpOutcome,
    Refusal, ShipState, StoreError, Tenure,
};
use pg_support::PgServer;
use ship_support::yto as request;
use std::sync::Arc;
use std::time::{Duration, Instant};
use team_support::{SECRET, init_and_pick, ship_args, spawn_as, team_shop, text};

const SN: &str = "210317-000000000000001";

fn team_db(url: &str) -> TeamDb {
    let db = TeamDb::new(&Config::at(Secret::new(url))).unwrap();
    migrate::migrate(&db).unwrap();
    db
}

/// A holder: a process `pid` of `host`, its lease running `lease` seconds from the database's now.
fn claim(host: &str, lease: i64) -> Claim {
    Claim {
        order_sn: SN.into(),
        user: format!("op-of-{host}"),
        host: host.into(),
        pid: 4242,
        expires_at: lease,
    }
}

fn tenure(host: &str, fence: i64) -> Tenure {
    Tenure {
        host: host.into(),
        pid: 4242,
        fence,
    }
}

fn actor(host: &str) -> Actor {
    Actor {
        user: format!("op-of-{host}"),
        profile: "main".into(),
    }
}

fn ship_op(sn: &str, number: &str) -> NewOp {
    NewOp {
        kind: OpKind::Ship,
        order_sn: sn.into(),
        logistics_id: Some(85),
        number: Some(number.into()),
        params: serde_json::json!({"order_sn": sn, "tracking_number": number}),
    }
}

fn begin(j: &PgJournal, host: &str, lease: i64, number: &str) -> Result<Begun, StoreError> {
    j.claim_and_begin(
        &claim(host, lease),
        0,
        &actor(host),
        &ship_op(SN, number),
        Duplicates::Refuse,
    )
}

/// The claim row of `SN`: holder host, fence, lease end; `None` without one.
fn claim_row(pg: &PgServer, db: &str) -> Option<(String, i64, i64)> {
    let v = pg.value(
        db,
        &format!(
            "SELECT host || '|' || fence || '|' || expires_at FROM claims WHERE order_sn = '{SN}'"
        ),
    );
    if v.is_empty() {
        return None;
    }
    let p: Vec<&str> = v.split('|').collect();
    Some((p[0].into(), p[1].parse().unwrap(), p[2].parse().unwrap()))
}

#[test]
fn a_holder_whose_lease_was_taken_over_records_its_outcome_but_cannot_free_or_extend_the_new_claim()
{
    let pg = PgServer::start();
    let j = PgJournal::new(team_db(&pg.create_db("fence")));

    // A lease of 3 s on the database's whole-second clock: at least 2 s left for B's refusal below, even
    // on a loaded machine (a lease of 1 s could end a millisecond after it was taken).
    let Begun::Intent { id: a_op, fence: a } = begin(&j, "host-a", 3, "YT8000000000001").unwrap()
    else {
        panic!("host-a writes its intent")
    };
    // While A's lease runs, B is refused and told who has the order, on which host.
    match begin(&j, "host-b", 1, "YT8000000000001") {
        Err(StoreError::Refused(Refusal::InProgress(c))) => {
            assert_eq!(
                (c.user.as_str(), c.host.as_str()),
                ("op-of-host-a", "host-a")
            );
        }
        other => panic!("B must be refused while A holds the order: {other:?}"),
    }

    // A stands still past its lease; B takes the order over and finds A's shipment pending.
    std::thread::sleep(Duration::from_millis(4200));
    let Begun::Pending { id, fence: b } = begin(&j, "host-b", 30, "YT8000000000001").unwrap()
    else {
        panic!("B must settle A's pending shipment before sending")
    };
    assert_eq!(id, a_op);
    assert!(b > a, "a change of holder moves the fence on: {a} → {b}");
    let held = claim_row(&pg, "fence").unwrap();
    assert_eq!((held.0.as_str(), held.1), ("host-b", b));

    // A wakes up: its renewal is refused, and B's lease is untouched.
    assert!(
        !j.renew(&claim("host-a", 60), 0, &tenure("host-a", a))
            .unwrap()
    );
    assert_eq!(claim_row(&pg, "fence").unwrap(), held);
    // A's outcome is written — it is what the gateway answered A — but B's claim stays B's.
    j.finish_and_release(a_op, OpOutcome::DONE, SN, &tenure("host-a", a))
        .unwrap();
    j.release_held(SN, &tenure("host-a", a)).unwrap();
    assert_eq!(claim_row(&pg, "fence").unwrap(), held);
    let trail = j
        .entries(&Filter {
            since: None,
            order_sn: Some(SN.into()),
        })
        .unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].state, ShipState::Done);

    // B lets go in its tenure; A's lost tenure cannot bring the claim back to life.
    j.release_held(SN, &tenure("host-b", b)).unwrap();
    assert_eq!(claim_row(&pg, "fence"), None);
    assert!(
        !j.renew(&claim("host-a", 60), 0, &tenure("host-a", a))
            .unwrap()
    );
    assert_eq!(claim_row(&pg, "fence"), None, "no claim held forever");

    // A later tenure, even A's own, gets a fence never used before.
    let Begun::Intent { fence: c, .. } = begin(&j, "host-a", 30, "YT8000000000002").unwrap() else {
        panic!("the order is free again")
    };
    assert!(c > b, "{b} → {c}");
}

#[test]
fn a_number_of_another_order_is_refused_before_any_claim_is_taken() {
    let pg = PgServer::start();
    let j = PgJournal::new(team_db(&pg.create_db("dup")));
    let other = ship_op("210317-000000000000002", "YT8100000000001");
    let first = j
        .claim_and_begin(
            &Claim {
                order_sn: other.order_sn.clone(),
                ..claim("host-a", 30)
            },
            0,
            &actor("host-a"),
            &other,
            Duplicates::Refuse,
        )
        .unwrap();
    assert!(matches!(first, Begun::Intent { .. }));
    match begin(&j, "host-b", 30, "yt8100000000001") {
        Err(StoreError::Refused(Refusal::DuplicateNumber { other_order, .. })) => {
            assert_eq!(other_order, other.order_sn)
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(claim_row(&pg, "dup"), None, "a refusal holds nothing");
    // Within one parcel (the caller names the orders sharing it) the number is allowed.
    let shared = j.claim_and_begin(
        &claim("host-b", 30),
        0,
        &actor("host-b"),
        &ship_op(SN, "YT8100000000001"),
        Duplicates::SharedWith(Arc::from(vec![other.order_sn.clone()])),
    );
    assert!(matches!(shared, Ok(Begun::Intent { .. })), "{shared:?}");
}

#[test]
fn two_hosts_shipping_one_order_at_once_send_it_once_and_the_other_is_told_who_has_it() {
    let pg = PgServer::start();
    let url = pg.create_db("race");
    let sim = bin_support::start_sim(20, 11, &["--secret", SECRET]);
    let shop = team_shop(&sim, "");
    let sn = init_and_pick(&sim, &shop, &url, 1).remove(0);
    // The gateway takes its time, so the first shipment is still in flight when the second asks.
    bin_support::set_faults(&sim, serde_json::json!({"latency_ms": 1500}));

    let alice = spawn_as(
        &shop,
        &url,
        "host-a",
        "alice",
        &ship_args(&sn, "YT8200000000001"),
    );
    let bob = spawn_as(
        &shop,
        &url,
        "host-b",
        "bob",
        &ship_args(&sn, "YT8200000000002"),
    );
    let (alice, bob) = (
        alice.wait_with_output().unwrap(),
        bob.wait_with_output().unwrap(),
    );

    let ok: Vec<_> = [&alice, &bob]
        .into_iter()
        .filter(|o| o.status.success())
        .collect();
    assert_eq!(ok.len(), 1, "alice: {}\nbob: {}", text(&alice), text(&bob));
    let (loser, winner, winner_host) = if alice.status.success() {
        (&bob, "alice", "host-a")
    } else {
        (&alice, "bob", "host-b")
    };
    assert_eq!(loser.status.code(), Some(1), "{}", text(loser));
    let said = text(loser);
    assert!(
        said.contains(&format!("in progress by {winner} on host {winner_host}")),
        "{said}"
    );
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 1);
    assert_eq!(pg.value("race", "SELECT COUNT(*) FROM claims"), "0");
    assert_eq!(pg.value("race", "SELECT COUNT(*) FROM ops"), "1");
}

async fn gateway(running: &sim::Running) -> Gateway {
    ship_support::demo_gateway(
        running.base_url(),
        HttpOptions {
            connect_timeout: Duration::from_secs(2),
            request_timeout: Duration::from_secs(5),
        },
    )
}

/// The measure "claim + intent + outcome round trips per shipment ≤ 3", counted on the wire
/// (every Sync or Query the client sends through a relay), for a workstation whose pool is warm.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shipment_costs_two_round_trips_of_the_team_database() {
    let pg = PgServer::start();
    let direct = pg.create_db("trips");
    team_db(&direct);
    let relay = pg_support::Relay::start(pg.port);
    let journal = Journal::open_team(&Config::at(Secret::new(relay.url(pg.port, &direct))))
        .unwrap()
        .with_profile("main");
    let running = sim::start(
        "127.0.0.1:0".parse().unwrap(),
        Options {
            orders: 40,
            seed: 5,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let gw = gateway(&running).await;
    let now = jiff::Timestamp::now();
    let start = now
        .checked_sub(jiff::SignedDuration::from_hours(96))
        .unwrap();
    let orders: Vec<String> = gw
        .list_orders(StatusFilter::Unshipped, start, now)
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.ship_block().is_none())
        .map(|o| o.order_sn)
        .take(5)
        .collect();
    assert_eq!(orders.len(), 5);
    journal.claims().unwrap();
    // The warm-up statement is closed after it ran (a Close and a Sync nobody waits on): let that pass.
    std::thread::sleep(Duration::from_millis(300));

    let before = relay.round_trips();
    let started = Instant::now();
    for (i, sn) in orders.iter().enumerate() {
        let req = request(sn, &format!("YT83000000000{i:02}"));
        let report = ship_with(&gw, &journal, &req, &ShipPolicy::default())
            .await
            .unwrap();
        assert_eq!(report, ShipReport::Sent);
    }
    let trips = relay.round_trips() - before;
    let per = trips as f64 / orders.len() as f64;
    eprintln!(
        "team database round trips per shipment: {per} ({trips} for {} shipments, {:?} in all)",
        orders.len(),
        started.elapsed()
    );
    assert!(per <= 3.0, "{per} round trips per shipment");
    assert_eq!(
        per, 2.0,
        "claim + intent in one, outcome + release in the other"
    );
    let states = pg.value(
        "trips",
        "SELECT string_agg(DISTINCT state, ',') || '/' || (SELECT COUNT(*) FROM claims) FROM ops",
    );
    assert_eq!(states, "ok/0");
}
