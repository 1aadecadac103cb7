//! The directory of organisations: adding and editing entries (caseworkers and
//! administrators; volunteers read), and the log of consultations, which warns before a
//! group run by volunteers is asked once too often.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::edits::{Edit, Overtaken, names, overtaken};
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

/// The fields of two entries that differ, named as the form names them.
fn entry_parts(a: &NewOrganisation, b: &NewOrganisation) -> Vec<String> {
    [
        ("name", a.name != b.name),
        ("kind", a.kind != b.kind),
        ("communities served", a.communities != b.communities),
        ("services offered", a.services != b.services),
        ("languages", a.languages != b.languages),
        ("meets", a.meets != b.meets),
        ("contact person", a.contact_person != b.contact_person),
        ("phone", a.phone != b.phone),
        ("email", a.email != b.email),
        ("address", a.address != b.address),
        ("reporting centre", a.reporting_centre != b.reporting_centre),
        ("notes", a.notes != b.notes),
    ]
    .into_iter()
    .filter(|(_, differs)| *differs)
    .map(|(part, _)| part.to_string())
    .collect()
}

/// Trims the words of a list and drops the empty ones.
fn tidy_words(list: Vec<String>) -> Vec<String> {
    list.into_iter()
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

impl NewOrganisation {
    /// A stored entry as the form edits it.
    pub fn of(o: &Organisation) -> NewOrganisation {
        NewOrganisation {
            name: o.name.clone(),
            kind: o.kind.clone(),
            communities: o.communities.clone(),
            services: o.services.clone(),
            languages: o.languages.clone(),
            meets: o.meets.clone(),
            contact_person: o.contact_person.clone(),
            phone: o.phone.clone(),
            email: o.email.clone(),
            address: o.address.clone(),
            reporting_centre: o.reporting_centre,
            notes: o.notes.clone(),
        }
    }

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
        self.change_organisation(id, Edit::as_it_is(req))
    }

    /// [`Caseline::edit_organisation`] from a form filled with `edit.read`: refused,
    /// naming the fields, when someone else changed any of them meanwhile.
    pub fn change_organisation(
        &self,
        id: OrganisationId,
        edit: Edit<NewOrganisation>,
    ) -> Result<()> {
        self.require(super::Operation::Organisations)?;
        let _guard = self.write_guard();
        let mut org = self.organisation(id)?;
        let now = NewOrganisation::of(&org);
        edit.typed.apply_to(&mut org);
        if let Some(read) = edit.read {
            let typed = NewOrganisation::of(&org);
            let lost = overtaken(entry_parts(&read, &now), &entry_parts(&typed, &now));
            if !lost.is_empty() {
                let o = Overtaken {
                    what: "directory entry",
                    at: org.updated_at,
                    parts: lost,
                    then: "note them, press esc to see the entry as it is now, and edit it \
                           again",
                };
                return Err(self.changed_meanwhile(o, names(Kind::Organisation.tree(), id)));
            }
        }
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
