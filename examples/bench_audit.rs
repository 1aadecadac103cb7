//! Audit log benchmarks for `docs/benchmarks.md`:
//!
//! - what auditing a case view costs: `case()` (a plain read) against `view_case()`
//!   (the same read plus an audit entry appended without a flush), on a store of
//!   demo cases;
//! - appending a million entries, and verifying the chain over all of them.
//!
//! ```sh
//! cargo run --release --example bench_audit -- [--cases 20000] [--entries 1000000]
//! ```
//!
//! `--entries 0` skips the chain.

use caseline::service::KeyCost;
use std::time::{Duration, Instant};

use caseline::domain::CaseId;
use caseline::service::{Caseline, InitRequest};

const PASS: &str = "benchmark passphrase";
/// Reads timed each way.
const VIEWS: usize = 5_000;

fn arg(args: &[String], name: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cases = arg(&args, "--cases", 20_000);
    let entries = arg(&args, "--entries", 1_000_000);
    let tmp = tempfile::tempdir().expect("temp dir");
    println!("## The audit log (issue: users, roles, locking and audit)");
    println!();
    view_cost(&tmp.path().join("cases"), cases);
    if entries > 0 {
        chain(&tmp.path().join("chain"), entries);
    }
}

fn init() -> InitRequest {
    InitRequest {
        organisation: "Benchmark REC".into(),
        admin_login: "admin".into(),
        admin_name: "Admin".into(),
        passphrase: PASS.to_string().into(),
        key_cost: KeyCost::CheapForTests,
    }
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// p50, p90 and p99 in microseconds.
fn percentiles(mut times: Vec<Duration>) -> (f64, f64, f64) {
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    (us(at(0.5)), us(at(0.9)), us(at(0.99)))
}

/// A case picked from the whole store, spread evenly and repeatably.
fn pick(ids: &[CaseId], i: usize) -> CaseId {
    ids[(i * 7919) % ids.len()]
}

/// `case()` and `view_case()` in turn on the same cases, so both see the same cache.
fn view_cost(dir: &std::path::Path, cases: usize) {
    let t = Instant::now();
    let (svc, _) = Caseline::init(dir, init()).expect("init");
    let doc = caseline::demo::generate(cases, 5, &svc.actor(), svc.clock().now());
    svc.import(doc).expect("import");
    let ids: Vec<CaseId> = svc.cases().map(|c| c.expect("case").id).collect();
    println!(
        "Store: {} demo cases ({:.0} s to make). Each figure is over {VIEWS} reads of cases \
         spread over the whole store.",
        ids.len(),
        t.elapsed().as_secs_f64()
    );
    println!();
    let (mut plain, mut viewed) = (Vec::new(), Vec::new());
    for i in 0..VIEWS {
        let id = pick(&ids, i);
        let t = Instant::now();
        svc.case(id).expect("case");
        plain.push(t.elapsed());
        let t = Instant::now();
        svc.view_case(id).expect("view");
        viewed.push(t.elapsed());
    }
    let (p50, p90, p99) = percentiles(plain);
    let (v50, v90, v99) = percentiles(viewed);
    println!("| Read | p50 | p90 | p99 |");
    println!("| --- | ---: | ---: | ---: |");
    println!("| `case()` (no audit) | {p50:.0} µs | {p90:.0} µs | {p99:.0} µs |");
    println!(
        "| `view_case()` (read + audit entry, not flushed) | {v50:.0} µs | {v90:.0} µs | {v99:.0} µs |"
    );
    println!(
        "| cost of auditing the view | {:.0} µs | {:.0} µs | {:.0} µs |",
        v50 - p50,
        v90 - p90,
        v99 - p99
    );
    println!();
    svc.close().expect("close");
}

/// Appends `n` entries through the public API (views of one case: one unflushed
/// transaction each, the path every view takes), then verifies them.
fn chain(dir: &std::path::Path, n: usize) {
    let (svc, _) = Caseline::init(dir, init()).expect("init");
    let doc = caseline::demo::generate(1, 5, &svc.actor(), svc.clock().now());
    svc.import(doc).expect("import");
    let case = svc.cases().next().expect("a case").expect("readable").id;
    let t = Instant::now();
    for _ in 0..n {
        svc.view_case(case).expect("view");
    }
    svc.flush().expect("flush");
    let append = t.elapsed();
    let t = Instant::now();
    let found = svc.verify_audit(None).expect("verify");
    let verify = t.elapsed();
    let summary = found.expect("an intact chain");
    let bytes = svc.stats().expect("stats").trees;
    let log_bytes = bytes
        .iter()
        .find(|t| t.tree == "audit")
        .map(|t| t.bytes)
        .unwrap_or(0);
    println!("| Chain of {} entries | Time |", summary.entries);
    println!("| --- | ---: |");
    println!(
        "| appending them as case views, one transaction each ({:.1} µs an entry) | {:.1} s |",
        us(append) / n as f64,
        append.as_secs_f64()
    );
    println!(
        "| verifying the whole chain (`caseline check`, `audit verify`) | {:.1} s |",
        verify.as_secs_f64()
    );
    println!(
        "| size of the log ({:.0} bytes an entry) | {:.0} MiB |",
        log_bytes as f64 / summary.entries as f64,
        log_bytes as f64 / (1 << 20) as f64
    );
    svc.close().expect("close");
}
