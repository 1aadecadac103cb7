//! Named actions that keys are bound to, and the contexts bindings live in.

use std::fmt;
use std::str::FromStr;

/// Where a binding applies. A key goes to the top layer's context first, then `global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// Everywhere, forms included: printable keys may not be bound here.
    Global,
    /// Screens of things to pick from (home, recent intakes).
    List,
    /// Forms with text fields: printable keys may not be bound here either.
    Form,
    /// Confirmation dialogs and overlays.
    Dialog,
    /// The case list; keys not bound here fall back to [list].
    CaseList,
    /// One case with its timeline and follow-ups; falls back to [list].
    Case,
    /// The follow-up queue; falls back to [list].
    Queue,
    /// The administrator's screens (audit log, users); falls back to [list].
    Admin,
    /// The reports screen; falls back to [list].
    Reports,
    /// The directory of organisations and an organisation's card: the directory's
    /// filter is typed, so this falls back to [form] and printable keys stay unbound.
    Directory,
    /// The referrals screen and a case's referrals; falls back to [list].
    Referrals,
    /// The letter templates and a case's letters; falls back to [list].
    Letters,
}

impl Context {
    pub const ALL: [Context; 12] = [
        Context::Global,
        Context::List,
        Context::Form,
        Context::Dialog,
        Context::CaseList,
        Context::Case,
        Context::Queue,
        Context::Admin,
        Context::Reports,
        Context::Directory,
        Context::Referrals,
        Context::Letters,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Form => "form",
            Context::Dialog => "dialog",
            Context::CaseList => "case_list",
            Context::Case => "case",
            Context::Queue => "queue",
            Context::Admin => "admin",
            Context::Reports => "reports",
            Context::Directory => "directory",
            Context::Referrals => "referrals",
            Context::Letters => "letters",
        }
    }

    /// Where a key is looked up, in order: this section, then the ones it falls back
    /// to. The casework screens are lists too, so list movement works in them unless
    /// their own section binds the key to something else.
    pub fn chain(self) -> &'static [Context] {
        match self {
            Context::Global => &[Context::Global],
            Context::List => &[Context::List, Context::Global],
            Context::Form => &[Context::Form, Context::Global],
            Context::Dialog => &[Context::Dialog, Context::Global],
            Context::CaseList => &[Context::CaseList, Context::List, Context::Global],
            Context::Case => &[Context::Case, Context::List, Context::Global],
            Context::Queue => &[Context::Queue, Context::List, Context::Global],
            Context::Admin => &[Context::Admin, Context::List, Context::Global],
            Context::Reports => &[Context::Reports, Context::List, Context::Global],
            Context::Directory => &[Context::Directory, Context::Form, Context::Global],
            Context::Referrals => &[Context::Referrals, Context::List, Context::Global],
            Context::Letters => &[Context::Letters, Context::List, Context::Global],
        }
    }

    /// Whether typing reaches text fields in this context, so printable keys must stay unbound.
    pub fn types_text(self) -> bool {
        matches!(self, Context::Global | Context::Form | Context::Directory)
    }
}

impl FromStr for Context {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Context::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| {
                format!(
                    "unknown section [{s}]: the sections are global, list, form, dialog, \
                     case_list, case, queue, admin, reports, directory, referrals, letters"
                )
            })
    }
}

macro_rules! actions {
    ($($variant:ident = $name:literal : $help:literal,)*) => {
        /// Something a key can do.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $($variant,)*
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The name used in keymap files.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }

            /// What it does, for the help overlay.
            pub fn help(self) -> &'static str {
                match self {
                    $(Action::$variant => $help,)*
                }
            }
        }
    };
}

actions! {
    Quit = "quit": "quit caseline (drafts are kept)",
    Help = "help": "show every key of this screen",
    Lock = "lock": "lock the screen now (it also locks itself when left alone)",
    Home = "home": "go to the home screen",
    NewIntake = "new_intake": "start a new intake",
    RecentIntakes = "recent_intakes": "list recent intakes",
    Up = "up": "move up",
    Down = "down": "move down",
    PageUp = "page_up": "move up a page",
    PageDown = "page_down": "move down a page",
    First = "first": "go to the first item",
    Last = "last": "go to the last item",
    NextPage = "next_page": "the next page of a long list (read a page at a time)",
    PrevPage = "prev_page": "the page before, in a long list",
    Open = "open": "open the selected item",
    NextField = "next_field": "next field",
    PrevField = "prev_field": "previous field",
    NextSection = "next_section": "next section of the form",
    PrevSection = "prev_section": "previous section of the form",
    Select = "select": "choose or tick the highlighted option; new line in notes",
    AttachMatch = "attach_match": "use the matching person already on file",
    NextMatch = "next_match": "highlight the next matching person",
    Save = "save": "save",
    Cancel = "cancel": "cancel or go back",
    Discard = "discard": "discard this draft (asks first)",
    Confirm = "confirm": "yes, do it",
    Cases = "cases": "list the cases",
    Queue = "queue": "the follow-up queue: what is due",
    Search = "search": "find a person, case or organisation by any part of it",
    OpenCase = "open_case": "open a case from this intake",
    AttachToCase = "attach_to_case": "add this intake to an existing case",
    AddEntry = "add_entry": "add an entry (a note, a call ...) to the timeline",
    CorrectEntry = "correct_entry": "correct the selected timeline entry",
    ChangeStatus = "change_status": "change the case's status",
    EditCase = "edit_case": "edit the case's worker, risk, safeguarding and summary",
    CaseReports = "case_reports": "read the report(s) the case came from",
    EditPerson = "edit_person": "change the person's contact details, safe contact, languages and consents",
    Duplicates = "duplicates": "callers who may already be on file: check them and merge",
    MergePerson = "merge_person": "merge another record of this person into this one (asks first)",
    SwapKept = "swap_kept": "swap which of the two records is kept and which is merged in",
    AddFollowUp = "add_follow_up": "add a follow-up to the case",
    LinkCase = "link": "link a person or organisation to the case in a role, or remove a link",
    WriteLetter = "letter": "write a letter from the case: template, recipient, chronology",
    EditOutside = "edit_outside": "edit the text in your own editor ($VISUAL or $EDITOR)",
    CaseLetters = "case_letters": "this case's letters: read one, change a draft, mark it sent, write it out",
    Templates = "templates": "the letter templates (administrators)",
    AddTemplate = "add_template": "add a letter template",
    EditLetter = "edit_letter": "change the selected template, or the selected drafted letter",
    MarkSent = "mark_sent": "mark the selected drafted letter sent; it is fixed from then on",
    WriteOut = "write_out": "write the selected letter to a DOCX or text file",
    Complete = "complete": "mark the selected follow-up done (with a note if you like)",
    Snooze = "snooze": "move the selected follow-up to another day",
    Reassign = "reassign": "give the selected follow-up to another worker",
    FilterStatus = "filter_status": "show cases of the next status",
    FilterKind = "filter_kind": "show only the next kind",
    ToggleMine = "toggle_mine": "mine only, or everyone's",
    FilterWorker = "filter_worker": "one worker's cases, each in turn, then everyone's",
    ToggleSafeguarding = "toggle_safeguarding": "safeguarding cases only, or all",
    Sort = "sort": "change the order",
    JumpDate = "jump_date": "jump to a date in the timeline",
    NextPane = "next_pane": "next tab or panel",
    PrevPane = "prev_pane": "previous tab or panel",
    SavedQueue1 = "saved_queue_1": "saved queue: my overdue follow-ups",
    SavedQueue2 = "saved_queue_2": "saved queue: my follow-ups due today",
    SavedQueue3 = "saved_queue_3": "saved queue: safeguarding follow-ups this week",
    SavedQueue4 = "saved_queue_4": "saved queue: everyone's overdue follow-ups",
    Audit = "audit": "the audit log; on a case, who saw and changed it",
    Users = "users": "the users and their roles (administrators)",
    Settings = "settings": "the consultation limit and referral waits (administrators)",
    FilterAudit = "filter_audit": "show only the entries of a case, a user or since a date",
    VerifyAudit = "verify_audit": "check the whole audit chain now (slow with a big log)",
    AddUser = "add_user": "add a user with their own passphrase",
    ChangeRole = "change_role": "change the selected user's role",
    DisableUser = "disable_user": "disable the selected user (asks first)",
    ResetPassphrase = "reset_passphrase": "give the selected user a new passphrase",
    Reports = "reports": "monitoring reports, small numbers suppressed",
    PrevPeriod = "prev_period": "the report for the period before",
    NextPeriod = "next_period": "the report for the period after",
    PeriodKind = "period_kind": "financial year, quarter, month or calendar year",
    TypePeriod = "type_period": "type any period: 2026-27, 2026-27Q1, 2026-05, A..B",
    ToggleWorking = "toggle_working": "working figures (exact, administrators) or published",
    NextColumns = "next_columns": "show the columns to the right of a wide table",
    PrevColumns = "prev_columns": "show the columns to the left",
    Directory = "directory": "the directory of organisations and community groups",
    AddOrganisation = "add_organisation": "add an organisation or group to the directory",
    EditOrganisation = "edit_organisation": "edit the selected organisation's entry",
    LogConsultation = "log_consultation": "log that the selected group was consulted or asked for something",
    Referrals = "referrals": "referrals in and out, the longest unanswered first",
    Refer = "refer": "start a referral in or out from this case",
    Signpost = "signpost": "record signposting: the client told where to go, nothing tracked",
    CaseReferrals = "case_referrals": "this case's referrals: read the summary, change the status",
    MoveReferral = "move_referral": "change the selected referral's status",
    FilterDirection = "filter_direction": "show referrals in, out, or both",
    FilterOrganisation = "filter_organisation": "one organisation's referrals, each in turn, then all",
    WriteFile = "write_file": "write what is shown to a text file (asks for its name)",
    IncomingReferral = "incoming_referral": "an agency referred someone: an intake with its source filled in",
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Action {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Action::ALL
            .iter()
            .copied()
            .find(|a| a.name() == s)
            .ok_or_else(|| format!("unknown action `{s}`"))
    }
}
