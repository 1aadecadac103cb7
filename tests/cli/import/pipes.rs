//! A reader that leaves early (`caseline queue | head -c 10`) ends the command quietly
//! with its own exit code, never 101; a full disk under `> file` fails a command whose
//! work was the output, and never a committed import. Real processes and real pipes.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::{self, Run, caseline, cli, cli_export};
use crate::import::document::{self, document};

/// A populated store, made through the service, and an export file of other casework
/// to import into it.
fn setup(tmp: &tempfile::TempDir) -> (PathBuf, PathBuf) {
    let dir = tmp.path().join("data");
    let mut svc = common::init_store(&dir);
    common::populate(&mut svc);
    common::close(svc);
    let file = tmp.path().join("other.json");
    document::write(&file, &other_casework(tmp));
    (dir, file)
}

/// [`document`] with case references of its own, so that it imports beside
/// [`common::populate`]'s casework.
fn other_casework(tmp: &tempfile::TempDir) -> serde_json::Value {
    let mut v = document(tmp);
    for (i, case) in v["cases"].as_array_mut().unwrap().iter_mut().enumerate() {
        case["reference"] = serde_json::json!(format!("C-2019-{:04}", i + 1));
    }
    v
}

/// Standard output as a pipe whose reader has already gone: every write fails.
pub(crate) fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    writer.into()
}

/// Runs to the end with stdout as given and stderr captured.
pub(crate) fn run_with(cmd: &mut Command, stdout: Stdio) -> Run {
    let out = cmd
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .expect("the caseline binary runs");
    Run {
        code: out.status.code(),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[track_caller]
pub(crate) fn assert_quiet(what: &str, r: &Run, code: i32) {
    assert_eq!(r.code, Some(code), "{what}: {}", r.stderr);
    for said in ["internal error", "panicked", "Broken pipe", "os error 32"] {
        assert!(!r.stderr.contains(said), "{what}: {}", r.stderr);
    }
}

fn commands(file: &Path) -> Vec<Vec<String>> {
    let file = file.to_str().unwrap().to_string();
    [
        vec!["queue"],
        vec!["queue", "--format", "json"],
        vec!["export"],
        vec!["search", "amina"],
        vec!["audit"],
        vec!["audit", "--format", "json"],
        vec!["check"],
        vec!["stats"],
        vec!["user", "list"],
        vec!["reference", "show", "strand"],
        vec!["import", file.as_str()],
    ]
    .into_iter()
    .map(|c| c.into_iter().map(str::to_string).collect())
    .collect()
}

#[test]
fn a_reader_gone_before_the_first_write_ends_each_command_with_exit_0() {
    let tmp = common::temp("pipe-closed");
    let (dir, file) = setup(&tmp);
    for args in commands(&file) {
        let r = run_with(caseline(&dir).args(&args), closed_pipe());
        assert_quiet(&args.join(" "), &r, 0);
    }
    // The import's work was done and kept, though nobody read its summary.
    let v = cli_export(&dir);
    let file_text = std::fs::read_to_string(&file).unwrap();
    let imported =
        serde_json::from_str::<serde_json::Value>(&file_text).unwrap()["people"][0]["id"].clone();
    assert!(
        v["people"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == imported),
        "the import was committed"
    );
    cli(&dir, &["check"]).expect(0);
}

#[test]
fn a_reader_that_leaves_after_ten_bytes_ends_each_command_with_exit_0() {
    let tmp = common::temp("pipe-head");
    let (dir, file) = setup(&tmp);
    for args in commands(&file) {
        let mut child = caseline(&dir)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("caseline runs");
        let mut first = [0u8; 10];
        child
            .stdout
            .take()
            .unwrap()
            .read_exact(&mut first)
            .expect("ten bytes");
        // The read end is dropped here: as `head -c 10` exits.
        let out = child.wait_with_output().expect("caseline ends");
        let r = Run {
            code: out.status.code(),
            stdout: String::new(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert_quiet(&args.join(" "), &r, 0);
    }
}

#[test]
fn a_failing_command_keeps_its_exit_code_when_nobody_reads() {
    let tmp = common::temp("pipe-codes");
    let (dir, _) = setup(&tmp);
    // A usage error (2), both outputs gone: no abort from a panic inside the panic hook.
    let status = caseline(&dir)
        .args(["queue", "--mine", "nobody"])
        .stdout(closed_pipe())
        .stderr(closed_pipe())
        .status()
        .expect("caseline runs");
    assert_eq!(status.code(), Some(2));
    let r = run_with(
        caseline(&dir).args(["audit", "--case", "nonsense"]),
        closed_pipe(),
    );
    assert_quiet("audit --case", &r, 2);
    assert!(r.stderr.contains("--case"), "{}", r.stderr);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_fails_an_export_but_not_a_committed_import() {
    let tmp = common::temp("pipe-full");
    let (dir, file) = setup(&tmp);
    let full = || {
        Stdio::from(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
    };

    let r = run_with(caseline(&dir).arg("export"), full());
    assert_quiet("export", &r, 1);
    assert!(
        r.stderr.contains("cannot write to standard output"),
        "{}",
        r.stderr
    );

    let r = run_with(
        caseline(&dir).args(["import", file.to_str().unwrap()]),
        full(),
    );
    assert_quiet("import", &r, 0);
    assert!(r.stderr.contains("the work is done"), "{}", r.stderr);
    let r = cli(&dir, &["import", file.to_str().unwrap()]).expect(1);
    assert!(
        r.stderr.contains("already in this store"),
        "it was committed: {}",
        r.stderr
    );
}
