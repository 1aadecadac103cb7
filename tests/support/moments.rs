//! The moments date-sensitive tests run at: the edges where a day, a month, a year or
//! the clocks change, each with the London day and time a worker's wall clock shows
//! then, written out by hand so that the zone arithmetic under test is not also the
//! oracle.
//!
//! `tests/casework` and `tests/tui` include it as their module `moments`, with `#[path]`.

#![allow(dead_code)]

use caseline::domain::Clock;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};

/// One moment: the instant, and what a London wall clock says then.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    pub name: &'static str,
    /// The instant, in UTC.
    pub utc: &'static str,
    /// The London day then.
    pub day: &'static str,
    /// The London time of day then.
    pub time: &'static str,
}

/// Every moment, in no order that matters.
pub const MOMENTS: &[Moment] = &[
    Moment {
        name: "a Sunday morning (the tests' usual moment)",
        utc: "2026-11-22T10:15:00Z",
        day: "2026-11-22",
        time: "10:15",
    },
    Moment {
        name: "late on a Friday before a weekend with no bank holiday",
        utc: "2026-11-27T16:45:00Z",
        day: "2026-11-27",
        time: "16:45",
    },
    Moment {
        name: "half an hour before a month's end",
        utc: "2026-11-30T23:30:00Z",
        day: "2026-11-30",
        time: "23:30",
    },
    Moment {
        name: "a minute before the new year",
        utc: "2026-12-31T23:59:00Z",
        day: "2026-12-31",
        time: "23:59",
    },
    Moment {
        name: "29 February",
        utc: "2028-02-29T12:00:00Z",
        day: "2028-02-29",
        time: "12:00",
    },
    Moment {
        name: "the night summer time starts, before the change (GMT)",
        utc: "2027-03-28T00:30:00Z",
        day: "2027-03-28",
        time: "00:30",
    },
    Moment {
        name: "the night summer time starts, after the change (BST)",
        utc: "2027-03-28T02:30:00Z",
        day: "2027-03-28",
        time: "03:30",
    },
    Moment {
        name: "the night summer time ends, just after midnight (BST; still the 24th in UTC)",
        utc: "2026-10-24T23:30:00Z",
        day: "2026-10-25",
        time: "00:30",
    },
    Moment {
        name: "the night summer time ends, the first 01:30 (BST)",
        utc: "2026-10-25T00:30:00Z",
        day: "2026-10-25",
        time: "01:30",
    },
    Moment {
        name: "the night summer time ends, the second 01:30 (GMT)",
        utc: "2026-10-25T01:30:00Z",
        day: "2026-10-25",
        time: "01:30",
    },
    Moment {
        name: "the night summer time ends, after the change (GMT)",
        utc: "2026-10-25T02:30:00Z",
        day: "2026-10-25",
        time: "02:30",
    },
    Moment {
        name: "just after midnight in summer (BST; still the day before in UTC)",
        utc: "2027-06-14T23:30:00Z",
        day: "2027-06-15",
        time: "00:30",
    },
];

impl Moment {
    pub fn at(&self) -> DateTime<Utc> {
        self.utc.parse().expect("an RFC 3339 instant")
    }

    /// A set clock at this moment, of the test's own.
    pub fn clock(&self) -> Clock {
        Clock::set_at(self.at())
    }

    /// The London day.
    pub fn today(&self) -> NaiveDate {
        self.day.parse().expect("a date")
    }

    /// The London time of day.
    pub fn time(&self) -> NaiveTime {
        NaiveTime::parse_from_str(self.time, "%H:%M").expect("a time")
    }

    /// `n` days after (before, when negative) the London day.
    pub fn plus(&self, n: i64) -> NaiveDate {
        self.today() + chrono::Duration::days(n)
    }

    /// The first Monday to Friday after the London day. Bank holidays are not the
    /// program's to know: after New Year's Eve this is 1 January.
    pub fn next_working_day(&self) -> NaiveDate {
        let mut d = self.plus(1);
        while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            d = d.succ_opt().expect("a later day");
        }
        d
    }
}

/// Runs `check` at every moment, naming the moment when it fails.
pub fn at_every_moment(check: impl Fn(&Moment)) {
    for m in MOMENTS {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(m)));
        if let Err(e) = outcome {
            eprintln!(
                "failed at {} ({}, London {} {})",
                m.name, m.utc, m.day, m.time
            );
            std::panic::resume_unwind(e);
        }
    }
}
