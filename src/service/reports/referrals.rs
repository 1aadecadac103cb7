//! Referrals in and out, by kind of agency and where they stand.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Counted, Scope, list_rows, row_for};
use crate::domain::report::CountTable;
use crate::domain::{Direction, ListKind, ReferralStatus};
use crate::service::{Caseline, Result};
use crate::store::report_facts::ReferralFacts;

/// What this report reads from a referral.
struct Facts {
    direction: Direction,
    agency_kind: String,
    on: NaiveDate,
    /// Index into [`ReferralStatus::ALL`].
    status: usize,
    /// Days from sending to the agency's first answer, when that is recorded.
    response_days: Option<i64>,
}

fn facts(r: ReferralFacts) -> Facts {
    let status = ReferralStatus::ALL
        .iter()
        .position(|s| *s == r.status)
        .unwrap_or(0);
    Facts {
        direction: r.direction,
        on: r.sent_on.unwrap_or(r.on),
        status,
        response_days: r
            .sent_on
            .zip(r.answered_on)
            .map(|(sent, answered)| (answered - sent).num_days()),
        agency_kind: r.agency_kind,
    }
}

impl Caseline {
    pub(crate) fn referrals_report(&self, scope: &Scope) -> Result<Counted> {
        let kinds = self.reference_list(ListKind::AgencyKind);
        let columns: Vec<String> = ReferralStatus::ALL
            .iter()
            .map(|s| s.label().to_string())
            .collect();
        let make = |title: &str| {
            CountTable::new(title, "Kind of agency", list_rows(&kinds), columns.clone())
                .with_totals(true, true)
        };
        let mut incoming = make("Referrals in");
        let mut outgoing = make("Referrals out");
        let mut c = Counted::default();
        let mut response_days = Vec::new();
        let mut by_kind: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        // Sent on or after the day made: those made after the period play no part.
        let read = self.vault().referral_facts(None, Some(scope.period.to))?;
        c.records_read += read.opened;
        for r in read.facts {
            let f = facts(r);
            if !scope.period.contains(f.on) || scope.direction.is_some_and(|d| d != f.direction) {
                continue;
            }
            let table = match f.direction {
                Direction::Incoming => &mut incoming,
                Direction::Outgoing => &mut outgoing,
            };
            let row = row_for(table, &kinds, &f.agency_kind);
            table.add(row, f.status);
            if let Some(days) = f.response_days {
                response_days.push(days);
                by_kind.entry(f.agency_kind.clone()).or_default().push(days);
            }
        }
        c.tables = match scope.direction {
            Some(Direction::Incoming) => vec![incoming],
            Some(Direction::Outgoing) => vec![outgoing],
            None => vec![incoming, outgoing],
        };
        c.facts.push(super::ExactFact::MedianDays {
            label: "Median time for an agency to answer".into(),
            days: response_days,
        });
        for entry in kinds.active() {
            if let Some(days) = by_kind.remove(&entry.code) {
                c.facts.push(super::ExactFact::MedianDays {
                    label: format!("Median time to answer: {}", entry.label),
                    days,
                });
            }
        }
        for (code, days) in by_kind {
            c.facts.push(super::ExactFact::MedianDays {
                label: format!("Median time to answer: {}", kinds.label(&code)),
                days,
            });
        }
        c.notes = vec![
            "Referrals are counted by the day they were sent or received (made, when \
             never sent)."
                .into(),
            "Response time: days from sending to the agency's first answer (accepted or \
             declined), overall and by kind of agency; referrals answered before the day \
             of the answer was kept are left out."
                .into(),
        ];
        Ok(c)
    }
}
