//! A planted secret never leaves the process: not on stdout or stderr, not in `--json`, not in the debug
//! log (`RUST_LOG=debug`, where `sign` values are left out too), not in any file under the data dir.

mod bin_support;
mod hostile_support;

use bin_support::{Shop, shippable, shop_with, start_sim};
use std::path::{Path, PathBuf};
use std::process::Output;

const SECRET: &str = "Planted-Secret-7f3a9c1e";

fn run(shop: &Shop, secret: &str, args: &[&str]) -> Output {
    hostile_support::run(
        shop,
        &[("PDDTUI_HOSTILE_SECRET", secret), ("RUST_LOG", "debug")],
        args,
    )
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_planted_secret_appears_nowhere() {
    let sim = start_sim(30, 3, &["--secret", SECRET]);
    let shop = shop_with(&format!(
        "default_profile = \"main\"\n[profiles.main]\ngateway = \"fw199\"\nbase_url = \"{url}\"\nappid = \"demo-app\"\n\
         seller_nick = \"demo-shop\"\nsecret_env = \"PDDTUI_HOSTILE_SECRET\"\n\n[profiles.main.waybill]\n\
         base_url = \"{url}\"\nclient_id = \"demo-client\"\nclient_secret_env = \"PDDTUI_HOSTILE_SECRET\"\n\
         ptemp_id = \"1696\"\n\n[profiles.gift]\ngateway = \"pddshuju\"\nbase_url = \"{url}\"\n\
         ownuser = \"demo-owner\"\nstate = \"demo-state\"\nsecret_env = \"PDDTUI_HOSTILE_SECRET\"\n",
        url = sim.url
    ));
    let list = run(&shop, SECRET, &["orders", "--json"]);
    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    let orders: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).unwrap();
    let sn = shippable(&orders);
    let mut outputs = vec![list];
    for args in [
        vec!["orders"],
        vec!["show", &sn],
        vec!["show", &sn, "--json"],
        vec!["couriers", "--json"],
        vec![
            "ship",
            &sn,
            "--courier",
            "85",
            "--tracking",
            "YT1234567890123",
        ],
        vec!["note", &sn, "--text", "秘密不外泄"],
        vec!["waybill", &sn],
        vec!["--profile", "gift", "orders", "--json"],
    ] {
        let out = run(&shop, SECRET, &args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        outputs.push(out);
    }
    // A wrong secret: the refusal is reported, and neither secret is in the report.
    let wrong = run(&shop, "Wrong-Secret-0b1d2e", &["orders"]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&wrong.stderr).contains("Wrong-Secret-0b1d2e"));
    outputs.push(wrong);

    for out in &outputs {
        for stream in [&out.stdout, &out.stderr] {
            assert!(
                !String::from_utf8_lossy(stream).contains(SECRET),
                "the secret reached the output: {}",
                String::from_utf8_lossy(stream)
            );
        }
    }
    let files = walk(&shop.data);
    let log = files
        .iter()
        .find(|p| p.file_name().is_some_and(|n| n == "pddtui.log"))
        .expect("a log file");
    let log_text = std::fs::read_to_string(log).unwrap();
    assert!(log_text.contains("DEBUG"), "debug logging was on");
    assert!(log_text.contains("POST form"), "requests were logged");
    assert!(!log_text.contains("\"sign\""), "a sign value was logged");
    assert!(!log_text.contains("Wrong-Secret-0b1d2e"));
    for f in files {
        let body = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).to_string();
        assert!(!body.contains(SECRET), "{} holds the secret", f.display());
    }
}
