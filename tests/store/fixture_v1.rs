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

/// The version-1 export as today's export shows the same records: what later
/// schemas added, at the values an upgraded record has.
fn with_what_later_schemas_add(doc: &mut serde_json::Value) {
    use serde_json::json;
    // Settings schema 2: the lines letters are framed with, none set.
    doc["settings"]["letters"] = json!({"letterhead": [], "address": [], "signature": []});
    // Timeline schema 2: a letter entry may point at a letter kept with the case.
    for e in doc["timeline"].as_array_mut().unwrap() {
        if let Some(letter) = e["kind"].get_mut("letter") {
            letter["letter"] = serde_json::Value::Null;
        }
    }
    doc["letters"] = json!([]);
    doc["letter_templates"] = json!([]);
    // Referral schema 3: the day the agency answered, never kept before.
    for r in doc["referrals"].as_array_mut().unwrap() {
        r["answered_on"] = serde_json::Value::Null;
    }
}

/// The store's records and the version-1 export of them, each read as this version reads
/// them, are the same: the organisation's old free-text availability kept in its notes
/// (it does not read as meeting times), the settings given the default consultation
/// limit, everything else as it was.
#[test]
fn version_1_store_reads_back_exactly() {
    let (_tmp, svc) = open_copy();
    let mut now = serde_json::to_value(svc.export().unwrap()).unwrap();
    let text = std::fs::read_to_string(fixtures().join("store-v1.json")).unwrap();
    let old: serde_json::Value = serde_json::from_str(&text).unwrap();
    let upgraded = caseline::service::parse_document(&text).expect("a version-1 export reads");
    let mut then = serde_json::to_value(upgraded).unwrap();
    let org = &now["organisations"][0];
    assert_eq!(org["notes"], "Available: Sundays after 2pm");
    assert_eq!(org["meets"], serde_json::json!([]));
    assert_eq!(org["consultations"], serde_json::json!([]));
    assert_eq!(org["languages"], old["organisations"][0]["languages"]);
    assert_eq!(now["settings"]["consultation_limit"], 3);
    assert_eq!(now["version"], 2);
    // Records whose shape has not changed since version 1 read back as they were
    // (people, incidents and users gained fields: they are compared whole below).
    for section in ["cases", "follow_ups"] {
        assert_eq!(now[section], old[section], "{section}");
    }
    // Referrals and the chase setting read as schema 2 reads them (see upgrade_export).
    let mut expected = old.clone();
    upgrade_export(&mut expected);
    with_what_later_schemas_add(&mut expected);
    for section in ["timeline", "letters", "letter_templates"] {
        assert_eq!(now[section], expected[section], "{section}");
    }
    assert_eq!(now["settings"]["letters"], expected["settings"]["letters"]);
    assert_eq!(now["referrals"], expected["referrals"]);
    assert_eq!(
        now["settings"]["referral_chase"],
        expected["settings"]["referral_chase"]
    );
    now["exported_at"] = serde_json::Value::Null;
    then["exported_at"] = serde_json::Value::Null;
    // Settings of schema 1 had no report settings: they read back as the defaults.
    let reports = now["settings"]
        .as_object_mut()
        .and_then(|s| s.remove("reports"))
        .expect("report settings");
    let defaults = caseline::domain::report::ReportSettings::default();
    assert_eq!(reports, serde_json::to_value(defaults).unwrap());
    // An export of version 1 has none either, and reads them as the defaults too.
    let read = then["settings"]
        .as_object_mut()
        .and_then(|s| s.remove("reports"))
        .expect("report settings");
    assert_eq!(read, reports);
    assert_eq!(now, then, "the store and its export, read today, agree");
    let people = now["people"].as_array().unwrap();
    assert!(people.iter().any(|p| p["given_names"] == "Amina"));
    assert!(people.iter().any(|p| p["family_name"] == "王"));
}

/// The version-1 export as today's upgrades read its records: the settings gain the
/// default wait before a referral is chased (settings schema 2); a referral "made"
/// is sent on the day it was made, and its yes to consent becomes consent by the
/// client to that kind of agency, given by means not recorded (referral schema 2);
/// the document is of the version that has these shapes.
fn upgrade_export(doc: &mut serde_json::Value) {
    doc["version"] = serde_json::json!(caseline::service::EXPORT_VERSION);
    doc["settings"]["referral_chase"] = serde_json::json!({"default_days": 14, "by_kind": {}});
    for r in doc["referrals"].as_array_mut().unwrap() {
        let r = r.as_object_mut().unwrap();
        assert_eq!(r["status"], "made", "the fixture's referral is made");
        let on = r["on"].clone();
        let kind = r["agency_kind"].clone();
        let consented = r.remove("consent_confirmed").unwrap() == true;
        r.insert("status".into(), "sent".into());
        r.insert("sent_on".into(), on.clone());
        r.insert("shared".into(), "".into());
        r.insert("their_reference".into(), serde_json::Value::Null);
        r.insert("consent_override".into(), serde_json::Value::Null);
        r.insert("chase".into(), serde_json::Value::Null);
        let consent = consented.then(|| {
            serde_json::json!({
                "given_by": "the client",
                "given_on": on,
                "how": "not_recorded",
                "recipients": [kind],
                "withheld": "",
            })
        });
        r.insert("consent".into(), consent.into());
    }
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
