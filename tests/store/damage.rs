//! Damage around the database is named, not passed over: a missing `db/blobs`, a
//! `db` that is a plain file, damaged drafts. (What an interrupted restore leaves is in
//! `restore.rs`.)

use caseline::service::KeyCost;
use std::path::Path;

use caseline::Caseline;
use caseline::service::{Draft, InitRequest};
use caseline::ui::component::Status;
use caseline::ui::testing::Harness;

use super::common::{self, PASSPHRASE, cli, run};

#[test]
fn a_missing_blobs_directory_is_named_by_check_every_time() {
    let tmp = common::temp("blobs");
    let dir = tmp.path().join("data");
    // Enough cases for the search index's snapshot to be kept in db/blobs.
    cli(&dir, &["demo", "--cases", "200"]).expect(0);
    cli(&dir, &["check"]).expect(0);
    let blobs = dir.join("db").join("blobs");
    assert!(
        std::fs::read_dir(&blobs).unwrap().count() > 0,
        "the store keeps something in db/blobs"
    );
    std::fs::remove_dir_all(&blobs).unwrap();

    let r = cli(&dir, &["check"]).expect(1);
    assert!(!r.stdout.contains("no faults"), "{}", r.stdout);
    assert!(r.stdout.contains("db/blobs"), "{}", r.stdout);
    assert!(r.stdout.contains("search_snapshot"), "{}", r.stdout);
    assert!(r.stderr.contains("fault(s) found"), "{}", r.stderr);
    // sled made the directory again, empty; what it held is still missing, and said.
    let r = cli(&dir, &["check"]).expect(1);
    assert!(r.stdout.contains("search_snapshot"), "{}", r.stdout);
    assert!(r.stdout.contains("blobs"), "{}", r.stdout);
    // Other commands still work.
    cli(&dir, &["stats"]).expect(0);
}

#[test]
fn a_database_that_is_a_plain_file_is_refused_not_set_up_over() {
    let tmp = common::temp("db-file");
    let dir = tmp.path().join("data");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("db"), b"not a database").unwrap();
    let named = format!("{} is not a directory", dir.join("db").display());

    let r = cli(&dir, &["init", "--org", "Kingston"]).expect(1);
    assert!(r.stderr.contains(&named), "{}", r.stderr);
    // The interface refuses before the screen changes, rather than offer the setup.
    let r = run(&mut common::caseline(&dir)).expect(1);
    assert!(r.stderr.contains(&named), "{}", r.stderr);
    let r = cli(&dir, &["check"]).expect(1);
    assert!(r.stderr.contains(&named), "{}", r.stderr);
    assert_eq!(std::fs::read(dir.join("db")).unwrap(), b"not a database");
    assert!(caseline::store::Store::exists(&dir));
    let req = InitRequest {
        organisation: "Kingston".into(),
        admin_login: "admin".into(),
        admin_name: "Administrator".into(),
        passphrase: PASSPHRASE.to_string().into(),
        key_cost: KeyCost::CheapForTests,
    };
    let e = Caseline::init_with_clock(&dir, req, common::clock()).unwrap_err();
    assert!(e.to_string().contains(&named), "{e}");
}

/// Overwrites the sealed part of every draft file in `dir`, keeping its header.
fn damage_drafts(dir: &Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir.join("drafts")).unwrap().flatten() {
        let mut bytes = std::fs::read(e.path()).unwrap();
        if bytes.len() > 40 {
            bytes[30] ^= 0x55;
            std::fs::write(e.path(), bytes).unwrap();
            n += 1;
        }
    }
    n
}

fn set_aside(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir.join("drafts"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".damaged-"))
        .collect()
}

#[test]
fn a_damaged_draft_is_named_by_check_and_set_aside_with_a_word() {
    let tmp = common::temp("drafts");
    let dir = tmp.path().join("data");
    let svc = common::init_store(&dir);
    let mut draft = Draft::new("intake", svc.clock().now());
    draft.values.insert("given_names".into(), "Amina".into());
    svc.save_draft(&draft).unwrap();
    svc.save_draft(&draft).unwrap();
    svc.sync_draft().unwrap();
    common::close(svc);
    assert_eq!(damage_drafts(&dir), 2);

    // In place, it is a fault: named, nothing personal said.
    let r = cli(&dir, &["check"]).expect(1);
    assert!(r.stdout.contains("drafts/"), "{}", r.stdout);
    assert!(r.stdout.contains("does not open"), "{}", r.stdout);
    common::assert_text_absent("check", &r.output(), common::PERSONAL);

    // Signing in to the interface sets both copies aside, and says so.
    let mut h = Harness::new(&dir, 80, 24);
    h.keys(&format!("{PASSPHRASE}<enter>"));
    let said = match h.app.status() {
        Some(Status::Error(t)) => t.clone(),
        other => panic!("nothing said about the draft: {other:?}"),
    };
    assert!(said.contains("damaged copy of your draft"), "{said}");
    assert!(said.contains("drafts/"), "{said}");
    assert!(!h.screen().contains("Unfinished intake"));
    h.shut_down();
    drop(h);
    common::wait_released(&dir);
    assert_eq!(set_aside(&dir).len(), 2, "both copies are kept aside");

    // Set aside, they are noted until someone deletes them; the store is sound.
    let r = cli(&dir, &["check"]).expect(0);
    for name in set_aside(&dir) {
        assert!(r.stdout.contains(&name), "{name} not noted:\n{}", r.stdout);
    }
    // A new draft is written beside them, not into them.
    let svc = common::open_store(&dir);
    svc.save_draft(&draft).unwrap();
    let loaded = svc.load_draft().unwrap().expect("the new draft");
    assert_eq!((loaded.id, &loaded.values), (draft.id, &draft.values));
    assert!(svc.take_set_aside_drafts().unwrap().is_empty());
    common::close(svc);
    assert_eq!(set_aside(&dir).len(), 2);
}
