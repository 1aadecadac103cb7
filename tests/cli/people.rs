//! `caseline person duplicates` and `caseline person merge KEEP OTHER`: the pairs a
//! caseworker checks, a merge by id, usage mistakes (exit 2), ids of nobody and a
//! volunteer's attempt (exit 1, said plainly, nothing changed).

use caseline::service::KeyCost;
use std::path::{Path, PathBuf};

use crate::common::{self, cli, intake, person};
use caseline::domain::Role;
use caseline::service::NewUser;

const VIC: &str = "volunteer passphrase long";

/// Amina on file, and the same caller recorded again by a volunteer who cannot see her.
fn store() -> (tempfile::TempDir, PathBuf) {
    let tmp = common::temp("cli-people");
    let dir = tmp.path().join("data");
    let svc = common::init_store(&dir);
    let mut amina = person("Amina", Some("Hassan"));
    amina.contact.phone = Some("07700 900123".into());
    svc.record_intake(intake(amina.clone(), "Spat at."))
        .unwrap();
    let user = NewUser {
        login: "vic".into(),
        display_name: "Vic".into(),
        role: Role::Volunteer,
        centre: None,
    };
    svc.add_user(user, VIC, KeyCost::CheapForTests).unwrap();
    common::close(svc);
    let vic = caseline::Caseline::open_with_clock(&dir, Some("vic"), VIC, common::clock()).unwrap();
    amina.given_names = "Aminah".into();
    vic.record_intake(intake(amina, "Spat at again.")).unwrap();
    common::close(vic);
    (tmp, dir)
}

/// The listed pairs as (keep, other) ids.
fn pairs(dir: &Path) -> Vec<(String, String)> {
    let r = cli(dir, &["person", "duplicates", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["on_file"]["id"].as_str().unwrap().to_string(),
                p["newer"]["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn duplicates_are_listed_and_merged_by_id() {
    let (_tmp, dir) = store();
    let table = cli(&dir, &["person", "duplicates"]).expect(0).stdout;
    for part in [
        "KEEP",
        "Amina Hassan · 07700 900123",
        "Aminah Hassan",
        "name+phone",
    ] {
        assert!(table.contains(part), "{part}:\n{table}");
    }
    let listed = pairs(&dir);
    assert_eq!(listed.len(), 1);
    let (keep, other) = listed[0].clone();
    let r = cli(&dir, &["person", "merge", &keep, &other]).expect(0);
    assert!(
        r.stdout.contains(&format!("Merged {other} into {keep}")),
        "{}",
        r.stdout
    );
    assert!(pairs(&dir).is_empty());
    let none = cli(&dir, &["person", "duplicates"]).expect(0).stdout;
    assert!(none.contains("No intakes are marked"), "{none}");
    // Merged once: the record is gone, and saying so is a failure, not a usage mistake.
    let again = cli(&dir, &["person", "merge", &keep, &other]).expect(1);
    assert!(
        again.stderr.contains(&format!("no person {other}")),
        "{}",
        again.stderr
    );
}

#[test]
fn merge_mistakes_are_named_and_change_nothing() {
    let (_tmp, dir) = store();
    let (keep, other) = pairs(&dir)[0].clone();
    let usage = [
        vec!["person", "merge", keep.as_str()],
        vec!["person", "merge", "nobody", other.as_str()],
        vec!["person", "merge", keep.as_str(), keep.as_str()],
    ];
    for args in &usage {
        let r = cli(&dir, args).expect(2);
        assert!(!r.stderr.is_empty(), "{args:?} says why");
    }
    let r = cli(&dir, &["person", "merge", "nobody", &other]).expect(2);
    assert!(
        r.stderr.contains("KEEP `nobody`: not a person's id"),
        "{}",
        r.stderr
    );
    let unknown = "01KB0000000000000000000000";
    let r = cli(&dir, &["person", "merge", &keep, unknown]).expect(1);
    assert!(
        r.stderr.contains(&format!("no person {unknown}")),
        "{}",
        r.stderr
    );
    let mut as_vic = common::caseline(&dir);
    as_vic
        .env("CASELINE_PASSPHRASE", VIC)
        .args(["--user", "vic", "person", "merge", &keep, &other]);
    let r = common::run(&mut as_vic).expect(1);
    assert!(r.stderr.contains("not permitted"), "{}", r.stderr);
    assert_eq!(pairs(&dir), [(keep, other)], "nothing was merged");
}
