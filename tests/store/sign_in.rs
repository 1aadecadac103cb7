//! A refused sign-in costs the same whether or not the login exists: a login with no
//! key slot (unknown, or disabled) still goes through one key derivation, with the
//! parameters of the store's passphrase slots. Counted, not timed: the times are in
//! docs/benchmarks.md (`examples/bench_sign_in.rs`).

use caseline::Caseline;
use caseline::domain::{Clock, Role};
use caseline::service::KeyCost;
use caseline::service::{NewUser, Refused};
use caseline::store::crypto::{Derivations, derivations_on_this_thread};
use caseline::store::{KdfParams, Store, StoreError};
use chrono::{DateTime, Duration, TimeZone, Utc};

use super::common;

const WRONG: &str = "not the passphrase at all";

/// Derivations run by `f`, on this thread.
fn derivations(f: impl FnOnce()) -> Derivations {
    let before = derivations_on_this_thread();
    f();
    let after = derivations_on_this_thread();
    Derivations {
        count: after.count - before.count,
        last: after.last,
    }
}

/// A store with the administrator, a caseworker and a disabled account; the slots
/// all use the cheap test parameters.
fn store_with_users(dir: &std::path::Path) {
    let svc = common::init_store(dir);
    for login in ["worker", "leaver"] {
        let user = NewUser {
            login: login.into(),
            display_name: format!("The {login}"),
            role: Role::Caseworker,
            centre: None,
        };
        svc.add_user(
            user,
            &format!("{login} passphrase words"),
            KeyCost::CheapForTests,
        )
        .expect("add user");
    }
    let leaver = svc.user_by_login("leaver").unwrap().expect("leaver").id;
    svc.disable_user(leaver).expect("disable");
    common::close(svc);
}

#[test]
fn an_unknown_or_disabled_login_costs_one_derivation_like_a_known_one() {
    let tmp = common::temp("sign-in-cost");
    let dir = tmp.path().join("data");
    store_with_users(&dir);
    let store = Store::open(&dir).expect("open");
    // Each try an hour after the last, so no wait after failures comes into it.
    let mut at: DateTime<Utc> = Utc.with_ymd_and_hms(2030, 1, 1, 9, 0, 0).unwrap();
    let mut refusal = |login: &str| {
        at += Duration::hours(1);
        derivations(|| {
            let found = store.find_key_at(Some(login), WRONG, at);
            assert!(
                matches!(found, Err(StoreError::WrongPassphrase)),
                "{login}: {found:?}"
            );
        })
    };
    let known = refusal("worker");
    assert_eq!(known.count, 1, "a known login tries its one slot");
    assert_eq!(known.last, Some(KdfParams::INSECURE_TEST));
    for login in ["nobody", "leaver", "Worker2"] {
        assert_eq!(
            refusal(login),
            known,
            "{login}: not as costly as a known login"
        );
    }
    // The right passphrase: one derivation too.
    at += Duration::hours(1);
    let right = derivations(|| {
        store
            .find_key_at(Some("worker"), "worker passphrase words", at)
            .expect("signs in");
    });
    assert_eq!(right, known);
}

#[test]
fn the_locked_screen_refuses_an_unknown_login_at_the_same_cost() {
    let tmp = common::temp("unlock-cost");
    let dir = tmp.path().join("data");
    store_with_users(&dir);
    let clock = Clock::set_at(Utc.with_ymd_and_hms(2030, 1, 1, 9, 0, 0).unwrap());
    let mut svc =
        Caseline::open_with_clock(&dir, None, common::PASSPHRASE, clock.clone()).expect("opens");
    let mut costs = Vec::new();
    for login in ["worker", "nobody", "leaver"] {
        // An hour between tries: no wait after the wrong passphrase before.
        clock.advance(Duration::hours(1));
        let mut kept = None;
        costs.push(derivations(|| {
            match svc.unlock_screen(Some(login), WRONG) {
                Err(Refused::Kept(back, _)) => kept = Some(back),
                other => panic!("{login}: {other:?}"),
            }
        }));
        svc = *kept.expect("the session is kept");
    }
    assert_eq!(costs[0].count, 1);
    assert!(costs.iter().all(|c| *c == costs[0]), "{costs:?}");
    common::close(svc);
}
