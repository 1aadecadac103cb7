//! Plain types and rules of casework: no storage, no terminal.
//!
//! Every record type has a `validate` method returning [`Problems`] in words; the
//! service layer refuses to store a record that has any.

pub mod audit;
pub mod case;
pub mod case_summary;
pub mod clock;
pub mod csv;
pub mod fold;
pub mod follow_up;
pub mod ids;
pub mod incident;
pub mod letter;
pub mod limits;
pub mod location_kind;
pub mod meeting;
pub mod name;
pub mod organisation;
pub mod peer;
pub mod person;
pub mod person_history;
pub mod reference;
mod reference_defaults;
pub mod referral;
pub mod report;
pub mod settings;
pub mod text;
pub mod timeline;
pub mod user;
pub mod validation;
pub mod when;

pub use audit::{AuditAction, AuditEntry, AuditNote, RecordRef, Stamp};
pub use case::{Case, CaseOrganisation, CasePerson, CaseRef, CaseStatus, Closure, RiskLevel};
pub use case_summary::CaseSummary;
pub use clock::Clock;
pub use follow_up::{FollowUp, FollowUpState, Priority, Subject};
pub use ids::{
    CaseId, FollowUpId, Id, IncidentId, LetterId, OrganisationId, PersonId, ReferralId, TemplateId,
    TimelineId, UserId,
};
pub use incident::{
    CentreConsent, CentreReport, Channel, Classification, Incident, Party, PartyRole, PoliceReport,
};
pub use letter::{Letter, LetterStatus, LetterTemplate};
pub use location_kind::LocationKind;
pub use meeting::MeetingTime;
pub use name::NameOrder;
pub use organisation::{Consultation, Organisation};
pub use peer::{PeerLogin, PeerLogins};
pub use person::{Answer, Consent, Consents, Contact, Monitoring, Person, SafeContact};
pub use person_history::{PersonDetails, PersonRevision};
pub use reference::{ListKind, RefEntry, ReferenceList};
pub use referral::{
    ConsentMethod, ConsentOverride, Referral, ReferralStatus, ReferralSummary, ShareConsent,
};
pub use settings::{ChaseDays, LetterSettings, Settings};
pub use timeline::{Direction, EntryKind, TimelineEntry};
pub use user::{Role, User};
pub use validation::{FieldError, Problems};
