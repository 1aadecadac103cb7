//! Referrals in and out, by kind of agency and where they stand.

use chrono::NaiveDate;

use super::{Counted, Scope, list_rows, row_for};
use crate::domain::report::CountTable;
use crate::domain::{Direction, ListKind, Referral, ReferralStatus};
use crate::service::{Caseline, Result};

/// The statuses, as columns, in order.
const STATUSES: [&str; 5] = ["Made", "Accepted", "Declined", "Completed", "Signposted"];

/// What this report reads from a referral: kept in one place so new statuses or a
/// date of the agency's answer are taken up here alone.
struct Facts {
    direction: Direction,
    agency_kind: String,
    on: NaiveDate,
    /// Index into [`STATUSES`].
    status: usize,
    /// Days from the referral to the agency's answer, when that is recorded.
    response_days: Option<i64>,
}

fn facts(r: &Referral) -> Facts {
    let status = match r.status {
        ReferralStatus::Made => 0,
        ReferralStatus::Accepted => 1,
        ReferralStatus::Declined => 2,
        ReferralStatus::Completed => 3,
        ReferralStatus::Signposted => 4,
    };
    Facts {
        direction: r.direction,
        agency_kind: r.agency_kind.clone(),
        on: r.on,
        status,
        response_days: None,
    }
}

impl Caseline {
    pub(crate) fn referrals_report(&self, scope: &Scope) -> Result<Counted> {
        let kinds = self.reference_list(ListKind::AgencyKind);
        let columns: Vec<String> = STATUSES.iter().map(|s| s.to_string()).collect();
        let make = |title: &str| {
            CountTable::new(title, "Kind of agency", list_rows(&kinds), columns.clone())
                .with_totals(true, true)
        };
        let mut incoming = make("Referrals in");
        let mut outgoing = make("Referrals out");
        let mut c = Counted::default();
        let mut response_days = Vec::new();
        for r in self.referrals() {
            let f = facts(&r?);
            c.records_read += 1;
            if !scope.period.contains(f.on) || scope.direction.is_some_and(|d| d != f.direction) {
                continue;
            }
            let table = match f.direction {
                Direction::Incoming => &mut incoming,
                Direction::Outgoing => &mut outgoing,
            };
            let row = row_for(table, &kinds, &f.agency_kind);
            table.add(row, f.status);
            response_days.extend(f.response_days);
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
        c.notes = vec![
            "Referrals are counted by the day they were made.".into(),
            "Referrals do not record the day the agency answered yet, so response times \
             cannot be worked out."
                .into(),
        ];
        Ok(c)
    }
}
