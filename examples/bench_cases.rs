//! Casework benchmarks for `docs/benchmarks.md`:
//!
//! - opening a case with 200 timeline entries (the case, its timeline, follow-ups and
//!   summary, as the case screen loads them);
//! - the overdue queue of one worker over all follow-ups;
//! - paging through the case list (every case not closed) at 80x24, a key to its frame;
//! - the same queue side by side with taskwarrior (`task overdue`) holding the same
//!   follow-ups as tasks, when `task` is installed (`apt-get install taskwarrior`).
//!
//! ```sh
//! cargo run --release --example bench_cases -- --cases 100000 [--no-taskwarrior] [--keep DIR]
//! ```

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use caseline::domain::EntryKind;
use caseline::service::{Bucket, Caseline, NewEntry, QueueRequest, Scope};
use caseline::ui::msg::Msg;
use caseline::ui::testing::{Harness, parse_keys};

mod support;

use support::PASS;
use support::taskwarrior::TaskDb;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cases: usize = support::flag(&args, "--cases").unwrap_or(100_000);
    let tmp = tempfile::tempdir().expect("temp dir");
    // `--keep DIR` builds the store there once and reuses it on later runs.
    let (dir, build) = support::store_dir(&args, tmp.path());
    if build {
        let took = support::demo_store(&dir, cases, 5);
        println!(
            "# {cases} demo cases imported in {:.0} s",
            took.as_secs_f64()
        );
    }
    let svc = Caseline::open(&dir, None, PASS).expect("open");
    let entries = open_big_case(&svc);
    let (worker, today) = busiest_worker(&svc);
    let ours = overdue_queue(&svc, worker, today);
    let tasks = (!args.iter().any(|a| a == "--no-taskwarrior")).then(|| prepare_tasks(&svc));
    // The interface and the CLI below open the store themselves: this handle goes first.
    svc.close().expect("close");
    case_first_frame(&dir, entries);
    case_list_pages(&dir);
    if let Some(tasks) = tasks {
        taskwarrior(tasks, tmp.path(), &dir, today, ours);
    }
}

/// From Enter on the case list to the case screen drawn at 80x24: the case, its
/// 200 entries, follow-ups and header loaded, laid out and drawn. The big case is put
/// at the top of the list (most recent activity) by the entry added before.
fn case_first_frame(dir: &Path, entries: usize) {
    let mut h = Harness::new(dir, 80, 24);
    h.keys(&format!("{PASS}<enter>"));
    h.keys("<C-e>");
    let enter = parse_keys("<enter>").remove(0);
    let esc = parse_keys("<esc>").remove(0);
    let mut times = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        h.send(Msg::Key(enter));
        h.draw();
        times.push(t.elapsed());
        h.send(Msg::Key(esc));
    }
    h.send(Msg::Key(enter));
    let screen = h.screen();
    assert!(
        screen.contains(&format!("Timeline: {entries} entries")),
        "the big case is open:\n{screen}"
    );
    let (p50, p99) = percentiles(times);
    println!(
        "open a case with {entries} timeline entries, Enter to first frame at 80x24: p50 {p50:.2} ms, p99 {p99:.2} ms"
    );
    h.shut_down();
}

/// Keys on the case list at 80x24, each to its frame drawn: opening the list, another
/// order (the list worked out again), page down a screen at a time, the next page, the
/// last page, and up a row at a time over a page's edge. Run twice: with the read in
/// the keystroke (what the loop waited for when reads ran on it), and with the read
/// answered beside the loop, as the program does (the loop's share, then the answer).
fn case_list_pages(dir: &Path) {
    for beside in [false, true] {
        let mut h = Harness::new(dir, 80, 24);
        h.keys(&format!("{PASS}<enter>"));
        h.defer_lists = beside;
        let mut read = Vec::new();
        let mut timed = |h: &mut Harness, keys: &str, n: usize| {
            let keys = parse_keys(keys);
            let mut times = Vec::new();
            for _ in 0..n {
                for k in &keys {
                    let t = Instant::now();
                    h.send(Msg::Key(*k));
                    h.draw();
                    times.push(t.elapsed());
                    let t = Instant::now();
                    h.run_lists();
                    h.draw();
                    read.push(t.elapsed());
                }
            }
            times
        };
        let open = timed(&mut h, "<C-e>", 1);
        let order = timed(&mut h, "o", 10);
        let down = timed(&mut h, "<pagedown>", 100);
        let next = timed(&mut h, "]", 20);
        let end = timed(&mut h, "<end>", 1);
        let up = timed(&mut h, "<up>", 400);
        let screen = h.screen();
        let total = screen
            .lines()
            .find_map(|l| l.split_once(" cases · "))
            .map(|(n, _)| n.trim_start_matches('│').to_string())
            .unwrap_or_default();
        let how = if beside {
            "read beside the loop, the loop's share"
        } else {
            "read in the keystroke"
        };
        println!(
            "case list of {total} cases at 80x24, {how}: open {:.1} ms; another order {}; page down {}; next page {}; last page {:.1} ms; up a row {}",
            ms(open[0]),
            spread(order),
            spread(down),
            spread(next),
            ms(end[0]),
            spread(up),
        );
        if beside {
            read.retain(|d| *d > Duration::from_micros(500));
            println!(
                "  the reads beside the loop, answer to frame (n={}): {}",
                read.len(),
                spread(read)
            );
        }
        h.shut_down();
    }
}

/// `p50 …, p99 …, max …` in milliseconds.
fn spread(mut times: Vec<Duration>) -> String {
    if times.is_empty() {
        return "none".into();
    }
    times.sort();
    let max = times.last().copied().unwrap_or_default();
    let (p50, p99) = percentiles(times);
    format!("p50 {p50:.2} ms, p99 {p99:.2} ms, max {:.1} ms", ms(max))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    (ms(at(0.5)), ms(at(0.99)))
}

/// The demo's first case has 200 timeline entries.
/// Returns how many entries the case has afterwards.
fn open_big_case(svc: &Caseline) -> usize {
    let case = svc.cases().next().expect("a case").expect("readable");
    let mut times = Vec::new();
    let mut entries = 0;
    for _ in 0..200 {
        let t = Instant::now();
        let c = svc.case(case.id).expect("case");
        let timeline = svc.timeline(c.id).expect("timeline");
        let follow_ups = svc.follow_ups_for_case(c.id).expect("follow-ups");
        let name = svc.client_name(c.id).expect("name");
        times.push(t.elapsed());
        entries = timeline.len();
        assert!(name.is_some() || follow_ups.len() < usize::MAX);
    }
    let (p50, p99) = percentiles(times);
    println!(
        "open a case with {entries} timeline entries (case, timeline, follow-ups, client): p50 {p50:.2} ms, p99 {p99:.2} ms"
    );
    // One more entry makes it the case with the latest activity, first in the case list.
    svc.add_timeline_entry(NewEntry {
        case: case.id,
        at: None,
        kind: EntryKind::Note,
        text: "Benchmark note".into(),
        corrects: None,
    })
    .expect("entry");
    entries + 1
}

/// The worker with the most overdue follow-ups, and the day queues count from.
fn busiest_worker(svc: &Caseline) -> (caseline::domain::UserId, chrono::NaiveDate) {
    let today = chrono::Local::now().date_naive();
    let users: Vec<_> = svc
        .users()
        .filter_map(Result::ok)
        .filter(|u| !u.recovery)
        .collect();
    let mut best = (users[0].id, 0);
    for u in &users {
        let req = QueueRequest {
            scope: Scope::User(u.id),
            buckets: vec![Bucket::Overdue],
            safeguarding_only: false,
            today,
            limit: 0,
        };
        let n = svc.queue(&req).expect("queue").counts[0].1;
        if n > best.1 {
            best = (u.id, n);
        }
    }
    (best.0, today)
}

/// One worker's overdue queue, first 50 rows, over every follow-up in the store.
fn overdue_queue(
    svc: &Caseline,
    worker: caseline::domain::UserId,
    today: chrono::NaiveDate,
) -> f64 {
    let total = svc.follow_ups().count();
    let req = QueueRequest {
        scope: Scope::User(worker),
        buckets: vec![Bucket::Overdue],
        safeguarding_only: false,
        today,
        limit: 50,
    };
    let mut times = Vec::new();
    let mut n = 0;
    for _ in 0..100 {
        let t = Instant::now();
        let view = svc.queue(&req).expect("queue");
        times.push(t.elapsed());
        n = view.counts[0].1;
    }
    let (p50, p99) = percentiles(times);
    println!(
        "overdue queue of one worker ({n} overdue of {total} follow-ups, first 50 rows): p50 {p50:.2} ms, p99 {p99:.2} ms"
    );
    p50
}

/// The follow-ups as taskwarrior tasks, and the busiest worker's login.
struct Tasks {
    tasks: Vec<serde_json::Value>,
    login: String,
}

fn prepare_tasks(svc: &Caseline) -> Tasks {
    let (worker, _) = busiest_worker(svc);
    let login = svc
        .users()
        .filter_map(Result::ok)
        .find(|u| u.id == worker)
        .map(|u| u.login)
        .expect("the busiest worker is a user");
    Tasks {
        tasks: support::taskwarrior::tasks(svc),
        login,
    }
}

/// Loads the same follow-ups into taskwarrior and times `task overdue` for the worker.
/// `tmp` holds taskwarrior's files; `store` is the benchmark store (the temporary one,
/// or the one `--keep` names).
fn taskwarrior(prepared: Tasks, tmp: &Path, store: &Path, today: chrono::NaiveDate, ours_ms: f64) {
    if !TaskDb::installed() {
        println!("taskwarrior: not installed (apt-get install taskwarrior); skipped");
        return;
    }
    let worker_login = support::taskwarrior::project(&prepared.login);
    let tasks = prepared.tasks;
    let (db, took) = TaskDb::import(tmp, &tasks);
    let task = |args: &[&str]| db.command().args(args).output().expect("task runs");
    println!(
        "taskwarrior {} imported {} tasks in {:.0} s",
        support::taskwarrior::version(),
        tasks.len(),
        took.as_secs_f64()
    );
    let filter = format!("project:{worker_login}");
    let mut times = Vec::new();
    let mut lines = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let out = task(&[&filter, "overdue", "limit:50"]);
        times.push(t.elapsed());
        lines = String::from_utf8_lossy(&out.stdout).lines().count();
    }
    let (p50, _) = percentiles(times);
    let _ = today;
    println!(
        "taskwarrior `task project:W overdue limit:50` (whole command, {lines} lines out): median {p50:.0} ms; caseline query median {ours_ms:.2} ms: {:.0}x faster",
        p50 / ours_ms
    );
    if let Some(cli) = caseline_command(store, &prepared.login) {
        println!(
            "whole command against whole command: `caseline queue --overdue --mine W --limit 50` median {cli:.0} ms (store opened, unlocked with cheap key derivation, queue printed): {:.1}x faster than taskwarrior",
            p50 / cli
        );
    }
}

/// Times the release binary's `queue` command on the benchmark store in `dir` (its key
/// slot uses cheap key derivation, so Argon2 is left out as it is for taskwarrior).
fn caseline_command(dir: &Path, login: &str) -> Option<f64> {
    let bin = std::env::current_exe()
        .ok()?
        .parent()?
        .parent()?
        .join("caseline");
    if !bin.exists() {
        println!("(build the binary with `cargo build --release` to time the whole command)");
        return None;
    }
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let out = Command::new(&bin)
            .args([
                "--data-dir",
                dir.to_str()?,
                "queue",
                "--overdue",
                "--mine",
                login,
                "--limit",
                "50",
            ])
            .env("CASELINE_PASSPHRASE", PASS)
            .output()
            .ok()?;
        times.push(t.elapsed());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Some(percentiles(times).0)
}
