//! The journal read through a cursor: the same entries as a whole read, stopped when asked; and the peak
//! memory of `pddtui journal --json` over 100,000 entries (ignored: it reports a figure, no timing test). Run: `cargo test --release --test journal_memory -- --ignored --nocapture`;
//! `PDDTUI_TEST_BIN` measures another build (main's held 520 MB).

mod bin_support;

use std::process::{Command, Stdio};

const ENTRIES: i64 = 100_000;

#[test]
fn the_cursor_hands_out_every_entry_in_order_and_stops_when_asked() {
    use pddtui::store::{Duplicates, Filter, Journal, NewOp, OpKind, StoreError};
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path()).unwrap();
    for i in 0..7 {
        let op = NewOp {
            kind: OpKind::Note,
            order_sn: format!("261130-{:015}", i % 3),
            logistics_id: None,
            number: None,
            params: serde_json::json!({ "note": format!("n{i}") }),
        };
        journal.begin(&op, Duplicates::Allow).unwrap();
    }
    for filter in [
        Filter::default(),
        Filter {
            order_sn: Some(format!("261130-{:015}", 1)),
            ..Filter::default()
        },
    ] {
        let whole: Vec<i64> = journal
            .entries(&filter)
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        let mut walked = Vec::new();
        journal
            .each_entry(&filter, &mut |e| {
                walked.push(e.id);
                Ok(())
            })
            .unwrap();
        assert_eq!(walked, whole);
    }
    let mut seen = 0;
    let stopped = journal.each_entry(&Filter::default(), &mut |_| {
        seen += 1;
        if seen == 3 {
            Err(StoreError::Db("enough".into()))
        } else {
            Ok(())
        }
    });
    assert!(matches!(stopped, Err(StoreError::Db(m)) if m == "enough"));
    assert_eq!(seen, 3);
}

#[test]
#[ignore = "reports the peak RSS of a 100,000-entry journal; slow to set up"]
fn journal_json_streams_100k_entries() {
    let bin = std::env::var("PDDTUI_TEST_BIN").unwrap_or_else(|_| bin_support::BIN.to_string());
    let shop = bin_support::shop_with(
        "[profiles.a]\ngateway = \"fw199\"\nbase_url = \"http://127.0.0.1:9\"\nappid = \"a\"\n\
         seller_nick = \"n\"\nsecret = \"s\"\n",
    );
    drop(pddtui::store::SqliteJournal::open(&shop.data).unwrap());
    let mut db = rusqlite::Connection::open(shop.data.join(pddtui::store::FILE_NAME)).unwrap();
    let tx = db.transaction().unwrap();
    let note = "备注".repeat(200);
    for i in 0..ENTRIES {
        tx.execute(
            "INSERT INTO ops (at, user, profile, kind, order_sn, logistics_id, number, params, state, \
             error, host, pid) VALUES (?1, 'op', 'a', 'note', ?2, NULL, NULL, ?3, 'ok', NULL, 'h', 1)",
            rusqlite::params![
                1_795_000_000 + i,
                format!("261130-{i:015}"),
                serde_json::json!({ "note": note, "tag": 2 }).to_string()
            ],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    drop(db);
    let out_path = shop.dir.path().join("out.json");
    let status = Command::new(&bin)
        .arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(&shop.data)
        .args(["journal", "--json"])
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .status()
        .unwrap();
    assert!(status.success());
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(
        unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) },
        0
    );
    let peak_mb = usage.ru_maxrss as f64 / 1024.0;
    let printed: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&out_path).unwrap()).unwrap();
    assert_eq!(printed.len() as i64, ENTRIES);
    println!("journal --json over {ENTRIES} entries: peak RSS {peak_mb:.1} MB ({bin})");
}
