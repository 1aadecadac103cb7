//! Single-byte flips in sled's log with the damaged message's checksum computed again,
//! many times over: each flip goes into a fresh copy of a demo store, then `check`,
//! `stats`, `audit` and `audit verify` run on it, and every way they end is counted.
//! None may end with exit code 101 (a panic) or hang.
//!
//! ```sh
//! cargo build && cargo run --example sled_flips -- --flips 300
//! cargo run --example sled_flips -- --flips 300 --bin /path/to/another/caseline --seed 9
//! cargo run --example sled_flips -- --flips 100 --within 8   # only a page's first bytes
//! cargo run --example sled_flips -- --flips 100 --target tag  # a page kind sled does not know
//! cargo run --example sled_flips -- --flips 300 --store /tmp/flips  # keep and reuse the store
//! ```
//!
//! `cargo test --test store` runs a few dozen of the same flips.

#[path = "../tests/store/flip.rs"]
mod flip;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PASSPHRASE: &str = "correct horse battery staple";
const COMMANDS: [&[&str]; 4] = [&["check"], &["stats"], &["audit"], &["audit", "verify"]];

struct Options {
    flips: u64,
    cases: u64,
    seed: u64,
    bin: PathBuf,
    /// Print what every failing command said, not only panics and hangs.
    verbose: bool,
    /// Which byte of a message to damage.
    target: flip::Target,
    /// The undamaged store: built here if missing, reused otherwise (so that a seed
    /// repeats the same flips); a copy damaged so that a command panicked or hung is
    /// left beside it.
    store: Option<PathBuf>,
}

fn options() -> Options {
    let mut o = Options {
        flips: 300,
        cases: 50,
        seed: 1,
        bin: beside_examples(),
        target: flip::Target::Anywhere,
        verbose: false,
        store: None,
    };
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--verbose") {
        args.remove(i);
        o.verbose = true;
    }
    for pair in args.chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        match pair[0].as_str() {
            "--flips" => o.flips = value.parse().expect("--flips N"),
            "--cases" => o.cases = value.parse().expect("--cases N"),
            "--seed" => o.seed = value.parse().expect("--seed N"),
            "--bin" => o.bin = PathBuf::from(value),
            "--store" => o.store = Some(PathBuf::from(value)),
            "--within" => o.target = flip::Target::Within(value.parse().expect("--within BYTES")),
            "--target" if value == "tag" => o.target = flip::Target::Tag,
            other => panic!("unknown option {other}"),
        }
    }
    o
}

/// The `caseline` binary Cargo built beside this example.
fn beside_examples() -> PathBuf {
    let exe = std::env::current_exe().expect("the running program");
    let dir = exe.parent().and_then(Path::parent).expect("target dir");
    dir.join("caseline")
}

fn caseline(bin: &Path, dir: &Path) -> Command {
    let mut c = Command::new(bin);
    c.arg("--data-dir")
        .arg(dir)
        .env("CASELINE_PASSPHRASE", PASSPHRASE)
        .env("CASELINE_INSECURE_FAST_KDF", "1")
        .env_remove("CASELINE_USER")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Runs a command for at most a minute: its exit code (`None` for a hang) and stderr.
fn run(cmd: &mut Command) -> (Option<i32>, String) {
    let mut child = cmd.spawn().expect("caseline runs");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return (None, String::new());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().expect("output");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn main() {
    let o = options();
    let tmp = tempfile::tempdir().expect("a temp dir");
    let base = o.store.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    let pristine = base.join("pristine");
    if !pristine.exists() {
        make_store(&o, &pristine);
    }
    let mut rng = flip::Rng(o.seed);
    let mut tally: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let mut panics = 0;
    let started = Instant::now();
    for n in 0..o.flips {
        let dir = base.join(format!("flip-{n}"));
        copy_dir(&pristine, &dir);
        let what = flip::flip_random(&dir.join("db"), &mut rng, o.target);
        let bad = run_commands(&o, &dir, n, &what, &mut tally);
        panics += u64::from(bad);
        if !(bad && o.store.is_some()) {
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }
    println!(
        "{} flips in {:.0} s with {}; flips that made a command panic or hang: {panics}",
        o.flips,
        started.elapsed().as_secs_f64(),
        o.bin.display()
    );
    for (command, outcomes) in tally {
        let line: Vec<String> = outcomes
            .iter()
            .map(|(o, n)| format!("exit {o}: {n}"))
            .collect();
        println!("  {command:<13} {}", line.join(", "));
    }
}

fn make_store(o: &Options, pristine: &Path) {
    let made = Command::new(&o.bin)
        .args(["--data-dir", pristine.to_str().unwrap(), "demo", "--cases"])
        .arg(o.cases.to_string())
        .env("CASELINE_PASSPHRASE", PASSPHRASE)
        .env("CASELINE_INSECURE_FAST_KDF", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("caseline demo");
    assert!(made.success(), "caseline demo failed");
    // The search index's snapshot is written when a command that built it closes.
    let (code, _) = run(caseline(&o.bin, pristine).arg("check"));
    assert_eq!(code, Some(0), "the new store checks clean");
}

/// Runs every command on a damaged copy and counts how each ended; whether one
/// panicked or hung.
fn run_commands(
    o: &Options,
    dir: &Path,
    n: u64,
    what: &str,
    tally: &mut BTreeMap<String, BTreeMap<String, u64>>,
) -> bool {
    let mut bad = false;
    for args in COMMANDS {
        let mut cmd = caseline(&o.bin, dir);
        cmd.args(args);
        let (code, stderr) = run(&mut cmd);
        let outcome = match code {
            None => "hung".to_string(),
            Some(101) => "101 (panic)".to_string(),
            Some(c) => format!("{c}"),
        };
        bad |= code.is_none() || code == Some(101);
        if code.is_none() || code == Some(101) || (o.verbose && code != Some(0)) {
            eprintln!("flip {n}: `{}`: {outcome}: {what}", args.join(" "));
            eprintln!("    {}", stderr.lines().next().unwrap_or(""));
        }
        *tally
            .entry(args.join(" "))
            .or_default()
            .entry(outcome)
            .or_default() += 1;
    }
    bad
}
