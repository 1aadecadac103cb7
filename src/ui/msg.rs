//! Messages into the application, effects out of it, and replies to effects.
//!
//! `update` is pure: it turns a message into changes of the model and a list of
//! effects. The runtime carries the effects out (calling the service, writing drafts,
//! quitting) and feeds what they returned back in as [`Msg::Reply`].

use ratatui::crossterm::event::KeyEvent;
use zeroize::Zeroizing;

use chrono::NaiveDate;

use crate::domain::{
    Case, CaseId, CaseRef, CaseStatus, FollowUp, FollowUpId, Incident, IncidentId, Organisation,
    OrganisationId, Person, PersonId, Role, TimelineEntry, UserId,
};
use crate::service::{
    AuditQuery, AuditRow, CaseList, CaseSort, Draft, EntryWith, IntakeRequest, Link, LinkTo,
    NewEntry, NewFollowUp, NewUser, OpenCase, PersonMatch, PersonQuery, QueueRequest, QueueView,
    StatusChange, UpdateCase, UserRow,
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
    LoadRecent,
    LoadIncident(IncidentId),
    LoadCases(CaseQuery),
    LoadCase(CaseId),
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
    AddUser {
        user: NewUser,
        passphrase: Zeroizing<String>,
    },
    SetRole(UserId, Role),
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
    /// An organisation's card.
    LoadOrganisation(OrganisationId),
}

/// Which statuses a case list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StatusFilter {
    /// Every case that is not closed: the working list.
    #[default]
    NotClosed,
    Is(CaseStatus),
    All,
}

/// A case list as the screen asks for it. "Mine" is a flag rather than a user id: the
/// backend knows who is signed in, the screen need not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseQuery {
    pub status: StatusFilter,
    /// Code from the `case_kind` list.
    pub kind: Option<String>,
    pub mine: bool,
    /// One worker's cases; `mine` wins when both are set.
    pub worker: Option<UserId>,
    pub safeguarding_only: bool,
    pub sort: CaseSort,
}

/// A worker, for names on screen and for pick lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: UserId,
    pub name: String,
    /// Only active workers can be given work.
    pub active: bool,
}

/// Everyone who can appear as a worker, and who is signed in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Team {
    pub me: Option<UserId>,
    pub members: Vec<Member>,
}

impl Team {
    /// A worker's display name as stored (callers show it through `ui::text::shown`), or a dash.
    pub fn name(&self, id: Option<UserId>) -> String {
        match id {
            None => "—".into(),
            Some(id) => self
                .members
                .iter()
                .find(|m| m.id == id)
                .map(|m| m.name.clone())
                .unwrap_or_else(|| "(unknown)".into()),
        }
    }
}

/// A case list and the names its rows need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasesData {
    pub list: CaseList,
    pub team: Team,
}

/// A case with everything its screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseDetail {
    pub case: Case,
    /// The first complainant's name.
    pub client: Option<String>,
    /// In the order things happened.
    pub timeline: Vec<TimelineEntry>,
    /// By due date, done ones included.
    pub follow_ups: Vec<FollowUp>,
    pub team: Team,
    /// The case's people, then its organisations, with their names as stored.
    pub links: Vec<Named>,
}

/// A link of a case with the name it stands for (stored text: drawn through `ui::text::shown`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub link: Link,
    pub name: String,
}

/// Who the link dialog offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkChoices {
    pub case: CaseId,
    /// People on the case's intakes or already linked, once each.
    pub people: Vec<(PersonId, String)>,
    /// The directory, by name.
    pub directory: Vec<(OrganisationId, String)>,
    /// What is linked now, to offer for removal.
    pub linked: Vec<Named>,
}

/// A follow-up queue and the names its rows need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueData {
    pub view: QueueView,
    pub team: Team,
}

/// One row of the recent intakes list.
#[derive(Debug, Clone, PartialEq)]
pub struct IntakeRow {
    pub id: IncidentId,
    pub reported: String,
    pub caller: String,
    pub location: String,
    pub strands: String,
}

/// An incident with the people in it, for the detail screen.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentDetail {
    pub incident: Incident,
    pub people: Vec<Person>,
    /// Reference list labels for its codes, resolved by the runtime.
    pub labels: Vec<(String, String)>,
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
    /// Not unlocked, and the next try is answered only after a wait (repeated wrong
    /// passphrases).
    UnlockWait {
        message: String,
        wait: std::time::Duration,
    },
    /// A locked screen was unlocked: by the user who locked it (`same_user`), or by
    /// someone else, who now has a session of their own.
    ScreenUnlocked {
        organisation: String,
        user: String,
        same_user: bool,
    },
    PeopleFound(PersonQuery, Vec<PersonMatch>),
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
    Incident(Box<IncidentDetail>),
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
    /// What the search bar's text found, or what is wrong with it.
    Found(Box<SearchData>),
    /// The search index is still being loaded or built (records done of total; 0 of 0
    /// while a snapshot loads): the text is run again on [`Reply::SearchReady`].
    SearchBuilding(usize, usize),
    /// The search index is ready: a search waiting for it can run.
    SearchReady,
    /// A person's card.
    Person(Box<PersonCard>),
    /// An organisation's card.
    Organisation(Box<OrganisationCard>),
}

/// A page of audit entries, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPage {
    pub query: AuditQuery,
    pub rows: Vec<AuditRow>,
    /// Whether older entries match too (another page can be loaded).
    pub more: bool,
}

/// What checking the audit chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainCheck {
    /// Every link holds, up to entry `head`.
    Verified { head: u64 },
    /// The first broken link: its entry and what is wrong there.
    Broken { seq: u64, problem: String },
}

/// A record a search found, to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Person(PersonId),
    Case(CaseId),
    Organisation(OrganisationId),
}

/// Text to show, already made inert, with the byte ranges of it a query matched, so
/// the screen can mark them by more than colour.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marked {
    pub text: String,
    pub marks: Vec<std::ops::Range<usize>>,
}

/// One result: what Enter opens, and its cells by column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundRow {
    pub target: Found,
    pub cells: Vec<Marked>,
}

/// The best results of one group, best first, and how many there were in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FoundGroup {
    pub total: usize,
    pub rows: Vec<FoundRow>,
}

/// A query that cannot be run: where (in characters of the text) and what is wrong,
/// in words that never repeat what was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryProblem {
    pub at: usize,
    pub len: usize,
    pub message: String,
}

/// What one search bar text found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchData {
    /// The text searched for, so that an answer to older text can be told apart.
    pub text: String,
    pub people: FoundGroup,
    pub cases: FoundGroup,
    pub organisations: FoundGroup,
    pub problem: Option<QueryProblem>,
}

/// A case on a person's card, with its codes as words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardCase {
    pub id: CaseId,
    pub reference: CaseRef,
    pub kind: String,
    pub status: CaseStatus,
    /// The person's role on the case, as words.
    pub role: String,
}

/// A person with the cases they are linked to, for their card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonCard {
    pub person: Person,
    /// Language labels, preferred first.
    pub languages: Vec<String>,
    /// Safeguarding concern labels.
    pub flags: Vec<String>,
    pub cases: Vec<CardCase>,
}

/// An organisation of the directory with the cases it is linked to, for its card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganisationCard {
    pub organisation: Organisation,
    /// Its kind (`agency_kind`), as words.
    pub kind: String,
    /// Language labels.
    pub languages: Vec<String>,
    /// Each with the organisation's role on the case.
    pub cases: Vec<CardCase>,
}
