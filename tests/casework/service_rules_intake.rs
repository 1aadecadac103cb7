//! The rules the service enforces on an intake, seen from a caller: refusals are
//! typed, name the field, and write nothing.

use crate::common::{self, intake, person};
use crate::service_rules_support::{assert_invalid, counts, store};
use caseline::Caseline;
use caseline::domain::{Channel, Consent, PartyRole};
use caseline::service::{IntakeRequest, NewParty, PersonRef};

#[test]
fn an_invalid_postcode_is_refused_by_field_and_nothing_is_written() {
    let (_tmp, svc) = store();
    let before = counts(&svc);
    let mut amina = person("Amina", Some("Hassan"));
    amina.contact.postcode = Some("Clarence Street".into());
    let mut req = intake(amina, "Spat at.");
    req.follow_up = Some(common::follow_up("Call back"));
    let e = svc.record_intake(req).expect_err("bad postcode");
    assert_invalid(e, "parties[0].person.contact.postcode");
    assert_eq!(counts(&svc), before);

    // The message names the field, not the value.
    let mut amina = person("Amina", Some("Hassan"));
    amina.contact.postcode = Some("Clarence Street".into());
    let e = svc.record_intake(intake(amina, "x")).unwrap_err();
    let m = e.to_string();
    assert!(m.contains("contact.postcode"), "{m}");
    assert!(!m.contains("Clarence") && !m.contains("Amina"), "{m}");

    // The incident's own postcode too.
    let mut req = intake(person("Amina", None), "Spat at.");
    req.postcode = Some("12345".into());
    assert_invalid(svc.record_intake(req).unwrap_err(), "postcode");
    assert_eq!(counts(&svc), before);

    // Other problems are found in the same pass, each by its field.
    let mut p = person("", None);
    p.contact.phone = Some("call me".into());
    p.contact.email = Some("nope".into());
    p.languages = vec!["klingon".into()];
    let e = svc.record_intake(intake(p, "x")).unwrap_err();
    let fields: Vec<String> = e
        .problems()
        .unwrap()
        .0
        .iter()
        .map(|p| p.field.clone())
        .collect();
    for f in [
        "parties[0].person.given_names",
        "parties[0].person.contact.phone",
        "parties[0].person.contact.email",
        "parties[0].person.languages[0]",
    ] {
        assert!(fields.iter().any(|x| x == f), "{f} not in {fields:?}");
    }
    assert_eq!(counts(&svc), before);

    // A valid postcode is stored in its standard form.
    let mut ok = person("Amina", Some("Hassan"));
    ok.contact.postcode = Some(" kt12ab ".into());
    let saved = svc.record_intake(intake(ok, "Spat at.")).unwrap();
    let stored = svc.person(saved.new_people[0]).unwrap();
    assert_eq!(stored.contact.postcode.as_deref(), Some("KT1 2AB"));
}

/// Records `req`, expecting it refused with a problem naming `field`.
#[track_caller]
fn assert_refused(svc: &Caseline, req: IntakeRequest, field: &str) {
    assert_invalid(svc.record_intake(req).unwrap_err(), field);
}

/// A report, not anonymous, with `parties` and a narrative.
fn naming(parties: Vec<NewParty>) -> IntakeRequest {
    IntakeRequest {
        narrative: "Someone was abused.".into(),
        parties,
        ..IntakeRequest::default()
    }
}

#[test]
fn who_must_be_named_in_a_report() {
    let (_tmp, svc) = store();
    // Anonymous, no parties: accepted.
    let saved = svc
        .record_intake(IntakeRequest {
            anonymous: true,
            narrative: "Someone was abused at the bus stop.".into(),
            ..IntakeRequest::default()
        })
        .expect("an anonymous report needs nobody");
    assert!(saved.new_people.is_empty());
    assert!(svc.incident(saved.incident).unwrap().anonymous);

    let before = counts(&svc);
    // Not anonymous, direct, nobody: refused.
    assert_refused(&svc, naming(Vec::new()), "parties");
    // Only a perpetrator, described: still nobody who reported it.
    let perpetrator = NewParty {
        role: PartyRole::Perpetrator,
        person: None,
        description: "Tall man".into(),
    };
    assert_refused(&svc, naming(vec![perpetrator]), "parties");
    // A party with neither a person nor a description.
    let mut req = intake(person("Amina", None), "x");
    req.parties.push(NewParty {
        role: PartyRole::Witness,
        person: None,
        description: " ".into(),
    });
    assert_refused(&svc, req, "parties[1].description");
    // Nothing said about what happened.
    assert_refused(&svc, intake(person("Amina", None), "  "), "narrative");
    // A person who refused consent to be stored: record anonymously instead.
    let mut p = person("Amina", None);
    p.consents.store = Consent::Refused {
        on: common::today(),
    };
    assert_refused(&svc, intake(p, "x"), "parties[0].person.consents.store");
    // An existing person who is not there.
    let req = IntakeRequest {
        narrative: "x".into(),
        ..naming(vec![NewParty {
            role: PartyRole::Victim,
            person: Some(PersonRef::Existing(caseline::domain::PersonId::new())),
            description: String::new(),
        }])
    };
    assert_refused(&svc, req, "parties[0].person");
    // A referral from a source not in the list.
    let req = IntakeRequest {
        anonymous: true,
        channel: Channel::Referral {
            source: "astrologer".into(),
        },
        narrative: "x".into(),
        ..IntakeRequest::default()
    };
    assert_refused(&svc, req, "channel.source");
    assert_eq!(counts(&svc), before);

    // Reported on someone's behalf with only a reporter: accepted.
    let mut req = intake(person("Grażyna", None), "Her son was threatened.");
    req.parties[0].role = PartyRole::Reporter;
    req.channel = Channel::OnBehalf;
    svc.record_intake(req).expect("a reporter is enough");
}
