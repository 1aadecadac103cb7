//! The day part: `yesterday`, `last friday`, `3 days ago`, `this morning`, `12/11`, `12 Nov 2026`.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike};

use super::words::{self, Unit};
use super::{Fail, Lean};

/// A clock time that came with the day rather than being typed as a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Clock {
    None,
    /// "last night": a guess, replaced by any time typed as well.
    Rough(NaiveTime),
    /// "now", "2 hours ago": already a time, so typing another one makes no sense.
    Exact(NaiveTime),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Day {
    pub date: NaiveDate,
    pub clock: Clock,
}

/// Reads the words left once any clock time is taken off; `None` when there are none.
pub(super) fn parse_day(
    words: &[&str],
    now: NaiveDateTime,
    lean: Lean,
) -> Result<Option<Day>, Fail> {
    let today = now.date();
    let day = match words {
        [] => return Ok(None),
        ["now"] => Day {
            date: today,
            clock: Clock::Exact(to_minute(now.time())),
        },
        ["tonight"] => Day {
            date: today,
            clock: rough(19),
        },
        [rest @ .., last] if words::part_of_day(last).is_some() => {
            let date = match rest {
                [] | ["this"] => today,
                ["last"] if matches!(*last, "night" | "evening") => {
                    step_days(today, 1, Lean::Past)?
                }
                _ => date(rest, today, lean)?,
            };
            Day {
                date,
                clock: words::part_of_day(last).map_or(Clock::None, Clock::Rough),
            }
        }
        _ => match relative(words, now, lean)? {
            Some(day) => day,
            None => Day {
                date: date(words, today, lean)?,
                clock: Clock::None,
            },
        },
    };
    Ok(Some(day))
}

fn rough(hour: u32) -> Clock {
    NaiveTime::from_hms_opt(hour, 0, 0).map_or(Clock::None, Clock::Rough)
}

/// Seconds mean nothing to a caseworker and would only make the record look falsely exact.
pub(super) fn to_minute(time: NaiveTime) -> NaiveTime {
    NaiveTime::from_hms_opt(time.hour(), time.minute(), 0).unwrap_or(time)
}

/// A day with no clock time: named days, weekdays and calendar dates.
fn date(words: &[&str], today: NaiveDate, lean: Lean) -> Result<NaiveDate, Fail> {
    match words {
        ["today"] => Ok(today),
        ["yesterday"] => step_days(today, 1, Lean::Past),
        ["tomorrow"] => step_days(today, 1, Lean::Future),
        ["day", "before", "yesterday"] => step_days(today, 2, Lean::Past),
        ["day", "after", "tomorrow"] => step_days(today, 2, Lean::Future),
        ["last" | "next", unit]
            if words::unit(unit).is_some_and(|u| u != Unit::Hours && u != Unit::Minutes) =>
        {
            let dir = if words[0] == "last" {
                Lean::Past
            } else {
                Lean::Future
            };
            let unit = words::unit(unit).ok_or(Fail::Unclear)?;
            Ok(shift(today.and_time(NaiveTime::MIN), 1, unit, dir)?.date())
        }
        [word] if words::weekday(word).is_some() => weekday(today, word, lean, true),
        ["last", word] => weekday(today, word, Lean::Past, false),
        ["next", word] => weekday(today, word, Lean::Future, false),
        ["this", word] => weekday(today, word, lean, true),
        [word, rest @ ..] if words::weekday(word).is_some() => {
            let date = calendar(rest, today, lean)?;
            check_weekday(date, word)
        }
        _ => calendar(words, today, lean),
    }
}

/// One day back or forward, kept checked so extreme `now` values cannot panic.
fn step_days(today: NaiveDate, days: u64, dir: Lean) -> Result<NaiveDate, Fail> {
    let moved = match dir {
        Lean::Past => today.checked_sub_days(Days::new(days)),
        Lean::Future => today.checked_add_days(Days::new(days)),
    };
    moved.ok_or_else(too_far)
}

fn too_far() -> Fail {
    Fail::wrong("that is too far from today".to_string())
}

/// "3 days ago", "in a fortnight", "2 weeks" (direction from the lean); `None` if not that shape.
fn relative(words: &[&str], now: NaiveDateTime, lean: Lean) -> Result<Option<Day>, Fail> {
    let (dir, body) = match words {
        ["in", body @ .., "time"] | ["in", body @ ..] => (Lean::Future, body),
        [body @ .., "ago"] => (Lean::Past, body),
        _ => (lean, words),
    };
    let [n, unit] = body else { return Ok(None) };
    let (Some(n), Some(unit)) = (words::count(n), words::unit(unit)) else {
        return Ok(None);
    };
    let moved = shift(now, n, unit, dir)?;
    let clock = match unit {
        Unit::Hours | Unit::Minutes => Clock::Exact(to_minute(moved.time())),
        _ => Clock::None,
    };
    Ok(Some(Day {
        date: moved.date(),
        clock,
    }))
}

/// Moves `from` by `n` units; months clamp to the month's end (31 Mar less a month is 28/29 Feb).
fn shift(from: NaiveDateTime, n: u64, unit: Unit, dir: Lean) -> Result<NaiveDateTime, Fail> {
    let delta = |per: i64| {
        i64::try_from(n)
            .ok()
            .and_then(|n| n.checked_mul(per))
            .and_then(TimeDelta::try_seconds)
    };
    let moved = match unit {
        Unit::Minutes => delta(60).and_then(|d| elapsed(from, d, dir)),
        Unit::Hours => delta(3600).and_then(|d| elapsed(from, d, dir)),
        _ => calendar_shift(from, n, unit, dir),
    };
    moved.ok_or_else(too_far)
}

/// Hours and minutes are time gone by, not steps of the wall clock: on the nights the
/// clocks change, two hours before 03:30 is 00:30, and two hours after 00:30 in March
/// is 03:30. Counted on the organisation's clock; far outside the years anyone types
/// (where a zone's rules mean nothing), on the wall clock as it is.
fn elapsed(from: NaiveDateTime, d: TimeDelta, dir: Lean) -> Option<NaiveDateTime> {
    let on_wall = || match dir {
        Lean::Past => from.checked_sub_signed(d),
        Lean::Future => from.checked_add_signed(d),
    };
    if !(1..=9999).contains(&from.year()) {
        return on_wall();
    }
    let at = crate::domain::clock::from_local(from);
    let moved = match dir {
        Lean::Past => at.checked_sub_signed(d),
        Lean::Future => at.checked_add_signed(d),
    }?;
    if !(1..=9999).contains(&moved.year()) {
        return on_wall();
    }
    Some(crate::domain::clock::local(moved).naive_local())
}

/// Days, weeks, months and years: steps of the calendar, whatever the clocks do.
fn calendar_shift(from: NaiveDateTime, n: u64, unit: Unit, dir: Lean) -> Option<NaiveDateTime> {
    let days = |per: u64| n.checked_mul(per).map(Days::new);
    let months = |per: u64| {
        n.checked_mul(per)
            .and_then(|m| u32::try_from(m).ok())
            .map(Months::new)
    };
    match (unit, dir) {
        (Unit::Minutes | Unit::Hours, _) => None,
        (Unit::Days | Unit::Weeks | Unit::Fortnights, _) => {
            let per = match unit {
                Unit::Weeks => 7,
                Unit::Fortnights => 14,
                _ => 1,
            };
            let days = days(per);
            match dir {
                Lean::Past => days.and_then(|d| from.checked_sub_days(d)),
                Lean::Future => days.and_then(|d| from.checked_add_days(d)),
            }
        }
        (Unit::Months | Unit::Years, _) => {
            let months = months(if unit == Unit::Years { 12 } else { 1 });
            match dir {
                Lean::Past => months.and_then(|m| from.checked_sub_months(m)),
                Lean::Future => months.and_then(|m| from.checked_add_months(m)),
            }
        }
    }
}

/// The named weekday nearest today in the given direction; `include_today` lets it be today.
fn weekday(
    today: NaiveDate,
    word: &str,
    dir: Lean,
    include_today: bool,
) -> Result<NaiveDate, Fail> {
    let wanted = words::weekday(word).ok_or(Fail::Unclear)?;
    let from = i64::from(today.weekday().num_days_from_monday());
    let to = i64::from(wanted.num_days_from_monday());
    let gap = match dir {
        Lean::Past => (from - to).rem_euclid(7),
        Lean::Future => (to - from).rem_euclid(7),
    };
    let gap = if gap == 0 && !include_today { 7 } else { gap };
    step_days(today, gap.unsigned_abs(), dir)
}

/// "Sat 21 Nov 2026": the weekday must agree with the date, or one of them is a slip.
fn check_weekday(date: NaiveDate, word: &str) -> Result<NaiveDate, Fail> {
    let said = words::weekday(word).ok_or(Fail::Unclear)?;
    if date.weekday() == said {
        return Ok(date);
    }
    Err(Fail::wrong(format!(
        "{} is a {}, not a {}",
        date.format("%-d %B %Y"),
        words::weekday_name(date.weekday()),
        words::weekday_name(said)
    )))
}

/// Calendar dates, day first: `12/11`, `12.11.26`, `12-11-2026`, `2026-11-12`, `12th Nov 2026`, `Nov 12`.
fn calendar(words: &[&str], today: NaiveDate, lean: Lean) -> Result<NaiveDate, Fail> {
    let parts: Vec<&str> = match words {
        [one] => split_numeric(one)?,
        several => several.to_vec(),
    };
    let (day, month, year) = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && words::is_digits(y) => (*d, *m, Some(*y)),
        [m, d, rest @ ..] if words::month(m).is_some() => (*d, *m, rest.first().copied()),
        [d, m, rest @ ..] => (*d, *m, rest.first().copied()),
        _ => return Err(Fail::Unclear),
    };
    if parts.len() > 3 {
        return Err(Fail::Unclear);
    }
    let (day, month) = (day_number(day)?, month_number(month)?);
    match year {
        Some(year) => {
            let year = year_number(year, today)?;
            exact(year, month, day)
        }
        None => without_year(day, month, today, lean),
    }
}

/// Splits `12/11/2026` on its one kind of separator; mixed separators are a slip, not a date.
fn split_numeric(word: &str) -> Result<Vec<&str>, Fail> {
    let separator = word
        .chars()
        .find(|c| matches!(c, '/' | '.' | '-'))
        .ok_or(Fail::Unclear)?;
    let parts: Vec<&str> = word.split(separator).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || p.contains(['/', '.', '-']))
    {
        return Err(Fail::Unclear);
    }
    Ok(parts)
}

/// Day of the month, allowing `12th`, `1st`, `22nd`, `3rd`.
fn day_number(word: &str) -> Result<u32, Fail> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix))
        .unwrap_or(word);
    if !words::is_digits(digits) {
        return Err(Fail::Unclear);
    }
    match digits.parse::<u32>() {
        Ok(day) if (1..=31).contains(&day) => Ok(day),
        _ => Err(Fail::wrong(format!(
            "day {} does not exist",
            words::show_number(digits)
        ))),
    }
}

fn month_number(word: &str) -> Result<u32, Fail> {
    if let Some(month) = words::month(word) {
        return Ok(month);
    }
    if !words::is_digits(word) {
        return Err(Fail::Unclear);
    }
    match word.parse::<u32>() {
        Ok(month) if (1..=12).contains(&month) => Ok(month),
        _ => Err(Fail::wrong(format!(
            "month {} does not exist",
            words::show_number(word)
        ))),
    }
}

/// Four digits as written; two digits in whichever century is nearer today (`26` is 2026).
fn year_number(word: &str, today: NaiveDate) -> Result<i32, Fail> {
    if !words::is_digits(word) {
        return Err(Fail::Unclear);
    }
    let value: i32 = match word.len() {
        2 | 4 => word.parse().map_err(|_| Fail::Unclear)?,
        _ => {
            let shown = words::show_number(word);
            return Err(Fail::wrong(format!(
                "year {shown} is not clear: write it as 2026 or 26"
            )));
        }
    };
    if word.len() == 4 {
        return Ok(value);
    }
    let century = today.year().div_euclid(100) * 100;
    let nearest = [century - 100, century, century + 100]
        .into_iter()
        .map(|c| c + value)
        .min_by_key(|y| (y - today.year()).abs())
        .unwrap_or(century + value);
    Ok(nearest)
}

fn exact(year: i32, month: u32, day: u32) -> Result<NaiveDate, Fail> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| no_such_day(year, month, day))
}

fn no_such_day(year: i32, month: u32, day: u32) -> Fail {
    let name = u8::try_from(month)
        .ok()
        .and_then(|m| chrono::Month::try_from(m).ok())
        .map_or("", |m| m.name());
    Fail::wrong(format!("there is no {day} {name} {year}"))
}

/// `12/11`: this year, unless the lean says the worker must mean last year or next.
///
/// A day missing from this year (`29/02` in 2026) is an error rather than a silent jump to
/// another year; a 29 February pushed into a non-leap year by the lean goes on to the
/// nearest leap year in that direction.
fn without_year(day: u32, month: u32, today: NaiveDate, lean: Lean) -> Result<NaiveDate, Fail> {
    let this_year = exact(today.year(), month, day)?;
    let wrong_side = match lean {
        Lean::Past => this_year > today,
        Lean::Future => this_year < today,
    };
    if !wrong_side {
        return Ok(this_year);
    }
    let step = if lean == Lean::Past { -1 } else { 1 };
    (1..=8)
        .filter_map(|k| NaiveDate::from_ymd_opt(today.year() + step * k, month, day))
        .next()
        .ok_or_else(|| no_such_day(today.year() + step, month, day))
}
