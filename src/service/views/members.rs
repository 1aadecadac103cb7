//! The cases a person or an organisation is on, as far as the actor may see them:
//! from the member index, so a card or a search row never reads every case.

use crate::domain::{Case, CaseId, Id};
use crate::service::{Caseline, Error, Result};

/// A record read for a view: `None` when it has gone since, or the actor may not see
/// it.
pub(super) fn found<T>(r: Result<T>) -> Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(Error::NotFound { .. } | Error::NotPermitted(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

impl Caseline {
    /// The ids of the cases `member` is on that the actor may see.
    pub(super) fn visible_cases_of(&self, member: Id) -> Result<Vec<CaseId>> {
        let ids = self.cases_of_member(member)?;
        if self.sees_everything() {
            return Ok(ids);
        }
        let reach = self.reach()?;
        Ok(ids
            .into_iter()
            .filter(|c| reach.cases.contains(c))
            .collect())
    }

    /// The cases `member` is on that the actor may see.
    pub(super) fn cases_of(&self, member: Id) -> Result<Vec<Case>> {
        let mut out = Vec::new();
        for id in self.visible_cases_of(member)? {
            if let Some(c) = found(self.case(id))? {
                out.push(c);
            }
        }
        Ok(out)
    }
}
