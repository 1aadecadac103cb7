//! A store written by schema version 1 of every record must keep opening, whole, after
//! every schema change. The fixture was made once by `examples/make_v1_fixture.rs`;
//! never regenerate it to make this test pass.

use std::path::{Path, PathBuf};

use caseline::service::Caseline;

const PASSPHRASE: &str = "fixture passphrase v1";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn open_copy() -> (tempfile::TempDir, Caseline) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    copy_dir(&fixtures().join("store-v1"), &dir);
    let svc = Caseline::open_with_clock(&dir, None, PASSPHRASE, crate::common::clock())
        .expect("the version-1 store opens");
    (tmp, svc)
}

#[test]
fn version_1_store_opens_and_checks_clean() {
    let (_tmp, svc) = open_copy();
    let report = svc.check().unwrap();
    assert!(report.is_clean(), "{:#?}", report.faults);
    assert!(report.records > 20);
}

#[test]
fn version_1_store_reads_back_exactly() {
    let (_tmp, svc) = open_copy();
    let mut now = serde_json::to_value(svc.export().unwrap()).unwrap();
    let text = std::fs::read_to_string(fixtures().join("store-v1.json")).unwrap();
    // The version-1 export read as today's document: fields added since (with their
    // defaults, such as a user's reporting centre) are then on both sides.
    let then: caseline::service::ExportDocument = serde_json::from_str(&text).unwrap();
    let mut then = serde_json::to_value(then).unwrap();
    now["exported_at"] = serde_json::Value::Null;
    then["exported_at"] = serde_json::Value::Null;
    assert_eq!(now, then);
    let people = now["people"].as_array().unwrap();
    assert!(people.iter().any(|p| p["given_names"] == "Amina"));
    assert!(people.iter().any(|p| p["family_name"] == "王"));
}

#[test]
fn version_1_store_opens_for_each_user() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    copy_dir(&fixtures().join("store-v1"), &dir);
    let svc = Caseline::open_with_clock(
        &dir,
        Some("volunteer1"),
        "volunteer passphrase",
        crate::common::clock(),
    )
    .unwrap();
    assert_eq!(svc.actor().login, "volunteer1");
    drop(svc);
    assert!(
        Caseline::open_with_clock(
            &dir,
            Some("admin"),
            "volunteer passphrase",
            crate::common::clock()
        )
        .is_err()
    );
}

#[test]
fn version_1_store_shows_and_finds_a_chinese_name_as_written() {
    let (_tmp, svc) = open_copy();
    let wang = svc
        .people()
        .map(Result::unwrap)
        .find(|p| p.family_name.as_deref() == Some("王"))
        .expect("the fixture holds 王秀英");
    assert_eq!(wang.display_name(), "王秀英");
    for q in ["王秀英", "秀英王", "王 秀英"] {
        let found = svc.search(q, 10).unwrap();
        let names: Vec<&str> = found
            .people
            .hits
            .iter()
            .map(|h| h.display_name.as_str())
            .collect();
        assert_eq!(names, ["王秀英"], "{q}");
    }
}
