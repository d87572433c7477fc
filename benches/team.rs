//! Team mode on a real PostgreSQL (a throwaway server the bench starts from the machine's binaries, as the
//! team tests do): how fast another workstation hears a change, and what a shipment costs the team database.
//! - a claim, and a flag/note change, written on one connection → heard by a workstation's listener
//!   (`store::team::listen`): issue 14's target is a median ≤ 200 ms and every one ≤ 1 s;
//! - a journaled shipment's database part (claim + duplicate check + intent, then outcome + release), and its
//!   round trips counted on the wire through a relay for whole shipments to the simulator: target ≤ 3.
//! - the sync leader taken over after its workstation dies, at the library level (`store::team::leader`,
//!   lease 2 s): the holder stops renewing right after a renewal, another candidate asks as a follower does
//!   (every third of the lease, at most `FOLLOWER_POLL`); the time until it holds the lease, and that time
//!   minus the lease: target ≤ lease + 5 s. End to end, with workstations killed (`kill -9`, lease 6 s), in
//!   `cargo test --test team_sync_pty -- --nocapture` (4.2–5.9 s).
//!
//! Measured (release build, 2 shared cores, load 3.7–4.7 by `uptime`, 2026-11-30 22:53 UTC; to be measured
//! again on a quiet machine): the takeover with a 2 s lease, 21 samples, took 1.79 s median, 2.36 s p95,
//! 2.66 s max: the time minus the lease −0.72 s min, −0.21 s median, +0.36 s p95, +0.66 s max (target
//! ≤ +5 s). It can end before a whole lease: the lease runs on the database's clock in rounded seconds.
//! Run: `cargo bench --bench team`. Medians, p95 and max of every sample are printed beside criterion's
//! figures. Without PostgreSQL's binaries it prints what to install and measures nothing.

#[path = "../tests/pg_support/mod.rs"]
mod pg_support;
#[path = "../tests/ship_support/mod.rs"]
mod ship_support;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use pddtui::api::{Gateway, HttpOptions, Secret, StatusFilter, fw199};
use pddtui::ops::team_sync::FOLLOWER_POLL;
use pddtui::ops::{ShipPolicy, ShipReport, ship_with};
use pddtui::sim::{self, Options};
use pddtui::store::team::leader::{self, Holder};
use pddtui::store::team::listen::{self, Event, What};
use pddtui::store::team::{Config, TeamDb, migrate};
use pddtui::store::{Duplicates, Journal, NewOp, OpKind, OpOutcome, Started};
use pg_support::{PgServer, Relay};
use std::cell::RefCell;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// Shipments sent through the counting relay for the round-trip figure.
const SHIPMENTS: usize = 10;

type Heard = Receiver<(Event, Instant)>;

/// The instant the next notice `what` of `sn` was heard; `None` after 5 s (then the bench says so).
fn heard(rx: &Heard, what: What, sn: &str) -> Option<Instant> {
    let end = Instant::now() + Duration::from_secs(5);
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok((Event::Notice(n), at)) if n.what == what && n.order_sn == sn => return Some(at),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

fn listening(rx: &Heard) -> bool {
    let end = Instant::now() + Duration::from_secs(20);
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok((Event::Listening { .. }, _)) => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

/// Median, p95 and max of every sample, in ms.
fn report(what: &str, samples: &mut [Duration]) {
    if samples.is_empty() {
        println!("{what}: no samples");
        return;
    }
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{what}, {} samples: median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        samples.len(),
        ms(samples[samples.len() / 2]),
        ms(samples[samples.len() * 95 / 100]),
        ms(samples[samples.len() - 1])
    );
}

fn note(sn: &str, i: u64) -> NewOp {
    NewOp {
        kind: OpKind::Note,
        order_sn: sn.into(),
        logistics_id: None,
        number: None,
        params: serde_json::json!({ "note": format!("急 {i}"), "tag": 1, "tag_name": "红色" }),
    }
}

fn team(url: &str) -> Option<(Config, TeamDb)> {
    let config = Config::at(Secret::new(url));
    let db = TeamDb::new(&config)
        .map_err(|e| println!("team bench: no team database: {e}"))
        .ok()?;
    migrate::migrate(&db)
        .map_err(|e| println!("team bench: migration failed: {e}"))
        .ok()?;
    Some((config, db))
}

/// A claim and a note heard by another connection's listener.
fn live(c: &mut Criterion, config: &Config, db: &TeamDb) {
    let (tx, rx) = channel();
    let Ok(_listener) = listen::listen(db, move |ev| {
        let _ = tx.send((ev, Instant::now()));
    }) else {
        println!("team bench: no listener");
        return;
    };
    if !listening(&rx) {
        println!("team bench: the listener did not connect");
        return;
    }
    let Ok(journal) = Journal::open_team(config).map(|j| j.with_profile("bench")) else {
        println!("team bench: no team journal");
        return;
    };
    let claims = RefCell::new(Vec::new());
    let notes = RefCell::new(Vec::new());
    let mut n = 0u64;
    let mut g = c.benchmark_group("team_heard_by_another_workstation");
    g.measurement_time(Duration::from_secs(5));
    g.bench_function("claim", |b| {
        b.iter_custom(|iters| {
            let mut sum = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let sn = format!("claim-{n}");
                let start = Instant::now();
                let took = journal
                    .claim(&sn)
                    .ok()
                    .and_then(|()| heard(&rx, What::Claim, &sn))
                    .map(|at| at - start)
                    .unwrap_or(Duration::from_secs(5));
                claims.borrow_mut().push(took);
                sum += took;
                let _ = journal.release(&sn);
                let _ = heard(&rx, What::Release, &sn);
            }
            sum
        })
    });
    // A flag is saved with the note, as one journaled note operation: heard when its outcome is written.
    g.bench_function("flag_and_note", |b| {
        b.iter_custom(|iters| {
            let mut sum = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let sn = format!("note-{n}");
                let Ok(id) = journal.begin(&note(&sn, n), Duplicates::Allow) else {
                    sum += Duration::from_secs(5);
                    continue;
                };
                let start = Instant::now();
                let took = journal
                    .finish(id, OpOutcome::DONE)
                    .ok()
                    .and_then(|()| heard(&rx, What::Note, &sn))
                    .map(|at| at - start)
                    .unwrap_or(Duration::from_secs(5));
                notes.borrow_mut().push(took);
                sum += took;
            }
            sum
        })
    });
    g.finish();
    report(
        "a claim on one connection heard by another's listener",
        &mut claims.borrow_mut(),
    );
    report(
        "a flag/note outcome on one connection heard by another's listener",
        &mut notes.borrow_mut(),
    );
}

/// The database part of a journaled shipment: claim + duplicate check + intent, then outcome + release.
fn shipment_db_part(c: &mut Criterion, config: &Config) {
    let Ok(journal) = Journal::open_team(config).map(|j| j.with_profile("bench")) else {
        println!("team bench: no team journal");
        return;
    };
    let samples = RefCell::new(Vec::new());
    let mut n = 0u64;
    let mut g = c.benchmark_group("team_shipment");
    g.measurement_time(Duration::from_secs(5));
    g.bench_function("database_part", |b| {
        b.iter_custom(|iters| {
            let mut sum = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let sn = format!("210317-{n:015}");
                let req = ship_support::yto(&sn, &format!("YT9{n:012}"));
                let op = NewOp::ship(&req);
                let start = Instant::now();
                let ok = match journal.claim_and_begin(&op, Duplicates::Refuse) {
                    Ok(Started::Intent { id, fence }) => journal
                        .finish_and_release(id, OpOutcome::DONE, &sn, fence)
                        .is_ok(),
                    _ => false,
                };
                let took = if ok {
                    start.elapsed()
                } else {
                    Duration::from_secs(5)
                };
                samples.borrow_mut().push(took);
                sum += took;
            }
            sum
        })
    });
    g.finish();
    report(
        "a journaled shipment's database part (2 statements)",
        &mut samples.borrow_mut(),
    );
}

/// The sync lease of the takeover measure: short, so that each sample lasts a couple of seconds.
const TAKEOVER_LEASE: Duration = Duration::from_secs(2);

/// The sync leader's workstation dies (it stops renewing right after a renewal, the longest case); a
/// second candidate asks for the lease as a follower does (`TeamSync::keep_lease`: every third of the
/// lease, at most `FOLLOWER_POLL`, from a phase of its own). One sample: from the last renewal until the
/// candidate holds the lease.
/// Criterion's figure is that whole time; printed beside it, the time minus the lease (target ≤ 5 s).
fn takeover(c: &mut Criterion, db: &TeamDb) {
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            println!("team bench: no runtime: {e}");
            return;
        }
    };
    let (dead, next) = (
        Holder {
            host: "host-dead".into(),
            pid: 1,
            operator: "alice".into(),
        },
        Holder {
            host: "host-next".into(),
            pid: 2,
            operator: "bob".into(),
        },
    );
    let secs = i64::try_from(TAKEOVER_LEASE.as_secs()).unwrap_or(2);
    let poll = (TAKEOVER_LEASE / 3).min(FOLLOWER_POLL);
    let samples = RefCell::new(Vec::new());
    let mut n = 0u64;
    let mut g = c.benchmark_group("team_sync_leader");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(40));
    g.bench_function("taken_over_after_its_workstation_dies_lease_2s", |b| {
        b.iter_custom(|iters| {
            let mut sum = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let shop = format!("takeover-{n}");
                let ask = |who: &Holder| {
                    rt.block_on(leader::acquire(db.clone(), shop.clone(), who.clone(), secs))
                        .ok()
                        .and_then(|l| l.fence())
                };
                // The leader holds the lease, the candidate follows; the leader renews once more, dies.
                if ask(&dead).is_none() || ask(&next).is_some() {
                    println!("team bench: the lease did not start with its leader");
                    sum += Duration::from_secs(30);
                    continue;
                }
                // Samples one after another would each begin at the same phase of the database's second
                // and of the follower's polling: both are spread over the samples instead.
                std::thread::sleep(Duration::from_secs(1).mul_f64(spread(n, 0.0)));
                if ask(&dead).is_none() {
                    println!("team bench: the leader lost its lease");
                    sum += Duration::from_secs(30);
                    continue;
                }
                let died = Instant::now();
                let mut wait = poll.mul_f64(spread(n, 0.5));
                let took = loop {
                    std::thread::sleep(wait);
                    wait = poll;
                    if ask(&next).is_some() {
                        break died.elapsed();
                    }
                    if died.elapsed() > Duration::from_secs(30) {
                        println!("team bench: never taken over");
                        break died.elapsed();
                    }
                };
                samples.borrow_mut().push(took);
                sum += took;
            }
            sum
        })
    });
    g.finish();
    // Signed: the lease runs on the database's clock in whole (rounded) seconds, so it can end up to a
    // second before a whole lease has passed.
    let mut past: Vec<f64> = samples
        .borrow()
        .iter()
        .map(|t| t.as_secs_f64() - TAKEOVER_LEASE.as_secs_f64())
        .collect();
    past.sort_by(f64::total_cmp);
    if let (Some(first), Some(last)) = (past.first(), past.last()) {
        println!(
            "sync leader taken over after its workstation died (lease 2 s), time minus the lease, {} samples: \
             min {:+.2} s, median {:+.2} s, p95 {:+.2} s, max {:+.2} s (target ≤ +5 s)",
            past.len(),
            first,
            past[past.len() / 2],
            past[past.len() * 95 / 100],
            last
        );
    }
    report(
        "sync leader taken over after its workstation died (lease 2 s), whole time",
        &mut samples.borrow_mut(),
    );
}

/// A fraction in [0, 1) for sample `n`, evenly spread over the samples (golden-ratio steps).
fn spread(n: u64, shift: f64) -> f64 {
    (n as f64 * 0.618_033_988_75 + shift).fract()
}

/// Round trips per shipment through `ship_with` to the simulator, counted by a relay on the wire.
fn round_trips(pg: &PgServer, url: &str) {
    let Ok(rt) = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    else {
        return;
    };
    let relay = Relay::start(pg.port);
    let Ok(journal) = Journal::open_team(&Config::at(Secret::new(relay.url(pg.port, url))))
        .map(|j| j.with_profile("bench"))
    else {
        println!("team bench: no team journal through the relay");
        return;
    };
    let Ok(running) = rt.block_on(sim::start(
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        Options {
            orders: 4 * SHIPMENTS,
            seed: 5,
            ..Default::default()
        },
    )) else {
        println!("team bench: no simulator");
        return;
    };
    let Ok(client) = fw199::Client::new(
        fw199::Config {
            base_url: running.base_url(),
            appid: sim::DEMO_FW199_APPID.into(),
            seller_nick: sim::DEMO_FW199_SELLER_NICK.into(),
            secret: Secret::new(sim::DEMO_FW199_SECRET),
        },
        HttpOptions {
            connect_timeout: Duration::from_secs(2),
            request_timeout: Duration::from_secs(5),
        },
    ) else {
        return;
    };
    let gw = Gateway::Fw199(client);
    let now = jiff::Timestamp::now();
    let Ok(start) = now.checked_sub(jiff::SignedDuration::from_hours(96)) else {
        return;
    };
    let orders: Vec<String> = rt
        .block_on(gw.list_orders(StatusFilter::Unshipped, start, now))
        .unwrap_or_default()
        .into_iter()
        .filter(|o| o.ship_block().is_none())
        .map(|o| o.order_sn)
        .take(SHIPMENTS)
        .collect();
    // A warm pool, and the warm-up statement's own Close + Sync passed, as on a workstation that has run.
    let _ = journal.claims();
    std::thread::sleep(Duration::from_millis(300));
    let before = relay.round_trips();
    let started = Instant::now();
    let mut sent = 0;
    for (i, sn) in orders.iter().enumerate() {
        let req = ship_support::yto(sn, &format!("YT84000000000{i:02}"));
        if let Ok(ShipReport::Sent) =
            rt.block_on(ship_with(&gw, &journal, &req, &ShipPolicy::default()))
        {
            sent += 1;
        }
    }
    let trips = relay.round_trips() - before;
    println!(
        "team database round trips per shipment: {:.1} ({trips} for {sent} shipments sent to the simulator, \
         {:.0} ms each with the gateway's part; target ≤ 3)",
        trips as f64 / sent.max(1) as f64,
        started.elapsed().as_secs_f64() * 1e3 / sent.max(1) as f64
    );
    rt.block_on(running.shutdown());
}

fn bench(c: &mut Criterion) {
    if !pg_support::bin_dir().is_some_and(|d| d.join("initdb").is_file()) {
        println!("team bench: {}", pg_support::MISSING);
        return;
    }
    let pg = PgServer::start();
    let url = pg.create_db("bench");
    let Some((config, db)) = team(&url) else {
        return;
    };
    takeover(c, &db);
    live(c, &config, &db);
    shipment_db_part(c, &config);
    round_trips(&pg, &url);
}

criterion_group!(benches, bench);
criterion_main!(benches);
