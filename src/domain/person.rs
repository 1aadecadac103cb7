//! People: clients, callers, alleged perpetrators, witnesses, family members.
//!
//! Names come from many scripts and traditions, so a person has given names, an optional
//! family name, a flag for family-name-first order and any number of other names
//! (the same name in another script, a former name). Nothing about a name is assumed.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::{PersonId, UserId};
use super::name::NameOrder;
use super::validation::{Problems, check_line, check_opt_line, check_text};

/// A yes / no / not asked answer, for questions that must not default to "yes".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    #[default]
    Unknown,
    Yes,
    No,
}

/// How the person may safely be contacted: a caller may not be safe to call back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SafeContact {
    pub call: Answer,
    pub voicemail: Answer,
    pub write: Answer,
    pub text_message: Answer,
    /// When it is safe, in the caller's words ("weekday evenings").
    pub times: Option<String>,
}

/// Contact details. All optional: an anonymous report has none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
}

/// A consent, given or refused on a date, or not yet asked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Consent {
    #[default]
    NotAsked,
    Given {
        on: NaiveDate,
    },
    Refused {
        on: NaiveDate,
    },
}

impl Consent {
    pub fn is_given(self) -> bool {
        matches!(self, Consent::Given { .. })
    }
}

/// The three consents recorded separately, as UK GDPR requires.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Consents {
    /// To keep the data at all.
    pub store: Consent,
    /// To share it with the police.
    pub share_police: Consent,
    /// To share it with other agencies.
    pub share_agencies: Consent,
}

/// Equality monitoring answers. Codes refer to reference lists; all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    /// Code from the `ethnic_group` list.
    pub ethnic_group: Option<String>,
    /// Code from the `religion` list.
    pub religion: Option<String>,
    /// Code from the `housing_tenure` list.
    pub housing_tenure: Option<String>,
    /// Self-described, free text.
    pub sex: Option<String>,
    pub gender_identity: Option<String>,
    pub sexual_orientation: Option<String>,
    pub disability: Answer,
    pub date_of_birth: Option<NaiveDate>,
}

/// A person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: PersonId,
    /// Given name or names; for a single-name person, the whole name.
    pub given_names: String,
    pub family_name: Option<String>,
    /// The family name is said and shown first (Chinese, Japanese, Korean, Hungarian,
    /// Vietnamese order). At intake it is set from the family name's script (Han, kana,
    /// Hangul) unless the worker says otherwise; an import gives it as it is.
    pub family_name_first: bool,
    /// Other names or spellings, including the name in another script.
    pub other_names: Vec<String>,
    pub contact: Contact,
    pub safe_contact: SafeContact,
    /// Codes from the `language` list, first is preferred.
    pub languages: Vec<String>,
    pub interpreter_needed: bool,
    pub monitoring: Monitoring,
    pub consents: Consents,
    /// Codes from the `safeguarding` list.
    pub safeguarding: Vec<String>,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
    pub updated_at: DateTime<Utc>,
    /// Earlier details, oldest first: one entry per change made after the record was
    /// created.
    #[serde(default)]
    pub history: Vec<super::person_history::PersonRevision>,
}

impl Person {
    /// The name as it is said and written, in the person's order: the one form every
    /// screen, list, search row and command shows ([`super::name::display`]).
    pub fn display_name(&self) -> String {
        super::name::display(
            &self.given_names,
            self.family_name.as_deref(),
            self.name_order(),
        )
    }

    /// Which part of the name is said first.
    pub fn name_order(&self) -> NameOrder {
        NameOrder::from_family_first(self.family_name_first)
    }

    /// Rules every stored person must meet.
    pub fn validate(&self) -> Problems {
        // A list over its cap is all that is said: the rules below look at each entry.
        let mut p = self.oversized_lists();
        if !p.is_empty() {
            return p;
        }
        p.check(
            self.given_names.trim().is_empty()
                && self
                    .family_name
                    .as_deref()
                    .is_none_or(|f| f.trim().is_empty()),
            "given_names",
            "a person needs a name (a single name is fine)",
        );
        check_line(&mut p, "given_names", &self.given_names);
        check_opt_line(&mut p, "family_name", &self.family_name);
        for (i, n) in self.other_names.iter().enumerate() {
            check_line(&mut p, &format!("other_names[{i}]"), n);
        }
        if let Some(phone) = &self.contact.phone {
            check_line(&mut p, "contact.phone", phone);
            p.check(
                !is_phone(phone),
                "contact.phone",
                "is not a phone number (digits, spaces, + ( ) - only)",
            );
        }
        if let Some(email) = &self.contact.email {
            check_line(&mut p, "contact.email", email);
            p.check(!is_email(email), "contact.email", "is not an email address");
        }
        check_opt_line(&mut p, "contact.address", &self.contact.address);
        if let Some(pc) = &self.contact.postcode {
            p.check(
                !is_postcode(pc),
                "contact.postcode",
                "is not a UK postcode (like KT1 2AB)",
            );
        }
        check_opt_line(&mut p, "safe_contact.times", &self.safe_contact.times);
        check_text(&mut p, "notes", &self.notes);
        if let Some(dob) = self.monitoring.date_of_birth {
            // The day the record was made on in London, not in UTC (a day behind
            // just after midnight in summer).
            p.check(
                dob > super::clock::local(self.created_at).date_naive(),
                "monitoring.date_of_birth",
                "is in the future",
            );
            p.check(
                dob < super::limits::earliest_birth(),
                "monitoring.date_of_birth",
                "is before 1900",
            );
        }
        p
    }
}

/// Phone numbers as people write them: digits with spaces, dashes, brackets, a leading +.
pub fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (6..=16).contains(&digits)
        && s.chars()
            .all(|c| c.is_ascii_digit() || " +()-.".contains(c))
        && s.chars().skip(1).all(|c| c != '+')
}

/// A light check: something before and after one `@`, a dot in the domain.
pub fn is_email(s: &str) -> bool {
    let mut parts = s.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.contains(' ')
        }
        _ => false,
    }
}

/// UK postcode shape (outward code, optional space, inward code), any case.
pub fn is_postcode(s: &str) -> bool {
    let compact: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let n = compact.len();
    if !(5..=7).contains(&n) || !compact.is_ascii() {
        return false;
    }
    let (outward, inward) = compact.split_at(n - 3);
    let inward: Vec<char> = inward.chars().collect();
    let outward_ok = outward
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && outward.chars().all(|c| c.is_ascii_alphanumeric())
        && outward.chars().any(|c| c.is_ascii_digit());
    outward_ok
        && inward[0].is_ascii_digit()
        && inward[1].is_ascii_alphabetic()
        && inward[2].is_ascii_alphabetic()
}

/// The outward code of a postcode (`KT1`): what may be published about where.
pub fn postcode_district(postcode: &str) -> String {
    let p = normalise_postcode(postcode);
    p.split(' ').next().unwrap_or_default().to_string()
}

/// A postcode in its standard form: upper case, one space before the inward code.
pub fn normalise_postcode(s: &str) -> String {
    let compact: Vec<char> = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    if compact.len() < 5 {
        return compact.into_iter().collect();
    }
    // Split by characters, never by bytes: what was typed may not be ASCII.
    let (a, b) = compact.split_at(compact.len() - 3);
    format!(
        "{} {}",
        a.iter().collect::<String>(),
        b.iter().collect::<String>()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes() {
        for ok in [
            "KT1 2AB", "kt12ab", "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT",
        ] {
            assert!(is_postcode(ok), "{ok}");
        }
        for bad in ["", "KT1", "12345", "KT1 2A", "KT1 ZAB", "ÉT1 2AB"] {
            assert!(!is_postcode(bad), "{bad}");
        }
        assert_eq!(normalise_postcode("kt12ab"), "KT1 2AB");
        // Not a postcode, but must not panic on letters of several bytes.
        assert_eq!(normalise_postcode("KT1 2ÉAB"), "KT12 ÉAB");
        assert!(!is_postcode("KT1 2ÉAB"));
    }

    #[test]
    fn phones_and_emails() {
        assert!(is_phone("07700 900123"));
        assert!(is_phone("+44 (0)7700 900123"));
        assert!(!is_phone("call me"));
        assert!(!is_phone("0770+0900123"));
        assert!(is_email("a.b@example.org"));
        assert!(!is_email("a@b"));
        assert!(!is_email("a@@b.org"));
    }
}
