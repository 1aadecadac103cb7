//! What the benchmark programs share: reading their flags, and a store of demo cases
//! made with cheap key derivation (Argon2 is measured on its own, by `bench_unlock`).
//! Not an example itself: cargo only takes `examples/*.rs` and `examples/*/main.rs`.

// Each program uses only part of this.
#![allow(dead_code)]

pub mod desk;
pub mod letters;
pub mod report;
pub mod server;
pub mod stall;
pub mod taskwarrior;
pub mod timing;
pub mod typing;
pub mod whole;

use caseline::service::KeyCost;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

use caseline::service::{Caseline, InitRequest};
/// The administrator's passphrase in every benchmark store.
pub const PASS: &str = "benchmark passphrase";

/// The value after `--name`, if given and it parses.
pub fn flag<T: FromStr>(args: &[String], name: &str) -> Option<T> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

/// Where the store goes: `--keep DIR` (built there once, reused on later runs), else
/// a directory in `tmp`. The flag says whether it must be built.
pub fn store_dir(args: &[String], tmp: &Path) -> (PathBuf, bool) {
    match flag::<PathBuf>(args, "--keep") {
        Some(dir) => {
            let build = !dir.exists();
            (dir, build)
        }
        None => (tmp.join("data"), true),
    }
}

/// A new store's request: the administrator `admin` with [`PASS`].
pub fn init_request(key_cost: KeyCost) -> InitRequest {
    InitRequest {
        organisation: "Benchmark REC".into(),
        admin_login: "admin".into(),
        admin_name: "Admin".into(),
        passphrase: PASS.to_string().into(),
        key_cost,
    }
}

/// Makes a store of `cases` demo cases (generated from `seed`) with cheap key
/// derivation; returns how long it took.
pub fn demo_store(dir: &Path, cases: usize, seed: u64) -> Duration {
    let t = Instant::now();
    let (svc, _) = Caseline::init(dir, init_request(KeyCost::CheapForTests)).expect("init");
    let doc = caseline::demo::generate(cases, seed, &svc.actor(), svc.clock().now());
    svc.import(doc).expect("import");
    svc.close().expect("close");
    t.elapsed()
}
