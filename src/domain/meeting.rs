//! When a group can meet: a day of the week and a time range, held as data so that
//! "who meets on a Sunday" is a question the directory can answer. Many groups are run
//! by volunteers who work all week, so the day matters more than anything else.
//!
//! Written and read as `Sun 14:00-17:00` (an en dash is taken too); shown with an en
//! dash. Parse errors say what form is wanted and never repeat what was typed.

use std::fmt;

use chrono::Weekday;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The days in the order a week is shown, Monday first.
pub const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The form a meeting time is written in, for messages.
pub const MEETING_FORM: &str = "a day and a time range, such as Sun 14:00-17:00";

/// A day of the week and a time range on it, in minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "String", into = "String")]
#[schemars(with = "String")]
pub struct MeetingTime {
    pub day: Weekday,
    /// Minutes after midnight it starts.
    pub start: u16,
    /// Minutes after midnight it ends (24:00 is 1440), after `start`.
    pub end: u16,
}

impl MeetingTime {
    /// A meeting time, when the range is a real one on one day.
    pub fn new(day: Weekday, start: u16, end: u16) -> Option<MeetingTime> {
        (start < end && end <= 24 * 60).then_some(MeetingTime { day, start, end })
    }

    /// Reads `Sun 14:00-17:00`: the day's first three letters or its whole name (any
    /// case, a plural `Sundays` too), then a range of 24-hour times.
    pub fn parse(text: &str) -> Result<MeetingTime, String> {
        let text = text.trim();
        let (day, range) = text
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("needs {MEETING_FORM}"))?;
        let day = parse_day(day).ok_or_else(|| {
            "the day must be one of Mon, Tue, Wed, Thu, Fri, Sat, Sun".to_string()
        })?;
        let range = range.trim();
        let (start, end) = range
            .split_once(['-', '–'])
            .ok_or_else(|| format!("needs a time range after the day: {MEETING_FORM}"))?;
        let bad_time = || "times are 24-hour HH:MM, such as 09:30 or 17:00".to_string();
        let start = parse_time(start.trim()).ok_or_else(bad_time)?;
        let end = parse_time(end.trim()).ok_or_else(bad_time)?;
        MeetingTime::new(day, start, end)
            .ok_or_else(|| "the range must end after it starts, on the same day".to_string())
    }

    /// Reads a list separated by `;` or `,` (`Sat 10:00-13:00; Sun 14:00-17:00`),
    /// naming which entry is wrong.
    pub fn parse_list(text: &str) -> Result<Vec<MeetingTime>, String> {
        let parts: Vec<&str> = text
            .split([';', ','])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let many = parts.len() > 1;
        parts
            .iter()
            .enumerate()
            .map(|(i, part)| {
                MeetingTime::parse(part).map_err(|e| {
                    if many {
                        format!("meeting time {}: {e}", i + 1)
                    } else {
                        e
                    }
                })
            })
            .collect()
    }

    /// The stored form, with an ASCII hyphen: `Sun 14:00-17:00`.
    pub fn written(&self) -> String {
        format!(
            "{} {}-{}",
            day_name(self.day),
            clock(self.start),
            clock(self.end)
        )
    }

    /// The list as one line to read: `Sat 10:00–13:00, Sun 14:00–17:00`.
    pub fn list(times: &[MeetingTime]) -> String {
        times
            .iter()
            .map(MeetingTime::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The three-letter name of a day: `Sun`.
pub fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

/// A day from its three letters or its whole name, in any case, plural or not.
pub fn parse_day(word: &str) -> Option<Weekday> {
    let word = word.trim().to_lowercase();
    let word = word
        .strip_suffix('s')
        .filter(|w| w.len() > 3)
        .unwrap_or(&word);
    WEEK.into_iter().find(|d| {
        let short = day_name(*d).to_lowercase();
        let whole = match d {
            Weekday::Mon => "monday",
            Weekday::Tue => "tuesday",
            Weekday::Wed => "wednesday",
            Weekday::Thu => "thursday",
            Weekday::Fri => "friday",
            Weekday::Sat => "saturday",
            Weekday::Sun => "sunday",
        };
        word == short || (word.len() > 3 && whole.starts_with(word))
    })
}

/// `HH:MM` (or `H:MM`, or a bare hour) as minutes after midnight; 24:00 is the end of
/// the day.
fn parse_time(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':').unwrap_or((text, "00"));
    let digits = |s: &str, least: usize| {
        (s.len() >= least && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u16>().ok())
            .flatten()
    };
    let (h, m) = (digits(h, 1)?, digits(m, 2)?);
    if m >= 60 || h > 24 || (h == 24 && m > 0) {
        return None;
    }
    Some(h * 60 + m)
}

fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

impl fmt::Display for MeetingTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}–{}",
            day_name(self.day),
            clock(self.start),
            clock(self.end)
        )
    }
}

impl TryFrom<String> for MeetingTime {
    type Error = String;
    fn try_from(s: String) -> Result<MeetingTime, String> {
        MeetingTime::parse(&s)
    }
}

impl From<MeetingTime> for String {
    fn from(m: MeetingTime) -> String {
        m.written()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_written_forms_and_shows_an_en_dash() {
        for text in [
            "Sun 14:00-17:00",
            "sunday 14:00 – 17:00",
            "Sundays 14-17",
            "SUN 14:00–17:00",
        ] {
            let m = MeetingTime::parse(text).unwrap();
            assert_eq!(m.to_string(), "Sun 14:00–17:00", "{text}");
            assert_eq!(m.written(), "Sun 14:00-17:00");
        }
        assert_eq!(
            MeetingTime::parse("Wed 9:30-24:00").unwrap().written(),
            "Wed 09:30-24:00"
        );
    }

    #[test]
    fn says_what_is_wrong_without_repeating_it() {
        let cases = [
            ("Sunday", "needs a day and a time range"),
            ("Funday 14:00-17:00", "the day must be one of"),
            ("Sun 10:00", "needs a time range after the day"),
            ("Sun 14:60-17:00", "24-hour HH:MM"),
            ("Sun 25:00-26:00", "24-hour HH:MM"),
            ("Sun 17:00-14:00", "must end after it starts"),
            ("Sun 2pm-5pm", "24-hour HH:MM"),
        ];
        for (text, want) in cases {
            let e = MeetingTime::parse(text).unwrap_err();
            assert!(e.contains(want), "{text}: {e}");
            assert!(!e.contains(text), "{text} repeated in {e}");
        }
    }

    #[test]
    fn a_list_names_the_entry_that_is_wrong() {
        let list = MeetingTime::parse_list("Sat 10:00-13:00; Sun 14:00-17:00").unwrap();
        assert_eq!(MeetingTime::list(&list), "Sat 10:00–13:00, Sun 14:00–17:00");
        let e = MeetingTime::parse_list("Sat 10:00-13:00; Sun 14:00").unwrap_err();
        assert!(e.starts_with("meeting time 2:"), "{e}");
        assert_eq!(MeetingTime::parse_list("  ").unwrap(), vec![]);
    }

    #[test]
    fn round_trips_through_json_as_text() {
        let m = MeetingTime::parse("Fri 14:30-16:00").unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, "\"Fri 14:30-16:00\"");
        assert_eq!(serde_json::from_str::<MeetingTime>(&json).unwrap(), m);
        assert!(serde_json::from_str::<MeetingTime>("\"Fri\"").is_err());
    }
}
