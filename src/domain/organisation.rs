//! The directory of community groups and partner organisations.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::{OrganisationId, UserId};
use super::person::{is_email, is_phone};
use super::validation::{Problems, check_line, check_opt_line, check_text};

/// A community group or partner organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    /// Code from the `agency_kind` list.
    pub kind: String,
    /// Who they serve, in words.
    pub serves: String,
    /// Codes from the `language` list.
    pub languages: Vec<String>,
    /// When they can meet ("Sundays after 2pm"): many are run by volunteers.
    pub availability: String,
    pub contact_person: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    /// Takes third-party hate crime reports.
    pub reporting_centre: bool,
    /// How often they have been consulted: groups stop answering if overloaded.
    pub consultations: u32,
    pub last_consulted: Option<NaiveDate>,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
    pub updated_at: DateTime<Utc>,
}

impl Organisation {
    /// Rules every stored organisation meets.
    pub fn validate(&self) -> Problems {
        // A list over its cap is all that is said: the rules below look at each entry.
        let mut p = self.oversized_lists();
        if !p.is_empty() {
            return p;
        }
        p.check(self.name.trim().is_empty(), "name", "must not be empty");
        check_line(&mut p, "name", &self.name);
        p.check(
            self.kind.trim().is_empty(),
            "kind",
            "choose the kind of organisation",
        );
        check_line(&mut p, "serves", &self.serves);
        check_line(&mut p, "availability", &self.availability);
        check_opt_line(&mut p, "contact_person", &self.contact_person);
        check_opt_line(&mut p, "address", &self.address);
        if let Some(phone) = &self.phone {
            p.check(
                !is_phone(phone),
                "phone",
                "is not a phone number (digits, spaces, + ( ) - only)",
            );
        }
        if let Some(email) = &self.email {
            p.check(!is_email(email), "email", "is not an email address");
        }
        check_text(&mut p, "notes", &self.notes);
        p
    }
}
