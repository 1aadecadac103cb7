//! Store benchmarks for `docs/benchmarks.md`: import rate, disk bytes per case against
//! the JSON export, open + unlock time (Argon2 shown apart) and memory, and the latency
//! of a durable save.
//!
//! ```sh
//! cargo run --release --example bench_store -- --cases 100000
//! ```
//!
//! Open + unlock and its memory are measured in a fresh child process, so nothing left
//! over from building the store counts.

use caseline::service::KeyCost;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use caseline::domain::{Contact, PartyRole};
use caseline::service::{Caseline, IntakeRequest, NewParty, NewPerson, PersonRef};
use caseline::store::Store;

mod support;

use support::PASS;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--open-only") {
        open_only(Path::new(&args[2]));
        return;
    }
    let cases: usize = support::flag(&args, "--cases").unwrap_or(100_000);
    let saves: usize = support::flag(&args, "--saves").unwrap_or(2_000);
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("data");
    println!("# bench_store: {cases} cases, {saves} durable saves");

    let (svc, _) = Caseline::init(&dir, support::init_request(KeyCost::Standard)).expect("init");
    let doc = caseline::demo::generate(cases, 42, &svc.actor(), svc.clock().now());
    let json_bytes = serde_json::to_vec(&doc).expect("json").len();
    let records = doc.people.len()
        + doc.incidents.len()
        + doc.cases.len()
        + doc.timeline.len()
        + doc.follow_ups.len()
        + doc.referrals.len()
        + doc.organisations.len();
    let t = Instant::now();
    svc.import(doc).expect("import");
    let import = t.elapsed();
    println!(
        "import: {records} records in {:.2} s = {:.0} records/s ({:.0} cases/s)",
        import.as_secs_f64(),
        records as f64 / import.as_secs_f64(),
        cases as f64 / import.as_secs_f64()
    );
    svc.close().expect("close");

    let disk = dir_size(&dir);
    println!(
        "disk: {disk} bytes = {:.0} bytes/case; JSON export {json_bytes} bytes = {:.0} bytes/case (ratio {:.2})",
        disk as f64 / cases as f64,
        json_bytes as f64 / cases as f64,
        disk as f64 / json_bytes as f64
    );

    let out = std::process::Command::new(std::env::current_exe().expect("exe"))
        .args(["--open-only", dir.to_str().expect("utf-8 path")])
        .output()
        .expect("child");
    print!("{}", String::from_utf8_lossy(&out.stdout));

    durable_saves(&dir, saves);
}

/// In a fresh process: open, unlock (Argon2 timed apart), first read; and memory. The
/// first open after a bulk import replays sled's log and writes a snapshot; the second
/// is what every later start costs.
fn open_only(dir: &Path) {
    open_once(dir, "first open after the import");
    open_once(dir, "later opens");
    println!(
        "memory after unlock: VmRSS {} KiB, VmHWM (peak, includes Argon2's 64 MiB) {} KiB",
        status("VmRSS"),
        status("VmHWM")
    );
}

fn open_once(dir: &Path, label: &str) {
    let t = Instant::now();
    let store = Store::open(dir).expect("open");
    let open = t.elapsed();
    let t = Instant::now();
    let (key, user) = store.find_key(None, PASS).expect("key");
    let argon = t.elapsed();
    let t = Instant::now();
    let svc =
        Caseline::from_vault(store.unlock_with_key(key).expect("vault"), user).expect("unlock");
    let unlock = t.elapsed();
    let t = Instant::now();
    let first = svc.cases().next().expect("a case").expect("readable");
    let read = t.elapsed();
    assert!(!first.kind.is_empty());
    println!(
        "{label}: open + unlock excluding Argon2: {:.1} ms (open {:.1} ms, unlock {:.1} ms, first case read {:.2} ms); Argon2id: {:.0} ms",
        ms(open + unlock),
        ms(open),
        ms(unlock),
        ms(read),
        ms(argon)
    );
}

fn durable_saves(dir: &Path, n: usize) {
    let svc = Caseline::open(dir, None, PASS).expect("open");
    let mut times: Vec<Duration> = Vec::with_capacity(n);
    for i in 0..n {
        let req = IntakeRequest {
            parties: vec![NewParty {
                role: PartyRole::Victim,
                person: Some(PersonRef::New(NewPerson {
                    given_names: format!("Caller {i}"),
                    contact: Contact {
                        phone: Some("07700 900123".into()),
                        ..Default::default()
                    },
                    ..Default::default()
                })),
                description: String::new(),
            }],
            location: "Clarence Street".into(),
            narrative: "Shouted abuse at the bus stop.".into(),
            strands: vec!["race_or_ethnicity".into()],
            ..Default::default()
        };
        let t = Instant::now();
        svc.record_intake(req).expect("save");
        times.push(t.elapsed());
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "durable save of one intake (person + incident, one transaction + fsync), n={n}: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(pct(0.50)),
        ms(pct(0.99)),
        ms(*times.last().expect("some"))
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn status(field: &str) -> u64 {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    text.lines()
        .find_map(|l| {
            l.strip_prefix(field)
                .and_then(|v| v.trim_start_matches(':').split_whitespace().next())
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn dir_size(dir: &PathBuf) -> u64 {
    let mut total = 0;
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let m = e.metadata().expect("metadata");
        total += if m.is_dir() {
            dir_size(&e.path())
        } else {
            m.len()
        };
    }
    total
}
