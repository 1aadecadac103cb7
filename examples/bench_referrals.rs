//! The referrals screen at scale, for `docs/benchmarks.md` ("Referrals"): a demo store
//! of 100,000 cases (about one in five with a referral or two), then
//!
//! - the service's referrals view: the first page of open referrals, and with each
//!   filter (sent only, out only, one organisation's);
//! - the screen at 80x24: from home to the referrals screen's first frame, and one
//!   filter key to its frame.
//!
//! ```sh
//! cargo run --release --example bench_referrals -- --cases 100000 [--keep DIR]
//! ```

use std::path::Path;
use std::time::Instant;

use caseline::domain::{Direction, ReferralStatus};
use caseline::service::Caseline;
use caseline::service::views::ReferralQuery;
use caseline::ui::msg::Msg;
use caseline::ui::testing::{Harness, parse_keys};

mod support;

use support::PASS;
use support::timing::{spread, timed};

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
    let svc = Caseline::open(&dir, None, PASS).expect("open");
    service_views(&svc);
    svc.close().expect("close");
    screen_frames(&dir);
}

/// The view as the screen asks for it, straight from the service.
fn service_views(svc: &Caseline) {
    let all = svc.referrals_view(&ReferralQuery::default()).expect("view");
    let stored = svc.referrals().count();
    println!(
        "# {stored} referrals stored, {} open; first page of {} rows",
        all.total,
        all.rows.len()
    );
    let busiest = all.rows.iter().filter_map(|r| r.organisation).fold(
        std::collections::HashMap::new(),
        |mut m, o| {
            *m.entry(o).or_insert(0usize) += 1;
            m
        },
    );
    let org = busiest.into_iter().max_by_key(|(_, n)| *n).map(|(o, _)| o);
    let queries = [
        ("open referrals, first page", ReferralQuery::default()),
        (
            "sent only (awaiting an answer)",
            ReferralQuery {
                status: Some(ReferralStatus::Sent),
                ..ReferralQuery::default()
            },
        ),
        (
            "out only",
            ReferralQuery {
                direction: Some(Direction::Outgoing),
                ..ReferralQuery::default()
            },
        ),
        (
            "one organisation's",
            ReferralQuery {
                organisation: org,
                ..ReferralQuery::default()
            },
        ),
    ];
    for (what, q) in queries {
        let n = svc.referrals_view(&q).expect("view").total;
        let times = timed(30, || svc.referrals_view(&q).expect("view"));
        println!("service view, {what} ({n} match): {}", spread(&times));
    }
}

/// Keys to frames at 80x24, through the interface in this process.
fn screen_frames(dir: &Path) {
    let mut h = Harness::new(dir, 80, 24);
    h.keys(&format!("{PASS}<enter>"));
    let timed_keys = |h: &mut Harness, keys: &str, n: usize| {
        let keys = parse_keys(keys);
        let mut times = Vec::new();
        for _ in 0..n {
            for k in &keys {
                let t = Instant::now();
                h.send(Msg::Key(*k));
                h.draw();
                times.push(t.elapsed());
            }
        }
        times
    };
    let mut open = Vec::new();
    for _ in 0..10 {
        open.extend(timed_keys(&mut h, "x", 1));
        h.keys("<C-g>");
    }
    h.keys("x");
    let screen = h.screen();
    assert!(screen.contains(" referrals · open"), "{screen}");
    let status = timed_keys(&mut h, "s", 16);
    let direction = timed_keys(&mut h, "d", 15);
    let down = timed_keys(&mut h, "<pagedown>", 50);
    println!(
        "home to the referrals screen, R to first frame: {}",
        spread(&open)
    );
    println!("status filter, s to frame: {}", spread(&status));
    println!("direction filter, d to frame: {}", spread(&direction));
    println!("page down in the list, to frame: {}", spread(&down));
}
