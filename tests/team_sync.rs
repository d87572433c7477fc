//! One sync per shop, at the library level on a real PostgreSQL (a throwaway server the test starts):
//! the sync lease has one holder, passes on when its holder stops renewing, and fences the old holder's
//! writes; followers read from the shared queue what the leader wrote.

mod pg_support;
mod ship_support;

use jiff::Timestamp;
use pddtui::api::Secret;
use pddtui::domain::Order;
use pddtui::ops::team_sync::{Got, TeamSync};
use pddtui::store::team::leader::{self, Holder, Lease};
use pddtui::store::team::orders::{self, Batch};
use pddtui::store::team::{Config, TeamDb, migrate};
use pg_support::PgServer;
use std::time::{Duration, Instant};

fn db(pg: &PgServer, name: &str) -> TeamDb {
    let url = pg.create_db(name);
    let db = TeamDb::new(&Config {
        url: Secret::new(url),
        sync_lease: Duration::from_secs(3),
    })
    .unwrap();
    migrate::migrate(&db).unwrap();
    db
}

fn holder(name: &str) -> Holder {
    Holder {
        host: format!("host-{name}"),
        pid: 4000,
        operator: name.to_string(),
    }
}

fn acquire(db: &TeamDb, who: &Holder, secs: i64) -> Lease {
    db.block(leader::acquire(
        db.clone(),
        "main".into(),
        who.clone(),
        secs,
    ))
    .unwrap()
}

fn order(n: u32, status: i64, updated: i64) -> Order {
    Order {
        order_sn: format!("261130-{n:015}"),
        order_status: status,
        confirm_time: Some(Timestamp::from_second(1_764_000_000 + i64::from(n)).unwrap()),
        updated_at: Some(Timestamp::from_second(updated).unwrap()),
        remark: format!("note {n}"),
        ..Order::default()
    }
}

fn sns(orders: &[Order]) -> Vec<String> {
    let mut v: Vec<String> = orders.iter().map(|o| o.order_sn.clone()).collect();
    v.sort();
    v
}

#[test]
fn two_contenders_one_wins_and_the_lease_passes_on_when_its_holder_stops_renewing() {
    let pg = PgServer::start();
    let db = db(&pg, "lease");
    let (a, b) = (holder("alice"), holder("bob"));

    // Both ask at the same moment, many times over on fresh shops: exactly one holds each.
    for round in 0..20 {
        let profile = format!("shop{round}");
        let rt = tokio::runtime::Runtime::new().unwrap();
        let (ra, rb) = rt.block_on(async {
            tokio::join!(
                leader::acquire(db.clone(), profile.clone(), a.clone(), 3),
                leader::acquire(db.clone(), profile.clone(), b.clone(), 3),
            )
        });
        let mine = [ra.unwrap(), rb.unwrap()]
            .iter()
            .filter(|l| l.fence().is_some())
            .count();
        assert_eq!(mine, 1, "round {round}");
    }

    let Lease::Mine { fence, .. } = acquire(&db, &a, 3) else {
        panic!("a free lease is taken")
    };
    assert_eq!(fence, 1);
    match acquire(&db, &b, 3) {
        Lease::Theirs { holder, .. } => assert_eq!(holder, a),
        l => panic!("held by alice: {l:?}"),
    }
    // Renewed, the lease keeps its holder and its fence.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(acquire(&db, &a, 3).fence(), Some(1));
    // Alice stops renewing: Bob, asking every 200 ms, gets it once it runs out, with the next fence.
    let stopped = Instant::now();
    let fence_b = loop {
        if let Some(f) = acquire(&db, &b, 3).fence() {
            break f;
        }
        assert!(
            stopped.elapsed() < Duration::from_secs(12),
            "never taken over"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    let took = stopped.elapsed();
    eprintln!("sync lease of 3 s taken over {took:?} after its holder's last renewal");
    assert!(
        took >= Duration::from_millis(1500),
        "taken too early: {took:?}"
    );

    assert_eq!(fence_b, 2);
    // Alice, back from a stall, cannot write under her old fence, and is told Bob leads.
    let refused = db.block(orders::write(
        db.clone(),
        "main".into(),
        a.clone(),
        1,
        Batch {
            orders: vec![order(1, 1, 1_764_000_100)],
            ..Batch::default()
        },
    ));
    assert!(refused.is_err(), "{refused:?}");
    assert_eq!(
        pg.value("lease", "SELECT COUNT(*) FROM sync_orders"),
        "0",
        "nothing written"
    );
    assert!(matches!(acquire(&db, &a, 3), Lease::Theirs { holder, .. } if holder == b));
    // Given up, it is free at once.
    db.block(leader::release(db.clone(), "main".into(), b.clone()))
        .unwrap();
    assert_eq!(acquire(&db, &a, 3).fence(), Some(3));
}

#[test]
fn followers_read_what_the_leader_wrote_and_only_what_changed() {
    let pg = PgServer::start();
    let db = db(&pg, "rows");
    let lease = Duration::from_secs(30);
    let fresh = Duration::from_secs(120);
    let lead = TeamSync::with(db.clone(), "main", holder("alice"), lease, fresh);
    let follow = TeamSync::with(db.clone(), "main", holder("bob"), lease, fresh);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let fence = lead.lead().await.unwrap().unwrap();
        assert_eq!(follow.lead().await.unwrap(), None, "alice leads");
        // A whole list, in two pages, then its end.
        let t0 = 1_764_000_000;
        let pages = [
            vec![order(1, 1, t0), order(2, 1, t0)],
            vec![order(3, 1, t0), order(4, 1, t0)],
        ];
        for page in &pages {
            let batch = Batch {
                orders: page.clone(),
                ..Batch::default()
            };
            lead.write(fence, batch).await.unwrap();
        }
        let listed: Vec<String> = pages.iter().flatten().map(|o| o.order_sn.clone()).collect();
        let mark = Timestamp::from_second(t0 + 60).unwrap();
        lead.finish_list(fence, Some(listed), mark).await.unwrap();

        let (got, marks) = follow.read().await.unwrap();
        let Got::Whole { orders } = got else {
            panic!("a first read is whole: {got:?}")
        };
        assert_eq!(sns(&orders), sns(&pages.concat()));
        assert_eq!(
            orders
                .iter()
                .find(|o| o.remark == "note 2")
                .map(|o| o.order_status),
            Some(1)
        );
        assert_eq!(marks.mark, Some(t0 + 60));
        assert!(marks.age.unwrap() <= 1, "{marks:?}");

        // Nothing changed: nothing to read.
        let (got, _) = follow.read().await.unwrap();
        assert_eq!(
            got,
            Got::Changes {
                orders: vec![],
                mark
            }
        );

        // A refresh: 2 shipped, 3 noted, 5 new, and an older copy of 1 that must not win.
        let mut noted = order(3, 1, t0 + 30);
        noted.remark = "改发顺丰".into();
        let mut stale = order(1, 2, t0 - 30);
        stale.remark = "old".into();
        let batch = Batch {
            orders: vec![
                order(2, 2, t0 + 30),
                noted.clone(),
                order(5, 1, t0 + 30),
                stale,
            ],
            listed: None,
            mark: Some(t0 + 120),
        };
        lead.write(fence, batch).await.unwrap();
        let (got, _) = follow.read().await.unwrap();
        let Got::Changes { orders, mark } = got else {
            panic!("changes: {got:?}")
        };
        assert_eq!(mark.as_second(), t0 + 120);
        assert_eq!(
            sns(&orders),
            sns(&[order(2, 2, 0), order(3, 1, 0), order(5, 1, 0)]),
            "only what changed, the stale copy left out"
        );
        assert!(orders.iter().any(|o| o.remark == "改发顺丰"));
        assert!(
            orders
                .iter()
                .any(|o| o.order_sn == order(2, 0, 0).order_sn && o.order_status == 2)
        );

        // A whole list that no longer has 4 (it left unseen): the follower reads the queue whole.
        let listed = vec![
            order(1, 0, 0).order_sn,
            order(3, 0, 0).order_sn,
            order(5, 0, 0).order_sn,
        ];
        lead.finish_list(fence, Some(listed), mark).await.unwrap();
        let (got, _) = follow.read().await.unwrap();
        let Got::Whole { orders } = got else {
            panic!("whole: {got:?}")
        };
        assert_eq!(
            sns(&orders),
            sns(&[order(1, 1, 0), order(3, 1, 0), order(5, 1, 0)])
        );
        assert_eq!(
            pg.value(
                "rows",
                "SELECT version FROM sync_orders WHERE order_sn LIKE '%3'"
            ),
            "2",
            "one change, one new version"
        );
    });
}

/// A follower that starts while the leader's first list is still running must not take the rows so
/// far for the shop's queue (it once showed an empty or partial queue as the whole, for an hour with a
/// long refresh): it shows them as an incomplete sync and waits for the leader to finish.
#[test]
fn a_follower_waits_for_the_leaders_first_list_instead_of_taking_its_first_pages_for_the_queue() {
    let pg = PgServer::start();
    let db = db(&pg, "waiting");
    let lease = Duration::from_secs(30);
    let fresh = Duration::from_secs(120);
    let lead = TeamSync::with(db.clone(), "main", holder("alice"), lease, fresh);
    let follow = TeamSync::with(db.clone(), "main", holder("bob"), lease, fresh);
    let gateway = pddtui::api::Gateway::Fw199(
        pddtui::api::fw199::Client::new(
            pddtui::api::fw199::Config {
                base_url: "http://127.0.0.1:9".into(),
                appid: "a".into(),
                seller_nick: "s".into(),
                secret: Secret::new("never-used-secret"),
            },
            pddtui::api::HttpOptions::default(),
        )
        .unwrap(),
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let fence = lead.lead().await.unwrap().unwrap();
        let t0 = 1_764_000_000;
        let first = vec![order(1, 1, t0), order(2, 1, t0)];
        let batch = Batch {
            orders: first.clone(),
            ..Batch::default()
        };
        lead.write(fence, batch).await.unwrap();

        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<usize>::new()));
        let told = seen.clone();
        let waiting = move |orders: Vec<Order>| told.lock().unwrap().push(orders.len());
        let now = Timestamp::now();
        let plan = pddtui::tui::team_fetch::plan(&follow, &gateway, now, &waiting);
        let mut plan = std::pin::pin!(plan);
        // Still listing: the follower waits, showing the two orders so far as incomplete.
        assert!(
            tokio::time::timeout(Duration::from_secs(3), &mut plan)
                .await
                .is_err(),
            "the follower took an unfinished list for the queue"
        );
        assert!(
            seen.lock().unwrap().contains(&2),
            "{:?}",
            seen.lock().unwrap()
        );

        // The leader lists the rest and finishes: the follower's queue is the whole list.
        let rest = vec![order(3, 1, t0), order(4, 1, t0)];
        let batch = Batch {
            orders: rest.clone(),
            ..Batch::default()
        };
        lead.write(fence, batch).await.unwrap();
        let listed: Vec<String> = [first.clone(), rest.clone()]
            .concat()
            .iter()
            .map(|o| o.order_sn.clone())
            .collect();
        let mark = Timestamp::from_second(t0 + 60).unwrap();
        lead.finish_list(fence, Some(listed), mark).await.unwrap();
        match tokio::time::timeout(Duration::from_secs(10), plan).await {
            Ok(pddtui::tui::team_fetch::Plan::Done(Ok(Got::Whole { orders }))) => {
                assert_eq!(sns(&orders), sns(&[first, rest].concat()))
            }
            Ok(_) => panic!("not the whole queue"),
            Err(_) => panic!("the follower never read the finished list"),
        }
    });
}

/// Rows out of the queue do not pile up in the shared queue: a day past the mark after they left (shipped,
/// or no longer listed by a whole list) the leader forgets them; a follower that never read their leaving
/// reads the queue whole instead of keeping them, one that did goes on with the changes.
#[test]
fn rows_long_out_of_the_queue_are_forgotten_and_a_follower_that_missed_them_does_not_keep_them() {
    let pg = PgServer::start();
    let db = db(&pg, "prune");
    let lease = Duration::from_secs(30);
    let fresh = Duration::from_secs(120);
    let lead = TeamSync::with(db.clone(), "main", holder("alice"), lease, fresh);
    let reads = TeamSync::with(db.clone(), "main", holder("bob"), lease, fresh);
    let asleep = TeamSync::with(db.clone(), "main", holder("carol"), lease, fresh);
    let rows = || {
        pg.value(
            "prune",
            "SELECT string_agg(right(order_sn, 1), ',' ORDER BY order_sn) FROM sync_orders",
        )
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let fence = lead.lead().await.unwrap().unwrap();
        let t0 = 1_764_000_000;
        let all = vec![order(1, 1, t0), order(2, 1, t0), order(3, 1, t0)];
        let batch = Batch {
            orders: all.clone(),
            ..Batch::default()
        };
        lead.write(fence, batch).await.unwrap();
        let mark = Timestamp::from_second(t0 + 60).unwrap();
        lead.finish_list(fence, Some(sns(&all)), mark)
            .await
            .unwrap();
        for f in [&reads, &asleep] {
            assert!(
                matches!(f.read().await.unwrap().0, Got::Whole { orders } if orders.len() == 3)
            );
        }

        // 2 is shipped; a whole list no longer has 3. Bob reads both leave; carol sleeps.
        let batch = Batch {
            orders: vec![order(2, 2, t0 + 30)],
            listed: None,
            mark: Some(t0 + 120),
        };
        lead.write(fence, batch).await.unwrap();
        let listed = vec![order(1, 0, 0).order_sn, order(2, 0, 0).order_sn];
        let mark = Timestamp::from_second(t0 + 180).unwrap();
        lead.finish_list(fence, Some(listed), mark).await.unwrap();
        let (got, _) = reads.read().await.unwrap();
        let Got::Whole { orders } = got else {
            panic!("3 left unseen: read whole {got:?}")
        };
        assert_eq!(sns(&orders), sns(&[order(1, 1, 0)]));
        assert_eq!(rows(), "1,2,3", "out of the queue, not forgotten yet");

        // Not yet a day past: kept. A day past the mark: both forgotten.
        let batch = Batch {
            mark: Some(t0 + 3600),
            ..Batch::default()
        };
        lead.write(fence, batch).await.unwrap();
        assert_eq!(rows(), "1,2,3");
        let late = t0 + orders::PRUNE_AFTER + 3600;
        let batch = Batch {
            mark: Some(late),
            ..Batch::default()
        };
        lead.write(fence, batch).await.unwrap();
        assert_eq!(rows(), "1");

        // Bob saw them leave: only the (no) changes since.
        let (got, marks) = reads.read().await.unwrap();
        assert!(marks.pruned > 0, "{marks:?}");
        assert!(
            matches!(got, Got::Changes { ref orders, .. } if orders.is_empty()),
            "{got:?}"
        );
        // Carol did not: a merge would keep 2 and 3 in her queue; she reads the queue whole.
        let (got, _) = asleep.read().await.unwrap();
        let Got::Whole { orders } = got else {
            panic!("carol missed the forgotten rows: read whole {got:?}")
        };
        assert_eq!(sns(&orders), sns(&[order(1, 1, 0)]));
        // And then she goes on with the changes.
        let (got, _) = asleep.read().await.unwrap();
        assert!(matches!(got, Got::Changes { .. }), "{got:?}");
    });
}

/// A workstation that takes the sync over from a leader that stopped asks the gateway what changed at
/// once, not at its next refresh (minutes away on a workstation): the shared mark moves on within the
/// lease and a little, with no refresh asked of it.
#[test]
fn a_new_leader_asks_the_gateway_at_once_after_taking_over() {
    use pddtui::api::HttpOptions;
    use pddtui::sim::{self, Options};
    let pg = PgServer::start();
    let db = db(&pg, "takeover");
    let lease = Duration::from_secs(3);
    let fresh = Duration::from_secs(120);
    let alice = TeamSync::with(db.clone(), "main", holder("alice"), lease, fresh);
    let bob = TeamSync::with(db.clone(), "main", holder("bob"), lease, fresh);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let running = rt
        .block_on(sim::start(
            "127.0.0.1:0".parse().unwrap(),
            Options {
                orders: 20,
                seed: 7,
                ..Default::default()
            },
        ))
        .unwrap();
    let gateway = ship_support::demo_gateway(
        running.base_url(),
        HttpOptions {
            connect_timeout: Duration::from_secs(2),
            request_timeout: Duration::from_secs(5),
        },
    );
    // Alice led, synced ten minutes ago (a refresh's mark stays `SETTLE` behind now), and stops.
    let synced = Timestamp::now().as_second() - 600;
    rt.block_on(async {
        let fence = alice.lead().await.unwrap().unwrap();
        alice
            .finish_list(fence, Some(vec![]), Timestamp::from_second(synced).unwrap())
            .await
            .unwrap();
    });
    let mark = || {
        db.block(orders::marks(db.clone(), "main".into()))
            .unwrap()
            .mark
    };
    assert_eq!(mark(), Some(synced));
    let started = Instant::now();
    let keeping = rt.spawn(bob.clone().keep_lease(gateway));
    assert!(
        pg_support::wait_until(lease + Duration::from_secs(10), || mark() > Some(synced)),
        "bob never asked the gateway after taking over: {:?}",
        mark()
    );
    eprintln!(
        "sync taken over and the gateway asked {:?} after the leader stopped (lease {lease:?})",
        started.elapsed()
    );
    assert!(bob.leads());
    keeping.abort();
    rt.block_on(running.shutdown());
}
