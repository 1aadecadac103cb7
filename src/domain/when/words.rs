//! Splitting what was typed into words, and the small vocabularies the parser knows.
//!
//! Everything here is lower case: the input is lowered once, up front.

use chrono::{NaiveTime, Weekday};

/// Words that only say "roughly"; they may appear anywhere.
const APPROXIMATE: &[&str] = &[
    "about",
    "around",
    "approx",
    "approximately",
    "roughly",
    "circa",
    "c",
    "ca",
    "abt",
    "ish",
];

/// Words that carry no meaning here ("on friday", "at 9pm", "the 12th of november").
const FILLER: &[&str] = &["at", "on", "of", "the"];

/// What was typed, as words, with the "roughly" markers taken out.
#[derive(Debug, Default)]
pub(super) struct Words {
    pub tokens: Vec<String>,
    pub approximate: bool,
}

/// Lowers, splits on spaces and commas, and drops filler, noting any "roughly" marker.
pub(super) fn split(input: &str) -> Words {
    let lowered = input
        .to_lowercase()
        .replace("a.m.", "am")
        .replace("p.m.", "pm");
    let mut words = Words::default();
    for raw in lowered.split(|c: char| c.is_whitespace() || c == ',') {
        let mut token = raw.trim_matches(|c| c == '\'' || c == '\u{2019}');
        while let Some(rest) = token.strip_prefix('~') {
            words.approximate = true;
            token = rest;
        }
        // "fri." and "approx." mean the same without the dot.
        token = token.trim_end_matches('.');
        if let Some(rest) = token.strip_suffix("ish").map(|r| r.trim_end_matches('-'))
            && !rest.is_empty()
        {
            words.approximate = true;
            token = rest;
        }
        if token.is_empty() || FILLER.contains(&token) {
            continue;
        }
        if APPROXIMATE.contains(&token) {
            words.approximate = true;
            continue;
        }
        push_token(&mut words.tokens, token);
    }
    words
}

/// Keeps a token, splitting ISO `2026-11-12t14:30` into its date and time.
fn push_token(tokens: &mut Vec<String>, token: &str) {
    let bytes = token.as_bytes();
    if bytes.len() > 11 && bytes[10] == b't' && bytes[4] == b'-' && bytes[7] == b'-' {
        // Byte 10 is ASCII, so both halves start on a character boundary.
        tokens.push(token[..10].to_string());
        tokens.push(token[11..].to_string());
    } else {
        tokens.push(token.to_string());
    }
}

/// True when the text is one or more ASCII digits (other scripts' digits are not numbers here).
pub(super) fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Value of a digit string; `None` if it is not one or will not fit.
pub(super) fn number(text: &str) -> Option<u64> {
    if is_digits(text) {
        text.parse().ok()
    } else {
        None
    }
}

/// A digit string as a person would write it back: no leading zeros, however long.
pub(super) fn show_number(text: &str) -> &str {
    let trimmed = text.trim_start_matches('0');
    if trimmed.is_empty() { "0" } else { trimmed }
}

/// A count in "3 days ago", "a week ago", "two weeks ago".
pub(super) fn count(word: &str) -> Option<u64> {
    const WORDS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    match word {
        "a" | "an" => Some(1),
        _ => number(word).or_else(|| {
            WORDS
                .iter()
                .position(|w| *w == word)
                .and_then(|i| u64::try_from(i + 1).ok())
        }),
    }
}

/// The units a worker counts back or forward in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Minutes,
    Hours,
    Days,
    Weeks,
    Fortnights,
    Months,
    Years,
}

pub(super) fn unit(word: &str) -> Option<Unit> {
    Some(match word {
        "minute" | "minutes" | "min" | "mins" => Unit::Minutes,
        "hour" | "hours" | "hr" | "hrs" => Unit::Hours,
        "day" | "days" => Unit::Days,
        "week" | "weeks" | "wk" | "wks" => Unit::Weeks,
        "fortnight" | "fortnights" => Unit::Fortnights,
        "month" | "months" => Unit::Months,
        "year" | "years" | "yr" | "yrs" => Unit::Years,
        _ => return None,
    })
}

/// Full names and the abbreviations people actually type.
pub(super) fn weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "weds" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// The weekday's full name, for messages.
pub(super) fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// Month number from its name or three- (or "sept") letter abbreviation.
pub(super) fn month(word: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if word == "sept" {
        return Some(9);
    }
    let found = NAMES
        .iter()
        .position(|name| *name == word || (word.len() == 3 && name.starts_with(word)))?;
    u32::try_from(found + 1).ok()
}

/// The rough clock time a part of the day stands for ("last night" is about 21:00).
pub(super) fn part_of_day(word: &str) -> Option<NaiveTime> {
    let hour = match word {
        "morning" => 9,
        "afternoon" => 15,
        "evening" => 19,
        "night" => 21,
        _ => return None,
    };
    NaiveTime::from_hms_opt(hour, 0, 0)
}
