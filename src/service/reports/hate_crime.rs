//! Hate crime: incidents reported in the period, by strand, month, police and place.

use super::{Counted, Scope, list_rows, row_for};
use crate::domain::report::CountTable;
use crate::domain::{Answer, ListKind, LocationKind};
use crate::service::{Caseline, Result};

impl Caseline {
    pub(crate) fn hate_crime_report(&self, scope: &Scope) -> Result<Counted> {
        let strands = self.reference_list(ListKind::Strand);
        let months = scope.period.months();
        let month_rows = months
            .iter()
            .map(|m| m.format("%b %Y").to_string())
            .collect();
        let one = || vec!["Incidents".to_string()];
        let mut by_strand = CountTable::new("By strand", "Strand", list_rows(&strands), one())
            .with_totals(false, false)
            .with_note(
                "Strand totals are not additive: an incident may have several strands, so \
                 the rows add up to more than the number of incidents.",
            );
        let mut by_month = CountTable::new("By month reported", "Month", month_rows, one());
        let police_rows = ["Yes", "No", "Not known"].map(String::from).to_vec();
        let mut by_police = CountTable::new("Reported to police", "Reported", police_rows, one());
        let mut by_district = CountTable::new("By postcode district", "District", vec![], one());
        let place_rows = LocationKind::ALL.map(|k| k.label().to_string()).to_vec();
        let mut by_place = CountTable::new("By kind of location", "Place", place_rows, one());
        let mut c = Counted::default();
        let p = scope.period;
        let read = self.vault().incident_facts(Some(p.from), Some(p.to))?;
        c.records_read = read.opened;
        for f in read.facts {
            if !p.contains(f.reported_on) {
                continue;
            }
            if f.strands.is_empty() {
                let none = by_strand.row_of("None recorded");
                by_strand.add(none, 0);
            }
            for s in &f.strands {
                let row = row_for(&mut by_strand, &strands, s);
                by_strand.add(row, 0);
            }
            if let Some(m) = months.iter().rposition(|m| *m <= f.reported_on) {
                by_month.add(m, 0);
            }
            let police = match f.police {
                Answer::Yes => 0,
                Answer::No => 1,
                Answer::Unknown => 2,
            };
            by_police.add(police, 0);
            let place = LocationKind::ALL
                .iter()
                .position(|k| *k == f.location_kind)
                .unwrap_or(LocationKind::ALL.len() - 1);
            by_place.add(place, 0);
            let d = f.district.unwrap_or_else(|| "Not given".to_string());
            let row = by_district.row_of(&d);
            by_district.add(row, 0);
        }
        sort_rows(&mut by_district);
        c.tables = vec![by_strand, by_month, by_place, by_police, by_district];
        c.notes = vec![
            "Incidents are counted by the day they were reported.".to_string(),
            "Kind of location: incidents taken before it was asked are \"Not recorded\"."
                .to_string(),
        ];
        Ok(c)
    }
}

/// Rows in label order, "Not given" and "Not recorded" last: rows such as districts
/// are found as records are read, and a report must not depend on the order of reading.
pub(crate) fn sort_rows(t: &mut CountTable) {
    let mut rows: Vec<(String, Vec<u64>)> = t.rows.drain(..).zip(t.counts.drain(..)).collect();
    let last = |label: &str| matches!(label, "Not given" | "Not recorded");
    rows.sort_by(|a, b| (last(&a.0), &a.0).cmp(&(last(&b.0), &b.0)));
    for (label, counts) in rows {
        t.rows.push(label);
        t.counts.push(counts);
    }
}
