//! Helpers shared by the interface tests (`tests/tui/`): making a store by the
//! first-run setup or through the service, signing in, and the insta filter that takes
//! the random recovery key out of snapshots (dates and times are the harness clock's).

#![allow(dead_code)]

use caseline::service::KeyCost;
use std::path::Path;

use caseline::Caseline;
use caseline::domain::{Consent, Consents, Contact, PartyRole};
use caseline::service::{InitRequest, IntakeRequest, NewParty, NewPerson, PersonRef};
use caseline::ui::testing::{Harness, test_clock};

/// The passphrase of every store these tests make.
pub const PASS: &str = "correct horse battery";
pub const ORGANISATION: &str = "Kingston REC";

/// A recovery key as the setup screen shows it: eight groups of four, dashes between.
pub fn is_recovery_key(w: &str) -> bool {
    w.len() == 39 && w.matches('-').count() == 7
}

/// Runs the first-run setup through the interface and lands on home.
pub fn setup(dir: &Path) -> Harness {
    let mut h = Harness::new(dir, 80, 24);
    h.keys(&format!(
        "{ORGANISATION}<enter>admin<enter>Asha Patel<enter>{PASS}<enter>{PASS}<enter>"
    ));
    let screen = h.screen();
    let key = screen
        .split_whitespace()
        .find(|w| is_recovery_key(w))
        .unwrap_or_else(|| panic!("the recovery key is shown:\n{screen}"))
        .to_string();
    h.keys(&format!("{}<enter>", &key[35..]));
    let screen = h.screen();
    assert!(screen.contains("What do you want to do?"), "{screen}");
    h
}

/// Makes a store through the service (cheap key derivation), closed again.
pub fn init_store(dir: &Path) {
    let (svc, _key) = Caseline::init_with_clock(
        dir,
        InitRequest {
            organisation: ORGANISATION.into(),
            admin_login: "admin".into(),
            admin_name: "Asha Patel".into(),
            passphrase: PASS.to_string().into(),
            key_cost: KeyCost::CheapForTests,
        },
        test_clock(),
    )
    .expect("a new store");
    close_service(svc);
}

/// Flushes and drops a service handle: the store's lock goes with the last handle.
pub fn close_service(svc: Caseline) {
    svc.close().expect("the store closes");
}

/// Opens the store in `dir` with the interface and signs in; lands on home (or on the
/// resume dialog over it, when a draft is kept).
pub fn unlock(dir: &Path) -> Harness {
    let mut h = Harness::new(dir, 80, 24);
    let screen = h.screen();
    assert!(screen.contains("Unlock caseline"), "{screen}");
    // With several users the login is asked for first.
    if screen.contains("Your login, then your passphrase") {
        h.keys(&format!("admin<tab>{PASS}<enter>"));
    } else {
        h.keys(&format!("{PASS}<enter>"));
    }
    let screen = h.screen();
    assert!(screen.contains("What do you want to do?"), "{screen}");
    h
}

/// Closes the interface's store so the directory can be opened again.
pub fn close(mut h: Harness) {
    h.shut_down();
    drop(h);
}

/// Opens the store with the service, for checking what the interface wrote.
pub fn service(dir: &Path) -> Caseline {
    Caseline::open_with_clock(dir, None, PASS, test_clock()).expect("the store opens")
}

/// A named caller who agreed to their details being kept.
pub fn caller(given: &str, family: &str, phone: &str) -> NewPerson {
    NewPerson {
        given_names: given.into(),
        family_name: Some(family.into()),
        contact: Contact {
            phone: Some(phone.into()),
            ..Contact::default()
        },
        consents: Consents {
            store: Consent::Given {
                on: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            },
            ..Consents::default()
        },
        ..NewPerson::default()
    }
}

/// A direct report by `victim`, saved through the service.
pub fn record(svc: &Caseline, victim: NewPerson, location: &str, narrative: &str) {
    svc.record_intake(IntakeRequest {
        parties: vec![NewParty {
            role: PartyRole::Victim,
            person: Some(PersonRef::New(victim)),
            description: String::new(),
        }],
        location: location.into(),
        narrative: narrative.into(),
        strands: vec!["race_or_ethnicity".into()],
        ..IntakeRequest::default()
    })
    .expect("the intake is recorded");
}

/// Filters for what differs from run to run however the clock is set: the random
/// recovery key. Dates and times are not filtered: every one comes from the harness
/// clock, so a snapshot shows the real dates a worker would see on that day.
pub fn filters() -> Vec<(String, String)> {
    vec![(
        r"\b[0-9A-Z]{4}(-[0-9A-Z]{4}){7}\b".into(),
        "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX".into(),
    )]
}

/// `filters` as insta wants them.
pub fn as_pairs(f: &[(String, String)]) -> Vec<(&str, &str)> {
    f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

/// The label of the focused field of the intake form (the row marked `>`).
pub fn focus(h: &mut Harness) -> String {
    let screen = h.screen();
    let line = screen
        .lines()
        .find(|l| l.starts_with("> "))
        .unwrap_or_else(|| panic!("a field has focus:\n{screen}"));
    line.chars()
        .skip(2)
        .take(29)
        .collect::<String>()
        .trim()
        .to_string()
}

/// The value shown beside a field's label in the intake form.
pub fn value_of(h: &mut Harness, label: &str) -> Option<String> {
    let screen = h.screen();
    screen.lines().find_map(|l| {
        let rest: String = l.chars().skip(2).collect();
        let shown: String = rest.chars().take(29).collect();
        (shown.trim() == label).then(|| rest.chars().skip(31).collect::<String>())
    })
}

/// The passphrase of `cas`, the caseworker [`store_with_two_users`] adds.
pub const CAS_PASS: &str = "the caseworker's passphrase";

/// A store with a second user, `cas`, a caseworker: sign-in asks for the login first.
pub fn store_with_two_users(dir: &Path) {
    init_store(dir);
    let svc = service(dir);
    svc.add_user(
        caseline::service::NewUser {
            login: "cas".into(),
            display_name: "Case Worker".into(),
            role: caseline::domain::Role::Caseworker,
            centre: None,
        },
        CAS_PASS,
        KeyCost::CheapForTests,
    )
    .expect("a second user");
    close_service(svc);
}
