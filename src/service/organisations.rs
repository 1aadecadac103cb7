//! The directory of organisations: adding and editing entries (caseworkers and
//! administrators; volunteers read), and the log of consultations, which warns before a
//! group run by volunteers is asked once too often.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Caseline, Error, Result};
use crate::domain::{
    AuditAction, AuditNote, Consultation, ListKind, MeetingTime, Organisation, OrganisationId,
    Problems,
};
use crate::store::Kind;

/// An organisation's directory entry, as added or edited.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrganisation {
    pub name: String,
    /// Code from the `agency_kind` list.
    pub kind: String,
    /// Communities served, in words.
    pub communities: Vec<String>,
    /// Services offered, in words.
    pub services: Vec<String>,
    /// Codes from the `language` list.
    pub languages: Vec<String>,
    pub meets: Vec<MeetingTime>,
    pub contact_person: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub reporting_centre: bool,
    pub notes: String,
}

/// A consultation to log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogConsultation {
    pub organisation: OrganisationId,
    pub on: NaiveDate,
    pub topic: String,
    /// The worker saw the overload warning and logs it anyway.
    pub despite_warning: bool,
}

/// What logging a consultation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsultationLogged {
    /// Logged; `lately` counts it among the consultations of the last 90 days.
    Logged { lately: usize },
    /// Not logged: the group has been consulted `lately` times in 90 days, at or over
    /// the administrator's `limit`. Ask again with `despite_warning` to log it.
    Overloaded { lately: usize, limit: u32 },
}

/// Trims the words of a list and drops the empty ones.
fn tidy_words(list: Vec<String>) -> Vec<String> {
    list.into_iter()
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

impl NewOrganisation {
    /// Writes the entry's fields onto `org`, tidied: what an add and an edit share.
    pub(super) fn apply_to(self, org: &mut Organisation) {
        let tidy = |s: Option<String>| s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        org.name = self.name.trim().to_string();
        org.kind = self.kind;
        org.communities = tidy_words(self.communities);
        org.services = tidy_words(self.services);
        org.languages = self.languages;
        org.meets = self.meets;
        org.contact_person = tidy(self.contact_person);
        org.phone = tidy(self.phone);
        org.email = tidy(self.email);
        org.address = tidy(self.address);
        org.reporting_centre = self.reporting_centre;
        org.notes = self.notes.trim_end().to_string();
    }
}

impl Caseline {
    /// Adds an organisation to the directory.
    pub fn add_organisation(&self, req: NewOrganisation) -> Result<OrganisationId> {
        self.require(super::Operation::Organisations)?;
        let _guard = self.write_guard();
        let mut org = Organisation::named("", String::new(), self.actor().id, self.now());
        req.apply_to(&mut org);
        self.check_organisation(&org)?;
        let mut changes = self.changes();
        changes.put(&org);
        self.vault().commit(changes)?;
        Ok(org.id)
    }

    /// Replaces an organisation's directory entry, keeping its consultations.
    pub fn edit_organisation(&self, id: OrganisationId, req: NewOrganisation) -> Result<()> {
        self.require(super::Operation::Organisations)?;
        let _guard = self.write_guard();
        let mut org = self.organisation(id)?;
        req.apply_to(&mut org);
        org.updated_at = self.now();
        self.check_organisation(&org)?;
        let mut changes = self.changes();
        changes.put(&org).audit(
            AuditNote::new(AuditAction::Change)
                .record(Kind::Organisation.tree(), id)
                .detail("directory entry edited"),
        );
        self.vault().commit(changes)?;
        Ok(())
    }

    /// Logs a consultation, unless the group has been consulted as often as the
    /// administrator's limit allows in 90 days and the worker has not seen the warning.
    pub fn log_consultation(&self, req: LogConsultation) -> Result<ConsultationLogged> {
        self.require(super::Operation::Organisations)?;
        let _guard = self.write_guard();
        let mut org = self.organisation(req.organisation)?;
        let today = self.today();
        let limit = self.settings().consultation_limit;
        let lately = org.consulted_lately(today);
        if lately >= limit as usize && !req.despite_warning {
            return Ok(ConsultationLogged::Overloaded { lately, limit });
        }
        let mut p = Problems::new();
        p.check(req.on > today, "on", "must not be after today");
        org.consultations.push(Consultation {
            on: req.on,
            topic: req.topic.trim().to_string(),
            by: self.actor().id,
        });
        org.consultations.sort_by_key(|c| c.on);
        org.updated_at = self.now();
        p.0.extend(org.validate().0);
        p.into_result()
            .map_err(|p| Error::invalid("consultation", p))?;
        let detail = if lately >= limit as usize {
            format!("consultation logged despite {lately} in 90 days (limit {limit})")
        } else {
            "consultation logged".to_string()
        };
        let mut changes = self.changes();
        changes.put(&org).audit(
            AuditNote::new(AuditAction::Change)
                .record(Kind::Organisation.tree(), req.organisation)
                .detail(detail),
        );
        self.vault().commit(changes)?;
        Ok(ConsultationLogged::Logged {
            lately: org.consulted_lately(today),
        })
    }

    /// The record's own rules and its codes against the reference lists.
    fn check_organisation(&self, org: &Organisation) -> Result<()> {
        let mut p = org.validate();
        self.check_code(&mut p, ListKind::AgencyKind, "kind", Some(&org.kind));
        self.check_codes(&mut p, ListKind::Language, "languages", &org.languages);
        p.into_result()
            .map_err(|p| Error::invalid("organisation", p))
    }

    /// Reads an organisation.
    pub fn organisation(&self, id: OrganisationId) -> Result<Organisation> {
        self.require(crate::service::Operation::ReadCasework)?;
        self.vault()
            .get(&id.0.to_bytes())?
            .ok_or_else(|| Error::not_found("organisation", id))
    }

    /// Every organisation, oldest first.
    pub fn organisations(&self) -> impl Iterator<Item = Result<Organisation>> + '_ {
        self.vault()
            .scan::<Organisation>()
            .map(|r| r.map_err(Error::from))
    }
}
