//! The case list: which cases, in what order, with the names its rows need.

use serde::{Deserialize, Serialize};

use super::Team;
use crate::domain::UserId;
pub use crate::service::StatusFilter;
use crate::service::{CaseFilter, CaseList, CaseSort, Caseline, Result};

/// Rows in a page of a case list: a few screens' worth, so that moving about a page
/// never waits, and few enough that reading their names stays quick.
pub const CASE_PAGE: usize = 200;

/// A case list as a screen asks for it. "Mine" is a flag rather than a user id: the
/// service knows who is signed in, the screen need not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseQuery {
    pub status: StatusFilter,
    /// Code from the `case_kind` list.
    pub kind: Option<String>,
    pub mine: bool,
    /// One worker's cases; `mine` wins when both are set.
    pub worker: Option<UserId>,
    pub safeguarding_only: bool,
    pub sort: CaseSort,
    /// Where the page starts (from 0); its size is [`CASE_PAGE`].
    pub offset: usize,
}

/// A page of a case list, the names its rows need, and the query it answers (a
/// screen that asked again meanwhile knows an answer to an older question).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasesData {
    pub query: CaseQuery,
    pub list: CaseList,
    pub team: Team,
}

impl Caseline {
    /// A page of the case list a screen shows, with the names its rows need; a page
    /// asked for past the end is the last page.
    pub fn cases_view(&self, q: &CaseQuery) -> Result<CasesData> {
        self.require(crate::service::Operation::ReadCasework)?;
        let list = self.list_cases(&CaseFilter {
            status: q.status,
            kind: q.kind.clone(),
            worker: if q.mine {
                Some(self.actor().id)
            } else {
                q.worker
            },
            safeguarding_only: q.safeguarding_only,
            sort: q.sort,
            offset: q.offset,
            limit: CASE_PAGE,
        })?;
        Ok(CasesData {
            query: q.clone(),
            list,
            team: self.team()?,
        })
    }
}
