//! Creating and restoring a store close the sled database and open it again at once.
//! sled 0.34 releases its file lock only when its background I/O threads let go of the
//! database, a little after the handle is dropped, so the second open can fail with
//! "could not acquire lock ... WouldBlock". These tests repeat the two operations
//! enough times, on several threads, for the race to show.

use crate::common;
use caseline::service::KeyCost;
use std::path::Path;

/// How many times each thread repeats the operation.
const ROUNDS: usize = 60;
const THREADS: usize = 4;

fn failures(op: impl Fn(&Path, usize) -> Result<(), String> + Sync) -> Vec<String> {
    let tmp = common::temp("reopen");
    let op = &op;
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let base = tmp.path().join(format!("t{t}"));
                s.spawn(move || {
                    (0..ROUNDS)
                        .filter_map(|i| op(&base, i).err())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}

#[test]
fn init_never_fails_to_reopen_the_new_database() {
    let failed = failures(|base, i| {
        caseline::Caseline::init_with_clock(
            &base.join(i.to_string()),
            caseline::service::InitRequest {
                organisation: "Race REC".into(),
                admin_login: "admin".into(),
                admin_name: "Administrator".into(),
                passphrase: zeroize::Zeroizing::new(common::PASSPHRASE.to_string()),
                key_cost: KeyCost::CheapForTests,
            },
            common::clock(),
        )
        .map(drop)
        .map_err(|e| e.to_string())
    });
    assert!(
        failed.is_empty(),
        "{} of {} inits failed, first: {}",
        failed.len(),
        ROUNDS * THREADS,
        failed[0]
    );
}

#[test]
fn restore_never_fails_to_reopen_the_staged_database() {
    let tmp = common::temp("reopen-src");
    let backup = tmp.path().join("b.clb");
    {
        let mut svc = common::init_store(&tmp.path().join("src"));
        common::populate(&mut svc);
        svc.backup(&backup).expect("backup");
    }
    let failed = failures(|base, i| {
        let who = caseline::service::SignIn {
            login: None,
            secret: common::PASSPHRASE,
        };
        caseline::service::restore(
            &base.join(i.to_string()),
            &backup,
            false,
            who,
            &common::clock(),
        )
        .map(drop)
        .map_err(|e| e.to_string())
    });
    assert!(
        failed.is_empty(),
        "{} of {} restores failed, first: {}",
        failed.len(),
        ROUNDS * THREADS,
        failed[0]
    );
}

#[test]
fn close_then_open_never_fails() {
    let failed = failures(|base, i| {
        let dir = &base.join("store");
        if i == 0 {
            common::init_store(dir);
            common::crash::wait_released(dir);
        }
        let svc = caseline::Caseline::open_with_clock(
            dir,
            None,
            common::PASSPHRASE,
            crate::common::clock(),
        )
        .map_err(|e| e.to_string())?;
        svc.record_intake(common::crash::request(i as u64))
            .map_err(|e| e.to_string())?;
        svc.close().map_err(|e| e.to_string())
    });
    assert!(
        failed.is_empty(),
        "{} of {} reopens failed, first: {}",
        failed.len(),
        ROUNDS * THREADS,
        failed[0]
    );
}
