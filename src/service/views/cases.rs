//! The case list: which cases, in what order, with the names its rows need.

use serde::{Deserialize, Serialize};

use super::Team;
use crate::domain::{CaseStatus, UserId};
use crate::service::{CaseFilter, CaseList, CaseSort, Caseline, Result};

/// Rows a case list reads names for: far more than a screen shows.
pub const CASE_PAGE: usize = 200;

/// Which statuses a case list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusFilter {
    /// Every case that is not closed: the working list.
    #[default]
    NotClosed,
    Is(CaseStatus),
    All,
}

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
}

/// A case list and the names its rows need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasesData {
    pub list: CaseList,
    pub team: Team,
}

impl Caseline {
    /// The case list a screen shows; "all" is the working list and the closed cases
    /// together.
    pub fn cases_view(&self, q: &CaseQuery) -> Result<CasesData> {
        Ok(CasesData {
            list: self.case_list(q)?,
            team: self.team()?,
        })
    }

    fn case_list(&self, q: &CaseQuery) -> Result<CaseList> {
        let filter = |status| CaseFilter {
            status,
            kind: q.kind.clone(),
            worker: if q.mine {
                Some(self.actor().id)
            } else {
                q.worker
            },
            safeguarding_only: q.safeguarding_only,
            sort: q.sort,
            limit: CASE_PAGE,
        };
        match q.status {
            StatusFilter::NotClosed => self.list_cases(&filter(None)),
            StatusFilter::Is(s) => self.list_cases(&filter(Some(s))),
            StatusFilter::All => {
                let mut open = self.list_cases(&filter(None))?;
                let closed = self.list_cases(&filter(Some(CaseStatus::Closed)))?;
                open.total += closed.total;
                open.rows.extend(closed.rows);
                match q.sort {
                    CaseSort::LastActivity => open
                        .rows
                        .sort_by_key(|r| std::cmp::Reverse(r.summary.last_activity)),
                    CaseSort::NextFollowUp => open.rows.sort_by_key(|r| {
                        (
                            r.next_follow_up.is_none(),
                            r.next_follow_up,
                            r.summary.reference,
                        )
                    }),
                }
                open.rows.truncate(CASE_PAGE);
                Ok(open)
            }
        }
    }
}
