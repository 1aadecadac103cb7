//! Report benchmarks for `docs/benchmarks.md`: each of the seven monitoring reports
//! over a demo store, after unlock, as the service works it out (counting, then the
//! publishing rule): the first run (sled's cache cold for those records), the median
//! of the next five, the most heap the report held at once beyond what was held
//! before it (counted by a wrapping allocator: the process's resident size says
//! nothing here, since the import leaves freed heap behind for reports to reuse), and
//! how many encrypted records it opened.
//!
//! ```sh
//! cargo run --release --example bench_reports -- --cases 100000 [--keep DIR] [--saves N]
//! ```
//!
//! `--saves N` then times N durable intake saves on the same store: each rewrites the
//! sealed report-fact buckets of its incident's day and its person's shard.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use caseline::domain::report::{Period, ReportName};
use caseline::service::Caseline;
use caseline::service::reports::ReportRequest;

mod support;

use support::PASS;
use support::server::load_average;

/// The system allocator, counting the bytes held now and the most held since reset.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; only counts are kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let cases: usize = support::flag(&args, "--cases").unwrap_or(100_000);
    let tmp = tempfile::tempdir().expect("temp dir");
    let (dir, build) = support::store_dir(&args, tmp.path());
    if build {
        let took = support::demo_store(&dir, cases, 5);
        println!(
            "# {cases} demo cases imported in {:.0} s",
            took.as_secs_f64()
        );
    }
    let t = Instant::now();
    let svc = Caseline::open(&dir, None, PASS).expect("open");
    println!("# unlocked in {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    let today = caseline::domain::clock::local(svc.clock().now()).date_naive();
    // The financial year before this one: whole, and full of demo casework.
    let period = Period::financial_year_of(today)
        .shifted(-1)
        .expect("a year");
    println!("# load average {}", load_average());
    println!(
        "| Report ({period}) | First run | Median of 5 | Peak memory added | Sealed values opened |"
    );
    println!("| --- | --- | --- | --- | --- |");
    for name in ReportName::ALL {
        run(&svc, name, period);
    }
    if let Some(n) = support::flag::<usize>(&args, "--saves") {
        saves(&svc, n);
    }
    svc.close().expect("close");
}

/// Durable intake saves (a new person and an incident in one transaction), each
/// rewriting two sealed buckets of report facts.
fn saves(svc: &Caseline, n: usize) {
    use caseline::domain::PartyRole;
    use caseline::service::{IntakeRequest, NewParty, NewPerson, PersonRef};
    let mut times: Vec<Duration> = (0..n.max(1))
        .map(|i| {
            let req = IntakeRequest {
                parties: vec![NewParty {
                    role: PartyRole::Victim,
                    person: Some(PersonRef::New(NewPerson {
                        given_names: format!("Caller {i}"),
                        ..Default::default()
                    })),
                    description: String::new(),
                }],
                narrative: "Shouted abuse at the bus stop.".into(),
                strands: vec!["race_or_ethnicity".into()],
                ..Default::default()
            };
            let t = Instant::now();
            svc.record_intake(req).expect("save");
            t.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "# {} durable intake saves: median {:.1} ms, max {:.1} ms",
        times.len(),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
}

/// One report: the first run with the peak memory it added, then five more.
fn run(svc: &Caseline, name: ReportName, period: Period) {
    let request = ReportRequest::new(name, period);
    let before = HELD.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let t = Instant::now();
    let view = svc.report(&request).expect("report");
    let first = t.elapsed();
    let added = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    let mut times: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            svc.report(&request).expect("report");
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "| {} | {:.0} ms | {:.0} ms | {:.2} MiB | {} |",
        name,
        first.as_secs_f64() * 1000.0,
        times[2].as_secs_f64() * 1000.0,
        added as f64 / (1024.0 * 1024.0),
        view.records_read
    );
}
