//! What a one-off command costs when no server is running, now that it starts the
//! store's server and signs in through it (for docs/benchmarks.md). Each command is
//! timed from its start to its exit, as someone at a shell or cron sees it:
//!
//! 1. in process (`CASELINE_IN_PROCESS=1`): the command opens the store itself, as
//!    every command did before;
//! 2. starting a server: no server running; the command starts `caseline serve`, waits
//!    for it, signs in over the socket and runs. After it exits, the server it left is
//!    measured: its memory while it waits for its idle time, and how long after the
//!    command's exit it is gone, with `CASELINE_IDLE_EXIT=1` (its listener is polled
//!    once a second, so that is one to two seconds; by default it waits a minute);
//! 3. with that server running and nobody signed in: what every later command pays.
//!
//! ```sh
//! cargo build --release --bin caseline --example bench_one_off
//! target/release/examples/bench_one_off [--cases N | --keep DIR] [--runs N] [--bin PATH]
//! ```
//!
//! Without `--keep` a store of `--cases` demo cases (default 200) is made in a
//! temporary directory; `--keep DIR` uses the store there (the administrator `admin`
//! with the benchmarks' passphrase). Commands run as `admin` with the passphrase in the
//! environment: `stats` and `queue --overdue`, output dropped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;

use support::server::{caseline_binary, load_average, memory_mib};
use support::timing::ms;
use support::{PASS, demo_store, flag, store_dir};

/// How long anything here may take before the benchmark gives up on it.
const WITHIN: Duration = Duration::from_secs(300);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = flag(&args, "--runs").unwrap_or(10);
    let bin = flag::<PathBuf>(&args, "--bin")
        .or_else(caseline_binary)
        .expect("build the caseline binary first (cargo build --release --bin caseline)");
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let (dir, build) = store_dir(&args, tmp.path());
    if build {
        let cases = flag(&args, "--cases").unwrap_or(200);
        let took = demo_store(&dir, cases, 1);
        println!(
            "made a store of {cases} demo cases in {:.1} s",
            took.as_secs_f64()
        );
    }
    println!("# {} on {}", bin.display(), dir.display());
    println!("# load average at the start {}", load_average());
    for command in [&["stats"][..], &["queue", "--overdue"][..]] {
        let name = command.join(" ");
        let here = (0..runs)
            .map(|_| timed(&bin, &dir, command, &[("CASELINE_IN_PROCESS", "1")]))
            .collect();
        println!("caseline {name}, in process: {}", summary(here));
        starting_a_server(&bin, &dir, command, runs);
        with_a_server(&bin, &dir, command, runs);
    }
    println!("# load average at the end {}", load_average());
}

/// Runs a command with no server running, `runs` times; after each, measures the
/// server it started and waits for it to stop.
fn starting_a_server(bin: &Path, dir: &Path, command: &[&str], runs: usize) {
    let (mut took, mut rss, mut stopping) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        assert!(lock_holder(dir).is_none_or(ended), "a server is running");
        took.push(timed(bin, dir, command, &[("CASELINE_IDLE_EXIT", "1")]));
        let pid = lock_holder(dir).expect("the server the command started");
        rss.push(memory_mib(pid).0);
        let left = Instant::now();
        wait_until(|| ended(pid));
        stopping.push(left.elapsed());
    }
    let name = command.join(" ");
    println!("caseline {name}, starting a server: {}", summary(took));
    rss.sort_by(f64::total_cmp);
    println!(
        "  the server left behind: {:.0} MiB resident (median); gone after the command's exit in {}",
        rss[rss.len() / 2],
        summary(stopping)
    );
}

/// Runs a command `runs` times through a server an earlier command started.
fn with_a_server(bin: &Path, dir: &Path, command: &[&str], runs: usize) {
    let linger = [("CASELINE_IDLE_EXIT", "600")];
    timed(bin, dir, command, &linger);
    let pid = lock_holder(dir).expect("the server the command started");
    let took = (0..runs)
        .map(|_| timed(bin, dir, command, &linger))
        .collect();
    println!(
        "caseline {}, server running: {}",
        command.join(" "),
        summary(took)
    );
    // SAFETY: kill sends SIGTERM to the server the benchmark's command started.
    unsafe {
        libc::kill(pid as libc::pid_t, libc::SIGTERM);
    }
    wait_until(|| ended(pid));
}

/// Runs `caseline --data-dir DIR --user admin COMMAND` to its end; how long it took.
fn timed(bin: &Path, dir: &Path, command: &[&str], env: &[(&str, &str)]) -> Duration {
    let started = Instant::now();
    let out = Command::new(bin)
        .arg("--data-dir")
        .arg(dir)
        .args(["--user", "admin"])
        .args(command)
        .env("CASELINE_PASSPHRASE", PASS)
        .env_remove("CASELINE_IN_PROCESS")
        .env_remove("CASELINE_IDLE_EXIT")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("caseline runs");
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "caseline {command:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

/// The process holding the store, as its lock file says (it stays after it goes).
fn lock_holder(dir: &Path) -> Option<u32> {
    std::fs::read_to_string(dir.join("caseline.lock"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("pid="))
        .and_then(|p| p.trim().parse().ok())
}

/// Whether process `pid` has ended: gone, or a zombie left for its new parent to reap.
fn ended(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state == "Z" || state == "X"),
    }
}

fn wait_until(mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + WITHIN;
    while !done() {
        assert!(Instant::now() < deadline, "gave up waiting");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// `median … ms (fastest …, slowest …; n runs)`.
fn summary(mut times: Vec<Duration>) -> String {
    times.sort();
    format!(
        "median {:.1} ms (fastest {:.1}, slowest {:.1}; {} runs)",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(*times.last().expect("runs")),
        times.len()
    )
}
