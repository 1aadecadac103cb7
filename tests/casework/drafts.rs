//! One worker signed in at two terminals through one engine keeps two drafts: neither
//! overwrites the other, saving one's intake leaves the other's draft whole, and after
//! a crash every draft left is offered, newest first, none dropped.

use caseline::Caseline;
use caseline::domain::Clock;
use caseline::service::{Draft, Engine};

use super::common;
use super::sessions::{engine, stamp};

const PRIYA: &str = "priya passphrase words";

fn priya(engine: &Engine, origin: &str) -> Caseline {
    engine
        .sign_in(Some("priya"), PRIYA, stamp("priya", origin))
        .expect("priya")
}

fn draft(svc: &Caseline, given: &str) -> Draft {
    let mut d = Draft::new("intake", svc.clock().now());
    d.values.insert("given_names".into(), given.into());
    d
}

fn given(d: &Option<Draft>) -> Option<&str> {
    d.as_ref().map(|d| d.values["given_names"].as_str())
}

/// The engine's store, opened again after a crash (sessions and engine dropped, never
/// closed), on `clock`.
fn after_crash(engine: Engine, clock: Clock) -> Engine {
    let dir = engine.dir().to_path_buf();
    drop(engine);
    common::wait_released(&dir);
    Engine::open(&dir, clock).expect("the store opens again")
}

#[test]
fn two_terminals_of_one_worker_keep_two_drafts_and_saving_one_spares_the_other() {
    let (_tmp, engine) = engine();
    let one = priya(&engine, "pts/2");
    let two = priya(&engine, "pts/3");
    let amina = draft(&one, "Amina");
    let mut tunde = draft(&two, "Tunde");
    for _ in 0..3 {
        one.save_draft(&amina).unwrap();
        two.save_draft(&tunde).unwrap();
    }
    assert_eq!(given(&one.load_draft().unwrap()), Some("Amina"));
    assert_eq!(given(&two.load_draft().unwrap()), Some("Tunde"));

    // The first terminal saves its intake; the second types on.
    let mut intake = common::intake(common::person("Amina", Some("Yusuf")), "Spat at.");
    intake.from_draft = Some(amina.id);
    one.record_intake(intake).expect("saved");
    tunde.values.insert("family_name".into(), "Bello".into());
    two.save_draft(&tunde).unwrap();
    two.sync_draft().unwrap();
    let kept = two
        .load_draft()
        .unwrap()
        .expect("the second terminal's draft");
    assert_eq!((kept.id, &kept.values), (tunde.id, &tunde.values));
    // The other terminal's draft is that terminal's: not offered here while it lives.
    assert_eq!(one.load_draft().unwrap(), None);

    // A crash: nothing closed. The second terminal's typing is all there.
    drop((one, two));
    let engine = after_crash(engine, Clock::system());
    let again = priya(&engine, "pts/4");
    let found = again
        .load_draft()
        .unwrap()
        .expect("the draft left is offered");
    assert_eq!(found.id, tunde.id);
    assert_eq!(found.values, tunde.values);
    again.discard_draft().unwrap();
    assert_eq!(again.load_draft().unwrap(), None);
    again.close().unwrap();
}

#[test]
fn after_a_crash_the_newest_draft_is_offered_and_the_others_later() {
    let (_tmp, engine) = engine();
    let clock = Clock::set_at("2026-11-23T10:00:00Z".parse().unwrap());
    let engine = after_crash(engine, clock.clone());
    let one = priya(&engine, "pts/2");
    let two = priya(&engine, "pts/3");
    let three = priya(&engine, "pts/5");
    one.save_draft(&draft(&one, "Amina")).unwrap();
    clock.advance(chrono::Duration::minutes(1));
    two.save_draft(&draft(&two, "Tunde")).unwrap();
    clock.advance(chrono::Duration::minutes(1));
    three.save_draft(&draft(&three, "Grace")).unwrap();
    drop((one, two, three));

    let engine = after_crash(engine, clock.clone());
    let back = priya(&engine, "pts/2");
    let other = priya(&engine, "pts/3");
    assert_eq!(given(&back.load_draft().unwrap()), Some("Grace"), "newest");
    // Asked again, the same one: it is this session's now.
    assert_eq!(given(&back.load_draft().unwrap()), Some("Grace"));
    // Another session of the same worker is offered the next, not the one taken.
    assert_eq!(given(&other.load_draft().unwrap()), Some("Tunde"));
    back.discard_draft().unwrap();
    assert_eq!(given(&back.load_draft().unwrap()), Some("Amina"));
    // The other session ends: its draft is left for whoever has none.
    drop(other);
    back.discard_draft().unwrap();
    assert_eq!(given(&back.load_draft().unwrap()), Some("Tunde"));
    back.discard_draft().unwrap();
    assert_eq!(back.load_draft().unwrap(), None);
    back.close().unwrap();
}

#[test]
fn a_new_draft_never_overwrites_one_left_in_its_slot() {
    let (_tmp, engine) = engine();
    let one = priya(&engine, "pts/2");
    let left = draft(&one, "Amina");
    one.save_draft(&left).unwrap();
    drop(one);
    // A new session types before asking for what was left.
    let two = priya(&engine, "pts/3");
    two.save_draft(&draft(&two, "Tunde")).unwrap();
    two.discard_draft().unwrap();
    let found = two.load_draft().unwrap().expect("the draft left");
    assert_eq!(found.id, left.id);
    two.close().unwrap();
}
