//! The directory of community groups and partner organisations.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::{OrganisationId, UserId};
use super::meeting::MeetingTime;
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
    /// Communities served, in words ("Somali", "older people"), one each.
    pub communities: Vec<String>,
    /// Services offered, in words ("advice", "food bank"), one each.
    pub services: Vec<String>,
    /// Codes from the `language` list.
    pub languages: Vec<String>,
    /// When they can meet: many are run by volunteers who work all week.
    pub meets: Vec<MeetingTime>,
    pub contact_person: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    /// Takes third-party hate crime reports.
    pub reporting_centre: bool,
    /// Each time they were consulted or asked for something, oldest first: groups run
    /// by volunteers stop answering when asked too often.
    pub consultations: Vec<Consultation>,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
    pub updated_at: DateTime<Utc>,
}

/// One time an organisation was consulted or asked for something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    pub on: NaiveDate,
    /// What they were asked about, in a line.
    pub topic: String,
    /// The worker who asked.
    pub by: UserId,
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
        words(&mut p, "communities", &self.communities);
        words(&mut p, "services", &self.services);
        for (i, c) in self.consultations.iter().enumerate() {
            let field = format!("consultations[{i}].topic");
            p.check(
                c.topic.trim().is_empty(),
                &field,
                "say what they were asked about",
            );
            check_line(&mut p, &field, &c.topic);
        }
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

    /// A directory entry with nothing but a name and a kind, as typed while linking a
    /// case to an organisation not yet in the directory.
    pub fn named(name: &str, kind: String, by: UserId, now: DateTime<Utc>) -> Organisation {
        Organisation {
            id: OrganisationId::new(),
            name: name.trim().to_string(),
            kind,
            communities: Vec::new(),
            services: Vec::new(),
            languages: Vec::new(),
            meets: Vec::new(),
            contact_person: None,
            phone: None,
            email: None,
            address: None,
            reporting_centre: false,
            consultations: Vec::new(),
            notes: String::new(),
            created_at: now,
            created_by: by,
            updated_at: now,
        }
    }

    /// How many times it was consulted in the 90 days up to and including `today`.
    pub fn consulted_lately(&self, today: NaiveDate) -> usize {
        let since = today - chrono::Duration::days(CONSULTATION_WINDOW_DAYS - 1);
        self.consultations
            .iter()
            .filter(|c| c.on >= since && c.on <= today)
            .count()
    }

    /// The day it was last consulted.
    pub fn last_consulted(&self) -> Option<NaiveDate> {
        self.consultations.iter().map(|c| c.on).max()
    }
}

/// The days over which consultations are counted against a group's limit.
pub const CONSULTATION_WINDOW_DAYS: i64 = 90;

/// Checks a list of words: each one line, none empty.
fn words(p: &mut Problems, field: &str, list: &[String]) {
    for (i, w) in list.iter().enumerate() {
        let field = format!("{field}[{i}]");
        p.check(w.trim().is_empty(), &field, "must not be empty");
        check_line(p, &field, w);
    }
}
