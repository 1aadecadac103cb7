//! Recording an intake: the incident, the people in it, and what happens next, in one
//! transaction.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::follow_ups::NewFollowUp;
use super::people::NewPerson;
use super::{Caseline, Error, Result};
use crate::domain::{
    CentreConsent, Channel, Classification, FollowUpId, Id, Incident, IncidentId, ListKind,
    LocationKind, Organisation, Party, PartyRole, Person, PersonId, PoliceReport, Problems,
    Subject,
};

/// A person in a request: one already stored, or one to create.
// A request is built once per intake, so the size difference costs nothing; boxing
// would only make every caller noisier.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonRef {
    Existing(PersonId),
    New(NewPerson),
}

/// Someone involved in the incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewParty {
    pub role: PartyRole,
    pub person: Option<PersonRef>,
    pub description: String,
}

/// Everything the intake form collects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeRequest {
    pub parties: Vec<NewParty>,
    pub anonymous: bool,
    pub channel: Channel,
    pub occurred_at: Option<NaiveDateTime>,
    pub time_approximate: bool,
    pub location: String,
    /// The kind of place, from a fixed list.
    pub location_kind: LocationKind,
    pub postcode: Option<String>,
    pub narrative: String,
    pub strands: Vec<String>,
    pub characteristics: Vec<String>,
    pub perception_based: bool,
    pub classification: Classification,
    pub evidence: Vec<String>,
    pub evidence_notes: String,
    pub police: PoliceReport,
    /// What happens next.
    pub follow_up: Option<NewFollowUp>,
    /// The draft this intake was typed in; marked done in the same transaction so the
    /// draft is never offered again, even if the program stops before removing it.
    pub from_draft: Option<Id>,
}

impl Default for IntakeRequest {
    fn default() -> Self {
        IntakeRequest {
            parties: Vec::new(),
            anonymous: false,
            channel: Channel::Direct,
            occurred_at: None,
            time_approximate: false,
            location: String::new(),
            location_kind: LocationKind::NotRecorded,
            postcode: None,
            narrative: String::new(),
            strands: Vec::new(),
            characteristics: Vec::new(),
            perception_based: true,
            classification: Classification::NotKnown,
            evidence: Vec::new(),
            evidence_notes: String::new(),
            police: PoliceReport::default(),
            follow_up: None,
            from_draft: None,
        }
    }
}

/// What an intake created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeSaved {
    pub incident: IncidentId,
    /// People created by this intake (existing people are not repeated).
    pub new_people: Vec<PersonId>,
    pub follow_up: Option<FollowUpId>,
}

impl Caseline {
    /// Records an intake. Everything lands together, flushed to disk, or nothing does.
    pub fn record_intake(&self, mut req: IntakeRequest) -> Result<IntakeSaved> {
        self.require(super::Operation::Intake)?;
        self.check_centre_login(&mut req)?;
        let _guard = self.write_guard();
        let mut problems = Problems::new();
        self.check_centre_report(&mut req, &mut problems)?;
        let (parties, new_people) = self.intake_parties(req.parties, &mut problems)?;
        let possible_duplicate = self.any_elsewhere(&new_people)?;
        let incident = Incident {
            id: IncidentId::new(),
            occurred_at: req.occurred_at,
            time_approximate: req.time_approximate,
            location: req.location.trim().to_string(),
            postcode: req
                .postcode
                .map(|p| crate::domain::person::normalise_postcode(&p))
                .filter(|p| !p.is_empty()),
            narrative: req.narrative,
            strands: req.strands,
            characteristics: req.characteristics,
            perception_based: req.perception_based,
            classification: req.classification,
            evidence: req.evidence,
            evidence_notes: req.evidence_notes,
            parties,
            police: req.police,
            channel: req.channel,
            anonymous: req.anonymous,
            reported_at: self.now(),
            recorded_by: self.actor().id,
            possible_duplicate,
            location_kind: req.location_kind,
        };
        problems.0.extend(self.check_incident(&incident).0);
        let follow_up = req
            .follow_up
            .map(|f| self.build_follow_up(f, Subject::Incident(incident.id), &mut problems));
        problems
            .into_result()
            .map_err(|p| Error::invalid("intake", p))?;

        let mut changes = self.changes();
        for person in &new_people {
            changes.put(person);
        }
        changes.put(&incident);
        if let Some(f) = &follow_up {
            self.stage_follow_up(&mut changes, None, f)?;
        }
        if let Some(d) = req.from_draft {
            changes.mark_draft_saved(d, incident.id.0);
        }
        self.vault().commit(changes)?;
        if let Some(d) = req.from_draft {
            // The intake is saved; a draft left behind is recognised and dropped at the
            // next load, so failing to remove it now must not report the save as failed.
            let _ = self.discard_saved_draft(d);
        }
        Ok(IntakeSaved {
            incident: incident.id,
            new_people: new_people.iter().map(|p| p.id).collect(),
            follow_up: follow_up.map(|f| f.id),
        })
    }

    /// The parties of an intake as stored, with the people to create for them; a
    /// reference to a person not stored, or a new person who breaks the rules, is a
    /// problem named by the party's place.
    fn intake_parties(
        &self,
        requested: Vec<NewParty>,
        problems: &mut Problems,
    ) -> Result<(Vec<Party>, Vec<Person>)> {
        let mut new_people: Vec<Person> = Vec::new();
        let mut parties = Vec::new();
        for (i, party) in requested.into_iter().enumerate() {
            let person = match party.person {
                None => None,
                Some(PersonRef::Existing(id)) => {
                    match self.vault().get::<Person>(&id.0.to_bytes())? {
                        None => {
                            problems.add(format!("parties[{i}].person"), "is not a stored person")
                        }
                        Some(p) if !self.may_see_person(&p)? => {
                            return Err(super::access::refused("that person"));
                        }
                        Some(_) => {}
                    }
                    Some(id)
                }
                Some(PersonRef::New(np)) => {
                    let person = np.into_person(self.actor().id, self.now());
                    problems.nest(&format!("parties[{i}].person"), self.check_person(&person));
                    let id = person.id;
                    new_people.push(person);
                    Some(id)
                }
            };
            parties.push(Party {
                role: party.role,
                person,
                description: party.description.trim().to_string(),
            });
        }
        Ok((parties, new_people))
    }

    /// Whether a new person of an intake may already be on file out of the actor's
    /// sight (a volunteer's): the intake is then marked for a caseworker to check.
    fn any_elsewhere(&self, people: &[Person]) -> Result<bool> {
        if self.sees_everything() || self.is_centre() {
            return Ok(false);
        }
        for p in people {
            let q = super::PersonQuery {
                name: p.display_name(),
                phone: p.contact.phone.clone().unwrap_or_default(),
                postcode: p.contact.postcode.clone().unwrap_or_default(),
            };
            if self.caller_elsewhere(&q)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// A reporting centre's login records reports for its own centre only, and leaves
    /// what happens next to the council. A report with no centre named is its centre's.
    fn check_centre_login(&self, req: &mut IntakeRequest) -> Result<()> {
        let Some(mine) = self.my_centre() else {
            if self.is_centre() {
                return Err(Error::NotPermitted(
                    "this reporting centre's login has no centre: ask an administrator".into(),
                ));
            }
            return Ok(());
        };
        let Channel::ReportingCentre(report) = &mut req.channel else {
            return Err(Error::NotPermitted(
                "a reporting centre's login records only reports made to its centre".into(),
            ));
        };
        match report.centre {
            None => report.centre = Some(mine),
            Some(c) if c != mine => {
                return Err(Error::NotPermitted(
                    "a reporting centre's login records only its own centre's reports".into(),
                ));
            }
            Some(_) => {}
        }
        if req.follow_up.is_some() {
            return Err(Error::NotPermitted(
                "follow-ups are set by the council, not by a reporting centre".into(),
            ));
        }
        Ok(())
    }

    /// A report through a centre names a centre in the directory; an anonymous report
    /// (so marked, or anonymous at the centre) holds no caller or victim as a person.
    fn check_centre_report(&self, req: &mut IntakeRequest, problems: &mut Problems) -> Result<()> {
        if let Some(report) = req.channel.centre_report() {
            if report.consent == CentreConsent::Anonymous {
                req.anonymous = true;
            }
            if let Some(id) = report.centre {
                let centre: Option<Organisation> = self.vault().get(&id.0.to_bytes())?;
                problems.check(
                    !centre.is_some_and(|o| o.reporting_centre),
                    "channel.centre",
                    "is not a reporting centre in the directory",
                );
            }
        }
        if req.anonymous {
            for (i, party) in req.parties.iter().enumerate() {
                problems.check(
                    matches!(party.role, PartyRole::Victim | PartyRole::Reporter)
                        && party.person.is_some(),
                    &format!("parties[{i}].person"),
                    "an anonymous report holds no name or contact details of the caller or victim",
                );
            }
        }
        Ok(())
    }

    /// Checks an incident against the domain rules and the reference lists.
    pub(crate) fn check_incident(&self, incident: &Incident) -> Problems {
        let mut p = incident.validate();
        self.check_codes(&mut p, ListKind::Strand, "strands", &incident.strands);
        self.check_codes(
            &mut p,
            ListKind::ProtectedCharacteristic,
            "characteristics",
            &incident.characteristics,
        );
        self.check_codes(
            &mut p,
            ListKind::EvidenceKind,
            "evidence",
            &incident.evidence,
        );
        if let Channel::Referral { source } = &incident.channel {
            self.check_code(
                &mut p,
                ListKind::ReferralSource,
                "channel.source",
                Some(source),
            );
        }
        p
    }

    /// Reads an incident.
    pub fn incident(&self, id: IncidentId) -> Result<Incident> {
        let incident: Incident = self
            .vault()
            .get(&id.0.to_bytes())?
            .ok_or_else(|| Error::not_found("incident", id))?;
        if !self.may_see_incident(&incident)? {
            return Err(super::access::refused("that intake"));
        }
        Ok(incident)
    }

    /// The most recently recorded incidents, newest first.
    pub fn recent_incidents(&self, limit: usize) -> Result<Vec<Incident>> {
        if self.sees_everything() {
            return Ok(self.vault().newest(limit)?);
        }
        // The newest of those the volunteer may see: the last `limit` of them in order.
        let mut newest = std::collections::VecDeque::with_capacity(limit.min(1024));
        for incident in self.incidents() {
            if newest.len() == limit {
                newest.pop_front();
            }
            newest.push_back(incident?);
        }
        Ok(newest.into_iter().rev().take(limit).collect())
    }

    /// Every incident the actor may see, oldest first.
    pub fn incidents(&self) -> impl Iterator<Item = Result<Incident>> + '_ {
        let all = self
            .vault()
            .scan::<Incident>()
            .map(|r| r.map_err(Error::from));
        let me = self.actor().id;
        self.visible(all, move |reach, i| {
            i.recorded_by == me || reach.incidents.contains(&i.id)
        })
    }
}
