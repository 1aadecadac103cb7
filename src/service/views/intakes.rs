//! Recent intakes, and one intake with the people in it.

use serde::{Deserialize, Serialize};

use crate::domain::{CaseId, Incident, IncidentId, ListKind, Organisation, PartyRole, Person};
use crate::service::{Caseline, Result};

/// Intakes the recent list shows at most.
const RECENT: usize = 200;

/// One row of the recent intakes list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeRow {
    pub id: IncidentId,
    pub reported: String,
    pub caller: String,
    pub location: String,
    pub strands: String,
}

/// An incident with the people in it, for the detail screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentDetail {
    pub incident: Incident,
    pub people: Vec<Person>,
    /// Reference list labels for its codes.
    pub labels: Vec<(String, String)>,
    /// The reporting centre's name, for a report that came through one.
    pub centre: Option<String>,
}

impl Caseline {
    /// The newest intakes, as the recent list shows them.
    pub fn recent_intakes(&self) -> Result<Vec<IntakeRow>> {
        let mut rows = Vec::new();
        for incident in self.recent_incidents(RECENT)? {
            rows.push(IntakeRow {
                id: incident.id,
                reported: crate::domain::clock::local(incident.reported_at)
                    .format("%a %-d %b %H:%M")
                    .to_string(),
                caller: match incident.possible_duplicate {
                    // For a caseworker to check, and merge the two records if one.
                    true => format!("{} (possible duplicate)", self.caller_name(&incident)),
                    false => self.caller_name(&incident),
                },
                location: incident.location.clone(),
                strands: self.labels(ListKind::Strand, &incident.strands).join(", "),
            });
        }
        Ok(rows)
    }

    fn caller_name(&self, incident: &Incident) -> String {
        self.caller(incident).unwrap_or_else(|| "—".into())
    }

    /// Who an intake was taken from, as lists name them; `None` when nobody is named.
    pub(super) fn caller(&self, incident: &Incident) -> Option<String> {
        if incident.anonymous {
            return Some("(anonymous)".into());
        }
        let id = incident
            .people_in(PartyRole::Victim)
            .chain(incident.people_in(PartyRole::Reporter))
            .next();
        id.and_then(|id| self.person(id).ok())
            .map(|p| p.display_name())
    }

    /// An intake with its people. Their details are shown, so each read is recorded
    /// in the audit log.
    pub fn intake_detail(&self, id: IncidentId) -> Result<IncidentDetail> {
        let incident = self.incident(id)?;
        let people: Vec<Person> = incident
            .parties
            .iter()
            .filter_map(|p| p.person)
            .filter_map(|id| self.view_person(id).ok())
            .collect();
        let mut labels = Vec::new();
        for kind in [
            ListKind::Strand,
            ListKind::ProtectedCharacteristic,
            ListKind::EvidenceKind,
        ] {
            labels.extend(
                self.reference_list(kind)
                    .entries
                    .iter()
                    .map(|e| (e.code.clone(), e.label.clone())),
            );
        }
        let centre = incident
            .channel
            .centre_report()
            .and_then(|r| r.centre)
            .and_then(|id| self.vault().get::<Organisation>(&id.0.to_bytes()).ok()?)
            .map(|o| o.name);
        Ok(IncidentDetail {
            incident,
            people,
            labels,
            centre,
        })
    }

    /// The reports a case came from, oldest first, each with its people: what the
    /// case screen opens in one key. Every person shown is an audited view.
    pub fn case_reports(&self, id: CaseId) -> Result<Vec<IncidentDetail>> {
        self.require(crate::service::Operation::ReadCasework)?;
        let case = self.case(id)?;
        let mut reports: Vec<IncidentDetail> = case
            .incidents
            .iter()
            .map(|i| self.intake_detail(*i))
            .collect::<Result<_>>()?;
        // Ids are made in order: they settle reports taken in the same second.
        reports.sort_by_key(|d| (d.incident.reported_at, d.incident.id.0));
        Ok(reports)
    }
}
