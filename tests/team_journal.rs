//! Team mode on a real PostgreSQL (a throwaway server the test starts): `pddtui team init` and
//! `team status`, one journal for two "hosts" (two data dirs, two operators), and a database that
//! cannot be reached refusing every write before anything is sent.

mod bin_support;
mod pg_support;
mod team_support;

use bin_support::sim_order;
use pddtui::store::team::migrate::{self, MIGRATIONS};
use pg_support::PgServer;
use serde_json::Value;
use team_support::{SECRET, pick as shippable, run_as, team_shop, text};

#[test]
fn team_init_makes_the_schema_once_and_status_reads_it() {
    let pg = PgServer::start();
    let url = pg.create_db("team_init");
    let sim = bin_support::start_sim(20, 3, &["--secret", SECRET]);
    let shop = team_shop(&sim, "");

    // Before init, a write is refused and says what to run; nothing reaches the gateway.
    let sn = shippable(&sim, &shop, &url, 1).remove(0);
    let early = run_as(
        &shop,
        &url,
        "a",
        "alice",
        &[
            "ship",
            &sn,
            "--courier",
            "85",
            "--tracking",
            "YT7000000000001",
        ],
    );
    assert_eq!(early.status.code(), Some(1), "{}", text(&early));
    assert!(
        text(&early).contains("pddtui team init"),
        "{}",
        text(&early)
    );
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 0);

    let first = run_as(&shop, &url, "a", "alice", &["team", "init"]);
    let all = MIGRATIONS
        .iter()
        .map(|m| m.0.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    assert!(first.status.success(), "{}", text(&first));
    assert!(
        text(&first).contains(&format!("applied migration(s) {all}")),
        "{}",
        text(&first)
    );
    let again = run_as(&shop, &url, "b", "bob", &["team", "init"]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(text(&again).contains("up to date"), "{}", text(&again));
    assert_eq!(
        pg.value("team_init", "SELECT COUNT(*) FROM schema_migrations"),
        MIGRATIONS.len().to_string()
    );

    let st = run_as(&shop, &url, "a", "alice", &["team", "status", "--json"]);
    assert!(st.status.success(), "{}", text(&st));
    let st: Value = serde_json::from_slice(&st.stdout).unwrap();
    assert_eq!(st["schema_version"], migrate::latest());
    assert_eq!(st["database"], format!("127.0.0.1:{}/team_init", pg.port));
    let table = run_as(&shop, &url, "a", "alice", &["team", "status"]);
    assert!(text(&table).contains("claims in force"), "{}", text(&table));
}

#[test]
fn two_hosts_write_one_journal_and_a_number_is_used_once_across_them() {
    let pg = PgServer::start();
    let url = pg.create_db("team_two");
    let sim = bin_support::start_sim(40, 5, &["--secret", SECRET]);
    let shop = team_shop(&sim, "");
    let init = run_as(&shop, &url, "a", "alice", &["team", "init"]);
    assert!(init.status.success(), "{}", text(&init));
    let sns = shippable(&sim, &shop, &url, 2);
    let (first, second) = (&sns[0], &sns[1]);

    let shipped = run_as(
        &shop,
        &url,
        "a",
        "alice",
        &[
            "ship",
            first,
            "--courier",
            "85",
            "--tracking",
            "YT7100000000001",
        ],
    );
    assert_eq!(shipped.status.code(), Some(0), "{}", text(&shipped));

    // Bob, on another data dir, sees Alice's shipment in the journal…
    let trail = run_as(&shop, &url, "b", "bob", &["journal", "--json"]);
    assert!(trail.status.success(), "{}", text(&trail));
    let trail: Vec<Value> = serde_json::from_slice(&trail.stdout).unwrap();
    assert_eq!(trail.len(), 1, "{trail:?}");
    assert_eq!(trail[0]["order_sn"], first.as_str());
    assert_eq!(trail[0]["user"], "alice");
    assert_eq!(trail[0]["state"], "ok");

    // …and cannot use her number for another order: refused before sending, naming her order.
    let dup = run_as(
        &shop,
        &url,
        "b",
        "bob",
        &[
            "ship",
            second,
            "--courier",
            "85",
            "--tracking",
            "yt7100000000001",
        ],
    );
    assert_eq!(dup.status.code(), Some(1), "{}", text(&dup));
    assert!(text(&dup).contains(first.as_str()), "{}", text(&dup));
    assert_eq!(sim_order(&sim, second)["ship_count"], 0);
    // Nothing of the team's was written to the local SQLite journals.
    for host in ["a", "b"] {
        assert!(
            !shop.dir.path().join(host).join("journal.sqlite3").exists(),
            "host {host} wrote a local journal"
        );
    }
}

#[test]
fn an_unreachable_database_refuses_to_ship_note_or_take_a_waybill_and_says_so() {
    let pg = PgServer::start();
    let url = pg.create_db("team_down");
    let sim = bin_support::start_sim(20, 7, &["--secret", SECRET]);
    let shop = bin_support::shop_with(&format!(
        "[team]\ndatabase_url_env = \"PDDTUI_DATABASE_URL\"\n\n\
         [profiles.main]\ngateway = \"fw199\"\nbase_url = \"{url}\"\nappid = \"demo-app\"\n\
         seller_nick = \"demo-shop\"\nsecret = \"{SECRET}\"\n\n\
         [profiles.main.waybill]\nbase_url = \"{url}\"\nclient_id = \"demo-client\"\n\
         client_secret = \"{SECRET}\"\nptemp_id = \"1696\"\n",
        url = sim.url
    ));
    assert!(
        run_as(&shop, &url, "a", "alice", &["team", "init"])
            .status
            .success()
    );
    let sn = shippable(&sim, &shop, &url, 1).remove(0);
    let mut pg = pg;
    pg.stop();
    let started = std::time::Instant::now();
    let out = run_as(
        &shop,
        &url,
        "a",
        "alice",
        &[
            "ship",
            &sn,
            "--courier",
            "85",
            "--tracking",
            "YT7200000000001",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("team database unreachable"), "{said}");
    assert!(said.contains(&format!("127.0.0.1:{}", pg.port)), "{said}");
    assert!(
        !said.contains("postgres://"),
        "the URL is not echoed: {said}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(sim_order(&sim, &sn)["ship_count"], 0, "nothing was sent");

    // A note and a waybill number are refused the same way: their intent cannot be written, so nothing is sent.
    for args in [
        vec!["note", sn.as_str(), "--text", "改地址"],
        vec!["waybill", sn.as_str()],
    ] {
        let out = run_as(&shop, &url, "a", "alice", &args);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {said}");
        assert!(
            said.contains("team database unreachable"),
            "{args:?}: {said}"
        );
        assert!(!said.contains("postgres://"), "{args:?}: {said}");
    }
    assert_ne!(sim_order(&sim, &sn)["order"]["remark"], "改地址");
    let counts = bin_support::sim_get(&sim, "/__sim/requests/counts");
    for path in [
        pddtui::api::fw199::PATH_NOTE,
        pddtui::api::waybill::PATH_SAVE_TRADE,
    ] {
        assert!(
            counts.get(path).is_none_or(|n| n == 0),
            "{path} was asked: {counts}"
        );
    }
}
