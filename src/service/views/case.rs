//! A case with everything its screen shows, and who its link dialog offers.

use serde::{Deserialize, Serialize};

use super::Team;
use crate::domain::{Case, CaseId, FollowUp, Incident, OrganisationId, PersonId, TimelineEntry};
use crate::service::{Caseline, Link, Result};

/// A case with everything its screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDetail {
    pub case: Case,
    /// The first complainant's name.
    pub client: Option<String>,
    /// In the order things happened.
    pub timeline: Vec<TimelineEntry>,
    /// By due date, done ones included.
    pub follow_ups: Vec<FollowUp>,
    pub team: Team,
    /// The case's people, then its organisations, with their names as stored.
    pub links: Vec<Named>,
    /// The reports the case came from, oldest first.
    pub reports: Vec<Incident>,
}

/// A link of a case with the name it stands for (stored text: made inert to show).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub link: Link,
    pub name: String,
}

/// Who the link dialog offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkChoices {
    pub case: CaseId,
    /// People on the case's intakes or already linked, once each.
    pub people: Vec<(PersonId, String)>,
    /// The directory, by name.
    pub directory: Vec<(OrganisationId, String)>,
    /// What is linked now, to offer for removal.
    pub linked: Vec<Named>,
}

impl Caseline {
    /// A case as its screen shows it. It is shown to the user, so the read is
    /// recorded in the audit log.
    pub fn case_detail(&self, id: CaseId) -> Result<CaseDetail> {
        self.require(crate::service::Operation::ReadCasework)?;
        let case = self.view_case(id)?;
        let mut reports = Vec::new();
        for incident in &case.incidents {
            reports.push(self.incident(*incident)?);
        }
        reports.sort_by_key(|i| i.reported_at);
        Ok(CaseDetail {
            links: self.named_links(&case),
            client: self.client_name(id)?,
            timeline: self.timeline(id)?,
            follow_ups: self.follow_ups_for_case(id)?,
            team: self.team()?,
            reports,
            case,
        })
    }

    /// A case's links with the names they stand for; a record that cannot be read
    /// shows as a dash rather than failing the whole case.
    fn named_links(&self, case: &Case) -> Vec<Named> {
        let people = case.people.iter().map(|cp| Named {
            link: Link::Person(cp.clone()),
            name: self
                .person(cp.person)
                .map(|p| p.display_name())
                .unwrap_or_else(|_| "—".into()),
        });
        let orgs = case.organisations.iter().map(|co| Named {
            link: Link::Organisation(co.clone()),
            name: self
                .organisation(co.organisation)
                .map(|o| o.name)
                .unwrap_or_else(|_| "—".into()),
        });
        people.chain(orgs).collect()
    }

    /// Who the link dialog offers: the people of the case's intakes and those already
    /// linked (once each, in that order), and the directory by name.
    pub fn link_choices(&self, id: CaseId) -> Result<LinkChoices> {
        self.require(crate::service::Operation::ReadCasework)?;
        let case = self.case(id)?;
        let mut ids: Vec<PersonId> = Vec::new();
        for incident in &case.incidents {
            ids.extend(
                self.incident(*incident)?
                    .parties
                    .iter()
                    .filter_map(|p| p.person),
            );
        }
        ids.extend(case.people.iter().map(|cp| cp.person));
        let mut people = Vec::new();
        for person in ids {
            if !people.iter().any(|(p, _)| *p == person) {
                people.push((person, self.person(person)?.display_name()));
            }
        }
        let mut directory = Vec::new();
        for org in self.organisations() {
            let org = org?;
            directory.push((org.id, org.name));
        }
        directory.sort_by_cached_key(|(_, name)| crate::domain::fold::fold(name));
        Ok(LinkChoices {
            case: id,
            people,
            directory,
            linked: self.named_links(&case),
        })
    }
}
