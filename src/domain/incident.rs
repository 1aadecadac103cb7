//! A reported incident: what happened, when, where, why it was felt to be hostile.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::{IncidentId, OrganisationId, PersonId, UserId};
use super::person::Answer;
use super::validation::{Problems, check_line, check_opt_line, check_text};

/// What part a person played in an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    /// The person the incident was aimed at.
    Victim,
    /// Someone reporting for the victim (family, friend, support worker).
    Reporter,
    Perpetrator,
    Witness,
}

/// A person involved. A perpetrator is often unknown: then only a description is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub role: PartyRole,
    pub person: Option<PersonId>,
    /// "Man in his 30s, grey hoodie", when there is no person record.
    pub description: String,
}

/// How the report reached the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Channel {
    /// The victim contacted us.
    Direct,
    /// Someone else called on the victim's behalf.
    OnBehalf,
    /// A third-party reporting centre passed the report on.
    ReportingCentre(CentreReport),
    /// Referred by an agency; `source` is a code from the `referral_source` list.
    Referral { source: String },
}

/// What the person who reported to a centre agreed the council may do with it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CentreConsent {
    /// Recorded before the centre's consent level was asked.
    #[default]
    NotRecorded,
    /// No identity at all: the report holds no identifying details.
    Anonymous,
    /// Identity kept, but the report may go to the police only without it.
    IntelligenceOnly,
    /// Identity kept, and may be shared as a full report.
    Full,
}

impl CentreConsent {
    /// Every level, for forms and commands, with the code each is stored under.
    pub const ALL: [CentreConsent; 4] = [
        CentreConsent::NotRecorded,
        CentreConsent::Anonymous,
        CentreConsent::IntelligenceOnly,
        CentreConsent::Full,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CentreConsent::NotRecorded => "not_recorded",
            CentreConsent::Anonymous => "anonymous",
            CentreConsent::IntelligenceOnly => "intelligence_only",
            CentreConsent::Full => "full",
        }
    }

    /// The level in words, as screens show it.
    pub fn label(self) -> &'static str {
        match self {
            CentreConsent::NotRecorded => "Not recorded",
            CentreConsent::Anonymous => "Anonymous: no identity given",
            CentreConsent::IntelligenceOnly => "Intelligence only: to police without identity",
            CentreConsent::Full => "Full report, identity included",
        }
    }

    pub fn from_code(code: &str) -> Option<CentreConsent> {
        CentreConsent::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// A report passed on by a third-party reporting centre: which centre, its own
/// reference, when the report was made to it, and what the reporter agreed to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CentreReport {
    /// An organisation in the directory marked as a reporting centre.
    pub centre: Option<OrganisationId>,
    /// The centre's own reference for the report.
    #[serde(default)]
    pub reference: Option<String>,
    /// The day the report was made to the centre (often days before it reaches us).
    #[serde(default)]
    pub reported_on: Option<NaiveDate>,
    #[serde(default)]
    pub consent: CentreConsent,
}

impl Channel {
    /// The reporting centre's part, for a report that came through one.
    pub fn centre_report(&self) -> Option<&CentreReport> {
        match self {
            Channel::ReportingCentre(r) => Some(r),
            _ => None,
        }
    }
}

/// Crime or non-crime hate incident, as police classify them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    #[default]
    NotKnown,
    Crime,
    NonCrimeIncident,
}

/// Whether and how the police were told.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PoliceReport {
    pub reported: Answer,
    pub force: Option<String>,
    pub crime_reference: Option<String>,
    pub reported_at: Option<NaiveDateTime>,
}

/// An incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    pub id: IncidentId,
    /// When it happened, local time, if known.
    pub occurred_at: Option<NaiveDateTime>,
    /// The time is approximate ("about 9pm").
    pub time_approximate: bool,
    /// Where, in words ("bus stop on Clarence Street").
    pub location: String,
    pub postcode: Option<String>,
    /// What happened, in the caller's words.
    pub narrative: String,
    /// Codes from the `strand` list; there may be several.
    pub strands: Vec<String>,
    /// Codes from the `protected_characteristic` list.
    pub characteristics: Vec<String>,
    /// Perceived as hostile by the victim or another person: the test for recording.
    pub perception_based: bool,
    pub classification: Classification,
    /// Codes from the `evidence_kind` list.
    pub evidence: Vec<String>,
    pub evidence_notes: String,
    pub parties: Vec<Party>,
    pub police: PoliceReport,
    pub channel: Channel,
    /// The reporter gave no identity; no victim person record is required.
    pub anonymous: bool,
    /// When the report was taken.
    pub reported_at: DateTime<Utc>,
    pub recorded_by: UserId,
    /// Taken by someone who could not see a person on file who matches the caller: a
    /// caseworker should check, and merge the two if they are one.
    #[serde(default)]
    pub possible_duplicate: bool,
    /// The kind of place (schema 3); older incidents and exports have none recorded.
    #[serde(default)]
    pub location_kind: super::LocationKind,
}

impl Incident {
    /// People in a role.
    pub fn people_in(&self, role: PartyRole) -> impl Iterator<Item = PersonId> + '_ {
        self.parties
            .iter()
            .filter(move |p| p.role == role)
            .filter_map(|p| p.person)
    }

    /// Whether `person` has any part in the incident.
    pub fn people_in_any(&self, person: PersonId) -> bool {
        self.parties.iter().any(|p| p.person == Some(person))
    }

    /// Whether a caller or victim is a person record (a name, contact details): what
    /// an anonymous report must not hold. A description is not a person.
    pub fn identifies_someone(&self) -> bool {
        self.people_in(PartyRole::Victim)
            .chain(self.people_in(PartyRole::Reporter))
            .next()
            .is_some()
    }

    /// Rules every stored incident meets.
    pub fn validate(&self) -> Problems {
        // A list over its cap is all that is said: the rules below look at each entry.
        let mut p = self.oversized_lists();
        if !p.is_empty() {
            return p;
        }
        check_line(&mut p, "location", &self.location);
        check_text(&mut p, "narrative", &self.narrative);
        check_text(&mut p, "evidence_notes", &self.evidence_notes);
        p.check(
            self.narrative.trim().is_empty() && self.location.trim().is_empty(),
            "narrative",
            "say what happened (a sentence will do)",
        );
        if let Some(pc) = &self.postcode {
            p.check(
                !super::person::is_postcode(pc),
                "postcode",
                "is not a UK postcode (like KT1 2AB)",
            );
        }
        if let Some(at) = self.occurred_at {
            let latest = (self.reported_at + chrono::Duration::days(1)).naive_utc();
            p.check(at > latest, "occurred_at", "is after the report was made");
        }
        if let Some(r) = self.channel.centre_report() {
            check_opt_line(&mut p, "channel.reference", &r.reference);
            if let Some(on) = r.reported_on {
                p.check(
                    on > self.reported_at.date_naive() + chrono::Duration::days(1),
                    "channel.reported_on",
                    "is after the report reached us",
                );
            }
            p.check(
                r.consent == CentreConsent::Anonymous && !self.anonymous,
                "channel.consent",
                "an anonymous centre report must be recorded as anonymous",
            );
            p.check(
                r.consent == CentreConsent::Anonymous && self.identifies_someone(),
                "parties",
                "an anonymous report holds no name or contact details of the caller or victim",
            );
        }
        check_opt_line(&mut p, "police.force", &self.police.force);
        check_opt_line(
            &mut p,
            "police.crime_reference",
            &self.police.crime_reference,
        );
        p.check(
            self.police.reported != Answer::Yes && self.police.crime_reference.is_some(),
            "police.reported",
            "a crime reference needs \"reported to police\" set to yes",
        );
        for (i, party) in self.parties.iter().enumerate() {
            let f = format!("parties[{i}].description");
            check_line(&mut p, &f, &party.description);
            p.check(
                party.person.is_none() && party.description.trim().is_empty(),
                &f,
                "name a person or describe them",
            );
        }
        p.check(
            !self.anonymous
                && matches!(self.channel, Channel::Direct)
                && self.people_in(PartyRole::Victim).next().is_none()
                && self.people_in(PartyRole::Reporter).next().is_none(),
            "parties",
            "a report that is not anonymous needs the caller or victim",
        );
        p
    }
}
