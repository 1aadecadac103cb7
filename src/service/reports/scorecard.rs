//! The Race Equality Scorecard: cases opened and referrals made in the period, by the
//! seven areas, through the mapping an administrator sets.

use super::{Counted, Scope};
use crate::domain::report::{Area, CountTable};
use crate::service::{Caseline, Result};

const NOT_MAPPED: usize = Area::ALL.len();

fn row(area: Option<&Area>) -> usize {
    area.and_then(|a| Area::ALL.iter().position(|x| x == a))
        .unwrap_or(NOT_MAPPED)
}

impl Caseline {
    pub(crate) fn scorecard_report(&self, scope: &Scope) -> Result<Counted> {
        let map = &scope.settings.scorecard;
        let mut rows: Vec<String> = Area::ALL.iter().map(|a| a.label().to_string()).collect();
        rows.push("Not mapped to an area".into());
        let columns = ["Cases opened", "Referrals"].map(String::from).to_vec();
        let mut t = CountTable::new("By scorecard area", "Area", rows, columns)
            .with_note("Cases and referrals are counted apart: the columns are not added up.");
        let mut c = Counted::default();
        // Case summaries are an index: the kind and the day opened need no decryption.
        for s in self.all_case_summaries()? {
            if scope.period.contains(s.opened_on) {
                t.add(row(map.case_kinds.get(&s.kind)), 0);
            }
        }
        let p = scope.period;
        let read = self.vault().referral_facts(Some(p.from), Some(p.to))?;
        c.records_read += read.opened;
        for r in read.facts {
            if p.contains(r.on) {
                t.add(row(map.agency_kinds.get(&r.agency_kind)), 1);
            }
        }
        c.tables = vec![t];
        c.notes = vec![
            "Which kinds of case and agency count towards each area is a setting \
             (`caseline config scorecard`)."
                .into(),
        ];
        Ok(c)
    }
}
