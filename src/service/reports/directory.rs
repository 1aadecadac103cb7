//! Directory: how often each community group and partner has been consulted, so that
//! no group is asked too often.

use super::{Counted, Scope};
use crate::domain::Organisation;
use crate::domain::report::{CountTable, Period};
use crate::service::{Caseline, Result};

/// What this report reads from an organisation: consultations to date, and whether the
/// last was in the period. Kept in one place so a dated log of consultations, once
/// kept, is counted here alone.
fn consultations(o: &Organisation, period: &Period) -> (u64, bool) {
    let recent = o.last_consulted.is_some_and(|d| period.contains(d));
    (u64::from(o.consultations), recent)
}

impl Caseline {
    pub(crate) fn directory_report(&self, scope: &Scope) -> Result<Counted> {
        let columns = ["Consultations to date", "Last consulted in the period"]
            .map(String::from)
            .to_vec();
        let mut t = CountTable::new("Consultations per group", "Group", vec![], columns)
            .with_totals(false, true)
            .with_note("The second column counts groups (1 or 0), not consultations.");
        let mut c = Counted::default();
        let mut rows = Vec::new();
        for o in self.organisations() {
            let o = o?;
            c.records_read += 1;
            let (count, recent) = consultations(&o, &scope.period);
            if count > 0 {
                rows.push((o.name, count, recent));
            }
        }
        rows.sort();
        for (name, count, recent) in rows {
            let row = t.row_of(&name);
            t.counts[row][0] += count;
            t.counts[row][1] += u64::from(recent);
        }
        c.tables = vec![t];
        c.notes = vec![
            "The directory keeps a running count of consultations and the day of the \
             last one, not a dated log: counts are to date, whatever the period."
                .into(),
        ];
        Ok(c)
    }
}
