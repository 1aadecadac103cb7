//! Export: the whole store as one versioned JSON document that jq can read.
//!
//! Its shape is published as a JSON Schema in `docs/export.schema.json` (a test keeps
//! the file in step with these types). The document holds personal data in the clear:
//! only administrators may make one, and the command line writes it owner-readable only.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Caseline, Result};
use crate::domain::Settings;
use crate::domain::{
    AuditAction, AuditNote, Case, FollowUp, Incident, Letter, LetterTemplate, ListKind,
    Organisation, Person, ReferenceList, Referral, TimelineEntry, User,
};
use crate::store::organisation_v1::OrganisationV1;

/// The value of the `format` field.
pub const EXPORT_FORMAT: &str = "caseline-export";
/// The version of the document's shape. 2: organisations with communities and services
/// as lists, meeting times as data and a consultation log; referrals with their
/// statuses and consent as data; the settings' consultation limit and referral chase.
/// Version 1 documents are still read.
pub const EXPORT_VERSION: u32 = 2;

/// Everything in a store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportDocument {
    /// Always `caseline-export`.
    pub format: String,
    /// The document version; this is version 2.
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub settings: Settings,
    pub reference_lists: Vec<ReferenceList>,
    pub users: Vec<User>,
    pub organisations: Vec<Organisation>,
    pub people: Vec<Person>,
    pub incidents: Vec<Incident>,
    pub cases: Vec<Case>,
    pub timeline: Vec<TimelineEntry>,
    pub follow_ups: Vec<FollowUp>,
    pub referrals: Vec<Referral>,
    /// Letters kept with their cases (absent from documents made before letters).
    #[serde(default)]
    pub letters: Vec<Letter>,
    /// Templates administrators added or edited.
    #[serde(default)]
    pub letter_templates: Vec<LetterTemplate>,
}

/// A version-1 document: organisations in their old shape (see
/// [`crate::store::organisation_v1`]); the settings read with their defaults.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ExportDocumentV1 {
    format: String,
    version: u32,
    exported_at: DateTime<Utc>,
    settings: Settings,
    reference_lists: Vec<ReferenceList>,
    users: Vec<User>,
    organisations: Vec<OrganisationV1>,
    people: Vec<Person>,
    incidents: Vec<Incident>,
    cases: Vec<Case>,
    timeline: Vec<TimelineEntry>,
    follow_ups: Vec<FollowUp>,
    referrals: Vec<crate::store::ReferralV1>,
}

impl From<ExportDocumentV1> for ExportDocument {
    fn from(d: ExportDocumentV1) -> ExportDocument {
        debug_assert_eq!(d.version, 1);
        ExportDocument {
            format: d.format,
            version: EXPORT_VERSION,
            exported_at: d.exported_at,
            settings: d.settings,
            reference_lists: d.reference_lists,
            users: d.users,
            organisations: d
                .organisations
                .into_iter()
                .map(Organisation::from)
                .collect(),
            people: d.people,
            incidents: d.incidents,
            cases: d.cases,
            timeline: d.timeline,
            follow_ups: d.follow_ups,
            referrals: d.referrals.into_iter().map(Referral::from).collect(),
            letters: Vec::new(),
            letter_templates: Vec::new(),
        }
    }
}

impl ExportDocument {
    /// The JSON Schema of the document, as published in `docs/`.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(ExportDocument)).expect("a schema is plain JSON")
    }
}

impl Caseline {
    /// Everything in the store (administrators only).
    pub fn export(&self) -> Result<ExportDocument> {
        self.require(super::Operation::Export)?;
        // Other sessions' writes wait: the trees are read one after another, and an
        // intake landing between two would leave records referring to ones not read.
        let guard = self.write_guard();
        let doc = ExportDocument {
            format: EXPORT_FORMAT.to_string(),
            version: EXPORT_VERSION,
            exported_at: self.now(),
            settings: (*self.settings()).clone(),
            reference_lists: ListKind::ALL
                .iter()
                .map(|k| (*self.reference_list(*k)).clone())
                .collect(),
            users: self.users().collect::<Result<_>>()?,
            organisations: self.organisations().collect::<Result<_>>()?,
            people: self.people().collect::<Result<_>>()?,
            incidents: self.incidents().collect::<Result<_>>()?,
            cases: self.cases().collect::<Result<_>>()?,
            timeline: self.timeline_entries().collect::<Result<_>>()?,
            follow_ups: self.follow_ups().collect::<Result<_>>()?,
            referrals: self.referrals().collect::<Result<_>>()?,
            letters: self.all_letters().collect::<Result<_>>()?,
            letter_templates: self
                .vault()
                .scan::<LetterTemplate>()
                .collect::<std::result::Result<_, _>>()?,
        };
        drop(guard);
        let note = AuditNote::new(AuditAction::Export).detail(format!(
            "{} case(s), {} people",
            doc.cases.len(),
            doc.people.len()
        ));
        self.audit_event(note)?;
        Ok(doc)
    }
}
