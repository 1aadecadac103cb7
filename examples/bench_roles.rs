//! What roles cost: a volunteer's case list, queue and a person read, beside a
//! caseworker's, on a store of demo cases. A volunteer's reach (their cases and what
//! hangs off them) is worked out from the records once per change to the store, so
//! the first call after a change pays for it and the calls after it do not.
//!
//! ```sh
//! cargo run --release --example bench_roles -- --cases 10000 [--keep DIR]
//! ```

use caseline::service::KeyCost;
use std::path::Path;
use std::time::{Duration, Instant};

use caseline::domain::{EntryKind, Role};
use caseline::service::{
    CaseFilter, Caseline, InitRequest, NewEntry, NewUser, QueueRequest, Scope,
};

const PASS: &str = "benchmark passphrase";
const VOLUNTEER: &str = "bench.volunteer";
const WORKER: &str = "bench.worker";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let cases: usize = arg("--cases")
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let tmp = tempfile::tempdir().expect("temp dir");
    let kept = arg("--keep").map(std::path::PathBuf::from);
    let dir = kept.clone().unwrap_or_else(|| tmp.path().join("data"));
    if kept.is_none() || !dir.exists() {
        build(&dir, cases);
    }
    for login in [WORKER, VOLUNTEER] {
        let svc = Caseline::open(&dir, Some(login), PASS).expect("open");
        measure(&svc);
        svc.close().expect("close");
    }
}

/// Demo cases, a caseworker, and a volunteer given twenty of the cases.
fn build(dir: &Path, cases: usize) {
    let t = Instant::now();
    let (svc, _) = Caseline::init(
        dir,
        InitRequest {
            organisation: "Benchmark REC".into(),
            admin_login: "admin".into(),
            admin_name: "Administrator".into(),
            passphrase: zeroize::Zeroizing::new(PASS.into()),
            key_cost: KeyCost::CheapForTests,
        },
    )
    .expect("init");
    let doc = caseline::demo::generate(cases, 5, &svc.actor(), svc.clock().now());
    svc.import(doc).expect("import");
    let mut ids = Vec::new();
    for (login, role) in [(VOLUNTEER, Role::Volunteer), (WORKER, Role::Caseworker)] {
        let user = NewUser {
            login: login.into(),
            display_name: login.into(),
            role,
            centre: None,
        };
        ids.push(
            svc.add_user(user, PASS, KeyCost::CheapForTests)
                .expect("user"),
        );
    }
    let some: Vec<_> = svc.cases().take(20).map(|c| c.expect("case").id).collect();
    for id in some {
        let change = caseline::service::UpdateCase {
            assigned_to: Some(ids[0]),
            ..Default::default()
        };
        svc.update_case(id, change).expect("assign");
    }
    svc.close().expect("close");
    println!("# {cases} demo cases in {:.0} s", t.elapsed().as_secs_f64());
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The case list, twice (the second after no change), after a change, and the queue.
fn measure(svc: &Caseline) {
    let role = svc.actor().role;
    let filter = CaseFilter {
        limit: 50,
        ..CaseFilter::default()
    };
    let t = Instant::now();
    let list = svc.list_cases(&filter).expect("list");
    let first = t.elapsed();
    let t = Instant::now();
    svc.list_cases(&filter).expect("list");
    let again = t.elapsed();
    let case = list.rows[0].summary.id;
    let entry = NewEntry {
        case,
        at: None,
        kind: EntryKind::Note,
        text: "Rang back.".into(),
        corrects: None,
    };
    svc.add_timeline_entry(entry).expect("entry");
    let t = Instant::now();
    svc.list_cases(&filter).expect("list");
    let changed = t.elapsed();
    let q = QueueRequest {
        scope: Scope::Everyone,
        buckets: Vec::new(),
        safeguarding_only: false,
        today: chrono::Local::now().date_naive(),
        limit: 50,
    };
    let t = Instant::now();
    let queue = svc.queue(&q).expect("queue");
    let queued = t.elapsed();
    println!(
        "{role:<13} cases listed {:>6}  list {:>8.1} ms  again {:>8.1} ms  \
         after a change {:>8.1} ms  everyone's queue ({} rows) {:>8.1} ms",
        list.total,
        ms(first),
        ms(again),
        ms(changed),
        queue.rows.len(),
        ms(queued)
    );
}
