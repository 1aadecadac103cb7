//! Plain types and rules of casework: no storage, no terminal.
//!
//! Every record type has a `validate` method returning [`Problems`] in words; the
//! service layer refuses to store a record that has any.

pub mod audit;
pub mod case;
pub mod clock;
pub mod fold;
pub mod follow_up;
pub mod ids;
pub mod incident;
pub mod limits;
pub mod name;
pub mod organisation;
pub mod person;
pub mod person_history;
pub mod reference;
mod reference_defaults;
pub mod referral;
pub mod text;
pub mod timeline;
pub mod user;
pub mod validation;
pub mod when;

pub use audit::{AuditAction, AuditEntry, AuditNote, RecordRef, Stamp};
pub use case::{Case, CaseOrganisation, CasePerson, CaseRef, CaseStatus, Closure, RiskLevel};
pub use clock::Clock;
pub use follow_up::{FollowUp, FollowUpState, Priority, Subject};
pub use ids::{
    CaseId, FollowUpId, Id, IncidentId, OrganisationId, PersonId, ReferralId, TimelineId, UserId,
};
pub use incident::{
    CentreConsent, CentreReport, Channel, Classification, Incident, Party, PartyRole, PoliceReport,
};
pub use name::NameOrder;
pub use organisation::Organisation;
pub use person::{Answer, Consent, Consents, Contact, Monitoring, Person, SafeContact};
pub use person_history::{PersonDetails, PersonRevision};
pub use reference::{ListKind, RefEntry, ReferenceList};
pub use referral::{Referral, ReferralStatus};
pub use timeline::{Direction, EntryKind, TimelineEntry};
pub use user::{Role, User};
pub use validation::{FieldError, Problems};
