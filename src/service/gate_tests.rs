//! The shared state's last hold closes it in full, once, under the gate, whoever that
//! last hold is: a session, or a sign-in that held the state for a moment (checking a
//! wrong passphrase, reading the OS account map) while the last session ended. A
//! sign-in meanwhile shares the state still held rather than open a second; one after
//! gets a fresh state. The sign-in screen's status needs no gate; a stopping server's
//! close writes the state back under sessions it could not wait for.

use super::{Caseline, Engine, Error, InitRequest, IntakeRequest, KeyCost};
use crate::domain::Stamp;
use crate::store::SnapshotStore;

const PASSPHRASE: &str = "the administrator's passphrase";

/// A new store on sled with an engine on it and its administrator signed in.
fn made() -> (tempfile::TempDir, Engine, Caseline) {
    let dir = tempfile::tempdir().unwrap();
    let request = InitRequest {
        organisation: "Kingston Race Equality Council".into(),
        admin_login: "admin".into(),
        admin_name: "Sam Okafor".into(),
        passphrase: zeroize::Zeroizing::new(PASSPHRASE.into()),
        key_cost: KeyCost::CheapForTests,
    };
    let clock = crate::ui::testing::test_clock();
    let made = Engine::create(&dir.path().join("data"), request, clock);
    let (engine, admin, _recovery) = made.expect("a store on sled");
    (dir, engine, admin)
}

fn stamp(origin: &str) -> Stamp {
    Stamp {
        who: None,
        origin: origin.into(),
        os_user: Some("sam".into()),
    }
}

fn sign_in(engine: &Engine) -> Caseline {
    engine
        .sign_in(Some("admin"), PASSPHRASE, stamp("pts/1"))
        .expect("signs in")
}

/// Loads the search index and records an intake, so the index holds a change the
/// journal carries until a close writes the snapshot and prunes it; the snapshots.
fn index_a_change(session: &Caseline) -> SnapshotStore {
    session
        .warm_search(&mut |_, _| {})
        .expect("the index loads");
    session
        .record_intake(IntakeRequest {
            anonymous: true,
            narrative: "Spat at in the queue at the post office.".into(),
            ..IntakeRequest::default()
        })
        .expect("an intake");
    let snapshots = session.vault().snapshots();
    assert!(!snapshots.journal_after(0).unwrap().is_empty());
    snapshots
}

/// What only a full close leaves: a snapshot on disk and the journal it covers gone.
#[track_caller]
fn written_back(snapshots: &SnapshotStore) {
    assert!(snapshots.covered().unwrap() > 0, "a snapshot is on disk");
    let left = snapshots.journal_after(0).unwrap();
    assert!(left.is_empty(), "the journal is pruned: {left:?}");
}

#[test]
fn a_hold_let_go_of_after_the_last_session_closes_the_state_in_full() {
    let (_dir, engine, admin) = made();
    let snapshots = index_a_change(&admin);
    // A passphrase being checked, say, holds the state as the last session ends.
    let passing = engine.live().expect("signed in");
    admin.close().expect("the last session ends");
    assert_eq!(engine.gate().closes(), 0, "still held: not closed yet");
    assert!(engine.unlocked());

    drop(passing);
    assert_eq!(engine.gate().closes(), 1, "closed once, by the last hold");
    assert!(!engine.unlocked(), "the key went with the last hold");
    written_back(&snapshots);

    // The next sign-in opens a fresh state, closed in its turn.
    let again = sign_in(&engine);
    assert!(engine.unlocked());
    again.close().expect("signs out");
    assert_eq!(engine.gate().closes(), 2);
}

#[test]
fn a_sign_in_while_a_hold_outlives_the_last_session_shares_that_state() {
    let (_dir, engine, admin) = made();
    let passing = engine.live().expect("signed in");
    admin.close().expect("the last session ends");
    let again = sign_in(&engine);
    assert!(
        std::ptr::eq(&*again.shared, &*passing),
        "no second state beside the one still held"
    );
    drop(passing);
    assert_eq!(engine.gate().closes(), 0, "a session still holds it");
    again.close().expect("signs out");
    assert_eq!(engine.gate().closes(), 1);
}

#[test]
fn a_wrong_passphrase_and_a_refused_peer_sign_in_leave_the_close_to_the_last_hold() {
    let (_dir, engine, admin) = made();
    let snapshots = index_a_change(&admin);
    let wrong = engine.sign_in(Some("admin"), "not the passphrase", stamp("pts/9"));
    assert!(wrong.is_err());
    let peer = engine.sign_in_as_peer(None, stamp("pts/8"));
    assert!(matches!(peer, Err(Error::NotPermitted(_))), "{peer:?}");
    assert_eq!(engine.gate().closes(), 0);
    admin.close().expect("the last session ends");
    assert_eq!(engine.gate().closes(), 1);
    written_back(&snapshots);
}

#[test]
fn the_status_is_answered_while_a_sign_in_holds_the_gate() {
    let (_dir, engine, admin) = made();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::scope(|s| {
        // As a first sign-in holds it through its key derivation.
        let held = engine.gate().lock();
        s.spawn(|| {
            let _ = tx.send(engine.status().map(|st| st.unlocked));
        });
        // A bound on liveness, not a measurement: without the gate it answers at once.
        let answer = rx.recv_timeout(std::time::Duration::from_secs(60));
        drop(held);
        assert!(
            matches!(answer, Ok(Ok(true))),
            "the status waited: {answer:?}"
        );
    });
    admin.close().unwrap();
}

#[test]
fn a_stopping_engine_writes_the_state_back_under_its_sessions_and_lets_nobody_in() {
    let (_dir, engine, admin) = made();
    let snapshots = index_a_change(&admin);
    engine.close().expect("closed");
    assert_eq!(engine.gate().closes(), 1);
    written_back(&snapshots);
    let late = engine.sign_in(Some("admin"), PASSPHRASE, stamp("pts/2"));
    assert!(matches!(late, Err(Error::Unavailable(_))), "{late:?}");
    admin.close().expect("the session ends");
    assert_eq!(engine.gate().closes(), 1, "closed once");
}
