//! Third-party reporting: reports passed on by reporting centres, per centre per month
//! and by the consent the reporter gave.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::hate_crime::sort_rows;
use super::{Counted, Scope};
use crate::domain::report::CountTable;
use crate::domain::{Channel, Incident, OrganisationId};
use crate::service::{Caseline, Result};

/// The consent levels, as columns.
const CONSENT: [&str; 2] = ["Anonymous", "Named"];

/// What this report reads from an incident: the centre and the consent level, if it
/// came from a reporting centre. Kept in one place so the consent levels (anonymous,
/// intelligence only, full) are taken up here alone once intakes record them.
fn centre_report(i: &Incident) -> Option<(Option<OrganisationId>, usize, NaiveDate)> {
    let Channel::ReportingCentre { centre } = &i.channel else {
        return None;
    };
    let day = crate::domain::clock::local(i.reported_at).date_naive();
    Some((*centre, usize::from(!i.anonymous), day))
}

impl Caseline {
    pub(crate) fn third_party_report(&self, scope: &Scope) -> Result<Counted> {
        let mut c = Counted::default();
        let mut names: HashMap<OrganisationId, String> = HashMap::new();
        for o in self.organisations() {
            let o = o?;
            c.records_read += 1;
            names.insert(o.id, o.name);
        }
        let months = scope.period.months();
        let month_columns = months
            .iter()
            .map(|m| m.format("%b %y").to_string())
            .collect();
        let mut by_month = CountTable::new(
            "Reports per centre per month",
            "Centre",
            vec![],
            month_columns,
        )
        .with_totals(true, true);
        let consent = CONSENT.iter().map(|s| s.to_string()).collect();
        let mut by_consent =
            CountTable::new("Reports per centre by consent", "Centre", vec![], consent)
                .with_totals(true, true);
        for incident in self.incidents() {
            let incident = incident?;
            c.records_read += 1;
            let Some((centre, level, day)) = centre_report(&incident) else {
                continue;
            };
            if !scope.period.contains(day) {
                continue;
            }
            let name = centre
                .and_then(|id| names.get(&id).cloned())
                .unwrap_or_else(|| "Not given".to_string());
            if let Some(m) = months.iter().rposition(|m| *m <= day) {
                let row = by_month.row_of(&name);
                by_month.add(row, m);
            }
            let row = by_consent.row_of(&name);
            by_consent.add(row, level);
        }
        sort_rows(&mut by_month);
        sort_rows(&mut by_consent);
        c.tables = vec![by_month, by_consent];
        c.notes = vec![
            "Reports are counted by the day they were taken.".into(),
            "Intakes record only whether a report was anonymous; the consent levels \
             (anonymous, intelligence only, full) are not recorded yet."
                .into(),
        ];
        Ok(c)
    }
}
