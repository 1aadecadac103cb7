//! How long a refused sign-in takes for a login that exists (wrong passphrase) and one
//! that does not (or is disabled), with the Argon2id parameters new key slots use, for
//! `docs/benchmarks.md`. They must take the same time, or the time tells whether a
//! login exists.
//!
//! ```sh
//! cargo build && cargo run --example bench_sign_in -- --runs 9
//! cargo run --example bench_sign_in -- --runs 9 --bin /path/to/another/caseline
//! ```
//!
//! Two measures, the kinds of login taking turns so that both see the same load:
//! in the process, `Store::find_key_at` (read the slots, derive, count the failure,
//! audit it), the tries dated an hour apart so no wait after failures comes in; and
//! the whole program, `caseline --user LOGIN stats` with a wrong passphrase, each
//! refusal followed by a right sign-in that clears the count of failures.

use caseline::service::KeyCost;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use caseline::domain::Role;
use caseline::service::{Caseline, NewUser};
use caseline::store::{KdfParams, Store};

mod support;

const WRONG: &str = "not the passphrase";
const LOGINS: [(&str, &str); 3] = [
    ("worker", "a login with a wrong passphrase"),
    ("nobody", "a login that does not exist"),
    ("leaver", "a disabled login"),
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = support::flag(&args, "--runs").unwrap_or(9);
    let kdf = KdfParams::STANDARD;
    println!(
        "# bench_sign_in: Argon2id {} KiB, {} passes, {} lane(s); {runs} runs each",
        kdf.memory_kib, kdf.iterations, kdf.parallelism
    );
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("data");
    build(&dir);

    let mut in_process = vec![Vec::new(); LOGINS.len()];
    {
        let store = Store::open(&dir).expect("open");
        // Hours apart, ending before now: the count of failures never makes a try
        // wait, and no failure is recorded as if in the future.
        let tries = (runs * LOGINS.len()) as i64;
        let mut at = chrono::Utc::now() - chrono::Duration::hours(tries + 1);
        for _ in 0..runs {
            for (i, (login, _)) in LOGINS.iter().enumerate() {
                at += chrono::Duration::hours(1);
                let t = Instant::now();
                let refused = store.find_key_at(Some(login), WRONG, at).is_err();
                in_process[i].push(t.elapsed());
                assert!(refused, "{login} must be refused");
            }
        }
    }
    println!("In the process (Store::find_key_at):");
    for (i, (_, what)) in LOGINS.iter().enumerate() {
        report(what, &mut in_process[i]);
    }

    let exe = support::flag::<PathBuf>(&args, "--bin").unwrap_or_else(beside_examples);
    let mut whole = vec![Vec::new(); LOGINS.len()];
    for _ in 0..runs {
        for (i, (login, _)) in LOGINS.iter().enumerate() {
            let t = Instant::now();
            let code = stats(&exe, &dir, login, WRONG);
            whole[i].push(t.elapsed());
            assert_eq!(code, Some(1), "{login} must be refused");
            assert_eq!(stats(&exe, &dir, "admin", support::PASS), Some(0));
        }
    }
    println!(
        "The whole program ({} --user LOGIN stats, refused):",
        exe.display()
    );
    for (i, (_, what)) in LOGINS.iter().enumerate() {
        report(what, &mut whole[i]);
    }
}

/// The store: the administrator, a caseworker and a disabled account.
fn build(dir: &Path) {
    let (svc, _) = Caseline::init(dir, support::init_request(KeyCost::Standard)).expect("init");
    for login in ["worker", "leaver"] {
        let user = NewUser {
            login: login.into(),
            display_name: login.into(),
            role: Role::Caseworker,
            centre: None,
        };
        svc.add_user(
            user,
            &format!("{login} passphrase words"),
            KeyCost::Standard,
        )
        .expect("add user");
    }
    let leaver = svc.user_by_login("leaver").unwrap().expect("leaver").id;
    svc.disable_user(leaver).expect("disable");
    svc.close().expect("close");
}

/// The `caseline` binary Cargo built beside this example.
fn beside_examples() -> PathBuf {
    let exe = std::env::current_exe().expect("the running program");
    let dir = exe.parent().and_then(Path::parent).expect("target dir");
    dir.join("caseline")
}

fn stats(exe: &Path, dir: &Path, login: &str, secret: &str) -> Option<i32> {
    Command::new(exe)
        .arg("--data-dir")
        .arg(dir)
        .args(["--user", login, "stats"])
        .env("CASELINE_PASSPHRASE", secret)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("caseline runs")
        .code()
}

fn report(label: &str, times: &mut [Duration]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  {label}: median {:.0} ms, fastest {:.0} ms, slowest {:.0} ms",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}
