//! `caseline referral summary REFERRAL --out FILE`: the summary as plain text in a
//! file readable by its owner only; an existing file kept unless --force; a bad id a
//! usage mistake (exit 2), an id of nothing a failure (exit 1) that writes nothing.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use crate::common::{self, cli};

/// A populated store (it holds a referral sent out) and that referral's id.
fn store() -> (tempfile::TempDir, PathBuf, String) {
    let tmp = common::temp("cli-referral");
    let dir = tmp.path().join("data");
    let mut svc = common::init_store(&dir);
    common::populate(&mut svc);
    let id = svc.referrals().next().unwrap().unwrap().id.to_string();
    common::close(svc);
    (tmp, dir, id)
}

#[test]
fn the_summary_is_written_private_and_kept_from_overwriting() {
    let (tmp, dir, id) = store();
    let out = tmp.path().join("summary.txt");
    let out_arg = out.to_str().unwrap();
    let r = cli(&dir, &["referral", "summary", &id, "--out", out_arg]).expect(0);
    assert!(
        r.stdout.contains("Wrote the referral's summary"),
        "{}",
        r.stdout
    );
    let text = std::fs::read_to_string(&out).unwrap();
    for part in ["Referral from", "Our reference", "Reason for referral:"] {
        assert!(text.contains(part), "{part}:\n{text}");
    }
    let mode = std::fs::metadata(&out).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);

    std::fs::write(&out, "kept").unwrap();
    let r = cli(&dir, &["referral", "summary", &id, "--out", out_arg]).expect(1);
    assert!(r.stderr.contains("is there already"), "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "kept");
    cli(
        &dir,
        &["referral", "summary", &id, "--out", out_arg, "--force"],
    )
    .expect(0);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
}

#[test]
fn bad_ids_and_missing_arguments_are_named_and_write_nothing() {
    let (tmp, dir, id) = store();
    let out = tmp.path().join("summary.txt");
    let out_arg = out.to_str().unwrap();
    let r = cli(&dir, &["referral", "summary", &id]).expect(2);
    assert!(r.stderr.contains("--out"), "{}", r.stderr);
    let r = cli(&dir, &["referral", "summary", "R-12", "--out", out_arg]).expect(2);
    assert!(
        r.stderr.contains("REFERRAL `R-12`: not a referral's id"),
        "{}",
        r.stderr
    );
    let nobody = "01KB0000000000000000000000";
    let r = cli(&dir, &["referral", "summary", nobody, "--out", out_arg]).expect(1);
    assert!(
        r.stderr.contains(&format!("no referral {nobody}")),
        "{}",
        r.stderr
    );
    let nowhere = tmp.path().join("no such folder").join("summary.txt");
    let r = cli(
        &dir,
        &[
            "referral",
            "summary",
            &id,
            "--out",
            nowhere.to_str().unwrap(),
        ],
    )
    .expect(1);
    assert!(r.stderr.contains("cannot write"), "{}", r.stderr);
    assert!(!out.exists() && !nowhere.exists());
}
