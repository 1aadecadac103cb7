//! Server benchmarks for `docs/benchmarks.md`:
//!
//! 1. a request's round trip in this process (`Client::local` on an `Engine`) and over
//!    the socket (`Client::remote` to a `caseline serve` child): a cheap request (the
//!    home screen's counts, the desk's draft) and the queue screen's read;
//! 2. the search screen's request over the socket, keystroke by keystroke, from one
//!    client and from several typing at once (`--searchers N`);
//! 3. the server's memory with ten sessions signed in and the search index loaded;
//! 4. clients at the intake desk at once, each on its own connection and session,
//!    taking the standard phone report (caller matching, the save) and reading a queue
//!    in a loop: saves a second and the save's latency, with each client starting its
//!    next report at once (what the server can take) and at a pace (`--pace MS`
//!    between a client's reports: how long a save takes while others work);
//! 5. whole commands (`caseline queue --overdue`, `caseline search khan`) with the
//!    server running (nobody signed in, then a terminal signed in) and without one,
//!    and `task +OVERDUE` on the same follow-ups;
//! 6. whole commands signed in by OS account (`--only peer`): this OS account mapped
//!    to the administrator (`caseline peer map`), a terminal signed in so the server
//!    is unlocked, then `caseline queue --overdue --mine W` (W the caseworker with the
//!    most overdue follow-ups) and `caseline search khan` with no passphrase given
//!    anywhere: what cron and scripts on an office server pay.
//!
//! ```sh
//! cargo build --release --bin caseline --example bench_server
//! target/release/examples/bench_server [--cases N | --keep DIR] [--seconds S] [--clients C]
//!     [--searchers N] [--pace MS] [--rounds N] [--runs N]
//!     [--only local,socket,memory,desk,paced,commands,peer,taskwarrior]
//!     [--bin PATH]
//! ```
//!
//! Without `--keep` a store of `--cases` demo cases (default 2,000) is made in a
//! temporary directory, so a run takes seconds. `--keep DIR` uses the store in DIR (the
//! administrator `admin` with the benchmarks' passphrase, as `bench_ui --keep` makes
//! it), building it first if DIR does not exist. The desk's saves stay in that store.
//! `--bin PATH` serves and runs the commands with another build of `caseline` (the
//! build before a change, for a before-and-after).

use std::path::Path;
use std::time::{Duration, Instant};

use caseline::domain::{Clock, UserId};
use caseline::service::api::{CaseRequest, DeskRequest};
use caseline::service::{Bucket, Caseline, Client, Engine, QueueRequest, Scope};

mod support;

use support::desk::{Cast, Desk, desk_load, queue_read};
use support::server::{ServerChild, caseline_binary, load_average};
use support::taskwarrior::TaskDb;
use support::timing::{ms, spread, timed};
use support::typing::{search_keystrokes, searches_at_once};
use support::whole::{have_hyperfine, time_command};
use support::{PASS, flag};

struct Options {
    rounds: usize,
    seconds: u64,
    clients: usize,
    /// Clients typing in the search bar at once.
    searchers: usize,
    /// Milliseconds between the starts of a paced desk client's reports.
    pace: u64,
    runs: usize,
    /// The parts to run (`--only local,socket,memory,desk,paced,commands,peer,taskwarrior`).
    only: Option<Vec<String>>,
}

impl Options {
    fn runs(&self, part: &str) -> bool {
        self.only
            .as_ref()
            .is_none_or(|parts| parts.iter().any(|p| p == part))
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cases: usize = flag(&args, "--cases").unwrap_or(2_000);
    let mut opts = Options {
        rounds: flag(&args, "--rounds").unwrap_or(2_000),
        seconds: flag(&args, "--seconds").unwrap_or(10),
        clients: flag(&args, "--clients").unwrap_or(20),
        searchers: flag(&args, "--searchers").unwrap_or(4),
        pace: flag(&args, "--pace").unwrap_or(1_000),
        runs: flag(&args, "--runs").unwrap_or(20),
        only: flag::<String>(&args, "--only").map(|s| s.split(',').map(str::to_string).collect()),
    };
    if args.iter().any(|a| a == "--no-taskwarrior") {
        let all = [
            "local", "socket", "memory", "desk", "paced", "commands", "peer",
        ];
        opts.only
            .get_or_insert_with(|| all.iter().map(|s| s.to_string()).collect())
            .retain(|p| p != "taskwarrior");
    }
    // `--bin PATH` runs another build as the server and the commands (a "before").
    let Some(bin) = flag::<std::path::PathBuf>(&args, "--bin").or_else(caseline_binary) else {
        eprintln!("build the server first: cargo build --release --bin caseline");
        std::process::exit(2);
    };
    println!("# server and commands: {}", bin.display());
    let tmp = tempfile::tempdir().expect("temp dir");
    let (dir, build) = support::store_dir(&args, tmp.path());
    if build {
        let took = support::demo_store(&dir, cases, 11);
        println!("# {cases} demo cases built in {:.1} s", took.as_secs_f64());
    }
    println!("# store {}; load average {}", dir.display(), load_average());
    let today = chrono::Local::now().date_naive();
    let (cast, tasks) = in_process(&dir, today, &opts);
    let worker = cast.worker;

    let server = ServerChild::start(&bin, &dir);
    let (rss, _) = server.memory_mib();
    println!("server started (store open, nobody signed in): VmRSS {rss:.1} MiB");
    if opts.runs("socket") {
        over_socket(&server, today, worker, &opts);
    }
    if opts.runs("memory") {
        memory_with_sessions(&server, 10);
    }
    let s = opts.seconds;
    if opts.runs("desk") {
        desk_load(&server, Desk::flat_out(1, s), today, &cast);
        desk_load(&server, Desk::flat_out(opts.clients, s), today, &cast);
    }
    if opts.runs("paced") {
        desk_load(
            &server,
            Desk::paced(opts.clients, s, opts.pace),
            today,
            &cast,
        );
    }
    if opts.runs("desk") || opts.runs("paced") {
        let (rss, hwm) = server.memory_mib();
        println!("server after the desk runs: VmRSS {rss:.1} MiB, VmHWM {hwm:.1} MiB");
    }
    if opts.runs("peer") {
        peer_commands(
            &bin,
            &server,
            &dir,
            tmp.path(),
            &cast.worker_login,
            opts.runs,
        );
    }
    if opts.runs("commands") {
        let scratch = tmp.path();
        whole_commands(
            &bin,
            &dir,
            scratch,
            "with the server, nobody signed in",
            opts.runs,
        );
        let terminal = server.client("admin", PASS);
        terminal.warm_search(&mut |_, _| {}).expect("index");
        whole_commands(
            &bin,
            &dir,
            scratch,
            "with the server, a terminal signed in",
            opts.runs,
        );
        terminal.close().expect("sign out");
    }
    server.stop();
    if opts.runs("commands") {
        whole_commands(&bin, &dir, tmp.path(), "without a server", opts.runs / 4);
    }
    if let Some(tasks) = tasks {
        taskwarrior(&tasks, tmp.path(), opts.runs / 4);
    }
    println!("# load average at the end {}", load_average());
}

/// Signs in to an engine in this process and times requests through `Client::local`.
/// Returns who the benchmark works with and, unless skipped, the follow-ups as
/// taskwarrior tasks.
fn in_process(
    dir: &Path,
    today: chrono::NaiveDate,
    opts: &Options,
) -> (Cast, Option<Vec<serde_json::Value>>) {
    let engine = Engine::open(dir, Clock::system()).expect("open");
    let stamp = caseline::service::client::this_process();
    let session = engine.sign_in(Some("admin"), PASS, stamp).expect("sign in");
    let worker = busiest_worker(&session, today);
    let colleague = session
        .users()
        .filter_map(Result::ok)
        .find(|u| u.active && u.role == caseline::domain::Role::Volunteer)
        .map_or(session.actor().id, |u| u.id);
    let mine = session
        .queue(&QueueRequest {
            scope: Scope::Mine,
            buckets: Vec::new(),
            safeguarding_only: false,
            today,
            limit: 0,
        })
        .expect("queue");
    let open: usize = mine.counts.iter().map(|(_, n)| n).sum();
    println!("# the administrator has {open} open follow-ups (the counts read them)");
    let tasks = (opts.runs("taskwarrior") && TaskDb::installed())
        .then(|| support::taskwarrior::tasks(&session));
    let client = Client::local(session).expect("client");
    if opts.runs("local") {
        client.warm_search(&mut |_, _| {}).expect("search index");
        round_trips(&client, "in this process", today, worker, opts.rounds);
        search_keystrokes(&client, "in this process");
    }
    let worker_login = client
        .team()
        .ok()
        .and_then(|team| team.members.into_iter().find(|m| m.id == worker))
        .map(|m| m.login)
        .expect("the busiest worker's login");
    client.close().expect("close");
    drop(engine);
    let cast = Cast {
        worker,
        worker_login,
        colleague,
    };
    (cast, tasks)
}

/// The caseworker with the most overdue follow-ups.
fn busiest_worker(svc: &Caseline, today: chrono::NaiveDate) -> UserId {
    let overdue = |id| {
        let req = QueueRequest {
            scope: Scope::User(id),
            buckets: vec![Bucket::Overdue],
            safeguarding_only: false,
            today,
            limit: 0,
        };
        svc.queue(&req).expect("queue").counts[0].1
    };
    svc.users()
        .filter_map(Result::ok)
        .filter(|u| !u.recovery)
        .max_by_key(|u| overdue(u.id))
        .expect("a user")
        .id
}

/// One request after another on one session: the home screen's counts, the desk's
/// draft, and the queue screen's read.
fn round_trips(
    client: &Client,
    how: &str,
    today: chrono::NaiveDate,
    worker: UserId,
    rounds: usize,
) {
    let call = |r: CaseRequest| client.call(r).expect("counts");
    // Warm-up: the first calls fill caches on both sides.
    timed(50, || call(CaseRequest::Counts(today)));
    let counts = timed(rounds, || call(CaseRequest::Counts(today)));
    let draft = timed(rounds, || {
        client.call(DeskRequest::LoadDraft).expect("draft")
    });
    let queue = timed(rounds / 4, || call(queue_read(worker, today)));
    println!("round trip {how}, load average {}:", load_average());
    println!("  counts (CaseRequest::Counts): {}", spread(&counts));
    println!("  draft (DeskRequest::LoadDraft): {}", spread(&draft));
    println!(
        "  queue read (one worker's overdue, 200 rows): {}",
        spread(&queue)
    );
}

/// Requests over the socket from one connection: the index loaded, then the same
/// round trips and search keystrokes as in this process.
fn over_socket(server: &ServerChild, today: chrono::NaiveDate, worker: UserId, opts: &Options) {
    let t = Instant::now();
    let client = server.client("admin", PASS);
    println!(
        "first sign-in over the socket (data key unwrapped, cheap key derivation): {:.1} ms",
        ms(t.elapsed())
    );
    let t = Instant::now();
    client.warm_search(&mut |_, _| {}).expect("search index");
    let (rss, _) = server.memory_mib();
    println!(
        "search index loaded in the server: {:.0} ms; VmRSS {rss:.1} MiB with one session",
        ms(t.elapsed())
    );
    round_trips(&client, "over the socket", today, worker, opts.rounds);
    search_keystrokes(&client, "over the socket");
    searches_at_once(server, opts.searchers, Some(Duration::from_millis(150)));
    searches_at_once(server, opts.searchers, None);
    client.close().expect("sign out");
}

/// The server's memory with `n` sessions signed in (the search index loaded).
fn memory_with_sessions(server: &ServerChild, n: usize) {
    let clients: Vec<Client> = (0..n).map(|_| server.client("admin", PASS)).collect();
    clients[0].warm_search(&mut |_, _| {}).expect("index");
    for c in &clients {
        c.my_counts(chrono::Local::now().date_naive())
            .expect("counts");
    }
    let (rss, hwm) = server.memory_mib();
    println!(
        "server with {n} sessions signed in, index loaded: VmRSS {rss:.1} MiB (VmHWM {hwm:.1} MiB)"
    );
    for c in clients {
        c.close().expect("sign out");
    }
}

/// Whole commands as someone at a shell runs them; `runs` of each after warm-ups.
fn whole_commands(bin: &Path, dir: &Path, scratch: &Path, how: &str, runs: usize) {
    let runs = runs.max(3);
    let dir = dir.to_str().expect("utf-8 path");
    // Without a server, each command opens the store itself (as commands did when
    // this was first measured) rather than starting one the next run would find.
    let env = [("CASELINE_PASSPHRASE", PASS), ("CASELINE_IN_PROCESS", "1")];
    let tool = if have_hyperfine() {
        "hyperfine"
    } else {
        "a loop"
    };
    println!(
        "whole commands {how} (by {tool}), load average {}:",
        load_average()
    );
    for args in [
        ["--data-dir", dir, "queue", "--overdue"].as_slice(),
        ["--data-dir", dir, "search", "khan"].as_slice(),
    ] {
        let r = time_command(bin, args, &env, 2, runs, scratch);
        println!("  caseline {}: {r}", args[2..].join(" "));
    }
}

/// Whole commands signed in by OS account: this account mapped to the administrator,
/// the server unlocked by a terminal's session, no passphrase given to the commands
/// (a command that fell back to asking for one would fail, and the timing with it).
fn peer_commands(
    bin: &Path,
    server: &ServerChild,
    dir: &Path,
    scratch: &Path,
    worker: &str,
    runs: usize,
) {
    let account = os_account();
    let terminal = server.client("admin", PASS);
    terminal.warm_search(&mut |_, _| {}).expect("index");
    terminal.map_peer(&account, "admin").expect("peer map");
    let dir = dir.to_str().expect("utf-8 path");
    println!("whole commands signed in by OS account `{account}`, a terminal signed in:");
    for args in [
        ["--data-dir", dir, "queue", "--overdue", "--mine", worker].as_slice(),
        ["--data-dir", dir, "search", "khan"].as_slice(),
    ] {
        let once = std::process::Command::new(bin)
            .args(args)
            .output()
            .expect("the command runs");
        assert!(once.status.success(), "{args:?} failed: {once:?}");
        let lines = once.stdout.iter().filter(|b| **b == b'\n').count();
        let r = time_command(bin, args, &[], 3, runs.max(3), scratch);
        let what = args[2..].join(" ").replace(worker, "W");
        println!(
            "  caseline {what} ({lines} lines out): {r}; load average {}",
            load_average()
        );
    }
    terminal.unmap_peer(&account).expect("peer unmap");
    terminal.close().expect("sign out");
}

/// The OS account this benchmark runs as.
fn os_account() -> String {
    let out = std::process::Command::new("id")
        .arg("-un")
        .output()
        .expect("id -un");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// `task +OVERDUE` on the same follow-ups, whole command.
fn taskwarrior(tasks: &[serde_json::Value], scratch: &Path, runs: usize) {
    let (db, took) = TaskDb::import(scratch, tasks);
    println!(
        "taskwarrior {} holding {} tasks (imported in {:.1} s):",
        support::taskwarrior::version(),
        tasks.len(),
        took.as_secs_f64()
    );
    let task = Path::new("task");
    let r = time_command(
        task,
        &["+OVERDUE", "limit:200"],
        &db.env(),
        1,
        runs.max(3),
        scratch,
    );
    println!("  task +OVERDUE limit:200: {r}");
}
