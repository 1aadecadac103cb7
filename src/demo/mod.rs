//! Synthetic demo data: a realistic store for `caseline demo --cases N` and benchmarks.
//!
//! Everything is invented. Phone numbers are in Ofcom's ranges reserved for drama
//! (07700 900xxx, 020 7946 0xxx), email addresses are at example.org and example.com,
//! postcodes have valid shapes, and every code is taken from the default reference
//! lists by its label, so the document passes every rule that an import checks.
//!
//! The same `(cases, seed)` gives the same content; ids and creation stamps differ.
//! Dates are relative to today: cases were opened over the past three years and
//! follow-ups fall due from sixty days ago to sixty days ahead.

mod cases;
mod cast;
mod codes;
mod directory;
mod incidents;
mod names;
mod people;
mod places;
mod scripts;
mod tasks;
#[cfg(test)]
mod tests;
mod timeline;
mod words;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, DurationRound, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};

use crate::domain::Settings;
use crate::domain::{CaseRef, ListKind, User, UserId};
use crate::service::{EXPORT_FORMAT, EXPORT_VERSION, ExportDocument};

use codes::Codes;
use directory::Directory;

/// The organisation the demo store belongs to.
const DEMO_ORGANISATION: &str = "Demo Race Equality Council";

/// How common each kind of case is, by label; kinds not named here are rare.
const CASE_KINDS: &[(u32, &str)] = &[
    (40, "Hate crime"),
    (8, "Complex"),
    (12, "Third-party report"),
    (15, "Employment"),
    (12, "Housing"),
    (10, "Education"),
    (3, "Other"),
];

/// How closed cases end, by label.
const OUTCOMES: &[(u32, &str)] = &[
    (4, "Resolved"),
    (3, "Partly resolved"),
    (1, "Not resolved"),
    (2, "Referred on"),
    (1, "Client withdrew"),
    (2, "Lost contact"),
    (4, "Advice given"),
];

/// How far back the casework goes.
const HISTORY_DAYS: i64 = 3 * 365;

/// Builds a realistic synthetic store: `cases` cases with their people, incidents,
/// timelines, follow-ups, referrals and a directory of organisations.
pub fn generate(
    cases: usize,
    seed: u64,
    admin: &crate::domain::User,
    now: DateTime<Utc>,
) -> ExportDocument {
    let mut demo = Demo::new(seed, admin, now);
    demo.reserve(cases);
    demo.add_staff();
    demo.add_directory(organisation_count(cases));
    let mut last_number: BTreeMap<u16, u32> = BTreeMap::new();
    for (index, opened_on) in demo.case_openings(cases).into_iter().enumerate() {
        let year = opened_on.year() as u16;
        let number = last_number.entry(year).or_insert(0);
        *number += 1;
        let reference = CaseRef {
            year,
            number: *number,
        };
        demo.add_case(index, opened_on, reference);
    }
    demo.doc
}

/// A directory in proportion to the casework: one organisation for every five cases,
/// at least twenty and at most two hundred.
fn organisation_count(cases: usize) -> usize {
    (cases / 5).clamp(20, 200)
}

/// A random element of `items` by weight.
fn weighted<'t, T>(rng: &mut StdRng, items: &'t [(u32, T)]) -> &'t T {
    let total: u32 = items.iter().map(|(w, _)| *w).sum();
    let mut roll = rng.random_range(0..total.max(1));
    for (w, item) in items {
        if roll < *w {
            return item;
        }
        roll -= w;
    }
    &items[items.len() - 1].1
}

/// The staff who appear as assignees and authors.
struct Staff {
    admin: UserId,
    caseworkers: Vec<UserId>,
    volunteers: Vec<UserId>,
}

/// The generator's state: the random source, the lists, the staff and directory made
/// so far, and the document being filled.
struct Demo {
    rng: StdRng,
    codes: Codes,
    now: DateTime<Utc>,
    today: NaiveDate,
    staff: Staff,
    directory: Directory,
    /// `(weight, (code, label))` of the case kinds.
    case_kinds: Vec<(u32, (String, String))>,
    /// `(weight, (code, label))` of the outcomes of closed cases.
    outcomes: Vec<(u32, (String, String))>,
    /// Clients of earlier cases, some of whom come back with a new case.
    clients: Vec<people::Added>,
    doc: ExportDocument,
}

impl Demo {
    fn new(seed: u64, admin: &User, now: DateTime<Utc>) -> Demo {
        let codes = Codes::new();
        // Whole hours, so that the same seed gives the same casework all hour.
        let now = now
            .duration_trunc(Duration::hours(1))
            .expect("the current time rounds to the hour");
        let doc = ExportDocument {
            format: EXPORT_FORMAT.to_string(),
            version: EXPORT_VERSION,
            exported_at: now,
            settings: Settings::new(DEMO_ORGANISATION, now),
            reference_lists: ListKind::ALL
                .iter()
                .map(|k| codes.list(*k).clone())
                .collect(),
            users: vec![admin.clone()],
            organisations: Vec::new(),
            people: Vec::new(),
            incidents: Vec::new(),
            cases: Vec::new(),
            timeline: Vec::new(),
            follow_ups: Vec::new(),
            referrals: Vec::new(),
            letters: Vec::new(),
            letter_templates: Vec::new(),
        };
        let case_kinds = codes.weighted(ListKind::CaseKind, CASE_KINDS, 2);
        let outcomes = codes.weighted(ListKind::Outcome, OUTCOMES, 1);
        Demo {
            rng: StdRng::seed_from_u64(seed),
            codes,
            case_kinds,
            outcomes,
            now,
            today: crate::domain::clock::local(now).date_naive(),
            staff: Staff {
                admin: admin.id,
                caseworkers: Vec::new(),
                volunteers: Vec::new(),
            },
            directory: Directory::default(),
            clients: Vec::new(),
            doc,
        }
    }

    /// Room for `cases` cases and what comes with them, so that the big vectors are not
    /// copied as they grow.
    fn reserve(&mut self, cases: usize) {
        let d = &mut self.doc;
        d.cases.reserve_exact(cases);
        d.people.reserve(cases * 3 / 2 + 16);
        d.incidents.reserve(cases * 5 / 4 + 16);
        d.timeline.reserve(cases * 6 + 400);
        d.follow_ups.reserve(cases * 7 / 4 + 16);
        d.referrals.reserve(cases / 4 + 16);
    }

    /// The dates cases were opened, oldest first, spread over the past three years.
    fn case_openings(&mut self, cases: usize) -> Vec<NaiveDate> {
        let mut days: Vec<i64> = (0..cases)
            .map(|_| self.rng.random_range(0..=HISTORY_DAYS))
            .collect();
        days.sort_unstable_by(|a, b| b.cmp(a));
        days.into_iter()
            .map(|back| self.today - Duration::days(back))
            .collect()
    }

    /// `pct` percent of the time.
    fn chance(&mut self, pct: u32) -> bool {
        self.rng.random_range(0..100) < pct
    }

    /// A random element of a table that is never empty.
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        *items
            .choose(&mut self.rng)
            .expect("demo tables are not empty")
    }

    /// A random element by weight.
    fn weighted<'t, T>(&mut self, items: &'t [(u32, T)]) -> &'t T {
        weighted(&mut self.rng, items)
    }

    /// A moment on `day`, `minute` minutes after midnight, never later than now.
    fn at(&self, day: NaiveDate, minute: u32) -> DateTime<Utc> {
        let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
        (midnight + Duration::minutes(i64::from(minute))).min(self.now)
    }

    /// A moment in office hours on `day`.
    fn office_time(&mut self, day: NaiveDate) -> DateTime<Utc> {
        let minute = self.rng.random_range(9 * 60..17 * 60 + 30);
        self.at(day, minute)
    }

    /// A moment between `from` and `to` (`from` when the span is empty).
    fn between(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
        let span = (to - from).num_minutes();
        if span <= 0 {
            return from;
        }
        from + Duration::minutes(self.rng.random_range(0..=span))
    }

    /// A moment in office hours between `from` and `to`, as near as the span allows.
    fn office_between(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> DateTime<Utc> {
        let days = (to.date_naive() - from.date_naive()).num_days();
        if days <= 0 {
            return self.between(from, to);
        }
        let day = from.date_naive() + Duration::days(self.rng.random_range(0..=days));
        let at = self.office_time(day);
        if at < from || at >= to {
            self.between(from, to)
        } else {
            at
        }
    }

    /// Who a new case is assigned to: mostly caseworkers, some volunteers.
    fn assignee(&mut self) -> UserId {
        if self.chance(75) || self.staff.volunteers.is_empty() {
            *self.pick_user(false)
        } else {
            *self.pick_user(true)
        }
    }

    fn pick_user(&mut self, volunteer: bool) -> &UserId {
        let pool = if volunteer {
            &self.staff.volunteers
        } else {
            &self.staff.caseworkers
        };
        if pool.is_empty() {
            return &self.staff.admin;
        }
        &pool[self.rng.random_range(0..pool.len())]
    }

    /// Someone on the staff, for the odd entry written by a colleague.
    fn colleague(&mut self) -> UserId {
        match self.rng.random_range(0..10) {
            0 => self.staff.admin,
            1..=6 => *self.pick_user(false),
            _ => *self.pick_user(true),
        }
    }
}
