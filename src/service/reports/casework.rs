//! Casework: cases opened, open and closed by kind; outcomes; time to close; whether
//! follow-ups and statutory deadlines were done on time.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::{Counted, ExactFact, Scope, list_rows, row_for};
use crate::domain::report::CountTable;
use crate::domain::{CaseId, ListKind, Subject};
use crate::service::{Caseline, Result};
use crate::store::report_facts::{FollowUpEnd, FollowUpFacts};

/// Rows of the follow-up table.
const DONE_ON_TIME: usize = 0;
const DONE_LATE: usize = 1;
const OPEN_PAST_DUE: usize = 2;
const OPEN_NOT_DUE: usize = 3;
const CANCELLED: usize = 4;

/// Which row a follow-up due in the period goes in, as things stand on `today`.
fn follow_up_row(f: &FollowUpFacts, today: NaiveDate) -> usize {
    match f.end {
        FollowUpEnd::Done(on) if on <= f.due => DONE_ON_TIME,
        FollowUpEnd::Done(_) => DONE_LATE,
        FollowUpEnd::Open if f.due < today => OPEN_PAST_DUE,
        FollowUpEnd::Open => OPEN_NOT_DUE,
        FollowUpEnd::Cancelled => CANCELLED,
    }
}

impl Caseline {
    pub(crate) fn casework_report(&self, scope: &Scope) -> Result<Counted> {
        let kinds = self.reference_list(ListKind::CaseKind);
        let outcomes = self.reference_list(ListKind::Outcome);
        let p = scope.period;
        let columns = ["Opened", "Open at the end", "Closed"]
            .map(String::from)
            .to_vec();
        let mut by_kind = CountTable::new("Cases by kind", "Kind", list_rows(&kinds), columns)
            .with_note(
                "The columns are not added up: a case can be opened and closed in the period.",
            );
        let one = vec!["Cases".to_string()];
        let mut by_outcome = CountTable::new(
            "Outcomes of cases closed",
            "Outcome",
            list_rows(&outcomes),
            one,
        );
        let mut c = Counted::default();
        let mut days_to_close = Vec::new();
        let mut in_scope: HashSet<CaseId> = HashSet::new();
        // Cases opened after the period play no part in it.
        let read = self.vault().case_facts(None, Some(p.to))?;
        c.records_read += read.opened;
        for f in read.facts {
            if scope.kind.is_some_and(|k| k != f.kind) {
                continue;
            }
            in_scope.insert(f.id);
            let row = row_for(&mut by_kind, &kinds, &f.kind);
            if p.contains(f.opened_on) {
                by_kind.add(row, 0);
            }
            let closed_by_end = f.closed.as_ref().is_some_and(|(on, _)| *on <= p.to);
            if f.opened_on <= p.to && !closed_by_end {
                by_kind.add(row, 1);
            }
            if let Some((on, outcome)) = f.closed.filter(|(on, _)| p.contains(*on)) {
                by_kind.add(row, 2);
                let o = row_for(&mut by_outcome, &outcomes, &outcome);
                by_outcome.add(o, 0);
                days_to_close.push((on - f.opened_on).num_days());
            }
        }
        let follow_ups = self.follow_up_table(scope, &in_scope, &mut c)?;
        c.tables = vec![by_kind, by_outcome, follow_ups];
        c.facts.push(ExactFact::MedianDays {
            label: "Median time to close (cases closed in the period)".into(),
            days: days_to_close,
        });
        c.notes.push(
            "Follow-ups are those due in the period, as they stand today; statutory \
             deadlines are the follow-ups marked statutory (such as the indicative \
             Employment Tribunal deadline)."
                .into(),
        );
        Ok(c)
    }

    fn follow_up_table(
        &self,
        scope: &Scope,
        cases: &HashSet<CaseId>,
        c: &mut Counted,
    ) -> Result<CountTable> {
        let rows = [
            "Done on time",
            "Done late",
            "Open, past due",
            "Open, not yet due",
            "Cancelled",
        ]
        .map(String::from)
        .to_vec();
        let columns = ["All", "Statutory deadlines"].map(String::from).to_vec();
        let mut t = CountTable::new("Follow-ups due in the period", "State", rows, columns)
            .with_note(
                "Statutory deadlines are some of all follow-ups: the columns are not added up.",
            );
        let p = scope.period;
        let read = self.vault().follow_up_facts(Some(p.from), Some(p.to))?;
        c.records_read += read.opened;
        for f in read.facts {
            let counted = match f.subject {
                Subject::Case(id) => cases.contains(&id),
                Subject::Incident(_) => scope.kind.is_none(),
            };
            if !counted || !scope.period.contains(f.due) {
                continue;
            }
            let row = follow_up_row(&f, scope.today);
            t.add(row, 0);
            if f.statutory {
                t.add(row, 1);
            }
        }
        Ok(t)
    }
}
