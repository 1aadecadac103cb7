//! Messages into the application, effects out of it, and replies to effects.
//!
//! `update` is pure: it turns a message into changes of the model and a list of
//! effects. The runtime carries the effects out (calling the service, writing drafts,
//! quitting) and feeds what they returned back in as [`Msg::Reply`].

use ratatui::crossterm::event::KeyEvent;
use zeroize::Zeroizing;

use crate::domain::{CaseId, CaseRef, OrganisationId, ReferralId, ReferralSummary, Role};
/// What someone else changed, as the store's server tells it.
pub use crate::service::api::wire::Notice;
use crate::service::{
    Centre, Draft, LetterDraft, LetterView, PersonMatch, PersonQuery, TemplateText, UserRow,
};

pub use super::stack::LayerId;

/// An effect, and the layer that asked for it (`None`: the application itself, such
/// as locking the screen).
#[derive(Debug, Clone)]
pub struct Asked {
    pub by: Option<LayerId>,
    pub effect: Effect,
}

impl Asked {
    /// The message that carries `reply` back to whoever asked.
    pub fn answer(by: Option<LayerId>, reply: Reply) -> Msg {
        match by {
            Some(layer) => Msg::Answer(layer, reply),
            None => Msg::Reply(reply),
        }
    }
}

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key was pressed (releases and repeats never get here).
    Key(KeyEvent),
    /// Text pasted in one go (bracketed paste).
    Paste(String),
    Resize(u16, u16),
    /// Something the application did not ask for (the search index ready), or the
    /// answer to what it asked itself: for the top layer. Another worker's change
    /// ([`Reply::Changed`]) is for every layer.
    Reply(Reply),
    /// The answer to what a layer asked for: for that layer, if it is still there.
    Answer(LayerId, Reply),
    /// Time passed with nothing typed: the runtime's timer, at the time the model asked
    /// to be woken ([`crate::ui::app::App::wake_at`]).
    Tick,
}

impl Msg {
    /// The reply a message carries, whoever it is for.
    pub fn reply(&self) -> Option<&Reply> {
        match self {
            Msg::Reply(r) | Msg::Answer(_, r) => Some(r),
            _ => None,
        }
    }
}

pub use super::effect::{
    AdminEffect, CardEffect, CaseChange, CaseEffect, DirectoryEffect, DraftEffect, Effect,
    IntakeEffect, LetterEffect, PeopleEffect, ReferralEffect,
};
pub use crate::service::views::{
    AuditPage, CardCase, CardConsultation, CardReferral, CaseDetail, CaseLetters, CaseQuery,
    CasesData, ChainCheck, DirectoryFilter, DirectoryRow, Found, FoundGroup, FoundRow,
    IncidentDetail, IntakeRow, LetterChoices, LetterRow, LinkChoices, Marked, Member, Named,
    OrganisationCard, PersonCard, QueryProblem, QueueData, ReferralQuery, ReferralRow,
    ReferralsPage, SearchData, StatusFilter, Team,
};

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

/// What a sign-in brings the screens besides who signed in: the reference lists, the
/// idle lock, and what opening the store found (said once home is shown).
#[derive(Debug, Clone, Default)]
pub struct Welcome {
    pub lists: super::component::Lists,
    pub idle_lock_minutes: u32,
    pub notice: Option<super::component::Status>,
}

/// What an effect returned.
#[derive(Debug, Clone)]
pub enum Reply {
    StoreCreated {
        organisation: String,
        user: String,
        recovery_key: Zeroizing<String>,
        welcome: Box<Welcome>,
    },
    Unlocked {
        organisation: String,
        user: String,
        welcome: Box<Welcome>,
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
    /// The lock's answer, for the application: whether the unfinished intake's draft
    /// was forced to disk (if not, it is kept as written), and whether the store's
    /// sign-in asks for the login first now (`None`: the store could not say). It
    /// carries nothing personal: the locked screen is seen by whoever comes along.
    Locked {
        draft_safe: bool,
        login_first: Option<bool>,
    },
    /// For the lock screen: the store's sign-in asks for the login first, or not (a
    /// second person given a passphrase since the program started).
    LoginFirst(bool),
    /// A locked screen was unlocked: by the user who locked it (`same_user`), or by
    /// someone else, who now has a session of their own.
    ScreenUnlocked {
        organisation: String,
        user: String,
        same_user: bool,
        welcome: Box<Welcome>,
    },
    /// Matches, and whether someone out of the user's sight may be the caller.
    PeopleFound(PersonQuery, Vec<PersonMatch>, bool),
    /// The unfinished draft, if any, and what to say when a damaged copy of it was
    /// set aside.
    DraftFound(Option<Draft>, Option<String>),
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
    /// Someone else changed something (a notice from the store's server): told to
    /// every layer, and a layer showing it reads it again.
    Changed(Notice),
    /// The settings as they are now (lists and idle lock; no notice), read again after
    /// an administrator changed them.
    Settings(Box<Welcome>),
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
    /// A case's letters, newest first.
    CaseLetters(Box<CaseLetters>),
    /// Every letter template, with its text.
    Templates(Vec<TemplateText>),
}
