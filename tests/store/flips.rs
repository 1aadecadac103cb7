//! A stored value that passes sled's checksum but not its decoder: sled 0.34 panics
//! on such pages (exit 101). Every read goes through the store's guard instead, so
//! `check`, `stats`, `audit` and `audit verify` end with a clear error or a fault.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use super::common::{self, PERSONAL, Run, assert_text_absent};
use super::flip::{self, Rng, Target};

const COMMANDS: [&[&str]; 4] = [&["check"], &["stats"], &["audit"], &["audit", "verify"]];

/// Runs the binary, killing it (and failing) if it hangs.
fn run_guarded(dir: &Path, args: &[&str]) -> Run {
    let mut child = common::caseline(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("`caseline {}` hung on a damaged store", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().expect("output");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else if entry.file_name() != "caseline.lock" {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// How one command ended on a damaged store: 0, or 1 with a message that says where.
fn assert_handled(what: &str, dir: &Path, args: &[&str], r: &Run) {
    let said = r.output();
    let command = args.join(" ");
    assert!(
        matches!(r.code, Some(0 | 1)),
        "{what}: `caseline {command}` ended with {:?}:\n{said}",
        r.code
    );
    assert!(
        !said.contains("panicked") && !said.contains("internal error"),
        "{what}: `caseline {command}`:\n{said}"
    );
    assert_text_absent(&format!("{what}: `caseline {command}`"), &said, PERSONAL);
    if r.code == Some(1) {
        assert!(r.stderr.starts_with("caseline: "), "{what}: {}", r.stderr);
        // A flip inside a key slot's wrapped key or salt cannot be told from a wrong
        // passphrase: the slot has no integrity check of its own, so no slot opens and
        // the refusal is the passphrase's. Still a clean exit 1, never a crash.
        let slot = said.contains("the passphrase is not right for this store");
        let names_it = ["record ", "tree ", "fault(s)", "audit entry "]
            .iter()
            .any(|w| said.contains(w))
            || said.contains(&dir.display().to_string())
            || slot;
        assert!(
            names_it,
            "{what}: `caseline {command}` names no place:\n{said}"
        );
    }
}

/// A few dozen flips, most in the first byte of a page (the kind of page or update,
/// which sled decodes with a panic when it does not know it), the others anywhere in
/// a page. The store is built afresh each run, so the flips land differently each
/// time; a page's first byte made unknown panicked sled 0.34 about one time in three.
#[test]
fn flipped_bytes_with_good_checksums_never_crash_a_command() {
    let tmp = common::temp("flips");
    let pristine = tmp.path().join("pristine");
    let mut svc = common::init_store(&pristine);
    common::populate(&mut svc);
    common::close(svc);
    let mut rng = Rng(0xF11B);
    let mut failed = 0;
    for n in 0..24 {
        let dir = tmp.path().join(format!("flip-{n}"));
        copy_dir(&pristine, &dir);
        let target = if n % 3 == 2 {
            Target::Anywhere
        } else {
            Target::Tag
        };
        let what = format!(
            "flip {n}: {}",
            flip::flip_random(&dir.join("db"), &mut rng, target)
        );
        for args in COMMANDS {
            let r = run_guarded(&dir, args);
            assert_handled(&what, &dir, args, &r);
            failed += usize::from(r.code == Some(1));
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
    // The flips reached pages that are read: some commands failed, and said why.
    assert!(failed > 0, "no flip was noticed");
}
