//! A case to write letters from: a client who may be written to (named in Arabic
//! script and with a combining accent), an employer linked with its address, an act
//! complained of, and a timeline of notes on different days.

use caseline::domain::{Answer, CaseId, Consent, Consents, EntryKind, OrganisationId, PartyRole};
use caseline::letters::long_date;
use caseline::service::{
    Caseline, IntakeRequest, LinkTo, NewEntry, NewOrganisation, NewParty, NewPerson, OpenCase,
    OrganisationRef, PersonRef,
};
use chrono::{Duration, NaiveDate};

/// The employer letters go to.
pub const EMPLOYER: &str = "Riverside Logistics Ltd";

/// The case made, and the dates its letters should show.
pub struct LetterCase {
    pub id: CaseId,
    pub reference: String,
    pub employer: OrganisationId,
    /// The date of the act complained of, written out.
    pub act: String,
    /// The notes' dates, written out, oldest first.
    pub dates: Vec<String>,
}

/// Makes the case with `entries` notes, one a day going back from today.
pub fn letter_case(svc: &Caseline, entries: usize) -> LetterCase {
    let client = NewPerson {
        given_names: "ليلى".into(),
        family_name: Some("Jose\u{301}".into()),
        consents: Consents {
            store: Consent::Given {
                on: svc.clock().today(),
            },
            ..Consents::default()
        },
        ..NewPerson::default()
    };
    let mut client = client;
    client.safe_contact.write = Answer::Yes;
    client.contact.address = Some("4 Fairfield Road, Kingston KT1 2PY".into());
    let incident = svc
        .record_intake(IntakeRequest {
            parties: vec![NewParty {
                role: PartyRole::Victim,
                person: Some(PersonRef::New(client)),
                description: String::new(),
            }],
            narrative: "Called names at work by a manager.".into(),
            ..IntakeRequest::default()
        })
        .expect("intake")
        .incident;
    let act = NaiveDate::from_ymd_opt(2025, 9, 14).expect("a date");
    let opened = svc
        .open_case(OpenCase {
            kind: "employment".into(),
            incidents: vec![incident],
            summary: "Race discrimination at work.".into(),
            act_complained_of: Some(act),
            ..OpenCase::default()
        })
        .expect("case");
    let employer = svc
        .add_organisation(NewOrganisation {
            name: EMPLOYER.into(),
            kind: "employer".into(),
            address: Some("Unit 3, Hook Rise, Surbiton KT6 7LN".into()),
            contact_person: Some("Ms P Okafor".into()),
            ..NewOrganisation::default()
        })
        .expect("organisation");
    let to = LinkTo::Organisation(OrganisationRef::Existing(employer));
    svc.link_to_case(opened.id, to, "employer").expect("link");
    let now = svc.clock().now();
    let zone = caseline::domain::clock::zone();
    let mut dates = Vec::new();
    for n in (1..=entries).rev() {
        let at = now - Duration::days(n as i64);
        svc.add_timeline_entry(NewEntry {
            case: opened.id,
            at: Some(at),
            kind: EntryKind::Note,
            text: format!("Spoke with the client about what happened at work ({n})."),
            corrects: None,
        })
        .expect("entry");
        dates.push(long_date(at.with_timezone(&zone).date_naive()));
    }
    LetterCase {
        id: opened.id,
        reference: opened.reference.to_string(),
        employer,
        act: long_date(act),
        dates,
    }
}
