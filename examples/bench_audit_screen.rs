//! How the audit screen holds up with a big log: opening it (the first page, no chain
//! check above 50,000 entries), paging back (a page of 200 read when the cursor
//! nears the end of what is loaded), a filter that matches the newest entries, and the
//! worst filter (a user whose only entries are the oldest: the whole log is read).
//! Keystrokes go through the real `update`, effects and a full 80x24 draw.
//!
//! ```sh
//! cargo run --release --example bench_audit_screen -- [--entries 200000]
//! ```

use caseline::service::KeyCost;
use std::time::{Duration, Instant};

use caseline::domain::{CaseId, Role};
use caseline::service::{Caseline, InitRequest, NewUser, OpenCase};
use caseline::ui::testing::Harness;

const PASS: &str = "benchmark passphrase";

fn arg(args: &[String], name: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A store whose log holds `entries` case views after a user `early` signed in once.
fn build(dir: &std::path::Path, entries: usize) {
    let (svc, _) = Caseline::init(
        dir,
        InitRequest {
            organisation: "Benchmark REC".into(),
            admin_login: "admin".into(),
            admin_name: "Admin".into(),
            passphrase: PASS.to_string().into(),
            key_cost: KeyCost::CheapForTests,
        },
    )
    .expect("a store");
    svc.add_user(
        NewUser {
            login: "early".into(),
            display_name: "Early Bird".into(),
            role: Role::Caseworker,
            centre: None,
        },
        PASS,
        KeyCost::CheapForTests,
    )
    .expect("a user");
    let case: CaseId = svc
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            summary: "Benchmark case".into(),
            ..OpenCase::default()
        })
        .expect("a case")
        .id;
    svc.close().expect("closes");
    let early = Caseline::open(dir, Some("early"), PASS).expect("early signs in");
    early.close().expect("closes");
    let svc = Caseline::open(dir, None, PASS).expect("opens");
    let start = Instant::now();
    for _ in 0..entries {
        svc.view_case(case).expect("a view");
    }
    println!(
        "Built {entries} view entries in {:.0} s",
        start.elapsed().as_secs_f64()
    );
    svc.close().expect("closes");
}

fn timed(h: &mut Harness, keys: &str) -> Duration {
    let start = Instant::now();
    h.keys(keys);
    h.draw();
    start.elapsed()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let entries = arg(&args, "--entries", 200_000);
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("data");
    build(&dir, entries);
    let mut h = Harness::new(&dir, 80, 24);
    h.keys(&format!("{PASS}<enter>"));
    let open = timed(&mut h, "A");
    // Above 50,000 entries the chain is not checked on opening; below, opening includes it.
    let checked = h.screen().contains("Chain verified");
    let mut keys = Vec::new();
    for _ in 0..100 {
        keys.push(timed(&mut h, "<pagedown>"));
    }
    keys.sort();
    let newest = timed(&mut h, "/<tab>admin<tab>today<enter>");
    let worst = timed(
        &mut h,
        "/<tab><backspace><backspace><backspace><backspace><backspace>early<tab><enter>",
    );
    assert!(h.screen().contains("sign_in"), "{}", h.screen());
    println!("| What | Measured |");
    println!("| --- | --- |");
    let with = if checked { " (chain checked too)" } else { "" };
    println!(
        "| Opening the audit screen, {entries} entries{with} | {:.1} ms |",
        ms(open)
    );
    println!(
        "| Page down, 100 presses (a page of 200 read every ~18) | p50 {:.2} ms, max {:.1} ms |",
        ms(keys[50]),
        ms(keys[99])
    );
    println!(
        "| Filter matching the newest entries | {:.1} ms |",
        ms(newest)
    );
    println!(
        "| Filter matching only the oldest entries (whole log read) | {:.0} ms |",
        ms(worst)
    );
    h.shut_down();
}
