//! The crash test, many times over: a child process records intakes and acknowledges
//! each one; it is killed with SIGKILL at a random moment; the store is reopened and
//! every acknowledged intake must be there, whole, and `check` must pass.
//!
//! ```sh
//! cargo run --release --example crash_loop -- 200        # rounds
//! CASELINE_CRASH_SEED=7 cargo run --release --example crash_loop -- 50
//! ```
//!
//! `cargo test` runs five rounds of the same thing (`tests/store/crash.rs`).

#[path = "../tests/support/common/crash.rs"]
mod crash;

use std::time::Instant;

fn main() {
    // Started again by ourselves as the writing child.
    if std::env::var_os(crash::DIR_ENV).is_some() {
        crash::child_main();
        return;
    }
    let rounds: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let tmp = tempfile::tempdir().expect("a temp dir");
    let dir = tmp.path().join("data");
    crash::close(crash::init_store(&dir));
    let mut rng = crash::Rng::from_env(0x5EED);
    let mut acked = Vec::new();
    let started = Instant::now();
    for round in 0..rounds {
        let new = crash::crash_round("", &dir, round * 100_000, &mut rng);
        acked.extend(new.iter().copied());
        let stored = crash::verify_after_crash(&dir, &acked);
        println!(
            "round {round:>4}: {:>3} acknowledged, {stored:>6} intakes stored, all present",
            new.len()
        );
    }
    println!(
        "{rounds} kills, {} acknowledged intakes, none lost, check clean after every kill ({:.1} s)",
        acked.len(),
        started.elapsed().as_secs_f64()
    );
}
