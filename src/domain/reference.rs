//! Reference lists: the values a worker picks from (strands, ethnic groups, case kinds ...).
//!
//! They are data, not enums, so an administrator can add a value without a new release.
//! Each list starts from the defaults in the domain brief. A value has a stable `code`
//! that records store, and a `label` that screens show; retiring a value hides it from
//! pick lists but keeps old records readable.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::validation::{Problems, check_line};

/// Which list.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    Strand,
    ProtectedCharacteristic,
    EthnicGroup,
    Religion,
    HousingTenure,
    Safeguarding,
    EvidenceKind,
    CaseKind,
    ReferralSource,
    AgencyKind,
    PersonRole,
    OrganisationRole,
    Outcome,
    Language,
}

impl ListKind {
    pub const ALL: [ListKind; 14] = [
        ListKind::Strand,
        ListKind::ProtectedCharacteristic,
        ListKind::EthnicGroup,
        ListKind::Religion,
        ListKind::HousingTenure,
        ListKind::Safeguarding,
        ListKind::EvidenceKind,
        ListKind::CaseKind,
        ListKind::ReferralSource,
        ListKind::AgencyKind,
        ListKind::PersonRole,
        ListKind::OrganisationRole,
        ListKind::Outcome,
        ListKind::Language,
    ];

    /// The name used on the command line and in exports.
    pub fn name(self) -> &'static str {
        match self {
            ListKind::Strand => "strand",
            ListKind::ProtectedCharacteristic => "protected_characteristic",
            ListKind::EthnicGroup => "ethnic_group",
            ListKind::Religion => "religion",
            ListKind::HousingTenure => "housing_tenure",
            ListKind::Safeguarding => "safeguarding",
            ListKind::EvidenceKind => "evidence_kind",
            ListKind::CaseKind => "case_kind",
            ListKind::ReferralSource => "referral_source",
            ListKind::AgencyKind => "agency_kind",
            ListKind::PersonRole => "person_role",
            ListKind::OrganisationRole => "organisation_role",
            ListKind::Outcome => "outcome",
            ListKind::Language => "language",
        }
    }

    /// A short description for help screens.
    pub fn describe(self) -> &'static str {
        match self {
            ListKind::Strand => "hate crime strands monitored by police",
            ListKind::ProtectedCharacteristic => "protected characteristics (Equality Act 2010)",
            ListKind::EthnicGroup => "ethnic groups (2021 Census)",
            ListKind::Religion => "religion (2021 Census)",
            ListKind::HousingTenure => "housing tenure",
            ListKind::Safeguarding => "safeguarding concerns",
            ListKind::EvidenceKind => "kinds of evidence",
            ListKind::CaseKind => "kinds of case",
            ListKind::ReferralSource => "where referrals come from",
            ListKind::AgencyKind => "kinds of organisation",
            ListKind::PersonRole => "roles of people in a case",
            ListKind::OrganisationRole => "roles of organisations in a case",
            ListKind::Outcome => "case outcomes",
            ListKind::Language => "languages",
        }
    }
}

impl fmt::Display for ListKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ListKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().replace('-', "_").to_lowercase();
        ListKind::ALL
            .into_iter()
            .find(|k| k.name() == wanted)
            .ok_or_else(|| {
                let names: Vec<_> = ListKind::ALL.iter().map(|k| k.name()).collect();
                format!("unknown list `{s}`; the lists are: {}", names.join(", "))
            })
    }
}

/// One value of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefEntry {
    /// Stable identifier stored in records, such as `race`.
    pub code: String,
    /// What screens show, such as `Race or ethnicity`.
    pub label: String,
    /// A heading the value sits under, such as the Census high-level group.
    pub group: Option<String>,
    /// Retired values stay readable in old records but are not offered any more.
    pub retired: bool,
}

/// A whole list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferenceList {
    pub kind: ListKind,
    pub entries: Vec<RefEntry>,
}

impl ReferenceList {
    /// The list with the domain brief's defaults.
    pub fn default_for(kind: ListKind) -> ReferenceList {
        let entries = super::reference_defaults::defaults(kind)
            .iter()
            .map(|(group, label)| RefEntry {
                code: code_for(label),
                label: (*label).to_string(),
                group: group.map(str::to_string),
                retired: false,
            })
            .collect();
        ReferenceList { kind, entries }
    }

    /// Rules every stored list meets: codes well formed and unique, labels one line.
    pub fn validate(&self) -> Problems {
        // A list over its cap is all that is said: the rules below look at each entry.
        let mut p = self.oversized_lists();
        if !p.is_empty() {
            return p;
        }
        let mut seen = std::collections::HashSet::new();
        for (i, e) in self.entries.iter().enumerate() {
            p.check(
                !is_code(&e.code),
                &format!("entries[{i}].code"),
                "must be lower-case letters, digits and underscores",
            );
            p.check(
                !seen.insert(e.code.as_str()),
                &format!("entries[{i}].code"),
                "appears twice in the list",
            );
            p.check(
                e.label.trim().is_empty(),
                &format!("entries[{i}].label"),
                "must not be empty",
            );
            check_line(&mut p, &format!("entries[{i}].label"), &e.label);
            if let Some(g) = &e.group {
                check_line(&mut p, &format!("entries[{i}].group"), g);
            }
        }
        p
    }

    /// Whether `code` is a value of this list (retired values count: old records use them).
    pub fn contains(&self, code: &str) -> bool {
        self.entries.iter().any(|e| e.code == code)
    }

    /// The label for a code, or the code itself when the list does not know it.
    pub fn label<'a>(&'a self, code: &'a str) -> &'a str {
        self.entries
            .iter()
            .find(|e| e.code == code)
            .map(|e| e.label.as_str())
            .unwrap_or(code)
    }

    /// Values to offer in a pick list.
    pub fn active(&self) -> impl Iterator<Item = &RefEntry> {
        self.entries.iter().filter(|e| !e.retired)
    }

    /// Adds a value; the code is made from the label unless given.
    pub fn add(
        &mut self,
        label: &str,
        code: Option<&str>,
        group: Option<&str>,
    ) -> Result<&RefEntry, Problems> {
        let mut p = Problems::new();
        let label = label.trim();
        p.check(label.is_empty(), "label", "must not be empty");
        check_line(&mut p, "label", label);
        let code = code.map(str::to_string).unwrap_or_else(|| code_for(label));
        p.check(
            !is_code(&code),
            "code",
            "must be lower-case letters, digits and underscores",
        );
        p.check(self.contains(&code), "code", "is already in the list");
        p.into_result()?;
        self.entries.push(RefEntry {
            code,
            label: label.to_string(),
            group: group.map(str::to_string),
            retired: false,
        });
        Ok(self.entries.last().expect("just pushed"))
    }
}

/// A well-formed code: lower-case ASCII letters, digits and underscores.
fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Makes a code from a label: `Honour-based violence` becomes `honour_based_violence`.
pub fn code_for(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_have_unique_codes() {
        for kind in ListKind::ALL {
            let list = ReferenceList::default_for(kind);
            assert!(!list.entries.is_empty(), "{kind} has no defaults");
            let mut codes: Vec<_> = list.entries.iter().map(|e| &e.code).collect();
            codes.sort();
            let n = codes.len();
            codes.dedup();
            assert_eq!(codes.len(), n, "{kind} has duplicate codes");
        }
    }

    #[test]
    fn census_has_nineteen_groups_and_two_extras() {
        let list = ReferenceList::default_for(ListKind::EthnicGroup);
        assert_eq!(list.entries.len(), 21);
        assert_eq!(
            ReferenceList::default_for(ListKind::ProtectedCharacteristic)
                .entries
                .len(),
            9
        );
        assert_eq!(
            ReferenceList::default_for(ListKind::Strand).entries.len(),
            5
        );
    }

    #[test]
    fn adding_checks_duplicates() {
        let mut list = ReferenceList::default_for(ListKind::CaseKind);
        assert!(list.add("Immigration", None, None).is_ok());
        assert!(list.contains("immigration"));
        assert!(list.add("Immigration", None, None).is_err());
        assert!(list.add("  ", None, None).is_err());
        assert!(list.add("X", Some("Bad Code"), None).is_err());
    }

    #[test]
    fn list_names_parse() {
        for kind in ListKind::ALL {
            assert_eq!(kind.name().parse::<ListKind>(), Ok(kind));
        }
        assert_eq!("case-kind".parse::<ListKind>(), Ok(ListKind::CaseKind));
        assert!("nope".parse::<ListKind>().is_err());
    }
}
