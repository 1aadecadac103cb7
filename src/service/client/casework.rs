//! The calls the terminal interface makes: the intake desk, cases and their timelines,
//! follow-ups, queues, search and cards, each a request with the reply it expects.

use chrono::NaiveDate;

use super::{Client, unexpected};
use crate::domain::UserId;
use crate::domain::{
    CaseId, CaseRef, FollowUpId, IncidentId, OrganisationId, PersonDetails, PersonId, Subject,
};
use crate::service::Centre;
use crate::service::api::{CaseRequest, DeskRequest, Reply};
use crate::service::views::{
    CaseDetail, CaseQuery, CasesData, IncidentDetail, IntakeRow, LinkChoices, OrganisationCard,
    PersonCard, QueueData, SearchData,
};
use crate::service::{
    CaseOpened, Draft, EntryAdded, EntryWith, IntakeRequest, IntakeSaved, Link, LinkTo, Linked,
    NewEntry, NewFollowUp, OpenCase, PersonMatch, PersonQuery, PossibleDuplicate, QueueRequest,
    Result, StatusChange, UpdateCase,
};

impl Client {
    pub fn save_draft(&self, draft: &Draft) -> Result<()> {
        expect!(self, DeskRequest::SaveDraft(draft.clone()), Reply::Done => ())
    }

    pub fn sync_draft(&self) -> Result<()> {
        expect!(self, DeskRequest::SyncDraft, Reply::Done => ())
    }

    /// Forces the draft to disk beside the session; answers at once, whether every
    /// copy written is on disk already (`false`: on its way, ask again). An earlier
    /// sync that failed is the error.
    pub fn sync_draft_soon(&self) -> Result<bool> {
        match self.call(DeskRequest::SyncDraftSoon)? {
            Reply::Changed(false) => Ok(true),
            Reply::Done => Ok(false),
            _ => Err(unexpected("DeskRequest::SyncDraftSoon")),
        }
    }

    pub fn discard_draft(&self) -> Result<()> {
        expect!(self, DeskRequest::DiscardDraft, Reply::Done => ())
    }

    pub fn load_draft(&self) -> Result<Option<Draft>> {
        expect!(self, DeskRequest::LoadDraft, Reply::Draft(d) => d)
    }

    /// Damaged draft copies set aside since last asked, by name.
    pub fn take_set_aside_drafts(&self) -> Result<Vec<String>> {
        expect!(self, DeskRequest::SetAsideDrafts, Reply::SetAside(names) => names)
    }

    /// People who may be the caller: the best five.
    pub fn find_people(&self, q: &PersonQuery) -> Result<Vec<PersonMatch>> {
        self.find_caller(q).map(|(found, _)| found)
    }

    /// People who may be the caller, and (when there are none to show) whether someone
    /// out of the signed-in user's sight may be.
    pub fn find_caller(&self, q: &PersonQuery) -> Result<(Vec<PersonMatch>, bool)> {
        expect!(
            self,
            DeskRequest::FindPeople(q.clone()),
            Reply::People(_, found, elsewhere) => (found, elsewhere)
        )
    }

    pub fn record_intake(&self, req: IntakeRequest) -> Result<IntakeSaved> {
        let request = DeskRequest::RecordIntake(Box::new(req));
        expect!(self, request, Reply::IntakeSaved(s) => s)
    }

    pub fn recent_intakes(&self) -> Result<Vec<IntakeRow>> {
        expect!(self, DeskRequest::RecentIntakes, Reply::Recent(rows) => rows)
    }

    pub fn case_reports(&self, id: CaseId) -> Result<Vec<IncidentDetail>> {
        expect!(self, CaseRequest::CaseReports(id), Reply::Reports(r) => r)
    }

    pub fn reporting_centres(&self) -> Result<Vec<Centre>> {
        expect!(self, DeskRequest::Centres, Reply::Centres(c) => c)
    }

    pub fn intake_detail(&self, id: IncidentId) -> Result<IncidentDetail> {
        expect!(self, DeskRequest::Intake(id), Reply::Incident(d) => *d)
    }

    pub fn cases_view(&self, q: &CaseQuery) -> Result<CasesData> {
        expect!(self, CaseRequest::Cases(q.clone()), Reply::Cases(d) => *d)
    }

    pub fn case_detail(&self, id: CaseId) -> Result<CaseDetail> {
        expect!(self, CaseRequest::Case(id), Reply::Case(d) => *d)
    }

    pub fn open_case(&self, req: OpenCase) -> Result<CaseOpened> {
        expect!(self, CaseRequest::OpenCase(Box::new(req)), Reply::CaseOpened(o) => o)
    }

    /// Adds an intake to the case with reference `case`; returns the case's id.
    pub fn attach_intake(&self, incident: IncidentId, case: CaseRef) -> Result<CaseId> {
        let request = CaseRequest::AttachIntake { incident, case };
        expect!(self, request, Reply::Attached(id) => id)
    }

    pub fn add_entry_with(&self, e: NewEntry, with: EntryWith) -> Result<EntryAdded> {
        let request = CaseRequest::AddEntry(Box::new(e), Box::new(with));
        expect!(self, request, Reply::EntryAdded(a) => a)
    }

    pub fn change_case_status(&self, id: CaseId, change: StatusChange) -> Result<()> {
        let request = CaseRequest::ChangeStatus(id, Box::new(change));
        expect!(self, request, Reply::Done => ())
    }

    pub fn update_case(&self, id: CaseId, req: UpdateCase) -> Result<()> {
        expect!(self, CaseRequest::UpdateCase(id, Box::new(req)), Reply::Done => ())
    }

    pub fn add_follow_up(&self, subject: Subject, f: NewFollowUp) -> Result<FollowUpId> {
        let request = CaseRequest::AddFollowUp(subject, Box::new(f));
        expect!(self, request, Reply::FollowUpAdded(id) => id)
    }

    pub fn link_choices(&self, id: CaseId) -> Result<LinkChoices> {
        expect!(self, CaseRequest::LinkChoices(id), Reply::LinkChoices(c) => *c)
    }

    pub fn link_to_case(&self, case: CaseId, to: LinkTo, role: &str) -> Result<Linked> {
        let request = CaseRequest::Link {
            case,
            to: Box::new(to),
            role: role.to_string(),
        };
        expect!(self, request, Reply::Linked(l) => l)
    }

    pub fn unlink_from_case(&self, case: CaseId, link: &Link) -> Result<Linked> {
        let request = CaseRequest::Unlink(case, Box::new(link.clone()));
        expect!(self, request, Reply::Linked(l) => l)
    }

    pub fn complete_follow_up(&self, id: FollowUpId, note: Option<&str>) -> Result<()> {
        let request = CaseRequest::CompleteFollowUp(id, note.map(str::to_string));
        expect!(self, request, Reply::Done => ())
    }

    pub fn snooze_follow_up(&self, id: FollowUpId, to: NaiveDate) -> Result<()> {
        expect!(self, CaseRequest::SnoozeFollowUp(id, to), Reply::Done => ())
    }

    pub fn reassign_follow_up(&self, id: FollowUpId, to: UserId) -> Result<()> {
        expect!(self, CaseRequest::ReassignFollowUp(id, to), Reply::Done => ())
    }

    pub fn queue_view(&self, q: &QueueRequest) -> Result<QueueData> {
        expect!(self, CaseRequest::Queue(q.clone()), Reply::Queue(d) => *d)
    }

    /// The signed-in worker's overdue and due-today counts.
    pub fn my_counts(&self, today: NaiveDate) -> Result<(usize, usize)> {
        expect!(self, CaseRequest::Counts(today), Reply::Counts { overdue, today } => (overdue, today))
    }

    pub fn search_view(&self, text: &str) -> Result<SearchData> {
        expect!(self, CaseRequest::Search(text.to_string()), Reply::Found(d) => *d)
    }

    /// Changes a person's details as they are now (see [`crate::service::Edit`]).
    pub fn update_person(&self, id: PersonId, details: PersonDetails) -> Result<bool> {
        self.change_person(id, crate::service::Edit::as_it_is(details))
    }

    /// Changes a person's details from a form filled with `edit.read`.
    pub fn change_person(
        &self,
        id: PersonId,
        edit: crate::service::Edit<PersonDetails>,
    ) -> Result<bool> {
        expect!(
            self,
            CaseRequest::UpdatePerson(id, Box::new(edit)),
            Reply::Changed(c) => c
        )
    }

    /// Merges `gone` into `keep`: two records of one person.
    pub fn merge_people(&self, keep: PersonId, gone: PersonId) -> Result<()> {
        expect!(self, CaseRequest::MergePeople { keep, gone }, Reply::Done => ())
    }

    /// Intakes marked as possible duplicates, with the record on file each may be.
    pub fn possible_duplicates(&self) -> Result<Vec<PossibleDuplicate>> {
        expect!(self, CaseRequest::PossibleDuplicates, Reply::Duplicates(d) => d)
    }

    /// Other records that may be this person (the one a merge keeps).
    pub fn merge_candidates(&self, id: PersonId) -> Result<Vec<PossibleDuplicate>> {
        expect!(self, CaseRequest::MergeCandidates(id), Reply::Duplicates(d) => d)
    }

    pub fn person_card(&self, id: PersonId) -> Result<PersonCard> {
        expect!(self, CaseRequest::Person(id), Reply::Person(c) => *c)
    }

    pub fn organisation_card(&self, id: OrganisationId) -> Result<OrganisationCard> {
        expect!(self, CaseRequest::Organisation(id), Reply::Organisation(c) => *c)
    }
}
