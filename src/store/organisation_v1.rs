//! An organisation as schema 1 stored it (and version 1 of the export wrote it): who it
//! serves as one line of words, when it can meet as free text, and a bare count of
//! consultations. Old records are read through this and come out in today's shape.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::domain::{MeetingTime, Organisation, OrganisationId, UserId};

/// The schema-1 shape, field for field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OrganisationV1 {
    id: OrganisationId,
    name: String,
    kind: String,
    serves: String,
    languages: Vec<String>,
    availability: String,
    contact_person: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
    reporting_centre: bool,
    consultations: u32,
    last_consulted: Option<NaiveDate>,
    notes: String,
    created_at: DateTime<Utc>,
    created_by: UserId,
    updated_at: DateTime<Utc>,
}

impl From<OrganisationV1> for Organisation {
    /// What was free text stays readable: availability that reads as meeting times
    /// becomes them, anything else goes into the notes, as does the old count (a log
    /// cannot be made up from a number).
    fn from(o: OrganisationV1) -> Organisation {
        let mut notes: Vec<String> = Vec::new();
        let availability = o.availability.trim();
        let meets = match MeetingTime::parse_list(availability) {
            Ok(times) => times,
            Err(_) => {
                notes.push(format!("Available: {availability}"));
                Vec::new()
            }
        };
        if o.consultations > 0 {
            let last = o
                .last_consulted
                .map(|d| format!(", last on {}", d.format("%-d %b %Y")))
                .unwrap_or_default();
            notes.push(format!(
                "Consulted {} time(s) before consultations were logged{last}.",
                o.consultations
            ));
        }
        if !o.notes.trim().is_empty() {
            notes.push(o.notes);
        }
        let serves = o.serves.trim();
        Organisation {
            id: o.id,
            name: o.name,
            kind: o.kind,
            communities: (!serves.is_empty())
                .then(|| serves.to_string())
                .into_iter()
                .collect(),
            services: Vec::new(),
            languages: o.languages,
            meets,
            contact_person: o.contact_person,
            phone: o.phone,
            email: o.email,
            address: o.address,
            reporting_centre: o.reporting_centre,
            consultations: Vec::new(),
            notes: notes.join("\n"),
            created_at: o.created_at,
            created_by: o.created_by,
            updated_at: o.updated_at,
        }
    }
}
