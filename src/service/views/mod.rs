//! Coarse views: everything one screen shows, read in one request, so that a screen
//! asks once and a client over a socket pays one round trip, not one per record.
//!
//! Views are plain serde data. Names and labels are resolved here (a reference list
//! code becomes its label in one place); text that came from a person is passed as
//! stored, and made inert by whoever prints it, except search rows, whose marks are
//! worked out on the inert text.

mod audit;
mod cards;
mod case;
mod cases;
mod directory;
mod intakes;
mod letters;
mod members;
mod queue;
mod referrals;
mod search;
mod team;

pub use audit::{AuditPage, ChainCheck, check_anchor};
pub use cards::{
    CardCase, CardConsultation, CardReferral, OrganisationCard, PersonCard, RevisionRow,
};
pub use case::{CaseDetail, LinkChoices, Named};
pub use cases::{CASE_PAGE, CaseQuery, CasesData, StatusFilter};
pub(crate) use directory::DirectoryCache;
pub use directory::{DirectoryFilter, DirectoryRow, FACETS, FoldedFacets};
pub use intakes::{IncidentDetail, IntakeRow};
pub use letters::{CaseLetters, EntryChoice, LetterChoices, LetterRow, RecipientChoice};
pub use queue::QueueData;
pub use referrals::{REFERRAL_PAGE, ReferralQuery, ReferralRow, ReferralsPage};
pub use search::{Found, FoundGroup, FoundRow, Marked, PER_GROUP, QueryProblem, SearchData};
pub use team::{Member, Team};
