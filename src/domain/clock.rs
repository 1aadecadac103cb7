//! The one clock: every "now" and "today" in the program comes from a [`Clock`], so
//! that tests can set the time (a month's end, 29 February, the days the clocks
//! change) and nothing depends on the day a test runs.
//!
//! Days are counted in the organisation's time zone, not the machine's: a server in
//! a data centre usually runs on UTC, while a caller's "yesterday at 9pm" means
//! London time. The zone is Europe/London unless `CASELINE_TIME_ZONE` names another
//! IANA zone.

use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The environment variable that sets the clock's start in debug builds (tests).
pub const CLOCK_VAR: &str = "CASELINE_CLOCK";

/// The environment variable that names the organisation's time zone.
pub const ZONE_VAR: &str = "CASELINE_TIME_ZONE";

/// The zone days are counted in (read once; Europe/London unless overridden).
pub fn zone() -> Tz {
    static ZONE: OnceLock<Tz> = OnceLock::new();
    *ZONE.get_or_init(|| {
        std::env::var(ZONE_VAR)
            .ok()
            .and_then(|name| name.parse::<Tz>().ok())
            .unwrap_or(chrono_tz::Europe::London)
    })
}

/// An instant as wall-clock time in the organisation's zone.
pub fn local(at: DateTime<Utc>) -> DateTime<Tz> {
    at.with_timezone(&zone())
}

/// The instant a wall-clock time in the organisation's zone stands for. A time that
/// does not exist (the hour skipped in March) is taken an hour later; a time that
/// happens twice (the hour repeated in October) is taken the first time.
pub fn from_local(at: NaiveDateTime) -> DateTime<Utc> {
    let zone = zone();
    match zone.from_local_datetime(&at) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        chrono::LocalResult::None => {
            let later = at + chrono::Duration::hours(1);
            zone.from_local_datetime(&later)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&at))
        }
    }
}

/// The instant a wall-clock time stands for, or `None` for a time that did not
/// happen (the hour skipped when the clocks go forward); a repeated time is taken the
/// first time.
pub fn from_local_exact(at: NaiveDateTime) -> Option<DateTime<Utc>> {
    zone()
        .from_local_datetime(&at)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// Where the time comes from.
#[derive(Clone)]
enum Source {
    System,
    /// The system's time moved by a fixed amount (`CASELINE_CLOCK` in tests).
    Offset(chrono::Duration),
    /// A time set by hand (tests and benchmarks), shared by every copy of the clock.
    Set(Arc<Mutex<DateTime<Utc>>>),
}

/// The time now, from the system or as set. Cheap to clone; clones of a set clock
/// share their time, so a test that moves it moves it for every part of the program.
#[derive(Clone)]
pub struct Clock {
    source: Source,
}

impl Clock {
    /// The system's clock.
    pub fn system() -> Clock {
        Clock {
            source: Source::System,
        }
    }

    /// The system's clock, unless this is a debug build (the one tests run) and
    /// `CASELINE_CLOCK` gives a start time (`2026-11-22T10:15:00Z`): then a clock that
    /// starts there and runs at the system's pace, so tests of the real program can set
    /// the day. Release builds ignore it: nobody can backdate what the program records.
    pub fn from_env() -> Clock {
        #[cfg(debug_assertions)]
        if let Some(start) = std::env::var(CLOCK_VAR)
            .ok()
            .and_then(|v| DateTime::parse_from_rfc3339(&v).ok())
        {
            return Clock::running_from(start.with_timezone(&Utc));
        }
        Clock::system()
    }

    /// A clock that shows `at` until it is [`set`](Clock::set) or
    /// [`advance`](Clock::advance)d.
    pub fn set_at(at: DateTime<Utc>) -> Clock {
        Clock {
            source: Source::Set(Arc::new(Mutex::new(at))),
        }
    }

    /// A set clock at a wall-clock time in the organisation's zone.
    pub fn set_at_local(at: NaiveDateTime) -> Clock {
        Clock::set_at(from_local(at))
    }

    /// Whether this clock was set by hand.
    pub fn is_set(&self) -> bool {
        matches!(self.source, Source::Set(_))
    }

    /// Moves a set clock to `at` (the system clock cannot be moved: ignored).
    pub fn set(&self, at: DateTime<Utc>) {
        if let Source::Set(t) = &self.source {
            *t.lock().unwrap_or_else(|p| p.into_inner()) = at;
        }
    }

    /// Moves a set clock to a wall-clock time in the organisation's zone.
    pub fn set_local(&self, at: NaiveDateTime) {
        self.set(from_local(at));
    }

    /// Moves a set clock on (or back, with a negative duration).
    pub fn advance(&self, by: chrono::Duration) {
        self.set(self.now() + by);
    }

    /// Waits `d` out, as the command line does after wrong passphrases. A set clock
    /// does not run, so it is moved on by `d` instead: sleeping on it would wait for
    /// ever, and a test's wait takes no time.
    pub fn sleep(&self, d: std::time::Duration) {
        match &self.source {
            Source::Set(_) => {
                self.advance(chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX))
            }
            _ => std::thread::sleep(d),
        }
    }

    /// A clock that starts at `at` and runs at the system's pace, as `CASELINE_CLOCK`
    /// makes one: for tests of what really waits (a command line sleeping out a pause).
    pub fn running_from(at: DateTime<Utc>) -> Clock {
        Clock {
            source: Source::Offset(at - Utc::now()),
        }
    }

    /// The instant now.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.source {
            Source::System => Utc::now(),
            Source::Offset(by) => Utc::now() + *by,
            Source::Set(t) => *t.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Wall-clock time now in the organisation's zone.
    pub fn local_now(&self) -> NaiveDateTime {
        local(self.now()).naive_local()
    }

    /// Today's date in the organisation's zone.
    pub fn today(&self) -> NaiveDate {
        self.local_now().date()
    }
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::system()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.source {
            Source::System => f.write_str("Clock(system)"),
            Source::Offset(_) => write!(f, "Clock(from the environment, at {})", self.now()),
            Source::Set(_) => write!(f, "Clock(set at {})", self.now()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local_at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, min, 0))
            .expect("a valid time")
    }

    #[test]
    fn a_set_clock_is_shared_by_its_clones() {
        let clock = Clock::set_at_local(local_at(2026, 11, 30, 23, 30));
        let copy = clock.clone();
        clock.advance(chrono::Duration::hours(1));
        assert_eq!(copy.today(), NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
    }

    #[test]
    fn days_are_london_days_across_the_clock_changes() {
        // 00:30 on the last Sunday of March, British Summer Time begins at 01:00 UTC.
        let clock = Clock::set_at_local(local_at(2027, 3, 28, 0, 30));
        clock.advance(chrono::Duration::hours(1));
        assert_eq!(clock.local_now(), local_at(2027, 3, 28, 2, 30));
        // The hour repeated in October: an hour after 01:30 BST is 01:30 GMT.
        let clock = Clock::set_at_local(local_at(2026, 10, 25, 1, 30));
        clock.advance(chrono::Duration::hours(1));
        assert_eq!(clock.local_now(), local_at(2026, 10, 25, 1, 30));
    }

    #[test]
    fn a_skipped_wall_clock_time_is_taken_an_hour_later() {
        let at = from_local(local_at(2027, 3, 28, 1, 30));
        assert_eq!(local(at).naive_local(), local_at(2027, 3, 28, 2, 30));
    }
}
