//! The standard phone report of the domain brief as the intake desk sends it: a new
//! caller with contact details, consents and languages, what happened and where, the
//! strands, a described perpetrator, CCTV as evidence, no police report, and a call
//! back in three days. Built as a request (not typed), so a benchmark of the server
//! measures the save and not the form; `tests/tui/standard_report.rs` types the same
//! report through the interface.

use caseline::domain::{
    Answer, Consent, Consents, Contact, PartyRole, PoliceReport, Priority, SafeContact,
};
use caseline::service::{IntakeRequest, NewFollowUp, NewParty, NewPerson, PersonQuery, PersonRef};
use chrono::{Duration, NaiveDate, NaiveTime};

const GIVEN: &[&str] = &[
    "Amina", "Fatima", "Hodan", "Ayaan", "Safiya", "Nimco", "Ifrah",
];
const FAMILY: &[&str] = &[
    "Hassan", "Abdi", "Warsame", "Farah", "Ali", "Osman", "Yusuf",
];

/// Caller `n`'s name: callers differ from report to report, as at a real desk.
fn caller(n: u64) -> (&'static str, &'static str) {
    let n = n as usize;
    (
        GIVEN[n % GIVEN.len()],
        FAMILY[(n / GIVEN.len()) % FAMILY.len()],
    )
}

/// Caller `n`'s mobile number: distinct for every `n` below a million.
fn phone(n: u64) -> String {
    format!("07700 {:06}", n % 1_000_000)
}

/// The standard report, from caller `n`, taken on `today`.
pub fn standard_report(n: u64, today: NaiveDate) -> IntakeRequest {
    let (given, family) = caller(n);
    let victim = NewPerson {
        given_names: given.into(),
        family_name: Some(family.into()),
        contact: Contact {
            phone: Some(phone(n)),
            postcode: Some("KT1 2AB".into()),
            ..Contact::default()
        },
        safe_contact: SafeContact {
            call: Answer::Yes,
            voicemail: Answer::No,
            times: Some("weekday evenings".into()),
            ..SafeContact::default()
        },
        languages: vec!["english".into(), "somali".into()],
        consents: Consents {
            store: Consent::Given { on: today },
            share_police: Consent::Refused { on: today },
            share_agencies: Consent::NotAsked,
        },
        ..NewPerson::default()
    };
    let yesterday_9pm =
        (today - Duration::days(1)).and_time(NaiveTime::from_hms_opt(21, 0, 0).expect("a time"));
    IntakeRequest {
        parties: vec![
            NewParty {
                role: PartyRole::Victim,
                person: Some(PersonRef::New(victim)),
                description: String::new(),
            },
            NewParty {
                role: PartyRole::Perpetrator,
                person: None,
                description: "a man she did not know".into(),
            },
            NewParty {
                role: PartyRole::Witness,
                person: None,
                description: "none she knows of".into(),
            },
        ],
        occurred_at: Some(yesterday_9pm),
        time_approximate: true,
        location: "bus stop on Clarence Street".into(),
        narrative:
            "A man she did not know shouted racist and anti-Muslim abuse at her and spat at her."
                .into(),
        strands: vec!["race_or_ethnicity".into(), "religion_or_belief".into()],
        characteristics: vec!["race".into(), "religion_or_belief".into()],
        evidence: vec!["cctv".into()],
        evidence_notes: "there may be CCTV on the bus".into(),
        police: PoliceReport {
            reported: Answer::No,
            ..PoliceReport::default()
        },
        follow_up: Some(NewFollowUp {
            due: today + Duration::days(3),
            due_time: None,
            assignee: None,
            priority: Priority::Normal,
            action: "Call back".into(),
        }),
        ..IntakeRequest::default()
    }
}

/// What the desk asks while caller `n`'s name and number are typed: is this caller
/// already a client?
pub fn caller_query(n: u64) -> PersonQuery {
    let (given, family) = caller(n);
    PersonQuery {
        name: format!("{given} {family}"),
        phone: phone(n),
        postcode: String::new(),
    }
}
