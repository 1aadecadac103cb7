//! A valid export document with fixed dates, and ways to import it and to see that a
//! refused import changed nothing.

use caseline::service::KeyCost;
use std::path::Path;

use caseline::Caseline;
use caseline::domain::Role;
use caseline::service::{ImportSummary, NewUser, parse_document};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::Value;

/// The time imports are checked against: nothing here depends on the day tests run.
pub const NOW: &str = "2026-11-22T10:00:00Z";
/// Every instant in the document.
pub const RECORDED: &str = "2026-11-20T09:00:00Z";
/// Every date in the document.
pub const DAY: &str = "2026-11-20";
/// Every local time in the document (when an incident happened).
pub const LOCAL: &str = "2026-11-19T21:00:00";

pub fn now() -> DateTime<Utc> {
    NOW.parse().expect("a time")
}

/// An export of [`common::populate`]'s casework plus two more users (`users[2]` is
/// `priya`, `users[3]` is `sam`; `users[0]` and `[1]` are the administrator and the
/// recovery account, which an import matches), with every date and time fixed.
pub fn document(tmp: &tempfile::TempDir) -> Value {
    let mut svc = crate::common::init_store(&tmp.path().join("source"));
    crate::common::populate(&mut svc);
    for (login, role) in [("priya", Role::Caseworker), ("sam", Role::Volunteer)] {
        let user = NewUser {
            login: login.into(),
            display_name: format!("{login} of the team"),
            role,
            centre: None,
        };
        svc.add_user(user, "a new user's own passphrase", KeyCost::CheapForTests)
            .expect("a user");
    }
    let mut v = serde_json::to_value(svc.export().expect("export")).expect("json");
    crate::common::close(svc);
    fix_times(&mut v);
    assert_eq!(v["users"][2]["login"], "priya");
    assert_eq!(v["users"][3]["login"], "sam");
    v
}

/// Every date, local time and instant in `v` replaced by the fixed ones.
fn fix_times(v: &mut Value) {
    match v {
        Value::String(s) => {
            if s.parse::<DateTime<Utc>>().is_ok() {
                *s = RECORDED.into();
            } else if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() {
                *s = DAY.into();
            } else if NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").is_ok() {
                *s = LOCAL.into();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(fix_times),
        Value::Object(map) => map.values_mut().for_each(fix_times),
        _ => {}
    }
}

/// A new, empty store to import into.
pub fn store(tmp: &tempfile::TempDir, name: &str) -> Caseline {
    crate::common::init_store(&tmp.path().join(name))
}

/// Parses and imports JSON bytes at [`NOW`]; the error's message when refused.
pub fn import_bytes(svc: &mut Caseline, bytes: &[u8]) -> Result<ImportSummary, String> {
    let doc = parse_document(bytes).map_err(|e| e.to_string())?;
    svc.import_at(doc, now()).map_err(|e| e.to_string())
}

/// Imports a document that must be refused, and returns the message. Asserts that the
/// store is as it was, and that the message repeats no personal data and holds no
/// control character.
#[track_caller]
pub fn refused(svc: &mut Caseline, v: &Value) -> String {
    refused_bytes(svc, &serde_json::to_vec_pretty(v).expect("json"))
}

/// [`refused`] for bytes.
#[track_caller]
pub fn refused_bytes(svc: &mut Caseline, bytes: &[u8]) -> String {
    let before = crate::common::export_value(svc);
    let m = match import_bytes(svc, bytes) {
        Err(m) => m,
        Ok(s) => panic!("the import was taken: {s:?}"),
    };
    assert_eq!(crate::common::export_value(svc), before, "{m}");
    assert!(m.contains("nothing was changed"), "{m}");
    crate::common::assert_text_absent(
        "an import error",
        &m,
        &crate::common::personal_in_messages(),
    );
    assert_plain(&m);
    m
}

/// Fails when `text` holds a control character other than a line break, or a bidi
/// override.
#[track_caller]
pub fn assert_plain(text: &str) {
    let bad = text.chars().find(|c| {
        (c.is_control() && *c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    });
    assert!(bad.is_none(), "a raw {bad:?} in:\n{text:?}");
}

/// The document as the pretty JSON a file holds.
pub fn text(v: &Value) -> String {
    serde_json::to_string_pretty(v).expect("json")
}

/// Writes the document to `path`.
pub fn write(path: &Path, v: &Value) {
    std::fs::write(path, text(v)).expect("written");
}

/// The id of `section[index]`.
pub fn id(v: &Value, section: &str, index: usize) -> String {
    v[section][index]["id"].as_str().expect("an id").to_string()
}
