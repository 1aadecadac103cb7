//! Listing cases a page at a time. Filtering and ordering use the plain summaries and
//! the due index; only the page's cases are decrypted, for their client names.
//!
//! Reading every summary and follow-up takes a quarter of a second at 100,000 cases,
//! so the ordered list is kept for the next page: it is worked out again only when the
//! filter changes or the store does (every change moves the audit log on).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;

use super::{CaseFilter, CaseList, CaseRow, CaseSort, Caseline, Result};
use crate::domain::CaseId;
use crate::domain::CaseSummary;

/// A case and its soonest open follow-up, in the list's order.
type Listed = Vec<(CaseSummary, Option<NaiveDate>)>;

/// The last ordered list worked out, and what it was worked out for.
pub(crate) struct Ordered {
    /// The filter, with no page: offset and limit are 0.
    filter: CaseFilter,
    /// The audit log's sequence number when it was worked out.
    at: u64,
    rows: Arc<Listed>,
}

impl Caseline {
    /// A page of the cases matching `filter`, in its order; a page asked for past the
    /// end comes back as the last page.
    pub fn list_cases(&self, filter: &CaseFilter) -> Result<CaseList> {
        self.require(crate::service::Operation::ReadCasework)?;
        let rows = self.ordered(filter)?;
        let total = rows.len();
        let offset = page_start(filter.offset, filter.limit, total);
        let end = offset.saturating_add(filter.limit).min(total);
        let mut page = Vec::with_capacity(end - offset);
        for (summary, next_follow_up) in &rows[offset..end] {
            page.push(CaseRow {
                client: self.client_name(summary.id)?,
                next_follow_up: *next_follow_up,
                summary: summary.clone(),
            });
        }
        Ok(CaseList {
            total,
            offset,
            rows: page,
        })
    }

    /// Every case matching `filter` (a volunteer's own only), in its order: the one
    /// kept from last time if nothing has changed since.
    fn ordered(&self, filter: &CaseFilter) -> Result<Arc<Listed>> {
        let whole = CaseFilter {
            offset: 0,
            limit: 0,
            ..filter.clone()
        };
        let at = self.vault().audit_head().seq;
        {
            let kept = self.case_list.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(k) = kept.as_ref().filter(|k| k.at == at && k.filter == whole) {
                return Ok(Arc::clone(&k.rows));
            }
        }
        let next = self.next_follow_ups()?;
        // A volunteer's summaries are their cases only.
        let mut rows: Listed = self
            .case_summaries()?
            .into_iter()
            .filter(|s| filter.status.admits(s.status))
            .filter(|s| filter.kind.as_ref().is_none_or(|k| &s.kind == k))
            .filter(|s| filter.worker.is_none_or(|w| s.assigned_to == Some(w)))
            .filter(|s| !filter.safeguarding_only || s.safeguarding)
            .map(|s| {
                let due = next.get(&s.id).copied();
                (s, due)
            })
            .collect();
        // The reference breaks ties, so that pages asked for one after another neither
        // repeat nor miss a case.
        match filter.sort {
            CaseSort::LastActivity => rows
                .sort_unstable_by_key(|(s, _)| (std::cmp::Reverse(s.last_activity), s.reference)),
            CaseSort::NextFollowUp => {
                rows.sort_unstable_by_key(|(s, due)| (due.is_none(), *due, s.reference))
            }
        }
        let rows = Arc::new(rows);
        *self.case_list.lock().unwrap_or_else(|p| p.into_inner()) = Some(Ordered {
            filter: whole,
            at,
            rows: Arc::clone(&rows),
        });
        Ok(rows)
    }

    /// The first complainant's name, for lists.
    pub fn client_name(&self, id: CaseId) -> Result<Option<String>> {
        let case = self.case(id)?;
        let complainant = case
            .people
            .iter()
            .find(|p| p.role == "complainant_or_victim")
            .or(case.people.first());
        Ok(match complainant {
            Some(cp) => self.person(cp.person).ok().map(|p| p.display_name()),
            None => None,
        })
    }

    /// The soonest open follow-up of every case, from the due index.
    fn next_follow_ups(&self) -> Result<HashMap<CaseId, NaiveDate>> {
        Ok(self.vault().soonest_open_by_case()?)
    }
}

/// Where a page of `limit` rows asked for at `offset` starts, in a list of `total`: a
/// page past the end is the last page (of whole pages counted from the top).
fn page_start(offset: usize, limit: usize, total: usize) -> usize {
    if offset < total || total == 0 {
        return offset.min(total);
    }
    let limit = limit.max(1);
    (total - 1) / limit * limit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_past_the_end_is_the_last_page() {
        assert_eq!(page_start(0, 20, 0), 0);
        assert_eq!(page_start(40, 20, 45), 40);
        assert_eq!(page_start(60, 20, 45), 40);
        assert_eq!(page_start(45, 20, 45), 40);
        assert_eq!(page_start(60, 20, 40), 20);
        assert_eq!(page_start(5, 0, 3), 2);
    }
}
