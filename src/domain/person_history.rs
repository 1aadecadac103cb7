//! A person's details as they change: how to contact them, when it is safe to, their
//! languages and consents. Each change keeps the details as they were before, who
//! changed them and when, so an earlier phone number or a consent later withdrawn
//! stays readable.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::UserId;
use super::person::{Consents, Contact, Person, SafeContact};

/// The details of a person that a worker edits with history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonDetails {
    pub contact: Contact,
    pub safe_contact: SafeContact,
    /// Codes from the `language` list, first is preferred.
    pub languages: Vec<String>,
    pub interpreter_needed: bool,
    pub consents: Consents,
}

/// One change of a person's details: what changed, and what it was before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonRevision {
    pub at: DateTime<Utc>,
    pub by: UserId,
    /// The parts changed, in words ("phone", "safe to call").
    pub changed: Vec<String>,
    /// The details as they were before the change.
    pub before: PersonDetails,
}

impl Person {
    /// The details a worker edits.
    pub fn details(&self) -> PersonDetails {
        PersonDetails {
            contact: self.contact.clone(),
            safe_contact: self.safe_contact.clone(),
            languages: self.languages.clone(),
            interpreter_needed: self.interpreter_needed,
            consents: self.consents.clone(),
        }
    }

    /// Puts new details in place, keeping the old ones in the history; `false` when
    /// nothing differs (and nothing is recorded).
    pub fn revise(&mut self, new: PersonDetails, by: UserId, at: DateTime<Utc>) -> bool {
        let before = self.details();
        let changed = changed_parts(&before, &new);
        if changed.is_empty() {
            return false;
        }
        self.contact = new.contact;
        self.safe_contact = new.safe_contact;
        self.languages = new.languages;
        self.interpreter_needed = new.interpreter_needed;
        self.consents = new.consents;
        self.updated_at = at;
        self.history.push(PersonRevision {
            at,
            by,
            changed,
            before,
        });
        true
    }
}

/// The parts that differ between two sets of details, in words, in form order.
pub fn changed_parts(a: &PersonDetails, b: &PersonDetails) -> Vec<String> {
    let (ca, cb) = (&a.contact, &b.contact);
    let (sa, sb) = (&a.safe_contact, &b.safe_contact);
    let (ka, kb) = (&a.consents, &b.consents);
    [
        ("phone", ca.phone != cb.phone),
        ("email", ca.email != cb.email),
        ("address", ca.address != cb.address),
        ("postcode", ca.postcode != cb.postcode),
        ("safe to call", sa.call != sb.call),
        ("safe for voicemail", sa.voicemail != sb.voicemail),
        ("safe to write", sa.write != sb.write),
        ("safe to text", sa.text_message != sb.text_message),
        ("safe times", sa.times != sb.times),
        ("languages", a.languages != b.languages),
        ("interpreter", a.interpreter_needed != b.interpreter_needed),
        ("consent to keep", ka.store != kb.store),
        (
            "consent to share with police",
            ka.share_police != kb.share_police,
        ),
        (
            "consent to share with agencies",
            ka.share_agencies != kb.share_agencies,
        ),
    ]
    .into_iter()
    .filter(|(_, differs)| *differs)
    .map(|(what, _)| what.to_string())
    .collect()
}

/// What one part of the details held, in words, for reading back an earlier value;
/// languages are codes (`label` gives their words).
pub fn part_value(d: &PersonDetails, part: &str, label: &dyn Fn(&str) -> String) -> String {
    use super::person::{Answer, Consent};
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".into());
    let answer = |a: Answer| match a {
        Answer::Yes => "yes".to_string(),
        Answer::No => "no".to_string(),
        Answer::Unknown => "not asked".to_string(),
    };
    let consent = |c: Consent| match c {
        Consent::Given { on } => format!("given {}", on.format("%-d %b %Y")),
        Consent::Refused { on } => format!("refused {}", on.format("%-d %b %Y")),
        Consent::NotAsked => "not asked".to_string(),
    };
    let (c, s, k) = (&d.contact, &d.safe_contact, &d.consents);
    match part {
        "phone" => opt(&c.phone),
        "email" => opt(&c.email),
        "address" => opt(&c.address),
        "postcode" => opt(&c.postcode),
        "safe to call" => answer(s.call),
        "safe for voicemail" => answer(s.voicemail),
        "safe to write" => answer(s.write),
        "safe to text" => answer(s.text_message),
        "safe times" => opt(&s.times),
        "languages" if d.languages.is_empty() => "none".into(),
        "languages" => d
            .languages
            .iter()
            .map(|l| label(l))
            .collect::<Vec<_>>()
            .join(", "),
        "interpreter" => if d.interpreter_needed {
            "needed"
        } else {
            "not needed"
        }
        .into(),
        "consent to keep" => consent(k.store),
        "consent to share with police" => consent(k.share_police),
        "consent to share with agencies" => consent(k.share_agencies),
        _ => String::new(),
    }
}
