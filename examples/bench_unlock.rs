//! Unlock time with the Argon2id parameters new key slots use, for `docs/benchmarks.md`.
//!
//! ```sh
//! cargo run --release --example bench_unlock -- --users 8 --runs 7
//! ```
//!
//! Builds a store with an administrator and `--users` more users, each with their own
//! key slot, then times whole sign-ins through the service (open the store, derive the
//! key, unwrap the data key, load the user, settings and lists, audit the sign-in):
//! with a login (one slot tried), without one (every slot may be tried: the worst case
//! is the last user added), and a wrong passphrase (every slot tried, then refused).

use caseline::service::KeyCost;
use std::path::Path;
use std::time::{Duration, Instant};

use caseline::domain::Role;
use caseline::service::{Caseline, InitRequest, NewUser};
use caseline::store::KdfParams;

mod support;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let users: usize = support::flag(&args, "--users").unwrap_or(8);
    let runs: usize = support::flag(&args, "--runs").unwrap_or(7);
    let kdf = KdfParams::STANDARD;
    println!(
        "# bench_unlock: Argon2id {} KiB, {} passes, {} lane(s); {users} users besides the administrator; {runs} runs each",
        kdf.memory_kib, kdf.iterations, kdf.parallelism
    );
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("data");
    let last = build(&dir, users);

    let named = time(runs, || open(&dir, Some("admin"), "admin passphrase 1"));
    report("sign-in with a login (one slot)", &named);
    let worst = time(runs, || open(&dir, None, &passphrase(&last)));
    report(
        &format!("sign-in without a login, last of {} slots", users + 2),
        &worst,
    );
    let wrong = time(runs, || {
        let refused = Caseline::open(&dir, Some("admin"), "not the passphrase").is_err();
        assert!(refused, "a wrong passphrase must be refused");
    });
    report("wrong passphrase with a login (refused)", &wrong);
}

/// Makes the store and its users; returns the login of the last one added.
fn build(dir: &Path, users: usize) -> String {
    let req = InitRequest {
        organisation: "Benchmark REC".into(),
        admin_login: "admin".into(),
        admin_name: "Admin".into(),
        passphrase: "admin passphrase 1".to_string().into(),
        key_cost: KeyCost::Standard,
    };
    let (svc, _recovery) = Caseline::init(dir, req).expect("init");
    let mut last = "admin".to_string();
    for i in 0..users {
        let login = format!("worker{i}");
        let user = NewUser {
            login: login.clone(),
            display_name: format!("Worker {i}"),
            role: if i % 2 == 0 {
                Role::Caseworker
            } else {
                Role::Volunteer
            },
            centre: None,
        };
        svc.add_user(user, &passphrase(&login), KeyCost::Standard)
            .expect("add user");
        last = login;
    }
    svc.close().expect("close");
    last
}

fn passphrase(login: &str) -> String {
    if login == "admin" {
        "admin passphrase 1".into()
    } else {
        format!("{login} passphrase 1")
    }
}

/// One whole sign-in, closed again so the next run can take the store's lock.
fn open(dir: &Path, login: Option<&str>, secret: &str) {
    let svc = Caseline::open(dir, login, secret).expect("sign in");
    svc.close().expect("close");
}

fn time(runs: usize, mut f: impl FnMut()) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times
}

fn report(label: &str, times: &[Duration]) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label}: median {:.0} ms, fastest {:.0} ms, slowest {:.0} ms",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}
