//! The wait after repeated wrong passphrases, at the store and service level, on a
//! clock of the test's own (nothing here sleeps): counted across restarts, refused
//! without trying while it runs, reset by a right passphrase, and the same for a locked
//! screen being unlocked.

use std::time::Duration;

use crate::tui_util::{PASS, close_service, init_store, service};
use caseline::Caseline;
use caseline::domain::AuditAction;
use caseline::service::{AuditQuery, Refused, Unlocked};
use caseline::store::backoff::delay_after;
use caseline::store::{Store, StoreError};
use chrono::{DateTime, TimeZone, Utc};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

fn secs(n: i64) -> chrono::Duration {
    chrono::Duration::seconds(n)
}

fn wrong(store: &Store, at: DateTime<Utc>) -> StoreError {
    store
        .find_key_at(None, "not the passphrase", at)
        .map(|_| ())
        .unwrap_err()
}

fn failed_sign_ins(dir: &std::path::Path) -> usize {
    let svc = service(dir);
    let n = svc
        .audit_log(&AuditQuery {
            limit: 1000,
            ..AuditQuery::default()
        })
        .unwrap()
        .iter()
        .filter(|r| r.action == AuditAction::SignInFailed)
        .count();
    close_service(svc);
    n
}

#[test]
fn three_tries_are_free_then_the_wait_doubles_and_survives_a_restart() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    init_store(&dir);
    let store = Store::open(&dir).unwrap();
    for _ in 0..3 {
        assert!(matches!(wrong(&store, t0()), StoreError::WrongPassphrase));
    }
    assert_eq!(store.sign_in_failures().unwrap().count, 3);
    // The fourth try, at once: refused without being tried (so not counted).
    match wrong(&store, t0()) {
        StoreError::TryLater(w) => assert_eq!(w, Duration::from_secs(1)),
        e => panic!("{e}"),
    }
    // Even the right passphrase waits.
    assert!(matches!(
        store.find_key_at(None, PASS, t0()),
        Err(StoreError::TryLater(_))
    ));
    assert_eq!(store.sign_in_failures().unwrap().count, 3);
    // After the second, a fourth wrong one; then the wait is two seconds.
    assert!(matches!(
        wrong(&store, t0() + secs(1)),
        StoreError::WrongPassphrase
    ));
    let e = wrong(&store, t0() + secs(2));
    assert!(matches!(e, StoreError::TryLater(w) if w == Duration::from_secs(1)));
    assert!(e.to_string().contains("try again in 1 second"), "{e}");
    // Quitting and starting again does not reset the count.
    drop(store);
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.sign_in_failures().unwrap().count, 4);
    assert!(matches!(
        wrong(&store, t0() + secs(2)),
        StoreError::TryLater(_)
    ));
    // Once the wait is over the right passphrase works, and the count starts again.
    assert!(store.find_key_at(None, PASS, t0() + secs(3)).is_ok());
    assert_eq!(store.sign_in_failures().unwrap().count, 0);
    assert!(matches!(
        wrong(&store, t0() + secs(3)),
        StoreError::WrongPassphrase
    ));
    drop(store);
    // Only the tries that were made are in the audit log.
    assert_eq!(failed_sign_ins(&dir), 5);
}

#[test]
fn the_wait_never_passes_thirty_seconds() {
    assert_eq!(delay_after(2), Duration::ZERO);
    assert_eq!(delay_after(3), Duration::from_secs(1));
    assert_eq!(delay_after(7), Duration::from_secs(16));
    assert_eq!(delay_after(8), Duration::from_secs(30));
    assert_eq!(delay_after(1000), Duration::from_secs(30));
}

#[test]
fn a_locked_screen_counts_wrong_passphrases_the_same_way() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    init_store(&dir);
    let mut svc = service(&dir);
    for i in 0..3 {
        svc.clock().set(t0() + secs(i));
        svc = match svc.unlock_screen(Some("admin"), "nope") {
            Err(Refused::Kept(svc, e)) => {
                assert!(e.to_string().contains("not right"), "{e}");
                *svc
            }
            other => panic!("{other:?}"),
        };
    }
    svc.clock().set(t0() + secs(2));
    svc = match svc.unlock_screen(Some("admin"), PASS) {
        Err(Refused::Kept(svc, e)) => {
            assert!(e.to_string().contains("try again in 1 second"), "{e}");
            *svc
        }
        other => panic!("{other:?}"),
    };
    svc.clock().set(t0() + secs(3));
    let svc = match svc.unlock_screen(None, PASS) {
        Ok(Unlocked::Same(svc)) => svc,
        other => panic!("{other:?}"),
    };
    close_service(svc);
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.sign_in_failures().unwrap().count, 0);
    drop(store);
    assert_eq!(failed_sign_ins(&dir), 3);
}

#[test]
fn the_command_line_waits_rather_than_refusing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    init_store(&dir);
    let store = Store::open(&dir).unwrap();
    // A clock that runs, from the tests' moment: this wait is really slept.
    let clock = caseline::domain::Clock::running_from(t0());
    for _ in 0..3 {
        wrong(&store, clock.now());
    }
    drop(store);
    // The wait (one second from the last failure) is slept out, then the key is tried.
    let started = std::time::Instant::now();
    let svc = Caseline::open_with_clock(&dir, None, PASS, clock).expect("opens after the wait");
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
    close_service(svc);
}
