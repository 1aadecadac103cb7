//! Messages into the application, effects out of it, and replies to effects.
//!
//! `update` is pure: it turns a message into changes of the model and a list of
//! effects. The runtime carries the effects out (calling the service, writing drafts,
//! quitting) and feeds what they returned back in as [`Msg::Reply`].

use ratatui::crossterm::event::KeyEvent;
use zeroize::Zeroizing;

use chrono::NaiveDate;

use crate::domain::{
    CaseId, CaseRef, FollowUpId, IncidentId, LetterId, OrganisationId, PersonDetails, PersonId,
    ReferralId, ReferralSummary, Role, UserId,
};
/// What someone else changed, as the store's server tells it.
pub use crate::service::api::wire::Notice;
use crate::service::{
    AuditQuery, Centre, Draft, EntryWith, IntakeRequest, LetterDraft, LetterView, Link, LinkTo,
    LogConsultation, NewEntry, NewFollowUp, NewOrganisation, NewReferral, NewUser, OpenCase,
    PersonMatch, PersonQuery, QueueRequest, ReferralMove, StatusChange, UpdateCase, UserRow,
};

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key was pressed (releases and repeats never get here).
    Key(KeyEvent),
    /// Text pasted in one go (bracketed paste).
    Paste(String),
    Resize(u16, u16),
    /// What an effect returned.
    Reply(Reply),
    /// Time passed with nothing typed: the runtime's timer, at the time the model asked
    /// to be woken ([`crate::ui::app::App::wake_at`]).
    Tick,
}

pub use crate::service::views::{
    AuditPage, CardCase, CardConsultation, CardReferral, CaseDetail, CaseQuery, CasesData,
    ChainCheck, DirectoryFilter, DirectoryRow, Found, FoundGroup, FoundRow, IncidentDetail,
    IntakeRow, LetterChoices, LinkChoices, Marked, Member, Named, OrganisationCard, PersonCard,
    QueryProblem, QueueData, ReferralQuery, ReferralRow, ReferralsPage, SearchData, StatusFilter,
    Team,
};

/// Something the application wants done.
#[derive(Debug, Clone)]
pub enum Effect {
    Quit,
    CreateStore {
        organisation: String,
        login: String,
        name: String,
        passphrase: Zeroizing<String>,
    },
    Unlock {
        login: Option<String>,
        passphrase: Zeroizing<String>,
    },
    /// The screen was locked (key or idle time): keep the draft, record the lock, and
    /// put the session aside until someone unlocks.
    Lock,
    /// Look for the caller among people already on file.
    FindPeople(PersonQuery),
    /// Keep the draft (fast, on every change; forced to disk shortly after).
    SaveDraft(Draft),
    DiscardDraft,
    /// Look for an unfinished draft to offer.
    CheckDraft,
    SaveIntake(Box<IntakeRequest>),
    /// The reporting centres an intake can come from, for the intake form.
    LoadCentres,
    LoadRecent,
    LoadIncident(IncidentId),
    LoadCases(CaseQuery),
    LoadCase(CaseId),
    /// The reports a case came from, to read from the case screen.
    LoadCaseReports(CaseId),
    LoadQueue(QueueRequest),
    /// The signed-in worker's overdue and due-today counts, for home.
    LoadCounts(NaiveDate),
    OpenCase(Box<OpenCase>),
    /// Add an intake to the case a worker read out.
    AttachIntake {
        incident: IncidentId,
        case: CaseRef,
    },
    /// An entry with what comes with it (a follow-up, a crime reference).
    AddEntry(Box<NewEntry>, Box<EntryWith>),
    ChangeStatus(CaseId, Box<StatusChange>),
    UpdateCase(CaseId, Box<UpdateCase>),
    AddFollowUp(CaseId, Box<NewFollowUp>),
    /// Who can be linked to a case: its intakes' people and the directory.
    LoadLinkChoices(CaseId),
    /// Link someone (new or on file) to a case in a role code.
    Link {
        case: CaseId,
        to: Box<LinkTo>,
        role: String,
    },
    Unlink(CaseId, Box<Link>),
    CompleteFollowUp(FollowUpId, Option<String>),
    SnoozeFollowUp(FollowUpId, NaiveDate),
    ReassignFollowUp(FollowUpId, UserId),
    /// The signed-in user's role: home offers the administrator's places only to them.
    LoadRole,
    /// A page of the audit log, newest first (administrators only).
    LoadAudit(AuditQuery),
    /// Check the whole audit chain: slow with a big log, so only when asked.
    VerifyAudit,
    /// A case's access history: the audit entries about it, newest first.
    LoadAccessHistory(CaseRef),
    LoadUsers,
    /// The consultation limit and the referral chase waits, for the settings dialog.
    LoadWorkSettings,
    SetWorkSettings(Box<crate::service::WorkSettings>),
    /// `centre` is the reporting centre's name as typed, found in the directory.
    AddUser {
        user: Box<NewUser>,
        centre: Option<String>,
        passphrase: Zeroizing<String>,
    },
    SetRole(UserId, Role),
    /// Makes a user the login of the reporting centre of this name.
    AssignCentre(UserId, String),
    DisableUser(UserId),
    ResetPassphrase {
        user: UserId,
        passphrase: Zeroizing<String>,
    },
    /// A disabled user may sign in again, with a new passphrase.
    EnableUser {
        user: UserId,
        passphrase: Zeroizing<String>,
    },
    /// Run the search bar's text as typed (on every keystroke).
    Search(String),
    /// A person's card: reading it is recorded in the audit log.
    LoadPerson(PersonId),
    /// Change a person's details (the service keeps the earlier ones).
    UpdatePerson(PersonId, Box<PersonDetails>),
    /// Intakes marked as possible duplicates, each with the record on file it may be.
    LoadDuplicates,
    /// Other records that may be this person, to merge into theirs.
    LoadMergeCandidates(PersonId),
    /// Merge two records of one person: `gone` into `keep`.
    MergePeople {
        keep: PersonId,
        gone: PersonId,
    },
    /// An organisation's card.
    LoadOrganisation(OrganisationId),
    /// A monitoring report (working figures only for an administrator, audited).
    LoadReport(Box<crate::service::reports::ReportRequest>),
    /// The whole directory, for the screen to filter as the worker types.
    LoadDirectory,
    AddOrganisation(Box<NewOrganisation>),
    EditOrganisation(OrganisationId, Box<NewOrganisation>),
    /// Log a consultation; refused with a warning when the group is overloaded and
    /// the worker has not said to log it anyway.
    LogConsultation(LogConsultation),
    /// What a letter on the case can be made from (templates, recipients, entries).
    LoadLetterChoices(CaseRef),
    /// The letter laid out, for the worker to read and edit before keeping it.
    PreviewLetter(Box<LetterDraft>),
    /// Keep the letter with the case as drafted.
    SaveLetter(Box<LetterDraft>),
    /// Edit this text in the worker's own editor, the screen put aside meanwhile.
    EditOutside(String),
    /// A kept letter, laid out.
    LoadLetter(LetterId),
    /// Mark a drafted letter sent on a day.
    MarkLetterSent(LetterId, NaiveDate),
    /// Referrals: starting, moving, reading.
    Referral(ReferralEffect),
}

/// What the referral screens ask of the service.
#[derive(Debug, Clone)]
pub enum ReferralEffect {
    /// A page of the referrals screen.
    Load(ReferralQuery),
    /// One case's referrals.
    OfCase(CaseId),
    /// The directory, to start a referral (or signposting) from a case.
    Start {
        case: CaseId,
        signpost: bool,
    },
    Save(Box<NewReferral>),
    Move(ReferralId, Box<ReferralMove>),
    /// The summary that is sent, to read before sending.
    Summary(ReferralId),
    /// Write a summary's text to a file, readable by its owner only; a file already
    /// there is replaced only when `replace` says so.
    WriteSummary {
        path: std::path::PathBuf,
        text: String,
        replace: bool,
    },
    /// An agency referred someone: where it came from, for a new intake.
    Incoming {
        name: String,
        agency_kind: String,
        their_reference: Option<String>,
        received_on: NaiveDate,
    },
}

/// What the service answered the referral screens.
#[derive(Debug, Clone)]
pub enum ReferralReply {
    Page(Box<ReferralsPage>),
    OfCase(CaseId, Vec<ReferralRow>),
    /// The directory, by name, for a referral form on `case`.
    Directory {
        case: CaseId,
        signpost: bool,
        directory: Vec<(OrganisationId, String)>,
    },
    Summary(ReferralId, Box<ReferralSummary>),
    /// A new intake's draft with an incoming referral's source filled in.
    Intake(Box<Draft>),
}

/// What an effect returned.
#[derive(Debug, Clone)]
pub enum Reply {
    StoreCreated {
        organisation: String,
        user: String,
        recovery_key: Zeroizing<String>,
    },
    Unlocked {
        organisation: String,
        user: String,
    },
    UnlockFailed(String),
    /// What was typed as the passphrase, with no login, is the login of the store's
    /// only account: nothing was tried, and the screen moves it to the login field.
    LoginTyped,
    /// Not unlocked, and the next try is answered only after a wait (repeated wrong
    /// passphrases).
    UnlockWait {
        message: String,
        wait: std::time::Duration,
        /// Whether the passphrase was tried: `false` when the store held it back
        /// because an earlier wait had not run out (the screen then keeps it to try).
        tried: bool,
    },
    /// A locked screen was unlocked: by the user who locked it (`same_user`), or by
    /// someone else, who now has a session of their own.
    ScreenUnlocked {
        organisation: String,
        user: String,
        same_user: bool,
    },
    /// Matches, and whether someone out of the user's sight may be the caller.
    PeopleFound(PersonQuery, Vec<PersonMatch>, bool),
    DraftFound(Option<Draft>),
    IntakeSaved {
        summary: String,
    },
    /// The service refused: field problems by dotted path, or one message.
    Refused {
        problems: Vec<(String, String)>,
        message: String,
    },
    Recent(Vec<IntakeRow>),
    /// The directory's reporting centres; `own` when the login is a centre's.
    Centres {
        centres: Vec<Centre>,
        own: bool,
    },
    Incident(Box<IncidentDetail>),
    /// The reports a case came from.
    Reports(CaseId, Vec<IncidentDetail>),
    Cases(Box<CasesData>),
    Case(Box<CaseDetail>),
    LinkChoices(Box<LinkChoices>),
    Queue(Box<QueueData>),
    Counts {
        overdue: usize,
        today: usize,
    },
    /// A change to casework is on disk; the words are for the status line.
    Saved(String),
    /// A case was opened from an intake, or an intake added to one: show it.
    CaseOpened {
        id: CaseId,
        message: String,
    },
    /// Something failed that the user should hear about.
    Failed(String),
    Role(Role),
    /// A page of the audit log, for the query that asked for it.
    Audit(Box<AuditPage>),
    /// The chain checked: how far, or the first broken link.
    AuditVerified(ChainCheck),
    AccessHistory(CaseRef, Box<AuditPage>),
    /// Every user but the recovery key's, oldest first.
    Users(Vec<UserRow>),
    /// The settings as they are, for the administrator's dialog.
    WorkSettings(Box<crate::service::WorkSettings>),
    /// What the search bar's text found, or what is wrong with it.
    Found(Box<SearchData>),
    /// The search index is still being loaded or built (records done of total; 0 of 0
    /// while a snapshot loads): the text is run again on [`Reply::SearchReady`].
    SearchBuilding(usize, usize),
    /// The search index is ready: a search waiting for it can run.
    SearchReady,
    /// The store's server went away (killed, out of memory): the screen locks and
    /// says so; signing in again reaches or starts a new one.
    ServerGone(String),
    /// Someone else changed something (a notice from the store's server): a screen
    /// showing it reads it again.
    Changed(Notice),
    /// A person's card.
    Person(Box<PersonCard>),
    /// Pairs of records that may be one person.
    Duplicates(Vec<crate::service::PossibleDuplicate>),
    /// An organisation's card.
    Organisation(Box<OrganisationCard>),
    /// A monitoring report, as asked for.
    Report(Box<crate::service::reports::ReportView>),
    /// Every organisation in the directory, by name, and how many consultations in 90
    /// days make logging another warn.
    Directory {
        rows: Box<Vec<DirectoryRow>>,
        limit: u32,
    },
    Referral(ReferralReply),
    LetterChoices(Box<LetterChoices>),
    /// A letter laid out, with what it was made from.
    LetterPreview(Box<LetterDraft>, Box<LetterView>),
    /// A letter is kept with its case; the words are for the status line.
    LetterSaved(String),
    /// The text as the worker's editor left it, or why it could not be edited.
    Edited(Result<String, String>),
    /// A kept letter, laid out.
    Letter(Box<LetterView>),
}
