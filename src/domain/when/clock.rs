//! Clock times: `14:30`, `9pm`, `9.30pm`, `9:30 pm`, `noon`, `midnight`.
//!
//! `1430` is refused on purpose: on the phone it is as likely a year or a typo as a time.

use chrono::NaiveTime;

use super::Fail;
use super::words::{is_digits, show_number};

/// Takes a clock time off the end of the words, or else off the start ("9pm yesterday").
///
/// Returns the time (if any) and the words that are left for the date.
pub(super) fn take_time(tokens: &[String]) -> Result<(Option<NaiveTime>, &[String]), Fail> {
    let n = tokens.len();
    if n >= 2 && is_meridiem(&tokens[n - 1]) {
        let time = clock(&format!("{}{}", tokens[n - 2], tokens[n - 1]))?;
        return Ok((Some(time), &tokens[..n - 2]));
    }
    if let Some(last) = tokens.last() {
        if looks_like_clock(last) {
            return Ok((Some(clock(last)?), &tokens[..n - 1]));
        }
        // "yesterday 9.30": after a date, a dotted pair is a time; alone, `12.11` is a date.
        if n >= 2 && is_dotted_pair(last) {
            return Ok((Some(twenty_four_hour(last, '.')?), &tokens[..n - 1]));
        }
    }
    if n >= 2 && is_meridiem(&tokens[1]) {
        let time = clock(&format!("{}{}", tokens[0], tokens[1]))?;
        return Ok((Some(time), &tokens[2..]));
    }
    if let Some(first) = tokens.first()
        && looks_like_clock(first)
    {
        return Ok((Some(clock(first)?), &tokens[1..]));
    }
    Ok((None, tokens))
}

fn is_meridiem(word: &str) -> bool {
    word == "am" || word == "pm"
}

/// A word that can only be meant as a time, so a bad one is reported as a bad time.
fn looks_like_clock(word: &str) -> bool {
    let starts_with_digit = word.bytes().next().is_some_and(|b| b.is_ascii_digit());
    matches!(word, "noon" | "midday" | "midnight")
        || (starts_with_digit
            && (word.contains(':') || word.ends_with("am") || word.ends_with("pm")))
}

/// `9.30`, `21.05`: one or two digits, a dot, two digits.
fn is_dotted_pair(word: &str) -> bool {
    match word.split_once('.') {
        Some((h, m)) => is_digits(h) && h.len() <= 2 && is_digits(m) && m.len() == 2,
        None => false,
    }
}

/// One clock-time word, twelve- or twenty-four-hour.
fn clock(word: &str) -> Result<NaiveTime, Fail> {
    match word {
        "noon" | "midday" => return Ok(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()),
        "midnight" => return Ok(NaiveTime::MIN),
        _ => {}
    }
    if let Some(body) = word.strip_suffix("am") {
        twelve_hour(word, body, false)
    } else if let Some(body) = word.strip_suffix("pm") {
        twelve_hour(word, body, true)
    } else {
        twenty_four_hour(word, ':')
    }
}

/// `21:00`: hour 0 to 23, minutes always two digits.
fn twenty_four_hour(word: &str, separator: char) -> Result<NaiveTime, Fail> {
    let (hour, minute) = word.split_once(separator).ok_or(Fail::Unclear)?;
    if !is_digits(hour) || !is_digits(minute) || minute.len() != 2 {
        return Err(Fail::Unclear);
    }
    let h = hour.parse::<u32>().ok().filter(|h| *h < 24);
    let Some(h) = h else {
        return Err(Fail::wrong(format!(
            "hour {} does not exist",
            show_number(hour)
        )));
    };
    at(h, minute)
}

/// `9pm`, `9.30pm`, `12am`: hour 1 to 12.
fn twelve_hour(word: &str, body: &str, pm: bool) -> Result<NaiveTime, Fail> {
    let (hour, minute) = match body.split_once([':', '.']) {
        Some((h, m)) => (h, Some(m)),
        None => (body, None),
    };
    if !is_digits(hour) || minute.is_some_and(|m| !is_digits(m) || m.len() != 2) {
        return Err(Fail::Unclear);
    }
    let h = hour.parse::<u32>().ok().filter(|h| (1..=12).contains(h));
    let Some(h) = h else {
        return Err(Fail::wrong(format!("{word} is not a time")));
    };
    at(h % 12 + if pm { 12 } else { 0 }, minute.unwrap_or("00"))
}

/// Builds the time once the hour is known good, checking the two-digit minute.
fn at(hour: u32, minute: &str) -> Result<NaiveTime, Fail> {
    let m = minute.parse::<u32>().map_err(|_| Fail::Unclear)?;
    NaiveTime::from_hms_opt(hour, m, 0)
        .ok_or_else(|| Fail::wrong(format!("minute {} does not exist", show_number(minute))))
}
