//! Dates and times as advice workers type them during a phone call, UK day first.
//!
//! A caller says "it happened last Friday, about nine at night"; the worker types
//! `last fri about 9pm` and sees `Fri 20 Nov 2026, about 21:00` beside the field, so a
//! misunderstanding is caught while the caller is still on the line. Anything that is
//! not clearly a date is refused with a message saying what is wrong, never guessed at.
//!
//! The parser is pure: the caller passes `now`, so it is testable and never reads a clock.
//! Only "2 hours ago" and the like consult the organisation's time zone, since elapsed
//! hours and the wall clock part on the nights the clocks change.

mod clock;
mod day;
mod words;

#[cfg(test)]
mod edge_tests;
#[cfg(test)]
mod tests;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use day::Clock;

/// Which way a bare weekday or a day without a year points.
///
/// `Past` for "when did it happen", `Future` for "follow up when".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lean {
    Past,
    Future,
}

/// A parsed date with an optional time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct When {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    /// The worker said "about", or used a rough phrase such as "last night".
    pub approximate: bool,
}

impl When {
    /// e.g. `Sat 21 Nov 2026, about 21:00` or `Tue 24 Nov 2026`, shown beside the field
    /// so the worker sees what was understood. The text parses back to the same `When`.
    pub fn describe(&self) -> String {
        let day = self.date.format("%a %-d %b %Y");
        match (self.time, self.approximate) {
            (Some(time), true) => format!("{day}, about {}", time.format("%H:%M")),
            (Some(time), false) => format!("{day}, {}", time.format("%H:%M")),
            (None, true) => format!("about {day}"),
            (None, false) => day.to_string(),
        }
    }

    /// The date and time together; midnight when no time was given.
    pub fn to_naive(&self) -> NaiveDateTime {
        self.date.and_time(self.time.unwrap_or(NaiveTime::MIN))
    }
}

/// Why the text could not be read, in plain words for the worker.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct WhenError(pub String);

/// What went wrong inside the parser, before the input is put into the message.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fail {
    /// Not a shape we know; the message lists examples that are.
    Unclear,
    /// A known shape with an impossible value, e.g. "there is no 31 February 2026".
    Wrong(String),
}

impl Fail {
    fn wrong(message: String) -> Fail {
        Fail::Wrong(message)
    }
}

/// Reads a date, optionally with a time, as typed by an advice worker.
///
/// `now` is the local date and time to count from; `lean` decides which way bare
/// weekdays, days without a year and times without a day point.
pub fn parse_when(input: &str, now: NaiveDateTime, lean: Lean) -> Result<When, WhenError> {
    if input.trim().is_empty() {
        return Err(WhenError("empty".to_string()));
    }
    parse_words(input, now, lean).map_err(|fail| match fail {
        Fail::Wrong(message) => WhenError(message),
        Fail::Unclear => WhenError(format!(
            "did not understand `{}`: try today, yesterday 9pm, 3 days ago, 12/11, \
             12/11/2026 14:30 or 2026-11-12",
            shorten(input.trim())
        )),
    })
}

fn parse_words(input: &str, now: NaiveDateTime, lean: Lean) -> Result<When, Fail> {
    let words = words::split(input);
    if words.tokens.is_empty() {
        return Err(Fail::Unclear);
    }
    let (time, rest) = clock::take_time(&words.tokens)?;
    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
    let Some(day) = day::parse_day(&rest, now, lean)? else {
        // A time on its own: today, unless the lean says it must be yesterday or tomorrow.
        let time = time.ok_or(Fail::Unclear)?;
        let date = time_alone(time, now, lean)?;
        return Ok(When {
            date,
            time: Some(time),
            approximate: words.approximate,
        });
    };
    let (time, rough) = match (time, day.clock) {
        (Some(_), Clock::Exact(_)) => return Err(Fail::Unclear),
        (Some(typed), _) => (Some(typed), false),
        (None, Clock::Rough(guess)) => (Some(guess), true),
        (None, Clock::Exact(exact)) => (Some(exact), false),
        (None, Clock::None) => (None, false),
    };
    Ok(When {
        date: day.date,
        time,
        approximate: words.approximate || rough,
    })
}

/// `9pm` typed at 10:15 about something that happened must mean last night's 9pm.
fn time_alone(time: NaiveTime, now: NaiveDateTime, lean: Lean) -> Result<NaiveDate, Fail> {
    let today = now.date();
    let now = today.and_time(day::to_minute(now.time()));
    let moved = match lean {
        Lean::Past if today.and_time(time) > now => today.pred_opt(),
        Lean::Future if today.and_time(time) < now => today.succ_opt(),
        _ => Some(today),
    };
    moved.ok_or(Fail::Unclear)
}

/// Keeps the echo of a pasted essay short enough for a one-line message.
fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let head: String = text.chars().take(MAX).collect();
        format!("{head}…")
    }
}
