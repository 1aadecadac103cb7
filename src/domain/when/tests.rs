//! The table is written as `describe()` output so a failure reads like what the worker would see.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use proptest::prelude::*;

use super::{Lean, When, WhenError, parse_when};

/// Sunday 22 November 2026, 10:15 (and some seconds, which must not leak into results).
fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22)
        .and_then(|d| d.and_hms_opt(10, 15, 42))
        .expect("valid fixed now")
}

/// Use `B` when the answer is the same for both leans.
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

const ACCEPTED: &[(&str, L, &str)] = &[
    ("today", L::B, "Sun 22 Nov 2026"),
    ("now", L::B, "Sun 22 Nov 2026, 10:15"),
    ("yesterday", L::B, "Sat 21 Nov 2026"),
    ("tomorrow", L::B, "Mon 23 Nov 2026"),
    ("yesterday 9pm", L::B, "Sat 21 Nov 2026, 21:00"),
    ("today 14:30", L::B, "Sun 22 Nov 2026, 14:30"),
    ("9pm yesterday", L::B, "Sat 21 Nov 2026, 21:00"),
    ("9:30 pm yesterday", L::B, "Sat 21 Nov 2026, 21:30"),
    ("last night", L::B, "Sat 21 Nov 2026, about 21:00"),
    ("last night 11pm", L::B, "Sat 21 Nov 2026, 23:00"),
    ("this morning", L::B, "Sun 22 Nov 2026, about 09:00"),
    ("this afternoon", L::B, "Sun 22 Nov 2026, about 15:00"),
    ("this evening", L::B, "Sun 22 Nov 2026, about 19:00"),
    ("tonight", L::B, "Sun 22 Nov 2026, about 19:00"),
    ("yesterday morning", L::B, "Sat 21 Nov 2026, about 09:00"),
    ("friday night", L::P, "Fri 20 Nov 2026, about 21:00"),
    ("3 days ago", L::B, "Thu 19 Nov 2026"),
    ("a week ago", L::B, "Sun 15 Nov 2026"),
    ("2 weeks ago", L::B, "Sun 8 Nov 2026"),
    ("two weeks ago", L::B, "Sun 8 Nov 2026"),
    ("a fortnight ago", L::B, "Sun 8 Nov 2026"),
    ("a month ago", L::B, "Thu 22 Oct 2026"),
    ("2 hours ago", L::B, "Sun 22 Nov 2026, 08:15"),
    ("in 3 days", L::B, "Wed 25 Nov 2026"),
    ("in 3 days' time", L::B, "Wed 25 Nov 2026"),
    ("3 days", L::F, "Wed 25 Nov 2026"),
    ("3 days", L::P, "Thu 19 Nov 2026"),
    ("next week", L::B, "Sun 29 Nov 2026"),
    ("last week", L::B, "Sun 15 Nov 2026"),
    ("in a fortnight", L::B, "Sun 6 Dec 2026"),
    ("day before yesterday", L::B, "Fri 20 Nov 2026"),
    ("the day after tomorrow", L::B, "Tue 24 Nov 2026"),
    ("friday", L::P, "Fri 20 Nov 2026"),
    ("friday", L::F, "Fri 27 Nov 2026"),
    ("fri", L::P, "Fri 20 Nov 2026"),
    ("Fri.", L::F, "Fri 27 Nov 2026"),
    ("last friday", L::B, "Fri 20 Nov 2026"),
    ("next monday", L::B, "Mon 23 Nov 2026"),
    ("monday", L::P, "Mon 16 Nov 2026"),
    ("sunday", L::B, "Sun 22 Nov 2026"),
    ("last sunday", L::B, "Sun 15 Nov 2026"),
    ("next sunday", L::B, "Sun 29 Nov 2026"),
    ("on Friday at 9pm", L::P, "Fri 20 Nov 2026, 21:00"),
    ("12/11", L::P, "Thu 12 Nov 2026"),
    ("12/11", L::F, "Fri 12 Nov 2027"),
    ("12/12", L::P, "Fri 12 Dec 2025"),
    ("12/12", L::F, "Sat 12 Dec 2026"),
    ("22/11", L::B, "Sun 22 Nov 2026"),
    ("12.11", L::P, "Thu 12 Nov 2026"),
    ("12/11/2026", L::B, "Thu 12 Nov 2026"),
    ("12/11/26", L::B, "Thu 12 Nov 2026"),
    ("1/2/99", L::B, "Mon 1 Feb 1999"),
    ("12.11.2026", L::B, "Thu 12 Nov 2026"),
    ("12-11-2026", L::B, "Thu 12 Nov 2026"),
    ("2026-11-12", L::B, "Thu 12 Nov 2026"),
    ("12 Nov", L::P, "Thu 12 Nov 2026"),
    ("12 Nov", L::F, "Fri 12 Nov 2027"),
    ("12 November 2026", L::B, "Thu 12 Nov 2026"),
    ("Nov 12", L::P, "Thu 12 Nov 2026"),
    ("November 12, 2026", L::B, "Thu 12 Nov 2026"),
    ("12th of November 2026", L::B, "Thu 12 Nov 2026"),
    ("12-nov-2026", L::B, "Thu 12 Nov 2026"),
    ("29/02/2028", L::B, "Tue 29 Feb 2028"),
    ("12/11/2026 14:30", L::B, "Thu 12 Nov 2026, 14:30"),
    ("2026-11-12 9pm", L::B, "Thu 12 Nov 2026, 21:00"),
    ("2026-11-12T14:30", L::B, "Thu 12 Nov 2026, 14:30"),
    ("12 nov 9.30pm", L::P, "Thu 12 Nov 2026, 21:30"),
    ("12/11/2026 9:30 pm", L::B, "Thu 12 Nov 2026, 21:30"),
    ("12/11/2026 at 21:00", L::B, "Thu 12 Nov 2026, 21:00"),
    ("yesterday 9.30", L::B, "Sat 21 Nov 2026, 09:30"),
    ("yesterday 9 a.m.", L::B, "Sat 21 Nov 2026, 09:00"),
    ("noon yesterday", L::B, "Sat 21 Nov 2026, 12:00"),
    ("yesterday midday", L::B, "Sat 21 Nov 2026, 12:00"),
    ("tomorrow midnight", L::B, "Mon 23 Nov 2026, 00:00"),
    ("today 12am", L::B, "Sun 22 Nov 2026, 00:00"),
    ("today 12pm", L::B, "Sun 22 Nov 2026, 12:00"),
    ("21:00", L::P, "Sat 21 Nov 2026, 21:00"),
    ("21:00", L::F, "Sun 22 Nov 2026, 21:00"),
    ("9am", L::P, "Sun 22 Nov 2026, 09:00"),
    ("9am", L::F, "Mon 23 Nov 2026, 09:00"),
    ("10:15", L::B, "Sun 22 Nov 2026, 10:15"),
    ("midnight", L::F, "Mon 23 Nov 2026, 00:00"),
    ("yesterday about 9pm", L::B, "Sat 21 Nov 2026, about 21:00"),
    ("~9pm yesterday", L::B, "Sat 21 Nov 2026, about 21:00"),
    ("c. 9pm yesterday", L::B, "Sat 21 Nov 2026, about 21:00"),
    ("yesterday 9pm-ish", L::B, "Sat 21 Nov 2026, about 21:00"),
    ("around 3 days ago", L::B, "about Thu 19 Nov 2026"),
    ("approx. yesterday", L::B, "about Sat 21 Nov 2026"),
    (
        "approximately 14:30 today",
        L::B,
        "Sun 22 Nov 2026, about 14:30",
    ),
    ("  YESTERDAY ,  at  9 PM ", L::B, "Sat 21 Nov 2026, 21:00"),
    (
        "Sat 21 Nov 2026, about 21:00",
        L::B,
        "Sat 21 Nov 2026, about 21:00",
    ),
    ("about Thu 19 Nov 2026", L::B, "about Thu 19 Nov 2026"),
];

const REFUSED: &[(&str, L, &str)] = &[
    ("", L::B, "empty"),
    ("   ", L::B, "empty"),
    ("31/02", L::B, "there is no 31 February 2026"),
    ("31/02/2026", L::B, "there is no 31 February 2026"),
    ("29/02/2025", L::B, "there is no 29 February 2025"),
    ("29/02", L::B, "there is no 29 February 2026"),
    ("31 april 2026", L::B, "there is no 31 April 2026"),
    ("10/13", L::B, "month 13 does not exist"),
    ("1/0/2026", L::B, "month 0 does not exist"),
    ("32/1", L::B, "day 32 does not exist"),
    ("99999999999/1", L::B, "day 99999999999 does not exist"),
    (
        "1/99999999999999999999999",
        L::B,
        "month 99999999999999999999999 does not exist",
    ),
    (
        "12/11/202",
        L::B,
        "year 202 is not clear: write it as 2026 or 26",
    ),
    ("25:00", L::B, "hour 25 does not exist"),
    ("yesterday 24:00", L::B, "hour 24 does not exist"),
    ("9:75", L::B, "minute 75 does not exist"),
    ("9:75pm", L::B, "minute 75 does not exist"),
    ("13pm", L::B, "13pm is not a time"),
    ("yesterday 0am", L::B, "0am is not a time"),
    ("today 13:30 pm", L::B, "13:30pm is not a time"),
    (
        "fri 21 nov 2026",
        L::B,
        "21 November 2026 is a Saturday, not a Friday",
    ),
    ("99999999999 days ago", L::B, "that is too far from today"),
    ("in 99999999 years", L::B, "that is too far from today"),
];

const UNCLEAR: &[&str] = &[
    "blah",
    "yesterday 1430",
    "now 9pm",
    "2 hours ago 9pm",
    "12/11-2026",
    "12/11/2026/1",
    "9:5",
    "am",
    "about",
    "last",
    "next",
    "ago",
    "in",
    "12",
    "yesterday today",
    "١٢/١١/٢٠٢٦",
];

#[test]
fn accepts_the_forms_workers_type() {
    for &(input, l, expected) in ACCEPTED {
        for &lean in leans(l) {
            let got = parse_when(input, now(), lean).map(|w| w.describe());
            assert_eq!(got.as_deref(), Ok(expected), "{input:?} leaning {lean:?}");
        }
    }
}

#[test]
fn refuses_impossible_values_saying_what_is_wrong() {
    for &(input, l, message) in REFUSED {
        for &lean in leans(l) {
            let got = parse_when(input, now(), lean);
            assert_eq!(
                got,
                Err(WhenError(message.to_string())),
                "{input:?} leaning {lean:?}"
            );
        }
    }
}

#[test]
fn unclear_input_gets_examples() {
    for input in UNCLEAR {
        let got = parse_when(input, now(), Lean::Past).expect_err(input);
        let expected = format!(
            "did not understand `{input}`: try today, yesterday 9pm, 3 days ago, 12/11, \
             12/11/2026 14:30 or 2026-11-12"
        );
        assert_eq!(got.0, expected);
    }
}

#[test]
fn long_input_is_shortened_in_the_message() {
    let input = "x".repeat(500);
    let got = parse_when(&input, now(), Lean::Past).expect_err("nonsense");
    assert!(got.0.len() < 200, "{}", got.0);
    assert!(got.0.contains('…'));
}

#[test]
fn fields_and_to_naive() {
    let w = parse_when("yesterday about 9pm", now(), Lean::Past).expect("parses");
    let date = NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let nine = NaiveTime::from_hms_opt(21, 0, 0).expect("time");
    assert_eq!(
        w,
        When {
            date,
            time: Some(nine),
            approximate: true
        }
    );
    assert_eq!(w.to_naive(), date.and_time(nine));
    let plain = parse_when("yesterday", now(), Lean::Past).expect("parses");
    assert_eq!(plain.to_naive(), date.and_time(NaiveTime::MIN));
    assert!(!plain.approximate);
}

/// Words and numbers the parser knows, shuffled together to reach the odd corners.
fn soup() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        prop::sample::select(vec![
            "today",
            "now",
            "yesterday",
            "tomorrow",
            "last",
            "next",
            "this",
            "in",
            "ago",
            "a",
            "night",
            "morning",
            "tonight",
            "days",
            "weeks",
            "months",
            "years",
            "hours",
            "fri",
            "feb",
            "pm",
            "am",
            "noon",
            "midnight",
            "about",
            "~",
            "at",
            ",",
            "29/02",
            "31/12",
            "9.30",
            ":",
            "/",
            ".",
            "-",
            "t",
            "th",
            "ish",
            "é",
            "\u{130}",
        ])
        .prop_map(str::to_string),
        any::<u64>().prop_map(|n| n.to_string()),
        (0u32..100).prop_map(|n| n.to_string()),
        "[0-9:./ -]{1,12}",
    ];
    prop::collection::vec(word, 0..6).prop_map(|words| words.join(" "))
}

fn leaning() -> impl Strategy<Value = Lean> {
    prop_oneof![Just(Lean::Past), Just(Lean::Future)]
}

/// A date from 2000 to 2099 and a whole-minute time.
fn moment() -> impl Strategy<Value = (NaiveDate, NaiveTime)> {
    let start = NaiveDate::from_ymd_opt(2000, 1, 1).expect("start");
    (0u64..36_525, 0u32..24, 0u32..60).prop_map(move |(days, h, m)| {
        let date = start.checked_add_days(Days::new(days)).expect("in range");
        (date, NaiveTime::from_hms_opt(h, m, 0).expect("valid time"))
    })
}

proptest! {
    #[test]
    fn never_panics_on_any_text(input in any::<String>(), lean in leaning()) {
        let _ = parse_when(&input, now(), lean);
    }

    #[test]
    fn never_panics_on_word_soup(input in soup(), lean in leaning()) {
        let _ = parse_when(&input, now(), lean);
    }

    #[test]
    fn never_panics_at_the_ends_of_time(input in soup(), lean in leaning(), at_end in any::<bool>()) {
        let edge = if at_end { NaiveDateTime::MAX } else { NaiveDateTime::MIN };
        let _ = parse_when(&input, edge, lean);
    }

    #[test]
    fn day_first_and_iso_round_trip((date, time) in moment(), lean in leaning()) {
        let expected = When { date, time: Some(time), approximate: false };
        let uk = format!("{} {}", date.format("%d/%m/%Y"), time.format("%H:%M"));
        prop_assert_eq!(parse_when(&uk, now(), lean), Ok(expected));
        let iso = format!("{} {}", date.format("%Y-%m-%d"), time.format("%H:%M"));
        prop_assert_eq!(parse_when(&iso, now(), lean), Ok(expected));
    }

    #[test]
    fn describe_reads_back((date, time) in moment(), has_time in any::<bool>(), approximate in any::<bool>(), lean in leaning()) {
        let when = When { date, time: has_time.then_some(time), approximate };
        prop_assert_eq!(parse_when(&when.describe(), now(), lean), Ok(when));
    }
}
