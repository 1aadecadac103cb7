//! Export, import into a new store, export again: the same document, apart from what
//! `docs/export.md` documents (`exported_at`, and the importing store's own
//! administrator and recovery account standing in for the file's).

use crate::common;
use caseline::Caseline;
use caseline::domain::{CaseStatus, PartyRole, Role};
use caseline::service::KeyCost;
use caseline::service::{
    ExportDocument, IntakeRequest, NewParty, NewUser, OpenCase, PersonRef, StatusChange,
};
use serde_json::Value;

/// Paths where two JSON values differ, for a readable failure.
fn differences(a: &Value, b: &Value, path: String, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let p = format!("{path}.{k}");
                match (x.get(k), y.get(k)) {
                    (Some(va), Some(vb)) => differences(va, vb, p, out),
                    _ => out.push(format!("{p}: only on one side")),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                differences(va, vb, format!("{path}[{i}]"), out);
            }
        }
        _ if a != b => out.push(format!("{path}: {a} != {b}")),
        _ => {}
    }
}

#[track_caller]
fn assert_same(a: &Value, b: &Value) {
    let mut out = Vec::new();
    differences(a, b, String::new(), &mut out);
    assert!(
        out.is_empty(),
        "{} difference(s):\n  {}",
        out.len(),
        out.iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

/// The id of the user with `login` in an export.
fn user_id(doc: &Value, login: &str) -> String {
    doc["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["login"] == login)
        .unwrap_or_else(|| panic!("user {login}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Makes `theirs` (exported by the importing store) comparable with `ours` (the file
/// imported): the importing store's administrator and recovery ids are replaced by the
/// file's everywhere, and those two users' `created_at` and `display_name` are taken
/// from the file. `exported_at` is already gone.
fn normalise(theirs: &Value, ours: &Value) -> Value {
    let mut text = serde_json::to_string(theirs).unwrap();
    for login in ["admin", "recovery"] {
        text = text.replace(&user_id(theirs, login), &user_id(ours, login));
    }
    let mut v: Value = serde_json::from_str(&text).unwrap();
    for u in v["users"].as_array_mut().unwrap() {
        let login = u["login"].as_str().unwrap().to_string();
        if login == "admin" || login == "recovery" {
            let original = ours["users"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["login"] == login.as_str())
                .unwrap();
            u["created_at"] = original["created_at"].clone();
            u["display_name"] = original["display_name"].clone();
        }
    }
    v
}

fn new_store(tmp: &tempfile::TempDir, name: &str) -> Caseline {
    common::init_store(&tmp.path().join(name))
}

#[test]
fn export_import_export_gives_the_same_document() {
    let tmp = common::temp("roundtrip");
    let mut a = new_store(&tmp, "a");
    let made = common::populate(&mut a);
    let doc = a.export().expect("export");
    let ours = common::export_value(&a);
    // The store really holds what populate made.
    assert_eq!(ours["people"].as_array().unwrap().len(), 3);
    assert_eq!(ours["incidents"].as_array().unwrap().len(), 3);
    assert_eq!(ours["cases"].as_array().unwrap().len(), 2);
    assert_eq!(ours["referrals"].as_array().unwrap().len(), 1);
    // Two made by hand, and the chase of the referral sent.
    assert_eq!(ours["follow_ups"].as_array().unwrap().len(), 3);
    assert!(ours["timeline"].as_array().unwrap().len() >= 7);

    // Through JSON text, as a file would be.
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let parsed = caseline::service::parse_document(&text).expect("parse");
    assert_eq!(parsed, doc);

    let b = new_store(&tmp, "b");
    let summary = b.import(parsed).expect("import into a new store");
    assert!(summary.settings_taken);
    let mut matched = summary.users_matched.clone();
    matched.sort();
    assert_eq!(matched, ["admin", "recovery"]);
    assert_eq!(summary.added["people"], 3);
    assert_eq!(summary.added["users"], 0);

    let theirs = common::export_value(&b);
    assert_same(&normalise(&theirs, &ours), &ours);

    // The imported store is whole: it checks clean, reads by reference and by id,
    // keeps the correction's link, and carries on numbering cases after the imported.
    assert!(b.check().expect("check").is_clean());
    let case = a.case(made.case).unwrap();
    assert_eq!(b.case_by_ref(case.reference).unwrap().id, made.case);
    let timeline = b.timeline(made.case).unwrap();
    let correction = timeline.iter().find(|e| e.id == made.correction).unwrap();
    assert_eq!(correction.corrects, Some(made.note));
    let next = b
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![made.incidents[2]],
            ..OpenCase::default()
        })
        .expect("a new case after the import");
    assert_eq!(next.reference.number, 3, "{}", next.reference);
    // Imported people can be named in new intakes.
    b.record_intake(IntakeRequest {
        parties: vec![NewParty {
            role: PartyRole::Victim,
            person: Some(PersonRef::Existing(made.amina)),
            description: String::new(),
        }],
        narrative: "Called again.".into(),
        ..IntakeRequest::default()
    })
    .expect("intake naming an imported person");
    assert!(b.check().expect("check").is_clean());
}

#[test]
fn importing_the_same_file_twice_is_refused_and_changes_nothing() {
    let tmp = common::temp("twice");
    let mut a = new_store(&tmp, "a");
    common::populate(&mut a);
    let doc = a.export().expect("export");
    let b = new_store(&tmp, "b");
    b.import(doc.clone()).expect("first import");
    let before = common::export_value(&b);
    let e = b.import(doc).expect_err("second import");
    assert!(matches!(e, caseline::Error::Import(_)), "{e:?}");
    let m = e.to_string();
    assert!(m.contains("already in this store"), "{m}");
    assert!(m.contains("nothing was changed"), "{m}");
    assert_eq!(common::export_value(&b), before);
    assert!(b.check().expect("check").is_clean());
}

#[test]
fn a_refused_import_leaves_the_reference_lists_as_they_were() {
    let tmp = common::temp("refused");
    let mut a = new_store(&tmp, "a");
    common::populate(&mut a);
    let mut doc = a.export().expect("export");
    doc.people[1].contact.phone = Some("not a phone".into());
    let b = new_store(&tmp, "b");
    let before = common::export_value(&b);
    let e = b.import(doc).expect_err("bad phone");
    assert!(e.to_string().contains("people[1]"), "{e}");
    assert!(e.to_string().contains("contact.phone"), "{e}");
    assert_eq!(common::export_value(&b), before);
    // The file's new case kind was not kept in memory either.
    assert!(
        !b.reference_list(caseline::domain::ListKind::CaseKind)
            .contains("immigration")
    );
}

#[test]
fn importing_into_a_store_with_casework_keeps_its_settings_and_merges_lists() {
    let tmp = common::temp("merge");
    let mut a = new_store(&tmp, "a");
    common::populate(&mut a);
    let doc: ExportDocument = a.export().expect("export");

    let b = new_store(&tmp, "b");
    b.add_reference_value(
        caseline::domain::ListKind::CaseKind,
        "Disrepair",
        None,
        None,
    )
    .unwrap();
    b.record_intake(IntakeRequest {
        anonymous: true,
        narrative: "Already here.".into(),
        ..IntakeRequest::default()
    })
    .unwrap();
    let b_settings = b.settings().clone();
    let summary = b.import(doc).expect("import");
    assert!(!summary.settings_taken);
    assert_eq!(b.settings(), b_settings);
    let kinds = b.reference_list(caseline::domain::ListKind::CaseKind);
    assert!(kinds.contains("disrepair") && kinds.contains("immigration"));
    assert_eq!(b.incidents().count(), 4);
    assert!(b.check().expect("check").is_clean());
    // And the merged lists are stored, not only held in memory.
    let dir = b.dir().to_path_buf();
    common::close(b);
    let b = common::open_store(&dir);
    let kinds = b.reference_list(caseline::domain::ListKind::CaseKind);
    assert!(kinds.contains("disrepair") && kinds.contains("immigration"));
}

/// Users other than the administrator and recovery account come across with their
/// ids, and what they are assigned to stays assigned to them.
#[test]
fn other_users_come_across_with_their_work() {
    let tmp = common::temp("users");
    let mut a = new_store(&tmp, "a");
    let made = common::populate(&mut a);
    let tariq = a
        .add_user(
            NewUser {
                login: "tariq".into(),
                display_name: "Tariq".into(),
                role: Role::Caseworker,
                centre: None,
            },
            "another long passphrase",
            KeyCost::CheapForTests,
        )
        .unwrap();
    let case = a
        .open_case(OpenCase {
            kind: "housing".into(),
            incidents: vec![made.incidents[2]],
            assigned_to: Some(tariq),
            ..OpenCase::default()
        })
        .unwrap();
    a.change_case_status(
        case.id,
        StatusChange {
            to: CaseStatus::Waiting,
            closure: None,
            note: String::new(),
        },
    )
    .unwrap();
    let ours = common::export_value(&a);
    let b = new_store(&tmp, "b");
    let summary = b.import(a.export().unwrap()).unwrap();
    assert_eq!(summary.added["users"], 1);
    assert_eq!(b.case(case.id).unwrap().assigned_to, Some(tariq));
    assert_eq!(b.user(tariq).unwrap().login, "tariq");
    let mut theirs = normalise(&common::export_value(&b), &ours);
    // Exports list users in id order, and the importing store's own two accounts are
    // newer than the imported user: compare users as a set.
    let by_id = |v: &mut Value| {
        v["users"]
            .as_array_mut()
            .unwrap()
            .sort_by_key(|u| u["id"].as_str().unwrap().to_string())
    };
    let mut ours = ours;
    by_id(&mut theirs);
    by_id(&mut ours);
    assert_same(&theirs, &ours);
}

#[test]
fn import_refuses_a_correction_of_another_cases_entry() {
    let tmp = common::temp("cross-correction");
    let mut a = new_store(&tmp, "a");
    let made = common::populate(&mut a);
    let mut doc = a.export().expect("export");
    let elsewhere = doc
        .timeline
        .iter()
        .find(|e| e.case == made.closed_case)
        .expect("an entry of the other case")
        .id;
    let (i, correction) = doc
        .timeline
        .iter_mut()
        .enumerate()
        .find(|(_, e)| e.id == made.correction)
        .expect("the correction");
    correction.corrects = Some(elsewhere);
    let b = new_store(&tmp, "b");
    let before = common::export_value(&b);
    match b.import(doc) {
        Err(e) => {
            let m = e.to_string();
            assert!(m.contains(&format!("timeline[{i}]")), "{m}");
            assert!(m.contains("corrects"), "{m}");
            assert_eq!(common::export_value(&b), before);
        }
        Ok(_) => {
            let faults = b.check().expect("check").faults;
            panic!(
                "a correction of another case's entry was imported; check found {} fault(s): {faults:?}",
                faults.len()
            );
        }
    }
}

#[test]
fn import_errors_never_repeat_the_rejected_value() {
    let tmp = common::temp("redact");
    let mut a = new_store(&tmp, "a");
    common::populate(&mut a);
    let doc = serde_json::to_value(a.export().unwrap()).unwrap();
    let cases = [
        (
            "/people/0/family_name_first",
            serde_json::json!("Amina \"Ami\" Hassan"),
            "Ami",
        ),
        (
            "/people/0/contact/phone",
            serde_json::json!(7700900123u64),
            "7700900123",
        ),
        (
            "/people/0/monitoring/disability",
            serde_json::json!("Amina `Ami` Hassan"),
            "Ami",
        ),
    ];
    for (pointer, value, secret) in cases {
        let mut v = doc.clone();
        *v.pointer_mut(pointer).expect("the field exists") = value;
        let e = caseline::service::parse_document(&v.to_string()).expect_err("refused");
        let m = e.to_string();
        assert!(
            m.contains(&pointer[1..].replace('/', ".").replacen(".0.", "[0].", 1)),
            "{m}"
        );
        assert!(
            !m.contains(secret),
            "the message repeats the rejected value: {m}"
        );
    }
}
