//! The span of time a report covers, in the forms funders ask for.
//!
//! Accepted forms (all dates are days in London, both ends included):
//! - `2026-27`: the financial year, 1 April 2026 to 31 March 2027;
//! - `2026-27Q1` .. `2026-27Q4`: a quarter of it (Q1 is April to June);
//! - `2026`: the calendar year;
//! - `2026-05`: a calendar month;
//! - `2026-04-01..2026-06-30`: any span from one day to another.
//!
//! `YYYY-YY` is a financial year when the second part is the year after the first
//! (`2026-27`), and a month otherwise (`2026-05`); the two can only collide for
//! years before 2012, where a month is written as a span.
//!
//! A report covers years [`FIRST_YEAR`] to [`LAST_YEAR`], at most [`LONGEST_YEARS`] at a
//! time: it has a column for each month, and is worked out on the office's shared
//! server, so a span such as `-262000-01-01..+262000-12-31` (millions of months) is
//! refused rather than worked out.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The accepted forms, for messages that refuse a period.
pub const PERIOD_FORMS: &str = "a financial year (2026-27), a quarter of one (2026-27Q1, \
     Q1 is April to June), a calendar year (2026), a month (2026-05) or a span of days \
     (2026-04-01..2026-06-30)";

/// The first year a report may cover.
pub const FIRST_YEAR: i32 = 1900;
/// The last year a report may cover.
pub const LAST_YEAR: i32 = 2100;
/// The longest period a report covers, in years.
pub const LONGEST_YEARS: u32 = 10;

/// What kind of span a period is: moving to the previous or next one keeps the kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    FinancialYear,
    Quarter,
    Year,
    Month,
    Span,
}

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The financial year that `start_year` April begins.
    pub fn financial_year(start_year: i32) -> Option<Period> {
        let from = NaiveDate::from_ymd_opt(start_year, 4, 1)?;
        let to = NaiveDate::from_ymd_opt(start_year + 1, 3, 31)?;
        Some(Period {
            kind: PeriodKind::FinancialYear,
            from,
            to,
        })
    }

    /// Quarter `q` (1 to 4) of the financial year beginning in `start_year`.
    pub fn quarter(start_year: i32, q: u32) -> Option<Period> {
        if !(1..=4).contains(&q) {
            return None;
        }
        let from = NaiveDate::from_ymd_opt(start_year, 4, 1)?
            .checked_add_months(Months::new(3 * (q - 1)))?;
        Some(Period {
            kind: PeriodKind::Quarter,
            from,
            to: last_day(from, 3)?,
        })
    }

    /// A calendar month.
    pub fn month(year: i32, month: u32) -> Option<Period> {
        let from = NaiveDate::from_ymd_opt(year, month, 1)?;
        Some(Period {
            kind: PeriodKind::Month,
            from,
            to: last_day(from, 1)?,
        })
    }

    /// A calendar year.
    pub fn year(year: i32) -> Option<Period> {
        Some(Period {
            kind: PeriodKind::Year,
            from: NaiveDate::from_ymd_opt(year, 1, 1)?,
            to: NaiveDate::from_ymd_opt(year, 12, 31)?,
        })
    }

    /// Any span; `None` when it ends before it starts.
    pub fn span(from: NaiveDate, to: NaiveDate) -> Option<Period> {
        (from <= to).then_some(Period {
            kind: PeriodKind::Span,
            from,
            to,
        })
    }

    /// The financial year that holds `day`: what a report shows first.
    pub fn financial_year_of(day: NaiveDate) -> Period {
        let start = if day.month() >= 4 {
            day.year()
        } else {
            day.year() - 1
        };
        Period::financial_year(start).unwrap_or(Period {
            kind: PeriodKind::Span,
            from: day,
            to: day,
        })
    }

    /// The period of `kind` that holds `day` (a span is the day alone).
    pub fn of_kind(kind: PeriodKind, day: NaiveDate) -> Period {
        let fy = Period::financial_year_of(day);
        let found = match kind {
            PeriodKind::FinancialYear => Some(fy),
            PeriodKind::Quarter => {
                let months = (day.year() - fy.from.year()) * 12 + day.month() as i32 - 4;
                Period::quarter(fy.from.year(), months as u32 / 3 + 1)
            }
            PeriodKind::Year => Period::year(day.year()),
            PeriodKind::Month => Period::month(day.year(), day.month()),
            PeriodKind::Span => Period::span(day, day),
        };
        found.unwrap_or(fy)
    }

    /// The next kind of period in the order a screen offers them: financial year,
    /// quarter, month, calendar year.
    pub fn next_kind(&self) -> PeriodKind {
        match self.kind {
            PeriodKind::FinancialYear => PeriodKind::Quarter,
            PeriodKind::Quarter => PeriodKind::Month,
            PeriodKind::Month => PeriodKind::Year,
            PeriodKind::Year | PeriodKind::Span => PeriodKind::FinancialYear,
        }
    }

    /// The period in words for a screen: `2026-27Q1, 1 Apr to 30 Jun 2026`.
    pub fn describe(&self) -> String {
        format!(
            "{self}, {} to {}",
            self.from.format("%-d %b %Y"),
            self.to.format("%-d %b %Y")
        )
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// How many days it covers.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period of the same kind just before (`steps` -1) or after (+1) this one; a
    /// span moves by its own length. `None` past the years a report covers.
    pub fn shifted(&self, steps: i32) -> Option<Period> {
        self.shifted_any(steps).filter(|p| p.check_bounds().is_ok())
    }

    /// [`Period::shifted`] as far as the calendar goes.
    fn shifted_any(&self, steps: i32) -> Option<Period> {
        let months = |n: u32| -> Option<Period> {
            let by = Months::new(n * steps.unsigned_abs());
            let from = if steps < 0 {
                self.from.checked_sub_months(by)?
            } else {
                self.from.checked_add_months(by)?
            };
            Some(Period {
                kind: self.kind,
                from,
                to: last_day(from, n)?,
            })
        };
        match self.kind {
            PeriodKind::FinancialYear | PeriodKind::Year => months(12),
            PeriodKind::Quarter => months(3),
            PeriodKind::Month => months(1),
            PeriodKind::Span => {
                let by = chrono::Duration::days(self.days() * i64::from(steps));
                Some(Period {
                    kind: PeriodKind::Span,
                    from: self.from.checked_add_signed(by)?,
                    to: self.to.checked_add_signed(by)?,
                })
            }
        }
    }

    /// Refuses a period a report does not cover: outside [`FIRST_YEAR`] to
    /// [`LAST_YEAR`], or longer than [`LONGEST_YEARS`]. Checked where a period is typed
    /// and again by the service, which a period reaches in a request.
    pub fn check_bounds(&self) -> Result<(), String> {
        let years = FIRST_YEAR..=LAST_YEAR;
        if !years.contains(&self.from.year()) || !years.contains(&self.to.year()) {
            return Err(format!(
                "the period {self} is outside the years a report covers, \
                 {FIRST_YEAR} to {LAST_YEAR}"
            ));
        }
        let longest_end = self
            .from
            .checked_add_months(Months::new(12 * LONGEST_YEARS))
            .and_then(|d| d.pred_opt());
        if longest_end.is_none_or(|end| self.to > end) {
            return Err(format!(
                "the period {self} is longer than a report covers, \
                 {LONGEST_YEARS} years at most"
            ));
        }
        Ok(())
    }

    /// The first day of each calendar month the period touches, in order.
    pub fn months(&self) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut at = self.from.with_day(1).unwrap_or(self.from);
        while at <= self.to {
            out.push(at);
            match at.checked_add_months(Months::new(1)) {
                Some(next) => at = next,
                None => break,
            }
        }
        out
    }
}

/// The last day of the `n` months that begin on `from` (a first of the month).
fn last_day(from: NaiveDate, n: u32) -> Option<NaiveDate> {
    from.checked_add_months(Months::new(n))?.pred_opt()
}

impl fmt::Display for Period {
    /// The period in the form it is typed, so what a report names can be typed back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let y = self.from.year();
        match self.kind {
            PeriodKind::FinancialYear => write!(f, "{y}-{:02}", (y + 1).rem_euclid(100)),
            PeriodKind::Quarter => {
                let start = if self.from.month() >= 4 { y } else { y - 1 };
                let q = (self.from.month() + 8) % 12 / 3 + 1;
                write!(f, "{start}-{:02}Q{q}", (start + 1).rem_euclid(100))
            }
            PeriodKind::Year => write!(f, "{y}"),
            PeriodKind::Month => write!(f, "{}", self.from.format("%Y-%m")),
            PeriodKind::Span => write!(
                f,
                "{}..{}",
                self.from.format("%Y-%m-%d"),
                self.to.format("%Y-%m-%d")
            ),
        }
    }
}

impl FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Period, String> {
        let t = s.trim();
        let period =
            parse(t).ok_or_else(|| format!("`{t}` is not a period; give {PERIOD_FORMS}"))?;
        period.check_bounds()?;
        Ok(period)
    }
}

fn parse(t: &str) -> Option<Period> {
    if let Some((a, b)) = t.split_once("..") {
        let day = |d: &str| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok();
        return Period::span(day(a)?, day(b)?);
    }
    let upper = t.to_ascii_uppercase();
    if let Some((year, q)) = upper.split_once('Q') {
        let start = financial_start(year.trim_end_matches([' ', '-']))?;
        return Period::quarter(start, digits(q)?);
    }
    match t.split_once('-') {
        None if t.len() == 4 => Period::year(digits(t)? as i32),
        Some((y, rest)) if y.len() == 4 && rest.len() == 2 => {
            let year = digits(y)? as i32;
            let second = digits(rest)?;
            if second as i32 == (year + 1).rem_euclid(100) {
                Period::financial_year(year)
            } else {
                Period::month(year, second)
            }
        }
        _ => None,
    }
}

/// The starting year of a financial year written `2026-27`.
fn financial_start(t: &str) -> Option<i32> {
    let (y, next) = t.split_once('-')?;
    let year = digits(y)? as i32;
    (y.len() == 4 && next.len() == 2 && digits(next)? as i32 == (year + 1).rem_euclid(100))
        .then_some(year)
}

/// ASCII digits only (no sign, no spaces) as a number.
fn digits(t: &str) -> Option<u32> {
    if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn each_form_parses_and_prints_back() {
        let cases = [
            ("2026-27", d(2026, 4, 1), d(2027, 3, 31)),
            ("2026-27Q1", d(2026, 4, 1), d(2026, 6, 30)),
            ("2026-27Q4", d(2027, 1, 1), d(2027, 3, 31)),
            ("2026", d(2026, 1, 1), d(2026, 12, 31)),
            ("2026-05", d(2026, 5, 1), d(2026, 5, 31)),
            ("2028-02", d(2028, 2, 1), d(2028, 2, 29)),
            ("2026-04-01..2026-06-30", d(2026, 4, 1), d(2026, 6, 30)),
            ("1999-00", d(1999, 4, 1), d(2000, 3, 31)),
        ];
        for (typed, from, to) in cases {
            let p: Period = typed.parse().unwrap_or_else(|e| panic!("{typed}: {e}"));
            assert_eq!((p.from, p.to), (from, to), "{typed}");
            assert_eq!(p.to_string(), typed);
        }
        assert_eq!(
            "2026-27 q2".parse::<Period>().unwrap().to_string(),
            "2026-27Q2"
        );
    }

    #[test]
    fn nonsense_is_refused_with_the_forms() {
        for bad in [
            "",
            "2026-13",
            "2026-28",
            "2026-27Q5",
            "2026Q1",
            "26-27",
            "2026-06-30..2026-04-01",
            "next year",
            "+2026",
            "2026-2",
            "2026-27Q",
            "２０２６",
        ] {
            let e = bad.parse::<Period>().expect_err(bad);
            assert!(e.contains("2026-27Q1") && e.contains("2026-05"), "{e}");
        }
    }

    #[test]
    fn moving_keeps_the_kind() {
        let q: Period = "2026-27Q4".parse().unwrap();
        assert_eq!(q.shifted(1).unwrap().to_string(), "2027-28Q1");
        assert_eq!(q.shifted(-1).unwrap().to_string(), "2026-27Q3");
        let m: Period = "2026-01".parse().unwrap();
        assert_eq!(m.shifted(-1).unwrap().to_string(), "2025-12");
        let fy: Period = "2026-27".parse().unwrap();
        assert_eq!(fy.shifted(-1).unwrap().to_string(), "2025-26");
        let s: Period = "2026-04-01..2026-04-10".parse().unwrap();
        assert_eq!(s.shifted(1).unwrap().to_string(), "2026-04-11..2026-04-20");
    }

    #[test]
    fn months_and_the_year_of_a_day() {
        let q: Period = "2026-27Q4".parse().unwrap();
        assert_eq!(
            q.months(),
            vec![d(2027, 1, 1), d(2027, 2, 1), d(2027, 3, 1)]
        );
        assert_eq!(
            Period::financial_year_of(d(2027, 3, 31)).to_string(),
            "2026-27"
        );
        assert_eq!(
            Period::financial_year_of(d(2027, 4, 1)).to_string(),
            "2027-28"
        );
    }

    #[test]
    fn periods_outside_what_a_report_covers_are_refused() {
        for far in [
            "-262000-01-01..+262000-12-31",
            "+262000-01-01..+262000-01-02",
            "0001-01-01..0001-12-31",
            "1899-12-31..1900-01-01",
            "2100-12-31..2101-01-01",
            "1899",
            "2101",
            "2101-01",
            "1899-00",
            "2100-01",
            "2100-01Q4",
            "9999-00",
            "1900-01-01..2100-12-31",
            "2016-04-01..2026-04-01",
        ] {
            let e = far.parse::<Period>().expect_err(far);
            assert!(e.contains("1900") || e.contains("10 years"), "{far}: {e}");
        }
        for near in [
            "1900-01-01..1909-12-31",
            "2016-04-01..2026-03-31",
            "1900",
            "2100",
            "2099-00",
            "2099-00Q4",
            "1900-01",
            "2100-12",
        ] {
            let p: Period = near.parse().unwrap_or_else(|e| panic!("{near}: {e}"));
            assert!(p.months().len() <= 12 * LONGEST_YEARS as usize, "{near}");
        }
    }

    #[test]
    fn moving_stops_at_the_years_a_report_covers() {
        let last: Period = "2100".parse().unwrap();
        assert_eq!(last.shifted(1), None);
        assert_eq!(last.shifted(-1).unwrap().to_string(), "2099");
        let first: Period = "1900-01".parse().unwrap();
        assert_eq!(first.shifted(-1), None);
    }

    fn any_day() -> impl Strategy<Value = NaiveDate> {
        (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
            .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
    }

    proptest! {
        /// Whatever span is typed, what is accepted lies within the years a report
        /// covers and has at most ten years' months; within them, any span of up to
        /// ten years is accepted.
        #[test]
        fn a_typed_span_is_bounded(from in any_day(), to in any_day(), near in 0i32..3650) {
            let typed = format!("{}..{}", from.format("%Y-%m-%d"), to.format("%Y-%m-%d"));
            if let Ok(p) = typed.parse::<Period>() {
                prop_assert!((FIRST_YEAR..=LAST_YEAR).contains(&p.from.year()));
                prop_assert!((FIRST_YEAR..=LAST_YEAR).contains(&p.to.year()));
                prop_assert!(p.months().len() <= 12 * LONGEST_YEARS as usize + 1);
            }
            let start = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap()
                + chrono::Duration::days(i64::from(near) * 5);
            let end = start + chrono::Duration::days(i64::from(near));
            let typed = format!("{}..{}", start.format("%Y-%m-%d"), end.format("%Y-%m-%d"));
            prop_assert!(typed.parse::<Period>().is_ok(), "{}", typed);
        }
    }
}
