//! An import that was committed succeeds, whatever happens after: report facts that
//! cannot be brought up to date are told, and rebuilt later, rather than turning a
//! committed import into a failure that a script would retry.

use std::path::Path;

use crate::common::{self, PERSONAL, assert_text_absent};
use caseline::service::ExportDocument;
use caseline::store::Kind;

/// Flips a byte in the ciphertext of the record `key` of `tree`, in a closed store.
fn damage(dir: &Path, tree: &str, key: &[u8]) {
    let db = sled::Config::new()
        .path(dir.join("db"))
        .open()
        .expect("sled opens an undamaged store");
    let t = db.open_tree(tree).expect("tree");
    let mut v = t
        .get(key)
        .expect("get")
        .expect("the record exists")
        .to_vec();
    let at = v.len() / 2;
    v[at] ^= 0x01;
    t.insert(key, v).expect("insert");
    db.flush().expect("flush");
    drop(t);
    drop(db);
    common::wait_released(dir);
}

/// An export of other casework, with case references of its own.
fn other_casework(tmp: &tempfile::TempDir) -> ExportDocument {
    let mut svc = common::init_store(&tmp.path().join("source"));
    common::populate(&mut svc);
    let mut v = serde_json::to_value(svc.export().expect("export")).expect("json");
    common::close(svc);
    for (i, case) in v["cases"].as_array_mut().unwrap().iter_mut().enumerate() {
        case["reference"] = serde_json::json!(format!("C-2019-{:04}", i + 1));
    }
    serde_json::from_value(v).expect("an export document")
}

#[test]
fn a_committed_import_succeeds_when_its_report_facts_cannot_be_rebuilt() {
    let tmp = common::temp("import-committed");
    let dir = tmp.path().join("data");
    let mut svc = common::init_store(&dir);
    let made = common::populate(&mut svc);
    common::close(svc);
    // A record the report facts are built from no longer opens.
    damage(&dir, Kind::Incident.tree(), &made.incidents[0].0.to_bytes());
    let doc = other_casework(&tmp);

    let svc = common::open_store(&dir);
    let summary = svc.import(doc.clone()).expect("the import is committed");
    assert!(summary.added.values().any(|n| *n > 0), "{summary:?}");
    assert_eq!(summary.notices.len(), 1, "{summary:?}");
    assert!(summary.notices[0].contains("report facts"), "{summary:?}");
    assert_text_absent("the notice", &summary.notices[0], PERSONAL);
    // Committed: the same file again is refused as already here.
    let e = svc.import(doc).expect_err("already imported");
    assert!(e.to_string().contains("already in this store"), "{e}");
    common::close(svc);
}
