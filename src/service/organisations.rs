//! The directory of organisations.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Caseline, Error, Result};
use crate::domain::{ListKind, Organisation, OrganisationId};

/// An organisation to add to the directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrganisation {
    pub name: String,
    pub kind: String,
    pub serves: String,
    pub languages: Vec<String>,
    pub availability: String,
    pub contact_person: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub reporting_centre: bool,
    pub notes: String,
    pub last_consulted: Option<NaiveDate>,
}

impl Caseline {
    /// Adds an organisation to the directory.
    pub fn add_organisation(&self, req: NewOrganisation) -> Result<OrganisationId> {
        self.require(super::Operation::Organisations)?;
        let now = self.now();
        let tidy = |s: Option<String>| s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let org = Organisation {
            id: OrganisationId::new(),
            name: req.name.trim().to_string(),
            kind: req.kind,
            serves: req.serves.trim().to_string(),
            languages: req.languages,
            availability: req.availability.trim().to_string(),
            contact_person: tidy(req.contact_person),
            phone: tidy(req.phone),
            email: tidy(req.email),
            address: tidy(req.address),
            reporting_centre: req.reporting_centre,
            consultations: 0,
            last_consulted: req.last_consulted,
            notes: req.notes,
            created_at: now,
            created_by: self.actor().id,
            updated_at: now,
        };
        let mut p = org.validate();
        self.check_code(&mut p, ListKind::AgencyKind, "kind", Some(&org.kind));
        self.check_codes(&mut p, ListKind::Language, "languages", &org.languages);
        p.into_result()
            .map_err(|p| Error::invalid("organisation", p))?;
        let mut changes = self.changes();
        changes.put(&org);
        self.vault().commit(changes)?;
        Ok(org.id)
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
