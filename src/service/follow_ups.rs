//! Follow-ups: what must be done next, and by when.

use chrono::{NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Caseline, Error, Result};
use crate::domain::{
    CaseId, FollowUp, FollowUpId, FollowUpState, IncidentId, Priority, Problems, Subject, User,
    UserId,
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
            created_at: Utc::now(),
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
        let mut changes = self.vault().changes();
        changes.put(&follow_up);
        self.vault().commit(changes)?;
        Ok(follow_up.id)
    }

    /// Reads a follow-up.
    pub fn follow_up(&self, id: FollowUpId) -> Result<FollowUp> {
        self.vault()
            .get(&id.0.to_bytes())?
            .ok_or_else(|| Error::not_found("follow-up", id))
    }

    /// Every follow-up, oldest first.
    pub fn follow_ups(&self) -> impl Iterator<Item = Result<FollowUp>> + '_ {
        self.vault()
            .scan::<FollowUp>()
            .map(|r| r.map_err(Error::from))
    }

    /// Follow-ups of one case or incident.
    pub fn follow_ups_for_case(&self, case: CaseId) -> Result<Vec<FollowUp>> {
        self.follow_ups()
            .filter(|f| !matches!(f, Ok(f) if f.subject != Subject::Case(case)))
            .collect()
    }

    /// Follow-ups of an intake not yet a case.
    pub fn follow_ups_for_incident(&self, incident: IncidentId) -> Result<Vec<FollowUp>> {
        self.follow_ups()
            .filter(|f| !matches!(f, Ok(f) if f.subject != Subject::Incident(incident)))
            .collect()
    }
}
