//! What the application wants done, grouped by the part of the service that does it.
//!
//! Each group is its own enum, so the backend hands a whole group to one handler and
//! every handler matches all of its group's variants: a new effect that nobody carries
//! out does not compile (there is no catch-all anywhere on the way).

use chrono::NaiveDate;
use zeroize::Zeroizing;

use crate::domain::{
    CaseId, CaseRef, FollowUpId, IncidentId, LetterId, OrganisationId, PersonDetails, PersonId,
    ReferralId, Role, UserId,
};
use crate::service::views::{CaseQuery, ReferralQuery};
use crate::service::{
    AuditQuery, Draft, Edit, EntryWith, IntakeRequest, LetterDraft, Link, LinkTo, LogConsultation,
    NewEntry, NewFollowUp, NewOrganisation, NewReferral, NewTemplate, NewUser, OpenCase,
    PersonQuery, QueueRequest, ReferralMove, StatusChange, UpdateCase,
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
    /// Edit this text in the worker's own editor, the screen put aside meanwhile.
    EditOutside(String),
    /// Run the search bar's text as typed (on every keystroke).
    Search(String),
    /// A monitoring report (working figures only for an administrator, audited).
    LoadReport(Box<crate::service::reports::ReportRequest>),
    /// The intake draft and the intake it becomes: the draft lane, carried out before
    /// the frame that shows the keystroke (see `ui/backend/drafts.rs`).
    Draft(DraftEffect),
    Intake(IntakeEffect),
    Case(CaseEffect),
    Change(CaseChange),
    Admin(AdminEffect),
    Card(CardEffect),
    People(PeopleEffect),
    Directory(DirectoryEffect),
    Letter(LetterEffect),
    Referral(ReferralEffect),
}

/// Taking an intake: the caller, the draft, the form's choices, recent intakes.
#[derive(Debug, Clone)]
pub enum IntakeEffect {
    /// Look for the caller among people already on file.
    FindPeople(PersonQuery),
    /// The reporting centres an intake can come from, for the intake form.
    LoadCentres,
    LoadRecent,
    LoadIncident(IncidentId),
}

/// The draft of an intake, and the intake it becomes. These run in the order asked,
/// on a lane of their own: a draft kept after a slow read was asked for must not wait
/// for it, and a draft discarded must never be overtaken by the next one kept.
#[derive(Debug, Clone)]
pub enum DraftEffect {
    /// Keep the draft (fast, on every change; forced to disk shortly after).
    Keep(Draft),
    Discard,
    /// Look for an unfinished draft to offer.
    Check,
    /// Save the intake (which ends its draft).
    Record(Box<IntakeRequest>),
}

/// Reading casework: lists, a case, queues, home's counts.
#[derive(Debug, Clone)]
pub enum CaseEffect {
    LoadCases(CaseQuery),
    LoadCase(CaseId),
    /// The reports a case came from, to read from the case screen.
    LoadCaseReports(CaseId),
    LoadQueue(QueueRequest),
    /// The signed-in worker's overdue and due-today counts, for home.
    LoadCounts(NaiveDate),
    /// Who can be linked to a case: its intakes' people and the directory.
    LoadLinkChoices(CaseId),
}

/// Changing casework: each answers with what the status line says once it is on disk.
#[derive(Debug, Clone)]
pub enum CaseChange {
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
    /// Change a person's details (the service keeps the earlier ones), with the
    /// details as the form was filled from them.
    UpdatePerson(PersonId, Box<Edit<PersonDetails>>),
}

/// The administrator's places (the service refuses anyone else), the role that
/// decides whether home offers them, and the settings every session follows.
#[derive(Debug, Clone)]
pub enum AdminEffect {
    /// The signed-in user's role: home offers the administrator's places only to them.
    LoadRole,
    /// What the application follows of the settings (the reference lists, the idle
    /// lock), read again when an administrator changes them; anyone may read their own.
    LoadSettings,
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
}

/// A card reached from search or a case: reading a person's is audited.
#[derive(Debug, Clone)]
pub enum CardEffect {
    Person(PersonId),
    Organisation(OrganisationId),
}

/// Two records of one person: finding them and merging them (caseworkers and
/// administrators).
#[derive(Debug, Clone)]
pub enum PeopleEffect {
    /// Intakes marked as possible duplicates, each with the record on file it may be.
    Duplicates,
    /// Other records that may be this person, to merge into theirs.
    MergeCandidates(PersonId),
    /// Merge two records of one person: `gone` into `keep`.
    Merge { keep: PersonId, gone: PersonId },
}

/// The directory of organisations and community groups.
#[derive(Debug, Clone)]
pub enum DirectoryEffect {
    /// The whole directory, for the screen to filter as the worker types.
    Load,
    Add(Box<NewOrganisation>),
    /// An entry changed, with the entry as the form was filled from it.
    Edit(OrganisationId, Box<Edit<NewOrganisation>>),
    /// Log a consultation; refused with a warning when the group is overloaded and
    /// the worker has not said to log it anyway.
    LogConsultation(LogConsultation),
}

/// Letters from a case, and their templates.
#[derive(Debug, Clone)]
pub enum LetterEffect {
    /// What a letter on the case can be made from (templates, recipients, entries).
    Choices(CaseRef),
    /// The letter laid out, for the worker to read and edit before keeping it.
    Preview(Box<LetterDraft>),
    /// Keep the letter with the case as drafted.
    Save(Box<LetterDraft>),
    /// A kept letter, laid out.
    Load(LetterId),
    /// Mark a drafted letter sent on a day.
    MarkSent(LetterId, NaiveDate),
    /// A case's letters, for its list of them.
    OfCase(CaseId),
    /// Keep a drafted letter's changed words (refused once it is sent).
    Revise(LetterId, Box<LetterDraft>),
    /// Write a kept letter to a file: DOCX if the name ends `.docx`, else plain text.
    WriteOut(LetterId, std::path::PathBuf),
    /// Every letter template, built in and added.
    Templates,
    /// Add a template (`true`) or change one (administrators only); a change carries
    /// the template as the form was filled from it.
    SaveTemplate(Box<Edit<NewTemplate>>, bool),
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
