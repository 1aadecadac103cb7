//! `caseline audit`, `audit anchor` and `audit verify`: output, filters, exit codes,
//! and refusal for anyone but an administrator; `caseline check` names a broken link.

use caseline::service::KeyCost;
use std::path::{Path, PathBuf};

use crate::common::{self, cli, run};
use caseline::domain::Role;
use caseline::service::NewUser;

const CASEWORKER_PASS: &str = "the caseworker's own passphrase";

/// A closed store with casework, a caseworker `cas`, and a view of the open case.
/// Returns the directory and the open case's reference.
fn store(tmp: &tempfile::TempDir) -> (PathBuf, String) {
    let dir = tmp.path().join("data");
    let mut svc = common::init_store(&dir);
    let made = common::populate(&mut svc);
    svc.add_user(
        NewUser {
            login: "cas".into(),
            display_name: "Case Worker".into(),
            role: Role::Caseworker,
            centre: None,
        },
        CASEWORKER_PASS,
        KeyCost::CheapForTests,
    )
    .expect("user");
    let reference = svc
        .view_case(made.case)
        .expect("view")
        .reference
        .to_string();
    common::close(svc);
    (dir, reference)
}

fn json(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["audit", "--format", "json"];
    all.extend_from_slice(args);
    let r = cli(dir, &all).expect(0);
    serde_json::from_str(&r.stdout).expect("JSON")
}

#[test]
fn the_log_lists_newest_first_as_a_table_or_json() {
    let tmp = common::temp("audit-cli-list");
    let (dir, reference) = store(&tmp);
    let r = cli(&dir, &["audit"]).expect(0);
    let header = r.stdout.lines().next().expect("a header");
    for column in [
        "SEQ", "WHEN", "USER", "ACTION", "CASE", "RECORDS", "FROM", "DETAIL",
    ] {
        assert!(header.contains(column), "{header}");
    }
    assert!(r.stdout.contains("view_case"), "{}", r.stdout);
    assert!(r.stdout.contains(&reference), "{}", r.stdout);

    let rows = json(&dir, &[]);
    // This run's own sign-in is the newest entry.
    assert_eq!(rows[0]["action"], "sign_in");
    assert_eq!(rows[0]["user"], "admin");
    let seqs: Vec<u64> = rows.iter().map(|r| r["seq"].as_u64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] == w[1] + 1), "{seqs:?}");
    assert_eq!(*seqs.last().unwrap(), 1);
}

#[test]
fn filters_by_case_user_time_and_count() {
    let tmp = common::temp("audit-cli-filter");
    let (dir, reference) = store(&tmp);
    let rows = json(&dir, &["--case", &reference]);
    assert!(rows.len() >= 3, "{rows:?}");
    assert!(
        rows.iter().all(|r| r["case"] == reference.as_str()),
        "{rows:?}"
    );
    assert!(rows.iter().any(|r| r["action"] == "view_case"));

    let lower = reference.to_lowercase();
    assert_eq!(json(&dir, &["--case", &lower]).len(), rows.len());

    assert!(json(&dir, &["--by", "cas"]).is_empty());
    let admin = json(&dir, &["--by", "admin"]);
    assert!(admin.iter().all(|r| r["user"] == "admin"));

    assert_eq!(json(&dir, &["--limit", "2"]).len(), 2);
    assert!(json(&dir, &["--since", "2999-01-01"]).is_empty());
    assert!(!json(&dir, &["--since", "yesterday"]).is_empty());
}

#[test]
fn bad_filters_say_what_is_wrong() {
    let tmp = common::temp("audit-cli-bad");
    let (dir, _) = store(&tmp);
    let r = cli(&dir, &["audit", "--since", "the day after never"]).expect(2);
    assert!(r.stderr.contains("--since"), "{}", r.stderr);
    let r = cli(&dir, &["audit", "--by", "nobody"]).expect(1);
    assert!(r.stderr.contains("no user nobody"), "{}", r.stderr);
    let r = cli(&dir, &["audit", "--case", "C-1999-0001"]).expect(1);
    assert!(r.stderr.contains("no case C-1999-0001"), "{}", r.stderr);
    let r = cli(&dir, &["audit", "--case", "nonsense"]).expect(2);
    assert!(r.stderr.contains("--case nonsense"), "{}", r.stderr);
    cli(&dir, &["audit", "--limit", "many"]).expect(2);
    cli(&dir, &["audit", "--colour"]).expect(2);
    cli(&dir, &["audit", "anchor", "--case", "C-2026-0001"]).expect(2);
}

#[test]
fn an_anchor_verifies_until_the_log_is_rewritten() {
    let tmp = common::temp("audit-cli-anchor");
    let (dir, _) = store(&tmp);
    let r = cli(&dir, &["audit", "anchor"]).expect(0);
    let anchor = r.stdout.trim().to_string();
    let (seq, hash) = anchor.split_once(':').expect("SEQ:HASH");
    assert!(seq.parse::<u64>().unwrap() > 10, "{anchor}");
    assert_eq!(hash.len(), 64);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));

    let r = cli(&dir, &["audit", "verify", "--anchor", &anchor]).expect(0);
    assert!(r.stdout.contains("intact"), "{}", r.stdout);
    let r = cli(&dir, &["audit", "verify"]).expect(0);
    assert!(r.stdout.contains("intact"), "{}", r.stdout);

    let wrong = format!("{seq}:{}", "0".repeat(64));
    let r = cli(&dir, &["audit", "verify", "--anchor", &wrong]).expect(1);
    assert!(
        r.stderr
            .contains(&format!("audit entry {seq}: does not match the anchor")),
        "{}",
        r.stderr
    );
    for bad in ["12", "x:abc", "3:zz", ""] {
        let r = cli(&dir, &["audit", "verify", "--anchor", bad]).expect(2);
        assert!(r.stderr.contains("--anchor"), "{}", r.stderr);
    }
}

#[test]
fn only_administrators_read_the_log() {
    let tmp = common::temp("audit-cli-refused");
    let (dir, _) = store(&tmp);
    for args in [
        &["audit"][..],
        &["audit", "anchor"],
        &["audit", "verify"],
        &["audit", "--format", "json"],
    ] {
        let r = run(common::caseline(&dir)
            .args(["--user", "cas"])
            .env("CASELINE_PASSPHRASE", CASEWORKER_PASS)
            .args(args))
        .expect(1);
        assert!(r.stderr.contains("not permitted"), "{}", r.stderr);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
    }
    // The caseworker's sign-ins are in the log all the same.
    let rows = json(&dir, &["--by", "cas"]);
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r["action"] == "sign_in"));
}

#[test]
fn check_names_the_first_broken_link() {
    let tmp = common::temp("audit-cli-check");
    let (dir, _) = store(&tmp);
    cli(&dir, &["check"]).expect(0);
    {
        let db = sled::Config::new()
            .path(dir.join("db"))
            .open()
            .expect("sled");
        let t = db.open_tree("audit").unwrap();
        t.remove(4u64.to_be_bytes()).unwrap();
        t.remove(7u64.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    common::wait_released(&dir);
    let r = cli(&dir, &["check"]).expect(1);
    assert!(r.stdout.contains("audit/4"), "{}", r.stdout);
    assert!(r.stdout.contains("missing"), "{}", r.stdout);
    assert!(!r.stdout.contains("audit/7"), "{}", r.stdout);
    let r = cli(&dir, &["audit", "verify"]).expect(1);
    assert!(
        r.stderr.contains("audit entry 4: is missing"),
        "{}",
        r.stderr
    );
}
