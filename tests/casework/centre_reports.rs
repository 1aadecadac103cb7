//! Reports passed on by third-party reporting centres: which centre, its reference,
//! the day it was made there and the consent level; an anonymous report holds nobody's
//! name or contact details, and the service refuses them whatever the form did.

use crate::common::{self, intake, person};
use crate::service_rules_support::{assert_invalid, counts, store};
use caseline::Caseline;
use caseline::domain::{CentreConsent, CentreReport, Channel, OrganisationId, PartyRole};
use caseline::service::{IntakeRequest, NewOrganisation, NewParty, PersonRef};

fn add_centre(svc: &Caseline, name: &str, reporting_centre: bool) -> OrganisationId {
    svc.add_organisation(NewOrganisation {
        name: name.into(),
        kind: "community_group".into(),
        reporting_centre,
        ..NewOrganisation::default()
    })
    .unwrap()
}

fn from_centre(req: &mut IntakeRequest, centre: OrganisationId, consent: CentreConsent) {
    req.channel = Channel::ReportingCentre(CentreReport {
        centre: Some(centre),
        reference: Some("KMRP/118".into()),
        reported_on: Some(common::today() - chrono::Duration::days(4)),
        consent,
    });
}

/// A report with the victim described, never named.
fn described(narrative: &str) -> IntakeRequest {
    IntakeRequest {
        parties: vec![NewParty {
            role: PartyRole::Victim,
            person: None,
            description: "Woman in her 40s who works at the market".into(),
        }],
        narrative: narrative.into(),
        ..IntakeRequest::default()
    }
}

#[test]
fn a_centre_report_keeps_its_centre_reference_date_and_consent() {
    let (_tmp, svc) = store();
    let centre = add_centre(&svc, "Kingston Mosque Reporting Point", true);
    let mut req = intake(person("Zofia", Some("Nowak")), "Abuse at the market.");
    from_centre(&mut req, centre, CentreConsent::IntelligenceOnly);
    let saved = svc.record_intake(req).unwrap();
    let i = svc.incident(saved.incident).unwrap();
    let r = i.channel.centre_report().unwrap();
    assert_eq!(r.centre, Some(centre));
    assert_eq!(r.reference.as_deref(), Some("KMRP/118"));
    assert_eq!(
        r.reported_on,
        Some(common::today() - chrono::Duration::days(4))
    );
    assert_eq!(r.consent, CentreConsent::IntelligenceOnly);
    assert!(!i.anonymous);
    assert!(svc.check().unwrap().is_clean());
}

#[test]
fn an_anonymous_centre_report_refuses_a_named_caller_and_writes_nothing() {
    let (_tmp, svc) = store();
    let centre = add_centre(&svc, "Kingston Mosque Reporting Point", true);
    let before = counts(&svc);
    let mut req = intake(person("Zofia", Some("Nowak")), "Abuse at the market.");
    from_centre(&mut req, centre, CentreConsent::Anonymous);
    let e = svc.record_intake(req).unwrap_err();
    assert_invalid(e, "parties[0].person");
    // Someone on file is identifying too.
    let on_file = svc
        .record_intake(intake(person("Amina", Some("Hassan")), "Spat at."))
        .unwrap()
        .new_people[0];
    let before_file = counts(&svc);
    let mut req = described("Abuse at the market.");
    req.parties.push(NewParty {
        role: PartyRole::Reporter,
        person: Some(PersonRef::Existing(on_file)),
        description: String::new(),
    });
    from_centre(&mut req, centre, CentreConsent::Anonymous);
    assert_invalid(svc.record_intake(req).unwrap_err(), "parties[1].person");
    assert_eq!(counts(&svc), before_file);
    assert_eq!(before[0] + 1, before_file[0]);

    // Any anonymous report, centre or not.
    let mut req = intake(person("Ola", None), "Shouted at.");
    req.anonymous = true;
    assert_invalid(svc.record_intake(req).unwrap_err(), "parties[0].person");
    assert_eq!(counts(&svc), before_file);
}

#[test]
fn an_anonymous_centre_report_is_recorded_anonymous_with_descriptions() {
    let (_tmp, svc) = store();
    let centre = add_centre(&svc, "Kingston Mosque Reporting Point", true);
    let mut req = described("Abuse at the market.");
    from_centre(&mut req, centre, CentreConsent::Anonymous);
    let saved = svc.record_intake(req).unwrap();
    assert!(saved.new_people.is_empty());
    let i = svc.incident(saved.incident).unwrap();
    assert!(i.anonymous, "the consent level makes it anonymous");
    assert!(!i.identifies_someone());
    assert!(svc.check().unwrap().is_clean());
}

#[test]
fn the_centre_must_be_a_reporting_centre_and_the_date_not_after_the_report() {
    let (_tmp, svc) = store();
    let school = add_centre(&svc, "Tiffin School", false);
    let before = counts(&svc);
    let mut req = described("Abuse at the gates.");
    from_centre(&mut req, school, CentreConsent::Full);
    assert_invalid(svc.record_intake(req).unwrap_err(), "channel.centre");

    let centre = add_centre(&svc, "Kingston Mosque Reporting Point", true);
    let mut req = described("Abuse at the gates.");
    from_centre(&mut req, centre, CentreConsent::Full);
    if let Channel::ReportingCentre(r) = &mut req.channel {
        r.reported_on = Some(common::today() + chrono::Duration::days(5));
    }
    assert_invalid(svc.record_intake(req).unwrap_err(), "channel.reported_on");
    assert_eq!(counts(&svc), before);
}
