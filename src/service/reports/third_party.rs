//! Third-party reporting: reports passed on by reporting centres, per centre per month
//! and by the consent the reporter gave.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::hate_crime::sort_rows;
use super::{Counted, Scope};
use crate::domain::report::CountTable;
use crate::domain::{CentreConsent, Incident, OrganisationId};
use crate::service::{Caseline, Result};

/// The consent levels, as columns.
const CONSENT: [&str; 4] = ["Anonymous", "Intelligence only", "Full", "Not recorded"];

/// What this report reads from an incident: the centre, the consent level (an index
/// into [`CONSENT`]) and the day the report was made to the centre (the day we took
/// it when that is not known), if it came from a reporting centre.
fn centre_report(i: &Incident) -> Option<(Option<OrganisationId>, usize, NaiveDate)> {
    let r = i.channel.centre_report()?;
    let level = match r.consent {
        CentreConsent::Anonymous => 0,
        CentreConsent::IntelligenceOnly => 1,
        CentreConsent::Full => 2,
        CentreConsent::NotRecorded => 3,
    };
    let taken = crate::domain::clock::local(i.reported_at).date_naive();
    Some((r.centre, level, r.reported_on.unwrap_or(taken)))
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
            "Reports are counted by the day they were made to the centre (the day we took \
             them when the centre did not say)."
                .into(),
            "\"Not recorded\": reports taken before the consent level was asked.".into(),
        ];
        Ok(c)
    }
}
