//! Letters written on a case, and the templates they start from.
//!
//! A letter is kept with its case as the worker last saw it: the text that went out
//! is what the record holds, whatever later happens to the template or the case. A
//! letter once sent is never changed; a correction or a chaser is a new letter that
//! `follows` it, as timeline entries are corrected by new entries.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::{CaseId, LetterId, OrganisationId, TemplateId, TimelineId, UserId};
use super::validation::{Problems, check_line, check_text};

/// Where a letter stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum LetterStatus {
    /// Written and kept; may still be changed.
    Drafted,
    /// Sent on this day; fixed from then on.
    Sent { on: NaiveDate },
}

impl LetterStatus {
    /// The status in a word, for lists.
    pub fn name(self) -> &'static str {
        match self {
            LetterStatus::Drafted => "drafted",
            LetterStatus::Sent { .. } => "sent",
        }
    }
}

/// A letter on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Letter {
    pub id: LetterId,
    pub case: CaseId,
    /// The name of the template it was made from.
    pub template: String,
    /// Who it is addressed to: an organisation linked to the case.
    pub recipient: OrganisationId,
    /// The recipient's name and address as the letter gives them, one line each: what
    /// was sent stays as it was if the directory changes later.
    pub addressed_to: Vec<String>,
    /// The timeline entries its chronology was made from.
    pub entries: Vec<TimelineId>,
    /// Fields the worker filled by hand because the case did not have them.
    pub filled: BTreeMap<String, String>,
    /// The letter as written: paragraphs separated by blank lines.
    pub body: String,
    pub status: LetterStatus,
    /// The sent letter this one follows (a correction, a reminder).
    pub follows: Option<LetterId>,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
    pub updated_at: DateTime<Utc>,
}

impl Letter {
    /// Whether the letter may still be changed.
    pub fn is_sent(&self) -> bool {
        matches!(self.status, LetterStatus::Sent { .. })
    }

    /// Rules every stored letter meets.
    pub fn validate(&self) -> Problems {
        let mut p = Problems::new();
        check_template_name(&mut p, "template", &self.template);
        check_text(&mut p, "body", &self.body);
        p.check(
            self.body.trim().is_empty(),
            "body",
            "a letter needs some text",
        );
        p.check(
            self.addressed_to.is_empty(),
            "addressed_to",
            "a letter needs an address",
        );
        for line in &self.addressed_to {
            check_line(&mut p, "addressed_to", line);
        }
        for (field, text) in &self.filled {
            check_line(&mut p, "filled", field);
            check_text(&mut p, &format!("filled.{field}"), text);
        }
        p.check(
            self.follows == Some(self.id),
            "follows",
            "a letter cannot follow itself",
        );
        p
    }
}

/// A template an administrator added, or a built-in one they edited (which then
/// stands in for the built-in one of the same name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LetterTemplate {
    pub id: TemplateId,
    /// What it is called on the command line and in the letter dialog: unique.
    pub name: String,
    /// What it is for, in a line.
    pub title: String,
    /// The template text (minijinja).
    pub body: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: UserId,
}

impl LetterTemplate {
    /// Rules every stored template meets (that it renders is checked when saved).
    pub fn validate(&self) -> Problems {
        let mut p = Problems::new();
        check_template_name(&mut p, "name", &self.name);
        check_line(&mut p, "title", &self.title);
        check_text(&mut p, "body", &self.body);
        p.check(self.body.trim().is_empty(), "body", "must not be empty");
        p
    }
}

/// A template name is a short word or words joined by hyphens: it is typed on the
/// command line (`--template grievance`).
pub fn check_template_name(p: &mut Problems, field: &str, name: &str) {
    let fine = !name.is_empty()
        && name.len() <= 60
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    p.check(
        !fine,
        field,
        "must be lower-case letters, digits and hyphens (at most 60)",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names_are_words_for_the_command_line() {
        for good in ["grievance", "school-letter", "sar-2"] {
            let mut p = Problems::new();
            check_template_name(&mut p, "name", good);
            assert!(p.is_empty(), "{good}");
        }
        for bad in ["", "Grievance", "with space", "x/../y"] {
            let mut p = Problems::new();
            check_template_name(&mut p, "name", bad);
            assert!(!p.is_empty(), "{bad:?}");
        }
    }
}
