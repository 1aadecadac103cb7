//! Clients at the intake desk, each its own connection and session: a standard phone
//! report (is the caller known, then the save) and a worker's queue read, over and
//! over for some seconds, each client starting its next report at once (what the
//! server can take) or at a pace (how long a save takes while the others work).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use caseline::domain::UserId;
use caseline::service::api::CaseRequest;
use caseline::service::{Bucket, Client, QueueRequest, Scope};

use super::PASS;
use super::server::{ServerChild, load_average};
use super::timing::{p99_ms, spread, timed};

/// Who the benchmark works with, found in the store before the server starts.
pub struct Cast {
    /// The caseworker with the most overdue follow-ups: the queue read is theirs.
    pub worker: UserId,
    /// Their login, for the commands that name them (`queue --mine LOGIN`).
    pub worker_login: String,
    /// Who the desk's call-backs go to: a volunteer whose queue nothing here reads,
    /// so the counts and queue timed stay the same from run to run.
    pub colleague: UserId,
}

/// The queue screen's read: a worker's overdue follow-ups, the first 200 rows.
pub fn queue_read(worker: UserId, today: chrono::NaiveDate) -> CaseRequest {
    CaseRequest::Queue(QueueRequest {
        scope: Scope::User(worker),
        buckets: vec![Bucket::Overdue],
        safeguarding_only: false,
        today,
        limit: 200,
    })
}

/// What one desk client timed.
#[derive(Default)]
struct DeskTimes {
    matching: Vec<Duration>,
    saves: Vec<Duration>,
    queue: Vec<Duration>,
    /// Reports started later than their turn (a paced client fell behind).
    late: usize,
}

/// How the desk clients work: how many, for how long, and whether each waits for its
/// turn (`pace`) or starts the next report as soon as the last is done.
pub struct Desk {
    clients: usize,
    seconds: u64,
    pace: Option<Duration>,
}

impl Desk {
    pub fn flat_out(clients: usize, seconds: u64) -> Desk {
        Desk {
            clients,
            seconds,
            pace: None,
        }
    }

    pub fn paced(clients: usize, seconds: u64, millis: u64) -> Desk {
        Desk {
            clients,
            seconds,
            pace: Some(Duration::from_millis(millis)),
        }
    }
}

/// Desk clients in threads, each its own connection and session, each taking phone
/// reports (caller matching, then the save) and reading its queue.
pub fn desk_load(server: &ServerChild, desk: Desk, today: chrono::NaiveDate, cast: &Cast) {
    let (worker, colleague) = (cast.worker, cast.colleague);
    let start = Arc::new(Barrier::new(desk.clients + 1));
    // Callers differ from run to run, as they would from day to day.
    let next = Arc::new(AtomicU64::new(
        std::time::UNIX_EPOCH
            .elapsed()
            .map_or(0, |d| d.as_secs() % 1000)
            * 1000,
    ));
    let (seconds, pace) = (desk.seconds, desk.pace);
    let threads: Vec<_> = (0..desk.clients)
        .map(|i| {
            let client = server.client("admin", PASS);
            let (start, next) = (Arc::clone(&start), Arc::clone(&next));
            // Paced clients start spread over one turn, as people at a desk would.
            let offset = pace.map_or(Duration::ZERO, |p| p * i as u32 / desk.clients as u32);
            std::thread::spawn(move || {
                start.wait();
                let began = Instant::now();
                let until = began + Duration::from_secs(seconds);
                let mut turn = began + offset;
                let mut times = DeskTimes::default();
                while Instant::now() < until {
                    if let Some(p) = pace {
                        let now = Instant::now();
                        if now < turn {
                            std::thread::sleep(turn - now);
                        } else if now > turn + p {
                            times.late += 1;
                        }
                        turn += p;
                    }
                    desk_turn(&client, &next, today, (worker, colleague), &mut times);
                }
                client.close().expect("sign out");
                times
            })
        })
        .collect();
    start.wait();
    let t = Instant::now();
    let mut all = DeskTimes::default();
    for th in threads {
        let times = th.join().expect("desk thread");
        all.matching.extend(times.matching);
        all.saves.extend(times.saves);
        all.queue.extend(times.queue);
        all.late += times.late;
    }
    let elapsed = t.elapsed().as_secs_f64();
    let verdict = if p99_ms(&all.saves) < 10.0 {
        "met"
    } else {
        "not met"
    };
    let how = match pace {
        None => "each starting the next report at once".to_string(),
        Some(p) => format!(
            "each starting a report every {} ms ({} late)",
            p.as_millis(),
            all.late
        ),
    };
    println!(
        "{} desk client(s) for {seconds} s, {how}; load average {}:",
        desk.clients,
        load_average()
    );
    println!(
        "  saves: {:.1} a second; latency {} (target p99 < 10 ms: {verdict})",
        all.saves.len() as f64 / elapsed,
        spread(&all.saves)
    );
    println!("  caller matching: {}", spread(&all.matching));
    println!("  queue reads: {}", spread(&all.queue));
}

/// One report at the desk: is the caller known, the save (its call-back for
/// `colleague`), then `worker`'s queue.
fn desk_turn(
    client: &Client,
    next: &AtomicU64,
    today: chrono::NaiveDate,
    (worker, colleague): (UserId, UserId),
    times: &mut DeskTimes,
) {
    let n = next.fetch_add(1, Ordering::Relaxed);
    let q = super::report::caller_query(n);
    times.matching.extend(timed(1, || client.find_people(&q)));
    let mut report = super::report::standard_report(n, today);
    if let Some(f) = report.follow_up.as_mut() {
        f.assignee = Some(colleague);
    }
    let t = Instant::now();
    client.record_intake(report).expect("save");
    times.saves.push(t.elapsed());
    let read = queue_read(worker, today);
    times.queue.extend(timed(1, || client.call(read.clone())));
}
