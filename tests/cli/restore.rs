//! `caseline restore` and `caseline replaced` write through the one writer of standard
//! output: a reader that leaves early does not turn a restore that was put in place
//! into a failure (nor a panic, exit 101), and paths are shown inert.

use std::path::Path;
use std::process::Command;

use crate::common::{self, Run, caseline, cli, cli_export, cli_retrying, is_sled_lock_race};
use crate::import::pipes::{assert_quiet, closed_pipe, run_with};

/// Runs a command with standard output a closed pipe, again when it failed only on
/// sled's lingering lock (restore reopens the database it has just unpacked).
fn unread(mut make: impl FnMut() -> Command) -> Run {
    for _ in 0..5 {
        let r = run_with(&mut make(), closed_pipe());
        if !(r.code == Some(1) && is_sled_lock_race(&r.stderr)) {
            return r;
        }
    }
    panic!("the sled lock race struck five times running");
}

/// `caseline --data-dir DIR ARGS...` with nobody reading its standard output.
fn unread_cli(dir: &Path, args: &[&str]) -> Run {
    unread(|| {
        let mut c = caseline(dir);
        c.args(args);
        c
    })
}

/// The one store kept in `dir` by a restore that replaced it.
fn replaced_name(dir: &Path) -> String {
    let r = cli(dir, &["replaced", "list", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let kept = v.as_array().expect("a list");
    assert_eq!(kept.len(), 1, "{v}");
    kept[0]["name"].as_str().expect("a name").to_string()
}

#[test]
fn a_restore_nobody_reads_about_is_kept_and_ends_with_exit_0() {
    let tmp = common::temp("restore-unread");
    let dir = tmp.path().join("data");
    let mut svc = common::init_store(&dir);
    common::populate(&mut svc);
    common::close(svc);
    let original = cli_export(&dir);
    let backup = tmp.path().join("nightly.clb");
    cli(&dir, &["backup", backup.to_str().unwrap()]).expect(0);
    let backup = backup.to_str().unwrap();

    // Into a new directory.
    let fresh = tmp.path().join("fresh");
    let r = unread_cli(&fresh, &["restore", backup]);
    assert_quiet("restore", &r, 0);
    assert_eq!(cli_export(&fresh), original);

    // Over a changed store: it is put back, and the replaced store kept and told of.
    cli(&dir, &["reference", "add", "case_kind", "Immigration law"]).expect(0);
    let r = unread_cli(&dir, &["restore", "--force", backup]);
    assert_quiet("restore --force", &r, 0);
    assert_eq!(cli_export(&dir), original);

    // Commands that tell of the kept store, unread.
    for args in [vec!["stats"], vec!["replaced", "list"], vec!["check"]] {
        let r = unread_cli(&dir, &args);
        assert_quiet(&args.join(" "), &r, 0);
    }
    let name = replaced_name(&dir);
    let r = unread_cli(&dir, &["replaced", "remove", &name]);
    assert_quiet("replaced remove", &r, 0);
    assert!(!dir.join(&name).exists(), "{name} was removed");
    let r = unread_cli(&dir, &["replaced", "list"]);
    assert_quiet("replaced list, none kept", &r, 0);
}

#[cfg(unix)]
#[test]
fn a_restored_directory_is_named_inert() {
    let tmp = common::temp("restore-inert");
    let dir = tmp.path().join("data");
    common::close(common::init_store(&dir));
    let backup = tmp.path().join("nightly.clb");
    cli(&dir, &["backup", backup.to_str().unwrap()]).expect(0);

    let fresh = tmp.path().join("fresh\u{1b}[2Jhere");
    let r = cli_retrying(&fresh, &["restore", backup.to_str().unwrap()]).expect(0);
    assert!(r.stdout.contains("Restored"), "{}", r.stdout);
    assert!(!r.output().contains('\u{1b}'), "{:?}", r.output());
}
