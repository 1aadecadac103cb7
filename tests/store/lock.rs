//! One process at a time per data directory: a second one is told clearly who holds
//! it, and a killed holder never blocks the next start.

use crate::common::crash::{AckReader, PASSPHRASE, kill, spawn_child, test_name};
use crate::common::{self, Run, cli};
use caseline::Caseline;
use caseline::store::StoreError;

#[test]
#[ignore = "child process of the lock tests; does nothing when run by hand"]
fn lock_holder_child() {
    common::crash::child_main();
}

/// Asserts that a run was refused because `pid` holds `dir`.
#[track_caller]
fn assert_in_use(r: Run, dir: &std::path::Path, pid: u32) {
    let r = r.expect(1);
    let wanted = format!(
        "caseline data at {} is in use by process {pid} (",
        dir.display()
    );
    assert!(
        r.stderr.contains(&wanted),
        "stderr should say {wanted:?}:\n{}",
        r.stderr
    );
    let without_dir = r.stderr.replace(&dir.display().to_string(), "DIR");
    assert!(
        !without_dir.to_lowercase().contains("sled"),
        "the message leaks the database library: {}",
        r.stderr
    );
}

#[test]
fn a_second_process_is_told_who_holds_the_store() {
    let tmp = common::temp("lock");
    let dir = tmp.path().join("data");
    let svc = common::init_store(&dir);

    assert_in_use(cli(&dir, &["check"]), &dir, std::process::id());
    assert_in_use(cli(&dir, &["export"]), &dir, std::process::id());
    // Refused before anything else is tried: no passphrase is needed to be told.
    assert_in_use(
        common::run(
            common::caseline_bare()
                .arg("--data-dir")
                .arg(&dir)
                .env("CASELINE_PASSPHRASE", "not the passphrase")
                .arg("stats"),
        ),
        &dir,
        std::process::id(),
    );

    // In the same process too: a second open is refused, not granted.
    match Caseline::open_with_clock(&dir, None, PASSPHRASE, crate::common::clock()) {
        Err(caseline::Error::Store(StoreError::InUse { pid, .. })) => {
            assert_eq!(pid, std::process::id().to_string())
        }
        other => panic!("a second open should be refused as in use, got {other:?}"),
    }

    common::close(svc);
    cli(&dir, &["check"]).expect(0);
}

#[test]
fn a_killed_holder_does_not_block_the_next_start() {
    let tmp = common::temp("lock-kill");
    let dir = tmp.path().join("data");
    common::close(common::init_store(&dir));

    let mut child = spawn_child(
        &test_name(module_path!(), "lock_holder_child"),
        &dir,
        "hold",
        0,
    );
    let mut reader = AckReader::new(&mut child);
    let line = reader
        .next_line_with("HOLDING ")
        .expect("the holder opens the store");
    let pid: u32 = line
        .trim()
        .trim_start_matches("HOLDING ")
        .parse()
        .expect("a pid");
    assert_eq!(pid, child.id());

    assert_in_use(cli(&dir, &["check"]), &dir, pid);
    assert!(Caseline::open_with_clock(&dir, None, PASSPHRASE, crate::common::clock()).is_err());

    kill(&mut child);

    let r = cli(&dir, &["check"]).expect(0);
    assert!(r.stdout.starts_with("OK:"), "{}", r.stdout);
    let svc = common::open_store(&dir);
    assert!(svc.check().expect("check").is_clean());
}

#[test]
fn writes_are_refused_while_held() {
    let tmp = common::temp("lock-write");
    let dir = tmp.path().join("data");
    let svc = common::init_store(&dir);
    let before = common::export_value(&svc);
    let r = cli(&dir, &["reference", "add", "case_kind", "Immigration"]);
    assert_in_use(r, &dir, std::process::id());
    let backup = tmp.path().join("b.clb");
    assert_in_use(
        cli(&dir, &["backup", backup.to_str().unwrap()]),
        &dir,
        std::process::id(),
    );
    assert!(!backup.exists());

    // Restoring over a store in use is refused, --force or not, and changes nothing.
    let other = tmp.path().join("other.clb");
    svc.backup(&other).expect("backup");
    let r = cli(&dir, &["restore", "--force", other.to_str().unwrap()]);
    assert_in_use(r, &dir, std::process::id());
    assert!(!dir.join("db.restore").exists());
    assert_eq!(common::export_value(&svc), before);
}
