//! Writes `tests/fixtures/store-v1/`: a small store written by schema version 1 of
//! every record, and `tests/fixtures/store-v1.json`, its export.
//! `tests/store/fixture_v1.rs` opens it after every schema change, so old stores keep
//! loading.
//!
//! Run once per store format, never to "refresh" the fixture after a schema change
//! (that would defeat its purpose):
//!
//! ```sh
//! cargo run --example make_v1_fixture -- tests/fixtures
//! ```

use caseline::service::KeyCost;
use std::path::PathBuf;

use caseline::domain::{
    Answer, Channel, Consent, ConsentMethod, Consents, Contact, Direction, EntryKind, IncidentId,
    OrganisationId, PartyRole, Priority, ReferralStatus, Role, SafeContact, ShareConsent, Subject,
};
use caseline::service::{
    Caseline, InitRequest, IntakeRequest, NewEntry, NewFollowUp, NewOrganisation, NewParty,
    NewPerson, NewReferral, NewUser, OpenCase, OrganisationRef, PersonRef, ReferralMove,
};
use chrono::{Duration, Local, NaiveDate};

/// The fixture's passphrase (the fixture holds only invented people).
pub const PASSPHRASE: &str = "fixture passphrase v1";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out: PathBuf = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/fixtures".into())
        .into();
    let dir = out.join("store-v1");
    let req = InitRequest {
        organisation: "Fixture Race Equality Council".into(),
        admin_login: "admin".into(),
        admin_name: "Fixture Administrator".into(),
        passphrase: PASSPHRASE.to_string().into(),
        key_cost: KeyCost::CheapForTests,
    };
    let (svc, recovery) = Caseline::init(&dir, req)?;
    fill(&svc)?;
    let doc = svc.export()?;
    std::fs::write(
        out.join("store-v1.json"),
        serde_json::to_string_pretty(&doc)? + "\n",
    )?;
    svc.close()?;
    std::fs::remove_file(dir.join("caseline.lock"))?;
    println!(
        "wrote {} (recovery key {})",
        dir.display(),
        recovery.as_str()
    );
    Ok(())
}

fn amina() -> NewPerson {
    let today = Local::now().date_naive();
    NewPerson {
        given_names: "Amina".into(),
        family_name: Some("Hassan".into()),
        contact: Contact {
            phone: Some("07700 900123".into()),
            postcode: Some("KT1 2AB".into()),
            ..Default::default()
        },
        safe_contact: SafeContact {
            call: Answer::Yes,
            voicemail: Answer::No,
            times: Some("weekday evenings".into()),
            ..Default::default()
        },
        languages: vec!["english".into(), "somali".into()],
        consents: Consents {
            store: Consent::Given { on: today },
            share_police: Consent::Refused { on: today },
            ..Default::default()
        },
        ..Default::default()
    }
}

fn fill(svc: &Caseline) -> Result<(), Box<dyn std::error::Error>> {
    let org = svc.add_organisation(NewOrganisation {
        name: "Kingston Somali Community Association".into(),
        kind: "community_group".into(),
        meets: caseline::domain::MeetingTime::parse_list("Sun 14:00-17:00").unwrap(),
        languages: vec!["somali".into()],
        ..Default::default()
    })?;
    let saved = svc.record_intake(amina_intake())?;
    svc.record_intake(wang_intake())?;
    casework(svc, saved.incident, org)?;
    svc.add_user(
        NewUser {
            login: "volunteer1".into(),
            display_name: "Volunteer One".into(),
            role: Role::Volunteer,
            centre: None,
        },
        "volunteer passphrase",
        KeyCost::CheapForTests,
    )?;
    Ok(())
}

/// Amina's report: a victim and a described perpetrator, a follow-up.
fn amina_intake() -> IntakeRequest {
    IntakeRequest {
        parties: vec![
            NewParty {
                role: PartyRole::Victim,
                person: Some(PersonRef::New(amina())),
                description: String::new(),
            },
            NewParty {
                role: PartyRole::Perpetrator,
                person: None,
                description: "Man, not known to her".into(),
            },
        ],
        occurred_at: Some(
            (Local::now() - Duration::days(1))
                .date_naive()
                .and_hms_opt(21, 0, 0)
                .unwrap(),
        ),
        time_approximate: true,
        location: "Bus stop on Clarence Street".into(),
        narrative: "Shouted racist and anti-Muslim abuse and spat at her.".into(),
        strands: vec!["race_or_ethnicity".into(), "religion_or_belief".into()],
        evidence: vec!["cctv".into()],
        evidence_notes: "There may be CCTV on the bus.".into(),
        follow_up: Some(NewFollowUp {
            due: Local::now().date_naive() + Duration::days(3),
            due_time: None,
            assignee: None,
            priority: Priority::Normal,
            action: "Call back with advice".into(),
        }),
        channel: Channel::Direct,
        ..Default::default()
    }
}

/// Wang Xiuying's report, her family name first.
fn wang_intake() -> IntakeRequest {
    let wang = NewPerson {
        given_names: "秀英".into(),
        family_name: Some("王".into()),
        name_order: Some(caseline::domain::NameOrder::FamilyFirst),
        other_names: vec!["Wang Xiuying".into()],
        ..Default::default()
    };
    IntakeRequest {
        parties: vec![NewParty {
            role: PartyRole::Victim,
            person: Some(PersonRef::New(wang)),
            description: String::new(),
        }],
        location: "Workplace".into(),
        narrative: "Comments about her accent from a manager.".into(),
        characteristics: vec!["race".into()],
        ..Default::default()
    }
}

/// A case from Amina's report, with a phone call and its correction, a follow-up and a
/// referral to `org`.
fn casework(
    svc: &Caseline,
    incident: IncidentId,
    org: OrganisationId,
) -> Result<(), Box<dyn std::error::Error>> {
    let case = svc.open_case(OpenCase {
        kind: "hate_crime".into(),
        incidents: vec![incident],
        summary: "Abuse at a bus stop".into(),
        ..Default::default()
    })?;
    let note = svc.add_timeline_entry(NewEntry {
        case: case.id,
        at: None,
        kind: EntryKind::PhoneCall {
            direction: Direction::Outgoing,
            with: "Client".into(),
            minutes: Some(12),
        },
        text: "Explained options for reporting.".into(),
        corrects: None,
    })?;
    svc.add_timeline_entry(NewEntry {
        case: case.id,
        at: None,
        kind: EntryKind::Note,
        text: "Call lasted 15 minutes, not 12.".into(),
        corrects: Some(note),
    })?;
    svc.add_follow_up(
        Subject::Case(case.id),
        NewFollowUp {
            due: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            due_time: None,
            assignee: None,
            priority: Priority::High,
            action: "Chase CCTV".into(),
        },
    )?;
    // Written as schema 1 stored it: an outgoing referral, made, with consent. Today's
    // code stores a sent referral with the consent recorded in full.
    let referral = svc.start_referral(NewReferral {
        case: case.id,
        direction: Direction::Outgoing,
        organisation: Some(OrganisationRef::Existing(org)),
        agency_kind: "community_group".into(),
        on: Local::now().date_naive(),
        reason: "Peer support in Somali".into(),
        shared: String::new(),
        their_reference: None,
        consent: Some(ShareConsent {
            given_by: "the client".into(),
            given_on: Local::now().date_naive(),
            how: ConsentMethod::NotRecorded,
            recipients: vec!["community_group".into()],
            withheld: String::new(),
        }),
        signpost: false,
    })?;
    svc.move_referral(
        referral,
        ReferralMove {
            to: ReferralStatus::Sent,
            note: String::new(),
            override_reason: None,
        },
    )?;
    Ok(())
}
