//! Older shapes of stored records, kept so that values written by an earlier caseline
//! still open: each is read through its old type and turned into the current one.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;

use super::codec::{self, CodecError};
use crate::domain::{
    CentreConsent, CentreReport, Channel, Classification, Consents, Contact, Incident, IncidentId,
    Monitoring, OrganisationId, Party, Person, PersonId, PoliceReport, Role, SafeContact, User,
    UserId,
};

/// How schema 1 stored an incident's channel: a reporting centre was only its id.
#[derive(Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
enum ChannelV1 {
    Direct,
    OnBehalf,
    ReportingCentre { centre: Option<OrganisationId> },
    Referral { source: String },
}

/// An incident as schema 1 stored it, before the reporting centre's reference, date
/// and consent level were recorded.
#[derive(Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
struct IncidentV1 {
    id: IncidentId,
    occurred_at: Option<NaiveDateTime>,
    time_approximate: bool,
    location: String,
    postcode: Option<String>,
    narrative: String,
    strands: Vec<String>,
    characteristics: Vec<String>,
    perception_based: bool,
    classification: Classification,
    evidence: Vec<String>,
    evidence_notes: String,
    parties: Vec<Party>,
    police: PoliceReport,
    channel: ChannelV1,
    anonymous: bool,
    reported_at: DateTime<Utc>,
    recorded_by: UserId,
}

/// Reads an incident stored with an older schema.
pub fn incident(schema: u16, plaintext: &[u8]) -> Result<Incident, CodecError> {
    match schema {
        1 => incident_v1(codec::from_bincode(plaintext)?),
        2 => Ok(codec::from_bincode::<super::incident_v2::IncidentV2>(plaintext)?.into()),
        other => Err(CodecError::UnknownSchema(other)),
    }
}

fn incident_v1(i: IncidentV1) -> Result<Incident, CodecError> {
    let channel = match i.channel {
        ChannelV1::Direct => Channel::Direct,
        ChannelV1::OnBehalf => Channel::OnBehalf,
        ChannelV1::Referral { source } => Channel::Referral { source },
        // The level was never asked; an anonymous report says the most that is known.
        ChannelV1::ReportingCentre { centre } => Channel::ReportingCentre(CentreReport {
            centre,
            consent: if i.anonymous {
                CentreConsent::Anonymous
            } else {
                CentreConsent::NotRecorded
            },
            ..CentreReport::default()
        }),
    };
    // Schema 2 is schema 1 with the centre's report; the step to now is schema 2's.
    Ok(super::incident_v2::IncidentV2 {
        id: i.id,
        occurred_at: i.occurred_at,
        time_approximate: i.time_approximate,
        location: i.location,
        postcode: i.postcode,
        narrative: i.narrative,
        strands: i.strands,
        characteristics: i.characteristics,
        perception_based: i.perception_based,
        classification: i.classification,
        evidence: i.evidence,
        evidence_notes: i.evidence_notes,
        parties: i.parties,
        police: i.police,
        channel,
        anonymous: i.anonymous,
        reported_at: i.reported_at,
        recorded_by: i.recorded_by,
        possible_duplicate: false,
    }
    .into())
}

/// A person as schema 1 stored them, before changes to their details were kept.
#[derive(Deserialize)]
struct PersonV1 {
    id: PersonId,
    given_names: String,
    family_name: Option<String>,
    family_name_first: bool,
    other_names: Vec<String>,
    contact: Contact,
    safe_contact: SafeContact,
    languages: Vec<String>,
    interpreter_needed: bool,
    monitoring: Monitoring,
    consents: Consents,
    safeguarding: Vec<String>,
    notes: String,
    created_at: DateTime<Utc>,
    created_by: UserId,
    updated_at: DateTime<Utc>,
}

/// Reads a person stored with an older schema.
pub fn person(schema: u16, plaintext: &[u8]) -> Result<Person, CodecError> {
    if schema != 1 {
        return Err(CodecError::UnknownSchema(schema));
    }
    let p: PersonV1 = codec::from_bincode(plaintext)?;
    Ok(Person {
        id: p.id,
        given_names: p.given_names,
        family_name: p.family_name,
        family_name_first: p.family_name_first,
        other_names: p.other_names,
        contact: p.contact,
        safe_contact: p.safe_contact,
        languages: p.languages,
        interpreter_needed: p.interpreter_needed,
        monitoring: p.monitoring,
        consents: p.consents,
        safeguarding: p.safeguarding,
        notes: p.notes,
        created_at: p.created_at,
        created_by: p.created_by,
        updated_at: p.updated_at,
        history: Vec::new(),
    })
}

/// A user as schema 1 stored them, before a login could belong to a reporting centre.
#[derive(Deserialize)]
struct UserV1 {
    id: UserId,
    login: String,
    display_name: String,
    role: Role,
    active: bool,
    recovery: bool,
    created_at: DateTime<Utc>,
}

/// Reads a user stored with an older schema.
pub fn user(schema: u16, plaintext: &[u8]) -> Result<User, CodecError> {
    if schema != 1 {
        return Err(CodecError::UnknownSchema(schema));
    }
    let u: UserV1 = codec::from_bincode(plaintext)?;
    Ok(User {
        id: u.id,
        login: u.login,
        display_name: u.display_name,
        role: u.role,
        centre: None,
        active: u.active,
        recovery: u.recovery,
        created_at: u.created_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Answer;

    /// Schema 1's bytes, written through the old shape's own field order.
    fn v1_bytes(channel: ChannelV1, anonymous: bool) -> Vec<u8> {
        let old = IncidentV1 {
            id: IncidentId::new(),
            occurred_at: None,
            time_approximate: false,
            location: "Clarence Street".into(),
            postcode: None,
            narrative: "Shouted at.".into(),
            strands: vec!["race_or_ethnicity".into()],
            characteristics: Vec::new(),
            perception_based: true,
            classification: Classification::NotKnown,
            evidence: Vec::new(),
            evidence_notes: String::new(),
            parties: Vec::new(),
            police: PoliceReport {
                reported: Answer::No,
                ..PoliceReport::default()
            },
            channel,
            anonymous,
            reported_at: chrono::DateTime::UNIX_EPOCH,
            recorded_by: UserId::new(),
        };
        codec::to_bincode(&old)
    }

    #[test]
    fn a_centre_report_of_schema_1_keeps_its_centre() {
        let centre = OrganisationId::new();
        let bytes = v1_bytes(
            ChannelV1::ReportingCentre {
                centre: Some(centre),
            },
            true,
        );
        let i = incident(1, &bytes).unwrap();
        let report = i.channel.centre_report().unwrap();
        assert_eq!(report.centre, Some(centre));
        assert_eq!(report.consent, CentreConsent::Anonymous);
        assert_eq!(report.reference, None);
        assert_eq!(i.location, "Clarence Street");
        assert!(i.validate().is_empty(), "{:?}", i.validate());
    }

    #[test]
    fn other_channels_of_schema_1_read_as_they_were() {
        let bytes = v1_bytes(
            ChannelV1::Referral {
                source: "police".into(),
            },
            false,
        );
        let i = incident(1, &bytes).unwrap();
        assert_eq!(
            i.channel,
            Channel::Referral {
                source: "police".into()
            }
        );
        assert!(incident(3, &bytes).is_err());
        assert!(matches!(
            incident(1, &bytes[..bytes.len() - 1]),
            Err(CodecError::Malformed(_))
        ));
    }
}
