//! Who we serve: the clients of cases open at any time in the period, each person
//! counted once per table, by the equality monitoring they gave.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::{Counted, Scope, list_rows, row_for};
use crate::domain::report::CountTable;
use crate::domain::{Answer, ListKind, PersonId};
use crate::service::{Caseline, Result};
use crate::store::report_facts::{CaseFacts, PersonFacts};

/// Age bands at the end of the period.
const AGE_BANDS: [(u32, &str); 7] = [
    (18, "Under 18"),
    (25, "18 to 24"),
    (35, "25 to 34"),
    (45, "35 to 44"),
    (55, "45 to 54"),
    (65, "55 to 64"),
    (u32::MAX, "65 and over"),
];

const NOT_RECORDED: &str = "Not recorded";

/// The clients of a case, if it was open at some time in the period.
fn clients_in(case: &CaseFacts, from: NaiveDate, to: NaiveDate) -> &[PersonId] {
    let closed_before = case.closed.as_ref().is_some_and(|(on, _)| *on < from);
    if case.opened_on > to || closed_before {
        return &[];
    }
    &case.clients
}

fn age_band(born: NaiveDate, on: NaiveDate) -> &'static str {
    let mut age = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    let age = u32::try_from(age).unwrap_or(0);
    AGE_BANDS
        .iter()
        .find(|(below, _)| age < *below)
        .map_or("65 and over", |(_, label)| label)
}

/// Sex as self-described (free text) in a few published groups.
fn sex_group(sex: Option<&str>) -> &'static str {
    match sex.map(|s| s.trim().to_lowercase()).as_deref() {
        None | Some("") => NOT_RECORDED,
        Some("female" | "woman" | "f") => "Female",
        Some("male" | "man" | "m") => "Male",
        Some(_) => "Self-described",
    }
}

fn answer(a: Answer) -> &'static str {
    match a {
        Answer::Yes => "Yes",
        Answer::No => "No",
        Answer::Unknown => "Not known",
    }
}

/// The tables of this report, each one column of clients.
struct Tables {
    ethnic: CountTable,
    groups: CountTable,
    religion: CountTable,
    sex: CountTable,
    age: CountTable,
    disability: CountTable,
    language: CountTable,
    interpreter: CountTable,
}

impl Caseline {
    pub(crate) fn who_we_serve_report(&self, scope: &Scope) -> Result<Counted> {
        let mut c = Counted::default();
        let mut kinds_of: BTreeMap<PersonId, BTreeSet<String>> = BTreeMap::new();
        let p = scope.period;
        let read = self.vault().case_facts(None, Some(p.to))?;
        c.records_read += read.opened;
        for case in &read.facts {
            if scope.kind.is_some_and(|k| k != case.kind) {
                continue;
            }
            for person in clients_in(case, p.from, p.to) {
                kinds_of
                    .entry(*person)
                    .or_default()
                    .insert(case.kind.clone());
            }
        }
        let mut t = self.empty_tables();
        let kinds = self.reference_list(ListKind::CaseKind);
        let mut by_kind = table("By kind of case", "Kind", list_rows(&kinds))
            .with_totals(false, false)
            .with_note("A client with cases of two kinds is counted under each: not additive.");
        let clients: BTreeSet<PersonId> = kinds_of.keys().copied().collect();
        let people = self.vault().person_facts(&clients)?;
        c.records_read += people.opened;
        let people: BTreeMap<PersonId, PersonFacts> =
            people.facts.into_iter().map(|f| (f.id, f)).collect();
        for (id, case_kinds) in &kinds_of {
            for k in case_kinds {
                let row = row_for(&mut by_kind, &kinds, k);
                by_kind.add(row, 0);
            }
            let Some(person) = people.get(id) else {
                continue;
            };
            self.count_person(&mut t, person, p.to);
        }
        super::hate_crime::sort_rows(&mut t.language);
        c.tables = vec![
            t.ethnic,
            t.groups,
            t.religion,
            t.sex,
            t.age,
            t.disability,
            t.language,
            t.interpreter,
            by_kind,
        ];
        c.notes = vec![
            "Clients are the people in the role \"complainant or victim\" on a case open at \
             any time in the period; each is counted once in each table."
                .into(),
            "Sex is self-described; it is shown as female, male or self-described.".into(),
            "Age is at the end of the period. Language is the first (preferred) language.".into(),
        ];
        Ok(c)
    }

    fn empty_tables(&self) -> Tables {
        let ethnic_list = self.reference_list(ListKind::EthnicGroup);
        let mut groups: Vec<String> = Vec::new();
        for e in ethnic_list.active() {
            if let Some(g) = &e.group
                && !groups.contains(g)
            {
                groups.push(g.clone());
            }
        }
        groups.push("Prefer not to say or not recorded".into());
        let mut religion = list_rows(&self.reference_list(ListKind::Religion));
        religion.push(NOT_RECORDED.into());
        let rows = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Tables {
            ethnic: table(
                "Ethnic group (2021 Census)",
                "Ethnic group",
                list_rows(&ethnic_list),
            ),
            groups: table("Ethnic group, high-level", "Group", groups),
            religion: table("Religion", "Religion", religion),
            sex: table(
                "Sex",
                "Sex",
                rows(&["Female", "Male", "Self-described", NOT_RECORDED]),
            ),
            age: table("Age band", "Age", {
                let mut a: Vec<String> = AGE_BANDS.iter().map(|(_, l)| l.to_string()).collect();
                a.push(NOT_RECORDED.into());
                a
            }),
            disability: table("Disability", "Disabled", rows(&["Yes", "No", "Not known"])),
            language: table("First language", "Language", vec![]),
            interpreter: table("Interpreter needed", "Needed", rows(&["Yes", "No"])),
        }
    }

    /// Adds one client to every table. What this report reads from a person is here.
    fn count_person(&self, t: &mut Tables, m: &PersonFacts, on: NaiveDate) {
        let ethnic_list = self.reference_list(ListKind::EthnicGroup);
        let code = m.ethnic_group.as_deref().unwrap_or("not_recorded");
        let row = row_for(&mut t.ethnic, &ethnic_list, code);
        t.ethnic.add(row, 0);
        let group = ethnic_list
            .entries
            .iter()
            .find(|e| e.code == code)
            .and_then(|e| e.group.clone())
            .unwrap_or_else(|| "Prefer not to say or not recorded".into());
        let row = t.groups.row_of(&group);
        t.groups.add(row, 0);
        let religions = self.reference_list(ListKind::Religion);
        let row = match &m.religion {
            Some(code) => row_for(&mut t.religion, &religions, code),
            None => t.religion.row_of(NOT_RECORDED),
        };
        t.religion.add(row, 0);
        let row = t.sex.row_of(sex_group(m.sex.as_deref()));
        t.sex.add(row, 0);
        let band = m.date_of_birth.map_or(NOT_RECORDED, |b| age_band(b, on));
        let row = t.age.row_of(band);
        t.age.add(row, 0);
        let row = t.disability.row_of(answer(m.disability));
        t.disability.add(row, 0);
        let languages = self.reference_list(ListKind::Language);
        let first = m
            .first_language
            .as_deref()
            .map_or(NOT_RECORDED, |l| languages.label(l));
        let row = t.language.row_of(first);
        t.language.add(row, 0);
        t.interpreter.add(usize::from(!m.interpreter_needed), 0);
    }
}

fn table(title: &str, heading: &str, rows: Vec<String>) -> CountTable {
    CountTable::new(title, heading, rows, vec!["Clients".to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_and_sexes_fall_in_their_bands() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(age_band(d(2008, 4, 1), d(2026, 3, 31)), "Under 18");
        assert_eq!(age_band(d(2008, 3, 31), d(2026, 3, 31)), "18 to 24");
        assert_eq!(age_band(d(1950, 1, 1), d(2026, 3, 31)), "65 and over");
        assert_eq!(sex_group(Some(" Female ")), "Female");
        assert_eq!(sex_group(Some("non-binary")), "Self-described");
        assert_eq!(sex_group(None), NOT_RECORDED);
    }
}
