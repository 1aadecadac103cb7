//! What is typed, read at the edges: a month's end, 29 February, New Year's Eve, and
//! the nights the clocks change in London, where "2 hours ago" is two hours of time
//! gone by and not two steps of the wall clock. Then properties that hold on any day.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use proptest::prelude::*;

use super::{Lean, parse_when};

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(h, min, 0))
        .expect("a valid moment")
}

/// `P`ast, `F`uture or `B`oth leans.
#[derive(Clone, Copy)]
enum L {
    P,
    F,
    B,
}

fn leans(l: L) -> &'static [Lean] {
    match l {
        L::P => &[Lean::Past],
        L::F => &[Lean::Future],
        L::B => &[Lean::Past, Lean::Future],
    }
}

type Row = (&'static str, L, &'static str);

/// Tuesday 29 February 2028, noon.
const LEAP_DAY: &[Row] = &[
    ("today", L::B, "Tue 29 Feb 2028"),
    ("tomorrow", L::B, "Wed 1 Mar 2028"),
    ("yesterday", L::B, "Mon 28 Feb 2028"),
    ("a year ago", L::B, "Sun 28 Feb 2027"),
    ("in a year", L::B, "Wed 28 Feb 2029"),
    ("in 4 years", L::B, "Sun 29 Feb 2032"),
    ("a month ago", L::B, "Sat 29 Jan 2028"),
    ("in a month", L::B, "Wed 29 Mar 2028"),
    ("next week", L::B, "Tue 7 Mar 2028"),
    ("29/02", L::B, "Tue 29 Feb 2028"),
    ("29/02/28", L::B, "Tue 29 Feb 2028"),
    ("friday", L::P, "Fri 25 Feb 2028"),
    ("friday", L::F, "Fri 3 Mar 2028"),
    ("1/3", L::P, "Mon 1 Mar 2027"),
    ("1/3", L::F, "Wed 1 Mar 2028"),
];

/// Monday 30 November 2026, 23:30: half an hour before the month ends.
const MONTH_END: &[Row] = &[
    ("tomorrow", L::B, "Tue 1 Dec 2026"),
    ("in a month", L::B, "Wed 30 Dec 2026"),
    ("next month", L::B, "Wed 30 Dec 2026"),
    ("a month ago", L::B, "Fri 30 Oct 2026"),
    ("in 45 minutes", L::B, "Tue 1 Dec 2026, 00:15"),
    ("midnight", L::F, "Tue 1 Dec 2026, 00:00"),
    ("11pm", L::F, "Tue 1 Dec 2026, 23:00"),
    ("23:45", L::F, "Mon 30 Nov 2026, 23:45"),
    ("23:45", L::P, "Sun 29 Nov 2026, 23:45"),
];

/// Wednesday 31 March 2027, 09:00: a month back has no 31st.
const MARCH_31: &[Row] = &[
    ("a month ago", L::B, "Sun 28 Feb 2027"),
    ("last month", L::B, "Sun 28 Feb 2027"),
    ("in a month", L::B, "Fri 30 Apr 2027"),
];

/// Friday 31 March 2028, 09:00: a month back is a leap day.
const MARCH_31_LEAP: &[Row] = &[("a month ago", L::B, "Tue 29 Feb 2028")];

/// Thursday 31 December 2026, 23:59.
const NEW_YEARS_EVE: &[Row] = &[
    ("tomorrow", L::B, "Fri 1 Jan 2027"),
    ("friday", L::F, "Fri 1 Jan 2027"),
    ("1/1", L::F, "Fri 1 Jan 2027"),
    ("1/1", L::P, "Thu 1 Jan 2026"),
    ("1/1/27", L::B, "Fri 1 Jan 2027"),
    ("31/12", L::B, "Thu 31 Dec 2026"),
    ("12/1", L::F, "Tue 12 Jan 2027"),
    ("12/1", L::P, "Mon 12 Jan 2026"),
    ("in 2 minutes", L::B, "Fri 1 Jan 2027, 00:01"),
    ("next year", L::B, "Fri 31 Dec 2027"),
];

/// Sunday 28 March 2027, 03:30 BST: at 01:00 GMT the clocks went forward to 02:00.
const SPRING_AFTER: &[Row] = &[
    ("2 hours ago", L::B, "Sun 28 Mar 2027, 00:30"),
    ("90 minutes ago", L::B, "Sun 28 Mar 2027, 02:00"),
    ("3 hours ago", L::B, "Sat 27 Mar 2027, 23:30"),
    ("in 2 hours", L::B, "Sun 28 Mar 2027, 05:30"),
    ("yesterday", L::B, "Sat 27 Mar 2027"),
    ("last night", L::B, "Sat 27 Mar 2027, about 21:00"),
];

/// Sunday 28 March 2027, 00:30 GMT, before the clocks go forward.
const SPRING_BEFORE: &[Row] = &[
    ("in an hour", L::B, "Sun 28 Mar 2027, 02:30"),
    ("in 2 hours", L::B, "Sun 28 Mar 2027, 03:30"),
    ("an hour ago", L::B, "Sat 27 Mar 2027, 23:30"),
    ("tomorrow", L::B, "Mon 29 Mar 2027"),
];

/// Sunday 25 October 2026, 00:30 BST: at 02:00 BST the clocks go back to 01:00.
const AUTUMN_BEFORE: &[Row] = &[
    ("in an hour", L::B, "Sun 25 Oct 2026, 01:30"),
    ("in 3 hours", L::B, "Sun 25 Oct 2026, 02:30"),
    ("an hour ago", L::B, "Sat 24 Oct 2026, 23:30"),
    ("yesterday 9pm", L::B, "Sat 24 Oct 2026, 21:00"),
];

/// Sunday 25 October 2026, 02:30 GMT, after the clocks went back.
const AUTUMN_AFTER: &[Row] = &[
    ("2 hours ago", L::B, "Sun 25 Oct 2026, 01:30"),
    ("3 hours ago", L::B, "Sun 25 Oct 2026, 00:30"),
    ("4 hours ago", L::B, "Sat 24 Oct 2026, 23:30"),
    ("this morning", L::B, "Sun 25 Oct 2026, about 09:00"),
];

fn check(now: NaiveDateTime, rows: &[Row]) {
    for &(input, l, expected) in rows {
        for &lean in leans(l) {
            let got = parse_when(input, now, lean).map(|w| w.describe());
            assert_eq!(
                got.as_deref(),
                Ok(expected),
                "{input:?} at {now} leaning {lean:?}"
            );
        }
    }
}

#[test]
fn month_ends_and_leap_days_are_counted_on_the_calendar() {
    check(at(2028, 2, 29, 12, 0), LEAP_DAY);
    check(at(2026, 11, 30, 23, 30), MONTH_END);
    check(at(2027, 3, 31, 9, 0), MARCH_31);
    check(at(2028, 3, 31, 9, 0), MARCH_31_LEAP);
    check(at(2026, 12, 31, 23, 59), NEW_YEARS_EVE);
}

#[test]
fn hours_ago_are_hours_gone_by_on_the_nights_the_clocks_change() {
    assert_eq!(
        crate::domain::clock::zone(),
        chrono_tz::Europe::London,
        "these are London's clock changes: run the tests without CASELINE_TIME_ZONE"
    );
    check(at(2027, 3, 28, 3, 30), SPRING_AFTER);
    check(at(2027, 3, 28, 0, 30), SPRING_BEFORE);
    check(at(2026, 10, 25, 0, 30), AUTUMN_BEFORE);
    check(at(2026, 10, 25, 2, 30), AUTUMN_AFTER);
}

/// A date from 2000 to 2099 and a whole-minute time.
fn moment() -> impl Strategy<Value = NaiveDateTime> {
    let start = NaiveDate::from_ymd_opt(2000, 1, 1).expect("start");
    (0u64..36_525, 0u32..24, 0u32..60).prop_map(move |(days, h, m)| {
        let date = start.checked_add_days(Days::new(days)).expect("in range");
        date.and_time(NaiveTime::from_hms_opt(h, m, 0).expect("valid time"))
    })
}

fn weekday_name() -> impl Strategy<Value = (&'static str, Weekday)> {
    prop::sample::select(vec![
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ])
}

fn date_of(input: &str, now: NaiveDateTime, lean: Lean) -> NaiveDate {
    parse_when(input, now, lean)
        .unwrap_or_else(|e| panic!("{input:?} at {now}: {e}"))
        .date
}

proptest! {
    #[test]
    fn days_forward_and_back_meet(now in moment(), n in 0u64..800) {
        let ahead = date_of(&format!("in {n} days"), now, Lean::Future);
        prop_assert_eq!(ahead, now.date() + chrono::Duration::days(n as i64));
        let later = ahead.and_time(now.time());
        prop_assert_eq!(date_of(&format!("{n} days ago"), later, Lean::Past), now.date());
    }

    #[test]
    fn a_named_weekday_is_the_nearest_one_that_way(now in moment(), (name, day) in weekday_name()) {
        let today = now.date();
        let next = date_of(&format!("next {name}"), now, Lean::Past);
        let last = date_of(&format!("last {name}"), now, Lean::Future);
        let bare = date_of(name, now, Lean::Future);
        for d in [next, last, bare] {
            prop_assert_eq!(d.weekday(), day);
        }
        prop_assert!((1..=7).contains(&(next - today).num_days()));
        prop_assert!((1..=7).contains(&(today - last).num_days()));
        prop_assert!((0..=6).contains(&(bare - today).num_days()));
    }

    #[test]
    fn a_month_back_keeps_the_day_or_takes_the_months_last(now in moment()) {
        let back = date_of("a month ago", now, Lean::Past);
        let today = now.date();
        let (y, m) = if today.month() == 1 { (today.year() - 1, 12) } else { (today.year(), today.month() - 1) };
        let last_of_month = NaiveDate::from_ymd_opt(y, m, 1)
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
            .and_then(|d| d.pred_opt())
            .expect("a month's last day");
        prop_assert_eq!((back.year(), back.month()), (y, m));
        prop_assert_eq!(back.day(), today.day().min(last_of_month.day()));
    }

    /// Where the answer is one instant in London (not in the hour the clocks repeat),
    /// it is exactly `n` hours of time from now.
    #[test]
    fn hours_ago_are_hours_of_time(now in moment(), n in 0i64..72, ago in any::<bool>()) {
        let london = chrono_tz::Europe::London;
        prop_assume!(crate::domain::clock::zone() == london);
        let Some(start) = london.from_local_datetime(&now).single() else {
            return Ok(());
        };
        let input = if ago { format!("{n} hours ago") } else { format!("in {n} hours") };
        let w = parse_when(&input, now, Lean::Past).expect("parses");
        let Some(end) = london.from_local_datetime(&w.to_naive()).single() else {
            return Ok(());
        };
        let gone = if ago { start - end } else { end - start };
        prop_assert_eq!(gone, chrono::Duration::hours(n));
    }
}
