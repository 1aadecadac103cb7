//! Killing the process at a random moment never loses an acknowledged write and never
//! leaves an intake half stored.

use crate::common;
use crate::common::crash::{Rng, crash_round, test_name, verify_after_crash};

/// The child side: run only by `crash_round`, which sets the data directory.
#[test]
#[ignore = "child process of the crash tests; does nothing when run by hand"]
fn crash_child() {
    common::crash::child_main();
}

/// The name `crash_child` runs under, for starting it with `--exact`.
fn child() -> String {
    test_name(module_path!(), "crash_child")
}

#[test]
fn sigkill_never_loses_acknowledged_intakes() {
    let tmp = common::temp("crash");
    let dir = tmp.path().join("data");
    common::close(common::init_store(&dir));
    let mut rng = Rng::from_env(0x00C0_FFEE);
    let mut acked = Vec::new();
    let mut stored = 0;
    for round in 0..5u64 {
        let new = crash_round(&child(), &dir, round * 100_000, &mut rng);
        assert!(new.len() >= 5, "round {round}: too few writes acknowledged");
        acked.extend(new.iter().copied());
        let now = verify_after_crash(&dir, &acked);
        // Every acknowledged write is there; at most the one in flight when the kill
        // came landed without its acknowledgement being read.
        assert!(
            now == stored + new.len() || now == stored + new.len() + 1,
            "round {round}: {now} intakes stored, {stored} before, {} acknowledged",
            new.len()
        );
        stored = now;
    }
}

/// A restore that died between moving the old database aside and moving the new one
/// in leaves `db.replaced` and no `db`: the next start puts the old one back.
#[test]
fn an_interrupted_restore_is_put_right_on_the_next_open() {
    let tmp = common::temp("interrupted");
    let dir = tmp.path().join("data");
    let mut svc = common::init_store(&dir);
    common::populate(&mut svc);
    let before = common::export_value(&svc);
    common::close(svc);
    std::fs::rename(dir.join("db"), dir.join("db.replaced")).unwrap();
    // The unpacked copy it was about to move in is left too.
    std::fs::create_dir(dir.join("db.restore")).unwrap();
    std::fs::write(dir.join("db.restore").join("db"), b"half a database").unwrap();

    // The store still counts as there: neither `init` nor the first-run setup may make a
    // new one beside it.
    assert!(caseline::store::Store::exists(&dir));
    let r = common::cli(&dir, &["init", "--org", "Second"]).expect(1);
    assert!(r.stderr.contains("already exists"), "{}", r.stderr);

    let r = common::cli(&dir, &["check"]).expect(0);
    assert!(r.stdout.starts_with("OK:"), "{}", r.stdout);
    assert!(dir.join("db").is_dir());
    assert!(!dir.join("db.replaced").exists());
    assert_eq!(common::cli_export(&dir), before);
}

/// `init` builds the database beside its place and renames it in: a crash before the
/// rename leaves no store, and the next `init` starts afresh.
#[test]
fn a_half_built_store_is_not_a_store() {
    let tmp = common::temp("half-init");
    let dir = tmp.path().join("data");
    common::close(common::init_store(&dir));
    std::fs::rename(dir.join("db"), dir.join("db.new")).unwrap();
    let r = common::cli(&dir, &["check"]).expect(1);
    assert!(r.stderr.contains("no caseline data at"), "{}", r.stderr);
    common::cli_init(&dir);
    assert!(!dir.join("db.new").exists());
    let v = common::cli_export(&dir);
    assert_eq!(v["users"].as_array().unwrap().len(), 2);
}

/// An import killed part way leaves the store as it was: the next open undoes it.
#[test]
fn sigkill_during_an_import_lands_all_or_nothing() {
    let tmp = common::temp("crash-import");
    let dir = tmp.path().join("data");
    common::close(common::init_store(&dir));
    let mut rng = Rng::from_env(0x1A2B);
    let mut imported = 0;
    for round in 0..4u64 {
        let mut child = common::crash::spawn_child(&child(), &dir, "import", round);
        let mut reader = common::crash::AckReader::new(&mut child);
        reader
            .next_line_with("IMPORTING")
            .expect("the import starts");
        let finished = if round == 3 {
            // One import is let finish, to see an acknowledged import survive a kill.
            let done = reader.next_line_with("IMPORTED").is_some();
            common::crash::kill(&mut child);
            done
        } else {
            std::thread::sleep(std::time::Duration::from_millis(rng.range(100, 1_200)));
            common::crash::kill(&mut child);
            reader.next_line_with("IMPORTED").is_some()
        };
        let svc = common::crash::open_store(&dir);
        let cases = svc.cases().count();
        assert!(
            cases == imported || cases == imported + common::crash::IMPORT_CASES,
            "round {round}: {cases} cases after a killed import (had {imported})"
        );
        if finished {
            assert_eq!(
                cases,
                imported + common::crash::IMPORT_CASES,
                "round {round}: acknowledged import lost"
            );
        }
        eprintln!(
            "round {round}: import {}",
            if cases > imported { "landed" } else { "undone" }
        );
        imported = cases;
        let report = svc.check().unwrap();
        assert!(report.is_clean(), "round {round}: {:?}", report.faults);
        common::crash::close(svc);
    }
}
