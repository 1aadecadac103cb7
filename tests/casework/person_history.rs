//! Changing a person's details keeps what they were: each change is a revision with
//! who made it, when, which parts changed and their earlier values, read back on the
//! person's card; the audit log names the parts, never the values.

use crate::common::{self, intake, person};
use crate::service_rules_support::{assert_invalid, store};
use caseline::Error;
use caseline::domain::{Answer, Consent, PersonDetails, Role};
use caseline::service::KeyCost;
use caseline::service::{AuditQuery, NewUser};

fn amina(svc: &caseline::Caseline) -> caseline::domain::PersonId {
    let mut p = person("Amina", Some("Hassan"));
    p.contact.phone = Some("07700 900123".into());
    p.safe_contact.call = Answer::Yes;
    p.languages = vec!["english".into()];
    svc.record_intake(intake(p, "Spat at.")).unwrap().new_people[0]
}

#[test]
fn a_change_keeps_the_earlier_values_with_who_and_when() {
    let (_tmp, svc) = store();
    let id = amina(&svc);
    let mut d: PersonDetails = svc.person(id).unwrap().details();
    d.contact.phone = Some(" 07700 900999 ".into());
    d.safe_contact.call = Answer::No;
    d.languages.push("somali".into());
    d.consents.share_police = Consent::Refused {
        on: common::today(),
    };
    assert!(svc.update_person(id, d.clone()).unwrap());
    // The same details again change nothing and record nothing.
    let before_log = svc.audit_log(&AuditQuery::default()).unwrap().len();
    d.contact.phone = Some("07700 900999".into());
    assert!(!svc.update_person(id, d).unwrap());

    let p = svc.person(id).unwrap();
    assert_eq!(p.contact.phone.as_deref(), Some("07700 900999"));
    assert_eq!(p.history.len(), 1);
    let r = &p.history[0];
    assert_eq!(r.by, svc.actor().id);
    assert_eq!(r.before.contact.phone.as_deref(), Some("07700 900123"));
    assert_eq!(r.before.safe_contact.call, Answer::Yes);
    assert_eq!(
        r.changed,
        [
            "phone",
            "safe to call",
            "languages",
            "consent to share with police"
        ]
    );

    let card = svc.person_card(id).unwrap();
    let row = &card.history[0];
    assert_eq!(row.who, svc.actor().display_name);
    assert!(row.when.contains("2026"), "{}", row.when);
    assert!(
        row.before
            .contains(&("phone".into(), "07700 900123".into()))
    );
    assert!(row.before.contains(&("safe to call".into(), "yes".into())));
    assert!(row.before.contains(&("languages".into(), "English".into())));

    let log = svc
        .audit_log(&AuditQuery {
            limit: 1000,
            ..AuditQuery::default()
        })
        .unwrap();
    let entry = log
        .iter()
        .find(|e| e.detail.starts_with("person's details changed"))
        .expect("the change is audited");
    assert!(entry.detail.contains("phone"), "{}", entry.detail);
    assert!(!entry.detail.contains("0770"), "{}", entry.detail);
    assert!(svc.audit_log(&AuditQuery::default()).unwrap().len() >= before_log);
    assert!(svc.check().unwrap().is_clean());
}

#[test]
fn bad_details_are_refused_by_field_and_change_nothing() {
    let (_tmp, svc) = store();
    let id = amina(&svc);
    let before = svc.person(id).unwrap();
    let mut d = before.details();
    d.contact.postcode = Some("Clarence Street".into());
    assert_invalid(svc.update_person(id, d).unwrap_err(), "contact.postcode");
    let mut d = before.details();
    d.languages = vec!["klingon".into()];
    assert_invalid(svc.update_person(id, d).unwrap_err(), "languages[0]");
    assert_eq!(svc.person(id).unwrap(), before);
}

#[test]
fn only_those_who_may_see_the_person_change_them() {
    let (tmp, svc) = store();
    let id = amina(&svc);
    svc.add_user(
        NewUser {
            login: "vic".into(),
            display_name: "Vic".into(),
            role: Role::Volunteer,
            centre: None,
        },
        "volunteer passphrase long",
        KeyCost::CheapForTests,
    )
    .unwrap();
    let d = svc.person(id).unwrap().details();
    common::close(svc);
    let vic = caseline::Caseline::open_with_clock(
        &tmp.path().join("data"),
        Some("vic"),
        "volunteer passphrase long",
        common::clock(),
    )
    .unwrap();
    let mut changed = d.clone();
    changed.contact.phone = None;
    assert!(matches!(
        vic.update_person(id, changed),
        Err(Error::NotPermitted(_))
    ));
    // Someone the volunteer recorded is theirs to change.
    let own = vic
        .record_intake(intake(person("Kofi", None), "Bins set alight."))
        .unwrap()
        .new_people[0];
    let mut d = vic.person(own).unwrap().details();
    d.safe_contact.times = Some("after 6pm".into());
    assert!(vic.update_person(own, d).unwrap());
    common::close(vic);
}

#[test]
fn a_case_gives_the_reports_it_came_from() {
    let (_tmp, svc) = store();
    amina(&svc);
    let first = svc.recent_incidents(1).unwrap()[0].id;
    let second = svc
        .record_intake(intake(person("Amina", Some("Hassan")), "Followed home."))
        .unwrap()
        .incident;
    let case = svc
        .open_case(caseline::service::OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![second, first],
            ..Default::default()
        })
        .unwrap()
        .id;
    let reports = svc.case_reports(case).unwrap();
    let ids: Vec<_> = reports.iter().map(|r| r.incident.id).collect();
    assert_eq!(ids, [first, second], "oldest first");
    assert_eq!(reports[0].people[0].display_name(), "Amina Hassan");
}
