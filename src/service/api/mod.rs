//! Every operation as plain data: a [`Request`] in, a [`Reply`] out, the same whether
//! the session is in this process or in a server at the other end of a socket. The
//! enums are the protocol: changing one raises [`crate::service::remote::hello::PROTOCOL`].
//!
//! A request that moves a file (an import, a restore, a backup, an export) carries its
//! bytes beside it, as a stream of chunks (see [`transfer`]), so a file never has to
//! be somewhere the server can open it.

mod dispatch;
mod dispatch_directory;
pub mod limits;
mod referrals;
pub mod transfer;
pub mod wire;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::organisations::{ConsultationLogged, LogConsultation, NewOrganisation};
use super::views::{
    AuditPage, CaseDetail, CaseLetters, CaseQuery, CasesData, ChainCheck, DirectoryFilter,
    DirectoryRow, IncidentDetail, IntakeRow, LetterChoices, LinkChoices, OrganisationCard,
    PersonCard, QueueData, SearchData, Team,
};
use super::{
    AuditQuery, BackupSummary, CaseOpened, Centre, CheckReport, Draft, EntryAdded, EntryWith, Hits,
    ImportSummary, IntakeRequest, IntakeSaved, LetterDraft, LetterView, Link, LinkTo, Linked,
    NewEntry, NewFollowUp, NewTemplate, NewUser, OpenCase, PersonMatch, PersonQuery, QueueRequest,
    QueueView, ReplacedStore, Stats, StatusChange, TemplateText, UpdateCase, UserRow,
};
use crate::domain::{
    CaseId, CaseRef, FollowUpId, IncidentId, Letter, LetterId, ListKind, OrganisationId,
    PersonDetails, PersonId, RefEntry, ReferenceList, Role, Subject, TimelineId, User, UserId,
};
use crate::domain::{LetterSettings, Settings};
pub use dispatch::Transfer;
pub use referrals::ReferralRequest;
pub use wire::{Secret, WireError};

/// What a client asks: requests come in groups, each handled by one exhaustive match,
/// so a request added without a handler does not compile.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// Signing in and out; answered by the connection, not a session.
    Session(SessionRequest),
    Desk(DeskRequest),
    Casework(CaseRequest),
    Referral(ReferralRequest),
    Admin(AdminRequest),
    Upkeep(UpkeepRequest),
    Directory(DirectoryRequest),
    Letters(LetterRequest),
}

/// Before signing in, and signing out.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum SessionRequest {
    /// What the sign-in screen should ask.
    Status,
    /// Whether `text` is the login of the store's only account (someone typed their
    /// login where the passphrase goes). Never answered for a store of several.
    IsOnlyLogin(String),
    /// Signs in with a login (or none: every passphrase is tried) and a passphrase or
    /// the recovery key. `origin` says where the client runs (its terminal, or the SSH
    /// client's address); the OS account comes from the socket, not from the client.
    SignIn {
        login: Option<String>,
        secret: Secret,
        origin: String,
        /// Who locked this terminal's screen: their signing in again is an unlock.
        resuming: Option<UserId>,
    },
    /// Signs in as the user this connection's OS account is mapped to, with no
    /// passphrase, while the store's server is unlocked (`domain::peer`). `login`,
    /// when given, must be that user's. Only a server can answer it: it takes the OS
    /// account from the kernel.
    SignInAsPeer {
        login: Option<String>,
        origin: String,
    },
    /// Ends the session; `lock` records it as the screen being locked.
    SignOut { lock: bool },
}

/// The intake desk: drafts, callers, intakes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum DeskRequest {
    SaveDraft(Draft),
    /// Forces the draft to disk.
    SyncDraft,
    /// Forces the draft to disk beside the session, answering at once: for a pause in
    /// typing, so the next keystroke's draft never waits for a slow disk. The way out
    /// uses [`DeskRequest::SyncDraft`], which waits. Answered `Changed(false)` when
    /// every copy written is on disk already, `Done` when the copies are on their way
    /// (ask again to know), and with the error when the last sync failed.
    SyncDraftSoon,
    DiscardDraft,
    LoadDraft,
    /// Damaged draft copies set aside since last asked, by name.
    SetAsideDrafts,
    FindPeople(PersonQuery),
    RecordIntake(Box<IntakeRequest>),
    RecentIntakes,
    Intake(IncidentId),
    /// The reporting centres an intake can come from.
    Centres,
}

/// Cases, their timelines and follow-ups, queues, search and cards.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum CaseRequest {
    Cases(CaseQuery),
    Case(CaseId),
    /// The reports a case came from.
    CaseReports(CaseId),
    OpenCase(Box<OpenCase>),
    AttachIntake {
        incident: IncidentId,
        case: CaseRef,
    },
    AddEntry(Box<NewEntry>, Box<EntryWith>),
    ChangeStatus(CaseId, Box<StatusChange>),
    UpdateCase(CaseId, Box<UpdateCase>),
    AddFollowUp(Subject, Box<NewFollowUp>),
    LinkChoices(CaseId),
    Link {
        case: CaseId,
        to: Box<LinkTo>,
        role: String,
    },
    Unlink(CaseId, Box<Link>),
    CompleteFollowUp(FollowUpId, Option<String>),
    SnoozeFollowUp(FollowUpId, NaiveDate),
    ReassignFollowUp(FollowUpId, UserId),
    Queue(QueueRequest),
    /// Everyone who can appear as a worker.
    Team,
    /// The queue as rows, for the command line.
    QueueRows(QueueRequest),
    /// The signed-in worker's overdue and due-today counts.
    Counts(NaiveDate),
    Search(String),
    /// Search hits as the command line lists them: at most `limit` a group.
    SearchHits {
        text: String,
        limit: usize,
    },
    Person(PersonId),
    /// Changes a person's details, keeping the earlier ones; refused when someone else
    /// changed them since they were read.
    UpdatePerson(PersonId, Box<super::Edit<PersonDetails>>),
    /// Merges the second person into the first.
    MergePeople {
        keep: PersonId,
        gone: PersonId,
    },
    /// Intakes marked as possible duplicates, with the record on file each may be.
    PossibleDuplicates,
    /// Other records that may be this person, for a merge from their card.
    MergeCandidates(PersonId),
    Organisation(OrganisationId),
}

/// Users, reference lists, settings and the audit log.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum AdminRequest {
    Audit(AuditQuery),
    AccessHistory(CaseRef, usize),
    /// Checks the chain from its start up to a recorded anchor (`SEQ:HASH`), or all.
    VerifyAudit(Option<String>),
    AuditAnchor,
    Users,
    AddUser {
        user: NewUser,
        passphrase: Secret,
    },
    SetRole(UserId, Role),
    /// Makes a user the login of a reporting centre.
    AssignCentre(UserId, OrganisationId),
    DisableUser(UserId),
    EnableUser {
        user: UserId,
        passphrase: Secret,
    },
    ResetPassphrase {
        user: UserId,
        passphrase: Secret,
    },
    ChangePassphrase {
        old: Secret,
        new: Secret,
    },
    /// The reference lists, with the rest of what the signed-in user's screens follow
    /// of the settings ([`OwnSettings`]): read again when an administrator changes them.
    ReferenceLists,
    AddReferenceValue {
        kind: ListKind,
        label: String,
        code: Option<String>,
        group: Option<String>,
    },
    SetIdleLock(u32),
    /// The publishing rule and the scorecard mapping of reports.
    SetReportSettings(Box<crate::domain::report::ReportSettings>),
    /// Stores replaced by restores and kept in the data directory.
    ReplacedStores,
    /// Deletes a kept replaced store for good.
    RemoveReplaced(String),
    /// OS accounts that sign in without a passphrase.
    PeerLogins,
    /// Lets an OS account sign in as a login without a passphrase.
    MapPeer {
        os_account: String,
        login: String,
    },
    /// Ends an OS account's sign-in without a passphrase; says whether it had one.
    UnmapPeer(String),
    /// The consultation limit and the referral chase waits.
    WorkSettings,
    /// Sets them all, checked and audited as one change.
    SetWorkSettings(Box<super::WorkSettings>),
}

/// The directory of organisations: reading it (everyone), adding, editing, logging
/// consultations and loading a spreadsheet of groups (caseworkers and administrators).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum DirectoryRequest {
    /// Every organisation the filter keeps, by name.
    List(DirectoryFilter),
    /// Consultations in 90 days after which logging another warns, as it is now.
    ConsultationLimit,
    Add(Box<NewOrganisation>),
    /// Changes an entry; refused when someone else changed it since it was read.
    Edit(OrganisationId, Box<super::Edit<NewOrganisation>>),
    LogConsultation(LogConsultation),
    /// A spreadsheet of groups as CSV text, loaded whole or not at all.
    ImportCsv(Vec<u8>),
    /// Sets how many consultations in 90 days a group may have before logging another
    /// warns (administrators only).
    SetConsultationLimit(u32),
}

/// Whole-store jobs: checks, figures, rebuilds, files in and out.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum UpkeepRequest {
    Check,
    Stats,
    /// Loads the search index now (a terminal does so straight after signing in).
    WarmSearch,
    /// Reads the directory into the copy the sessions share, so the directory screen
    /// opens at once (a terminal asks straight after the search index).
    WarmDirectory,
    /// Rebuilds the derived indexes and the search index from the records.
    Reindex,
    /// Every record as one JSON document, sent as a download.
    Export,
    /// An export document, sent as an upload.
    Import,
    /// A demo caseload of `cases` cases made and imported.
    Demo {
        cases: usize,
        seed: u64,
    },
    /// A copy of the store, sent as a download.
    Backup,
    /// A monitoring report, published or (administrators, on screen) working figures.
    Report(Box<crate::service::reports::ReportRequest>),
}

/// Letters on a case, and the templates they are made from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum LetterRequest {
    /// Every template, built-in and added.
    Templates,
    Template(String),
    /// Adds a template (administrators).
    AddTemplate(NewTemplate),
    /// Changes a template (administrators); refused when someone else changed it since
    /// it was read.
    EditTemplate(Box<super::Edit<NewTemplate>>),
    /// The letter laid out, not kept.
    Preview(Box<LetterDraft>),
    /// Keeps the letter as drafted: new, or a drafted one changed.
    Save(Box<LetterDraft>, Option<LetterId>),
    /// Marks a drafted letter sent on a day.
    MarkSent(LetterId, NaiveDate),
    /// A kept letter, laid out.
    Letter(LetterId),
    /// The letters kept on a case.
    Letters(CaseId),
    /// A case's letters as its screen lists them.
    OfCase(CaseId),
    /// What a letter on a case can be made from.
    Choices(CaseRef),
    /// The letterhead, address and signature lines (administrators).
    SetFraming(LetterSettings),
}

macro_rules! grouped {
    ($($group:ident => $variant:ident),*) => {
        $(impl From<$group> for Request {
            fn from(r: $group) -> Request {
                Request::$variant(r)
            }
        })*
    };
}
grouped!(
    SessionRequest => Session,
    DeskRequest => Desk,
    CaseRequest => Casework,
    ReferralRequest => Referral,
    AdminRequest => Admin,
    UpkeepRequest => Upkeep,
    DirectoryRequest => Directory,
    LetterRequest => Letters
);

/// What the server answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Reply {
    Done,
    /// Whether a change changed anything.
    Changed(bool),
    Status(StoreStatus),
    OnlyLogin(bool),
    SignedIn(Box<SignedIn>),
    Draft(Option<Draft>),
    SetAside(Vec<String>),
    /// Matches the actor may see, and whether someone they may not see matches too.
    People(PersonQuery, Vec<PersonMatch>, bool),
    IntakeSaved(IntakeSaved),
    Recent(Vec<IntakeRow>),
    Centres(Vec<Centre>),
    Incident(Box<IncidentDetail>),
    Reports(Vec<IncidentDetail>),
    Cases(Box<CasesData>),
    Case(Box<CaseDetail>),
    CaseOpened(CaseOpened),
    /// An intake added to a case.
    Attached(CaseId),
    EntryAdded(EntryAdded),
    FollowUpAdded(FollowUpId),
    LinkChoices(Box<LinkChoices>),
    Linked(Linked),
    Queue(Box<QueueData>),
    QueueRows(Box<QueueView>),
    Team(Box<Team>),
    Counts {
        overdue: usize,
        today: usize,
    },
    Found(Box<SearchData>),
    Hits(Box<Hits>),
    Person(Box<PersonCard>),
    /// Pairs of records that may be one person.
    Duplicates(Vec<super::PossibleDuplicate>),
    Organisation(Box<OrganisationCard>),
    Directory(Vec<DirectoryRow>),
    ConsultationLimit(u32),
    OrganisationAdded(OrganisationId),
    Consulted(ConsultationLogged),
    /// How many organisations a spreadsheet added.
    DirectoryImported(usize),
    ReferralStarted(crate::domain::ReferralId),
    Referrals(Box<super::views::ReferralsPage>),
    CaseReferrals(Vec<super::views::ReferralRow>),
    ReferralSummary(Box<crate::domain::ReferralSummary>),
    IncomingSource(Box<super::IncomingSource>),
    Audit(Box<AuditPage>),
    AuditVerified(ChainCheck),
    /// The chain's head, as `SEQ:HASH`.
    AuditAnchor(String),
    Users(Vec<UserRow>),
    UserAdded(UserId),
    OwnSettings(Box<OwnSettings>),
    ReferenceAdded(RefEntry),
    Replaced(Vec<ReplacedStore>),
    /// Where a removed store was.
    Removed(String),
    PeerLogins(Vec<crate::service::PeerLoginRow>),
    WorkSettings(Box<super::WorkSettings>),
    /// Whether there was something to undo.
    Undone(bool),
    Checked(Box<CheckReport>),
    Stats(Box<Stats>),
    Imported(Box<ImportSummary>),
    /// An export sent: how many people and cases it holds.
    Exported {
        people: usize,
        cases: usize,
    },
    BackedUp(BackupSummary),
    Report(Box<crate::service::reports::ReportView>),
    Templates(Vec<TemplateText>),
    Template(Box<TemplateText>),
    Letter(Box<LetterView>),
    LetterSaved(LetterId),
    /// The letter's case, and the "letter sent" entry.
    LetterSent(CaseId, TimelineId),
    Letters(Vec<Letter>),
    LetterChoices(Box<LetterChoices>),
    CaseLetters(Box<CaseLetters>),
}

/// What a client sees before signing in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreStatus {
    /// More than one person has a passphrase: ask for the login first (without it,
    /// each of their key slots costs a key derivation to try).
    pub login_first: bool,
    /// Someone is signed in, so the data key is in the server's memory.
    pub unlocked: bool,
    /// How long the next sign-in must wait after the wrong passphrases so far.
    pub wait: std::time::Duration,
}

/// Who signed in, and what their screens need from the start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignedIn {
    /// The user signed in.
    pub user: User,
    pub settings: Settings,
    pub lists: Vec<ReferenceList>,
    /// What opening the store found around it and did (an interrupted restore
    /// finished, damage), in words.
    pub notices: Vec<String>,
    /// Whether any of them is damage, to be shown as an error.
    pub damage: bool,
}

/// What a signed-in user's screens follow of the store, as it is now (an administrator
/// in another session may change it): the lists the forms offer, the idle lock, and
/// the user's role as stored (home offers the places it allows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnSettings {
    pub lists: Vec<ReferenceList>,
    pub idle_lock_minutes: u32,
    pub role: Role,
}

#[cfg(test)]
mod tests;
