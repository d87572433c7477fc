//! `pddtui ship --csv` against `pddtui sim`: a thousand rows through faults shipped exactly once, a kill -9
//! mid-run, validation before anything is sent, the three encodings, and the results file.

mod bin_support;

use bin_support::{BIN, Shop, Sim, set_faults, shop_with, sim_order};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const HEADER: &str = "order_sn,courier,tracking_number,imei\n";

fn shop(sim: &Sim) -> Shop {
    shop_with(&format!(
        "default_profile = \"demo\"\n[profiles.demo]\ngateway = \"fw199\"\nbase_url = \"{}\"\nappid = \"demo-app\"\n\
         seller_nick = \"demo-shop\"\nsecret_env = \"E2E_SECRET\"\n",
        sim.url
    ))
}

fn command(shop: &Shop, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--config")
        .arg(&shop.config)
        .arg("--data-dir")
        .arg(&shop.data)
        .args(args)
        .env("E2E_SECRET", "demo-secret")
        .stdin(Stdio::null());
    c
}

fn ship_csv(shop: &Shop, file: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["ship", "--csv", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    command(shop, &args).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

/// Up to `n` orders that may ship: unshipped, no refund, no risk hold.
fn shippable(shop: &Shop, n: usize) -> Vec<String> {
    let out = command(shop, &["orders", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let sns: Vec<String> = list
        .iter()
        .filter(|o| {
            o["order_status"] == 1 && o["refund_status"] == 1 && o["risk_control_status"] == 0
        })
        .map(|o| o["order_sn"].as_str().unwrap().to_string())
        .take(n)
        .collect();
    assert_eq!(sns.len(), n, "the simulated shop has {n} shippable orders");
    sns
}

fn number(i: usize) -> String {
    format!("YT{:013}", 4_000_000_000_000u64 + i as u64)
}

/// One row per order, courier 圆通 by id, unique YTO-shaped numbers.
fn write_rows(shop: &Shop, name: &str, sns: &[String]) -> PathBuf {
    let mut body = HEADER.to_string();
    for (i, sn) in sns.iter().enumerate() {
        body.push_str(&format!("{sn},85,{},\n", number(i)));
    }
    let path = shop.dir.path().join(name);
    std::fs::write(&path, body).unwrap();
    path
}

/// The results file, without its BOM and header: line, order_sn, courier, tracking_number, result, message.
fn results(input: &Path) -> Vec<Vec<String>> {
    let mut path = input.as_os_str().to_owned();
    path.push(".results.csv");
    let bytes = std::fs::read(PathBuf::from(path)).unwrap();
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("a BOM for Excel");
    let mut r = csv::Reader::from_reader(body);
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "line",
            "order_sn",
            "courier",
            "tracking_number",
            "result",
            "message"
        ]
    );
    r.records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect()
}

/// Runs the file until it exits 0; returns how many runs it took.
fn until_done(shop: &Shop, file: &Path, max_runs: usize) -> usize {
    for run in 1..=max_runs {
        let out = ship_csv(shop, file, &[]);
        match out.status.code() {
            Some(0) => return run,
            Some(1) => continue,
            other => panic!("run {run}: exit {other:?}: {}", text(&out.stderr)),
        }
    }
    panic!("still not done after {max_runs} runs");
}

fn assert_each_shipped_once(sim: &Sim, sns: &[String]) {
    for (i, sn) in sns.iter().enumerate() {
        let state = sim_order(sim, sn);
        assert_eq!(state["ship_count"], 1, "{sn}: {state}");
        assert_eq!(state["order"]["tracking_number"], number(i), "{sn}");
    }
}

#[test]
fn a_thousand_rows_through_faults_ship_exactly_once() {
    let sim = bin_support::start_sim(1600, 11, &[]);
    let shop = shop(&sim);
    let sns = shippable(&shop, 1000);
    let file = write_rows(&shop, "batch.csv", &sns);
    set_faults(
        &sim,
        serde_json::json!({"fail_rate": 0.1, "drop_after_commit": true}),
    );
    let runs = until_done(&shop, &file, 15);
    eprintln!("done after {runs} run(s)");
    assert_each_shipped_once(&sim, &sns);
    let rows = results(&file);
    assert_eq!(rows.len(), 1000);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[0], (i + 2).to_string());
        assert_eq!(row[1], sns[i]);
        assert_eq!(row[4], "shipped", "{row:?}");
    }
}

#[test]
fn kill_9_mid_run_then_rerun_ships_each_order_once() {
    let sim = bin_support::start_sim(200, 12, &["--latency-ms", "200"]);
    let shop = shop(&sim);
    let sns = shippable(&shop, 40);
    let file = write_rows(&shop, "batch.csv", &sns);
    set_faults(
        &sim,
        serde_json::json!({"latency_ms": 200, "drop_after_commit": true}),
    );
    // Kill at a few different moments: before the first send, mid-flight, later.
    for wait_ms in [300, 1100, 1700] {
        let mut child = command(&shop, &["ship", "--csv", file.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(wait_ms));
        child.kill().unwrap(); // SIGKILL on unix
        child.wait().unwrap();
    }
    until_done(&shop, &file, 5);
    assert_each_shipped_once(&sim, &sns);
    assert!(results(&file).iter().all(|r| r[4] == "shipped"));
}

#[test]
fn bad_rows_stop_everything_unless_skipped() {
    let sim = bin_support::start_sim(120, 13, &[]);
    let shop = shop(&sim);
    let sns = shippable(&shop, 9);
    let body = format!(
        "{HEADER}\
         {a},85,YT1000000000001,\n\
         21-0317,85,YT1000000000002,\n\
         {b},顺丰速递,YT1000000000003,\n\
         {c},384,JT1000000000004,\n\
         {d},YTO,YT#100000000005,\n\
         {e},85,YT1000000000006,12345\n\
         {f},85,YT1000000000007,\n\
         {f},85,YT1000000000008,\n\
         {g},85,YT1000000000009,\n\
         {h},85,YT1000000000009,\n\
         {i},圆通快递,YT1000000000010,860000000000001\n",
        a = sns[0],
        b = sns[1],
        c = sns[2],
        d = sns[3],
        e = sns[4],
        f = sns[5],
        g = sns[6],
        h = sns[7],
        i = sns[8],
    );
    let file = shop.dir.path().join("bad.csv");
    std::fs::write(&file, body).unwrap();
    let out = ship_csv(&shop, &file, &[]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for (line, word) in [
        (3, "订单号"),
        (4, "顺丰速递"),
        (5, "384"),
        (6, "YT#100000000005"),
        (7, "IMEI"),
        (8, "重复"),
        (9, "重复"),
        (10, "YT1000000000009"),
        (11, "YT1000000000009"),
    ] {
        assert!(
            err.lines()
                .any(|l| l.starts_with(&format!("第 {line} 行")) && l.contains(word)),
            "line {line} ({word}) in:\n{err}"
        );
    }
    assert!(
        !err.contains("第 2 行") && !err.contains("第 12 行"),
        "{err}"
    );
    for sn in &sns {
        assert_eq!(sim_order(&sim, sn)["ship_count"], 0, "nothing sent");
    }

    let out = ship_csv(&shop, &file, &["--skip-invalid"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(sim_order(&sim, &sns[0])["ship_count"], 1);
    assert_eq!(
        sim_order(&sim, &sns[8])["order"]["tracking_number"],
        "YT1000000000010"
    );
    for sn in &sns[1..8] {
        assert_eq!(sim_order(&sim, sn)["ship_count"], 0, "{sn}");
    }
    let rows = results(&file);
    let by_result = |r: &str| rows.iter().filter(|row| row[4] == r).count();
    assert_eq!((by_result("shipped"), by_result("invalid")), (2, 9));
}

#[test]
fn utf8_bom_and_gbk_files_read_alike() {
    let sim = bin_support::start_sim(120, 14, &[]);
    let shop = shop(&sim);
    let sns = shippable(&shop, 3);
    let text_rows = format!(
        "{HEADER}{},圆通快递,YT2000000000001,\n{},中通快递,75123456789012,\n{},韵达快递,431234567890123,860000000000001\n",
        sns[0], sns[1], sns[2]
    );
    let utf8 = shop.dir.path().join("utf8.csv");
    let bom = shop.dir.path().join("bom.csv");
    let gbk = shop.dir.path().join("gbk.csv");
    std::fs::write(&utf8, &text_rows).unwrap();
    std::fs::write(
        &bom,
        [b"\xEF\xBB\xBF".as_slice(), text_rows.as_bytes()].concat(),
    )
    .unwrap();
    let (gbk_bytes, _, unmappable) = encoding_rs::GBK.encode(&text_rows);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk_bytes).is_err(), "really not UTF-8");
    std::fs::write(&gbk, &gbk_bytes).unwrap();

    let mut seen = Vec::new();
    for file in [&utf8, &bom, &gbk] {
        let out = ship_csv(&shop, file, &[]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let rows: Vec<Vec<String>> = results(file).into_iter().map(|r| r[..5].to_vec()).collect();
        seen.push(rows);
    }
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[0], seen[2]);
    assert_eq!(seen[0][1][2], "中通快递");
    for sn in &sns {
        assert_eq!(sim_order(&sim, sn)["ship_count"], 1);
    }
}

#[test]
fn results_file_neutralises_formula_cells() {
    let sim = bin_support::start_sim(60, 15, &[]);
    let shop = shop(&sim);
    let sns = shippable(&shop, 1);
    let file = shop.dir.path().join("formula.csv");
    std::fs::write(
        &file,
        format!(
            "{HEADER}{},85,YT3000000000001,\n=1+2,85,=HYPERLINK(\"http://x\"),\n",
            sns[0]
        ),
    )
    .unwrap();
    let out = ship_csv(&shop, &file, &["--skip-invalid", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("shipped"),
        "{}",
        text(&out.stdout)
    );
    let rows = results(&file);
    assert_eq!(rows[1][1], "'=1+2");
    assert_eq!(rows[1][3], "'=HYPERLINK(\"http://x\")");
    assert_eq!(rows[1][4], "invalid");
    assert!(
        rows.iter()
            .flatten()
            .all(|c| !c.starts_with(['=', '+', '@']))
    );
}

#[test]
fn refused_rows_fail_with_their_reason_and_the_others_ship() {
    let sim = bin_support::start_sim(120, 16, &[]);
    let shop = shop(&sim);
    let out = command(&shop, &["orders", "--status", "all", "--json"])
        .output()
        .unwrap();
    let all: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let find = |f: &dyn Fn(&Value) -> bool| {
        all.iter()
            .find(|o| f(o))
            .map(|o| o["order_sn"].as_str().unwrap().to_string())
            .expect("such an order in the simulated shop")
    };
    let refunding = find(&|o| o["order_status"] == 1 && o["refund_status"] != 1);
    let risky = find(&|o| {
        o["order_status"] == 1 && o["refund_status"] == 1 && o["risk_control_status"] == 1
    });
    let shipped = find(&|o| o["order_status"] == 2);
    let good = shippable(&shop, 3);
    let file = shop.dir.path().join("mixed.csv");
    std::fs::write(
        &file,
        format!(
            "{HEADER}{},85,YT7000000000001,\n{refunding},85,YT7000000000002,\n{risky},85,YT7000000000003,\n\
             {shipped},85,YT7000000000004,\n{},85,YT7000000000005,\n",
            good[0], good[1]
        ),
    )
    .unwrap();
    for run in 0..2 {
        let out = ship_csv(&shop, &file, &[]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "run {run}: {}",
            text(&out.stderr)
        );
        let rows = results(&file);
        let result: Vec<&str> = rows.iter().map(|r| r[4].as_str()).collect();
        assert_eq!(
            result,
            ["shipped", "failed", "failed", "failed", "shipped"],
            "{rows:?}"
        );
        assert!(rows[2][5].contains("风控"), "{}", rows[2][5]);
        assert!(rows[3][5].contains("已发货"), "{}", rows[3][5]);
    }
    for sn in &good[..2] {
        assert_eq!(sim_order(&sim, sn)["ship_count"], 1);
    }
    for sn in [&refunding, &risky] {
        assert_eq!(sim_order(&sim, sn)["ship_count"], 0);
    }

    // A number the journal saw shipped for another order is refused before anything is sent.
    let again = shop.dir.path().join("again.csv");
    std::fs::write(
        &again,
        format!("{HEADER}{},圆通快递,YT7000000000001,\n", good[2]),
    )
    .unwrap();
    let out = ship_csv(&shop, &again, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(&format!(
            "第 2 行:快递单号 YT7000000000001 已用于订单 {}",
            good[0]
        )),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(sim_order(&sim, &good[2])["ship_count"], 0);
}

#[test]
fn a_terminal_sees_a_progress_bar_a_pipe_does_not() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    let sim = bin_support::start_sim(120, 17, &[]);
    let shop = shop(&sim);
    let sns = shippable(&shop, 12);
    let file = write_rows(&shop, "tty.csv", &sns);
    set_faults(&sim, serde_json::json!({"latency_ms": 40}));
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(BIN);
    for a in [
        "--config",
        shop.config.to_str().unwrap(),
        "--data-dir",
        shop.data.to_str().unwrap(),
        "ship",
        "--csv",
        file.to_str().unwrap(),
    ] {
        cmd.arg(a);
    }
    cmd.env("E2E_SECRET", "demo-secret");
    cmd.env("TERM", "xterm-256color");
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let collect = std::thread::spawn(move || {
        let mut raw = Vec::new();
        let mut buf = [0u8; 4096];
        // Linux answers EIO once the child side is gone: that is the end.
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            raw.extend_from_slice(&buf[..n]);
        }
        raw
    });
    assert!(child.wait().unwrap().success());
    drop(pair.master);
    let raw = text(&collect.join().unwrap());
    assert!(raw.contains("发货中 ["), "a bar on the terminal: {raw}");
    assert!(raw.contains("/12"), "{raw}");
    assert!(raw.contains("第 13 行"), "result lines too: {raw}");

    let out = ship_csv(&shop, &file, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        !text(&out.stderr).contains("发货中"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        text(&out.stdout)
            .lines()
            .filter(|l| l.starts_with("第 ") && l.contains("之前已发货"))
            .count(),
        12
    );
}

#[test]
fn spreadsheet_exports_read_alike() {
    use pddtui::domain::csv_rows::{Encoding, read_file};
    let list = pddtui::domain::courier::reference_list();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv");
    // WPS: GBK, Chinese headers, CRLF, trailing rows of empty cells. Excel: "CSV UTF-8" with a BOM.
    let wps = read_file(&dir.join("wps_gbk_crlf.csv"), &list).unwrap();
    let excel = read_file(&dir.join("excel_utf8_bom.csv"), &list).unwrap();
    assert_eq!(
        (wps.encoding, excel.encoding),
        (Encoding::Gbk, Encoding::Utf8Bom)
    );
    assert!(wps.errors.is_empty() && excel.errors.is_empty());
    assert_eq!(wps.rows, excel.rows);
    let got: Vec<(u64, i64, &str)> = wps
        .rows
        .iter()
        .map(|r| (r.line, r.request.logistics_id, r.courier_name.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (2, 85, "圆通快递"),
            (3, 115, "中通快递"),
            (4, 121, "韵达快递")
        ]
    );
    assert_eq!(
        wps.rows[2].request.feature.as_deref(),
        Some("imei=860000000000001;")
    );
}

/// Two operators on one host ship overlapping files at the same moment: no order twice, never a busy
/// database; re-running each file until exit 0 ships every order exactly once.
#[test]
fn two_processes_with_overlapping_files_ship_each_order_once() {
    let sim = bin_support::start_sim(200, 21, &["--latency-ms", "100"]);
    let shop = shop(&sim);
    let sns = shippable(&shop, 60);
    let write = |name: &str, range: std::ops::Range<usize>| {
        let mut body = HEADER.to_string();
        for i in range {
            body.push_str(&format!("{},85,{},\n", sns[i], number(i)));
        }
        let path = shop.dir.path().join(name);
        std::fs::write(&path, body).unwrap();
        path
    };
    let (a, b) = (write("a.csv", 0..40), write("b.csv", 20..60));
    let spawn = |file: &Path| {
        command(&shop, &["ship", "--csv", file.to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (pa, pb) = (spawn(&a), spawn(&b));
    let outs = [
        pa.wait_with_output().unwrap(),
        pb.wait_with_output().unwrap(),
    ];
    for out in &outs {
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(
            !all.contains("SQLITE_BUSY") && !all.contains("database is locked"),
            "{all}"
        );
        assert!(matches!(out.status.code(), Some(0 | 1)), "{all}");
    }
    until_done(&shop, &a, 5);
    until_done(&shop, &b, 5);
    assert_each_shipped_once(&sim, &sns);
}
