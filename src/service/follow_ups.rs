//! Follow-ups: what must be done next, and by when.

use chrono::{NaiveDate, NaiveTime};

use serde::{Deserialize, Serialize};

use super::{Caseline, Error, Result};
use crate::domain::{
    CaseId, EntryKind, FollowUp, FollowUpId, FollowUpState, Id, IncidentId, Priority, Problems,
    Subject, User, UserId,
};

/// A follow-up to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewFollowUp {
    pub due: NaiveDate,
    pub due_time: Option<NaiveTime>,
    /// Who should do it; the person creating it when empty.
    pub assignee: Option<UserId>,
    pub priority: Priority,
    pub action: String,
}

impl Caseline {
    /// Builds a follow-up for `subject`, adding any problems to `problems`.
    pub(crate) fn build_follow_up(
        &self,
        f: NewFollowUp,
        subject: Subject,
        problems: &mut Problems,
    ) -> FollowUp {
        let follow_up = FollowUp {
            id: FollowUpId::new(),
            subject,
            due: f.due,
            due_time: f.due_time,
            assignee: Some(f.assignee.unwrap_or(self.actor().id)),
            priority: f.priority,
            action: f.action.trim().to_string(),
            statutory: false,
            state: FollowUpState::Open,
            created_at: self.now(),
            created_by: self.actor().id,
        };
        problems.nest("follow_up", follow_up.validate());
        if let Some(a) = f.assignee {
            match self.vault().get::<User>(&a.0.to_bytes()) {
                Ok(Some(u)) if u.active => {}
                _ => problems.add("follow_up.assignee", "is not an active user"),
            }
        }
        follow_up
    }

    /// Adds a follow-up to a case or to an intake not yet a case.
    pub fn add_follow_up(&self, subject: Subject, f: NewFollowUp) -> Result<FollowUpId> {
        self.require(super::Operation::ChangeCase)?;
        let _guard = self.write_guard();
        match subject {
            Subject::Case(id) => {
                self.case(id)?;
            }
            Subject::Incident(id) => {
                self.incident(id)?;
            }
        }
        let mut problems = Problems::new();
        let follow_up = self.build_follow_up(f, subject, &mut problems);
        problems
            .into_result()
            .map_err(|p| Error::invalid("follow-up", p))?;
        let mut changes = self.changes();
        self.stage_follow_up(&mut changes, None, &follow_up)?;
        self.vault().commit(changes)?;
        Ok(follow_up.id)
    }

    /// Marks a follow-up done. With a note, and when it belongs to a case, the case's
    /// timeline says so too, in the same transaction.
    pub fn complete_follow_up(&self, id: FollowUpId, note: Option<&str>) -> Result<()> {
        let _guard = self.write_guard();
        let old = self.open_follow_up(id)?;
        let mut done = old.clone();
        done.state = FollowUpState::Done {
            at: self.now(),
            by: self.actor().id,
        };
        let mut changes = self.changes();
        self.stage_follow_up(&mut changes, Some(&old), &done)?;
        if let Subject::Case(case) = old.subject {
            let text = note
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .unwrap_or(&old.action);
            let entry = self.new_entry(case, EntryKind::FollowUpDone { follow_up: id }, text);
            let mut p = entry.validate();
            p.check(
                text.chars().count() > crate::domain::validation::MAX_TEXT,
                "note",
                "is too long",
            );
            p.into_result().map_err(|p| Error::invalid("note", p))?;
            self.stage_activity(&mut changes, &entry)?;
        }
        self.vault().commit(changes)?;
        Ok(())
    }

    /// Moves a follow-up to another day.
    pub fn snooze_follow_up(&self, id: FollowUpId, to: NaiveDate) -> Result<()> {
        let _guard = self.write_guard();
        let old = self.open_follow_up(id)?;
        let mut p = Problems::new();
        p.check(
            to < self.today(),
            "due",
            "is in the past: choose today or later",
        );
        p.into_result()
            .map_err(|p| Error::invalid("follow-up", p))?;
        let mut moved = old.clone();
        moved.due = to;
        let mut changes = self.changes();
        self.stage_follow_up(&mut changes, Some(&old), &moved)?;
        self.vault().commit(changes)?;
        Ok(())
    }

    /// Gives a follow-up to another worker.
    pub fn reassign_follow_up(&self, id: FollowUpId, to: UserId) -> Result<()> {
        let _guard = self.write_guard();
        let old = self.open_follow_up(id)?;
        let mut p = Problems::new();
        p.check(
            !self.user(to).is_ok_and(|u| u.active),
            "assignee",
            "is not an active user",
        );
        p.into_result()
            .map_err(|p| Error::invalid("follow-up", p))?;
        let mut moved = old.clone();
        moved.assignee = Some(to);
        let mut changes = self.changes();
        self.stage_follow_up(&mut changes, Some(&old), &moved)?;
        self.vault().commit(changes)?;
        Ok(())
    }

    fn open_follow_up(&self, id: FollowUpId) -> Result<FollowUp> {
        let f = self.follow_up(id)?;
        if !f.is_open() {
            return Err(Error::Conflict("this follow-up is already done".into()));
        }
        Ok(f)
    }

    /// Reads a follow-up.
    pub fn follow_up(&self, id: FollowUpId) -> Result<FollowUp> {
        let f: FollowUp = self
            .vault()
            .get(&id.0.to_bytes())?
            .ok_or_else(|| Error::not_found("follow-up", id))?;
        if !self.may_see_follow_up(&f)? {
            return Err(super::access::refused("that follow-up"));
        }
        Ok(f)
    }

    /// Every follow-up the actor may see, oldest first.
    pub fn follow_ups(&self) -> impl Iterator<Item = Result<FollowUp>> + '_ {
        let me = self.actor().id;
        let all = self
            .vault()
            .scan::<FollowUp>()
            .map(|r| r.map_err(Error::from));
        self.visible(all, move |_, f| {
            // An intake that cannot be read hides its follow-ups from a volunteer.
            f.assignee == Some(me)
                || f.created_by == me
                || self.may_see_subject(f.subject).unwrap_or(false)
        })
    }

    /// Follow-ups of one case, by due date.
    pub fn follow_ups_for_case(&self, case: CaseId) -> Result<Vec<FollowUp>> {
        if !self.sees_everything() {
            // Refuses a case the actor may not see, even one with no follow-ups.
            self.case(case)?;
        }
        self.follow_ups_of(case.0)
    }

    /// Follow-ups of an intake not yet a case, by due date.
    pub fn follow_ups_for_incident(&self, incident: IncidentId) -> Result<Vec<FollowUp>> {
        if !self.sees_everything() {
            self.incident(incident)?;
        }
        self.follow_ups_of(incident.0)
    }

    fn follow_ups_of(&self, subject: Id) -> Result<Vec<FollowUp>> {
        let ids = self.vault().follow_ups_of_subject(subject)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.follow_up(id)?);
        }
        out.sort_by_key(|f| (f.due, f.due_time, f.id));
        Ok(out)
    }
}
