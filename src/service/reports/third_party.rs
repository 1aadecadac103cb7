//! Third-party reporting: reports passed on by reporting centres, per centre per month
//! and by the consent the reporter gave.

use std::collections::HashMap;

use super::hate_crime::sort_rows;
use super::{Counted, Scope};
use crate::domain::report::CountTable;
use crate::domain::{CentreConsent, OrganisationId};
use crate::service::{Caseline, Result};

/// The consent levels, as columns.
const CONSENT: [&str; 4] = ["Anonymous", "Intelligence only", "Full", "Not recorded"];

/// The column of a consent level in [`CONSENT`].
fn consent_column(c: CentreConsent) -> usize {
    match c {
        CentreConsent::Anonymous => 0,
        CentreConsent::IntelligenceOnly => 1,
        CentreConsent::Full => 2,
        CentreConsent::NotRecorded => 3,
    }
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
        // A report reaches us at most a day before it is dated as made to the centre
        // (an incident's rule), so incidents taken before that are not read.
        let since = scope.period.from.pred_opt();
        let read = self.vault().incident_facts(since, None)?;
        c.records_read += read.opened;
        for r in read.facts.into_iter().filter_map(|f| f.centre) {
            let (centre, level, day) = (r.centre, consent_column(r.consent), r.reported_on);
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
