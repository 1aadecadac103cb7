//! Directory: how often each community group and partner has been consulted, so that
//! no group is asked too often.

use super::{Counted, Scope};
use crate::domain::Organisation;
use crate::domain::report::{CountTable, Period};
use crate::service::{Caseline, Result};

/// What this report reads from an organisation's consultation log: how many fell in
/// the period, and how many were made to date.
fn consultations(o: &Organisation, period: &Period) -> (u64, u64) {
    let within = o
        .consultations
        .iter()
        .filter(|c| period.contains(c.on))
        .count();
    (within as u64, o.consultations.len() as u64)
}

impl Caseline {
    pub(crate) fn directory_report(&self, scope: &Scope) -> Result<Counted> {
        let columns = ["Consultations in the period", "Consultations to date"]
            .map(String::from)
            .to_vec();
        let mut t = CountTable::new("Consultations per group", "Group", vec![], columns)
            .with_totals(false, true);
        let mut c = Counted::default();
        let mut rows = Vec::new();
        for o in self.organisations() {
            let o = o?;
            c.records_read += 1;
            let (within, to_date) = consultations(&o, &scope.period);
            if within > 0 {
                rows.push((o.name, within, to_date));
            }
        }
        rows.sort();
        for (name, within, to_date) in rows {
            let row = t.row_of(&name);
            t.counts[row][0] += within;
            t.counts[row][1] += to_date;
        }
        c.tables = vec![t];
        Ok(c)
    }
}
