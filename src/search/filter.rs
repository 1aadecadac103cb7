//! Filters typed in the search bar (`kind:housing status:open since:2026-01-01`) and
//! the errors a query can have.
//!
//! Values are matched as people type them: by the beginning of a code or of any of its
//! words (`kind:hate` is `hate_crime`, `strand:religion` is `religion_or_belief`),
//! several filters of one kind widen the search (`kind:housing kind:employment`), and
//! filters of different kinds narrow it. Kind, strand and flag values are checked
//! against the codes in the index; statuses and dates when the query is parsed;
//! worker names against the list of users the caller gives
//! ([`super::Query::resolve_workers`]), since the index holds only their ids.
//!
//! Error messages say what is wrong and at which character, and never repeat what was
//! typed (it may be a client's name).

use std::fmt;

use chrono::NaiveDate;

use super::doc::DocKind;
use crate::domain::fold::fold;

/// The filters there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterKind {
    Kind,
    Status,
    Worker,
    Flag,
    Since,
    Strand,
}

impl FilterKind {
    pub const ALL: [FilterKind; 6] = [
        FilterKind::Kind,
        FilterKind::Status,
        FilterKind::Worker,
        FilterKind::Flag,
        FilterKind::Since,
        FilterKind::Strand,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FilterKind::Kind => "kind",
            FilterKind::Status => "status",
            FilterKind::Worker => "worker",
            FilterKind::Flag => "flag",
            FilterKind::Since => "since",
            FilterKind::Strand => "strand",
        }
    }

    pub fn from_name(name: &str) -> Option<FilterKind> {
        FilterKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name))
    }

    /// Whether a record of this kind has what the filter looks at. A filter passes a
    /// record on the record's own values only: a query with a filter lists no record
    /// of a kind it does not apply to (`worker:` lists no people or organisations,
    /// though they may be linked to the worker's cases).
    ///
    /// | filter | person | case | organisation |
    /// | --- | --- | --- | --- |
    /// | `kind:` (of case) | | yes | |
    /// | `status:` | | yes | |
    /// | `worker:` (assigned) | | yes | |
    /// | `flag:` (safeguarding) | yes | yes | |
    /// | `since:` (recorded, opened) | yes | yes | yes |
    /// | `strand:` | | yes | |
    ///
    /// Incidents and timeline entries are not results: they count for their case,
    /// which the filter is checked on.
    pub fn applies_to(self, kind: DocKind) -> bool {
        match self {
            FilterKind::Since => true,
            FilterKind::Flag => matches!(kind, DocKind::Person | DocKind::Case),
            FilterKind::Kind | FilterKind::Status | FilterKind::Worker => kind == DocKind::Case,
            FilterKind::Strand => matches!(kind, DocKind::Case | DocKind::Incident),
        }
    }
}

/// The case statuses, as codes.
pub const STATUSES: [&str; 6] = {
    let all = crate::domain::CaseStatus::ALL;
    let mut codes = [""; 6];
    let mut i = 0;
    while i < all.len() {
        codes[i] = all[i].code();
        i += 1;
    }
    codes
};

/// The flag value that means any safeguarding concern.
pub const ANY_FLAG: &str = "safeguarding";

/// A user a `worker:` filter can name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    pub id: [u8; 16],
    pub login: String,
    pub name: String,
}

/// One filter of a query.
#[derive(Debug, Clone)]
pub struct Filter {
    pub kind: FilterKind,
    /// The value as typed (without quotes).
    pub value: String,
    /// Where the filter starts, in characters from 0.
    pub at: usize,
    /// Where its value starts.
    pub value_at: usize,
    pub(crate) parsed: Parsed,
}

/// A value made ready for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Parsed {
    /// A code or the beginning of one, normalised like codes are.
    Code(String),
    Statuses(Vec<&'static str>),
    Since(NaiveDate),
    /// Worker ids, once resolved; the folded name until then.
    Workers(Vec<[u8; 16]>),
    WorkerName(String),
}

impl PartialEq for Filter {
    /// Equal when they filter the same way; positions are not compared.
    fn eq(&self, other: &Filter) -> bool {
        self.kind == other.kind && self.value == other.value && self.parsed == other.parsed
    }
}

impl Filter {
    /// Reads a filter's value; `at` and `value_at` are character positions.
    pub(crate) fn parse(
        kind: FilterKind,
        value: &str,
        at: usize,
        value_at: usize,
    ) -> Result<Filter, QueryError> {
        let err = |what| QueryError {
            at: value_at,
            len: value.chars().count().max(1),
            what,
        };
        if value.trim().is_empty() {
            return Err(err(Problem::NoValue(kind)));
        }
        let parsed = match kind {
            FilterKind::Status => {
                let v = code_form(value).replace('_', "");
                let found: Vec<&'static str> = STATUSES
                    .into_iter()
                    .filter(|s| s.replace('_', "").starts_with(&v))
                    .collect();
                if found.is_empty() {
                    return Err(err(Problem::BadStatus));
                }
                Parsed::Statuses(found)
            }
            FilterKind::Since => {
                Parsed::Since(parse_date(value.trim()).ok_or_else(|| err(Problem::BadDate))?)
            }
            FilterKind::Worker => Parsed::WorkerName(fold(value)),
            FilterKind::Kind | FilterKind::Flag | FilterKind::Strand => {
                let code = code_form(value);
                if code.is_empty() {
                    return Err(err(Problem::NoValue(kind)));
                }
                Parsed::Code(code)
            }
        };
        Ok(Filter {
            kind,
            value: value.to_string(),
            at,
            value_at,
            parsed,
        })
    }

    pub(crate) fn error(&self, what: Problem) -> QueryError {
        QueryError {
            at: self.value_at,
            len: self.value.chars().count().max(1),
            what,
        }
    }

    /// Resolves a `worker:` value against the users.
    pub(crate) fn resolve_worker(&mut self, workers: &[Worker]) -> Result<(), QueryError> {
        let Parsed::WorkerName(name) = &self.parsed else {
            return Ok(());
        };
        if let Some(w) = workers.iter().find(|w| fold(&w.login) == *name) {
            self.parsed = Parsed::Workers(vec![w.id]);
            return Ok(());
        }
        let typed: Vec<&str> = name.split(' ').collect();
        let found: Vec<[u8; 16]> = workers
            .iter()
            .filter(|w| {
                let words: Vec<String> = fold(&w.name).split(' ').map(str::to_string).collect();
                typed.iter().all(|t| words.iter().any(|w| w.starts_with(t)))
            })
            .map(|w| w.id)
            .collect();
        match found.len() {
            0 => Err(self.error(Problem::UnknownWorker)),
            1 => {
                self.parsed = Parsed::Workers(found);
                Ok(())
            }
            _ => Err(self.error(Problem::AmbiguousWorker)),
        }
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.chars().any(char::is_whitespace) {
            write!(f, "{}:\"{}\"", self.kind.name(), self.value)
        } else {
            write!(f, "{}:{}", self.kind.name(), self.value)
        }
    }
}

/// Text in the form of a reference-list code: folded, with anything but letters and
/// digits as `_` (`Hate crime` is `hate_crime`).
pub(crate) fn code_form(text: &str) -> String {
    let mut out = String::new();
    for c in fold(text).chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// Whether a typed code matches a code: the code or one of its words begins with it.
pub(crate) fn code_matches(typed: &str, code: &str) -> bool {
    code.starts_with(typed)
        || code
            .match_indices('_')
            .any(|(i, _)| code[i + 1..].starts_with(typed))
}

/// `2026-01-01`, `2026-01` (the first of the month) or `2026` (the first of January).
fn parse_date(text: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.split('-').collect();
    let num = |s: &str, len: usize| {
        (s.len() == len && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (y, m, d) = match parts.as_slice() {
        [y] => (num(y, 4)?, 1, 1),
        [y, m] => (num(y, 4)?, num(m, 2)?, 1),
        [y, m, d] => (num(y, 4)?, num(m, 2)?, num(d, 2)?),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// What is wrong with a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    UnclosedQuote,
    UnknownFilter,
    NoValue(FilterKind),
    BadStatus,
    BadDate,
    /// No code of this filter begins with the value; the codes there are.
    NoSuchCode(FilterKind, Vec<String>),
    UnknownWorker,
    AmbiguousWorker,
    /// A `worker:` filter reached the index before its name was resolved.
    WorkerNotResolved,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::UnclosedQuote => f.write_str("a quote is not closed"),
            Problem::UnknownFilter => f.write_str(
                "unknown filter; the filters are kind:, status:, worker:, flag:, since: and strand:",
            ),
            Problem::NoValue(k) => write!(f, "{}: needs a value", k.name()),
            Problem::BadStatus => write!(f, "status: is one of {}", STATUSES.join(", ")),
            Problem::BadDate => f.write_str("since: needs a date such as 2026-01-01"),
            Problem::NoSuchCode(k, known) if known.is_empty() => {
                write!(f, "{}: nothing in the index has that value", k.name())
            }
            Problem::NoSuchCode(k, known) => {
                write!(f, "{}: no such value; there are {}", k.name(), known.join(", "))
            }
            Problem::UnknownWorker => f.write_str("worker: no worker has that login or name"),
            Problem::AmbiguousWorker => {
                f.write_str("worker: more than one worker matches; type the login")
            }
            Problem::WorkerNotResolved => f.write_str("worker: workers are not known here"),
        }
    }
}

/// A query that cannot be run, and where: `at` and `len` are in characters from the
/// start of the text, for the search bar to underline; the message gives the
/// position counting from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} (at character {})", at + 1)]
pub struct QueryError {
    pub at: usize,
    pub len: usize,
    pub what: Problem,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(code_form("Hate crime"), "hate_crime");
        assert_eq!(code_form(" on-hold "), "on_hold");
        assert!(code_matches("hate", "hate_crime"));
        assert!(code_matches("crime", "hate_crime"));
        assert!(code_matches("religion", "religion_or_belief"));
        assert!(!code_matches("rime", "hate_crime"));
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2026-01-31"),
            NaiveDate::from_ymd_opt(2026, 1, 31)
        );
        assert_eq!(parse_date("2026-02"), NaiveDate::from_ymd_opt(2026, 2, 1));
        assert_eq!(parse_date("2026"), NaiveDate::from_ymd_opt(2026, 1, 1));
        for bad in [
            "2026-02-30",
            "26-01-01",
            "2026/01/01",
            "tomorrow",
            "2026-1-1",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn statuses_by_prefix() {
        let f = Filter::parse(FilterKind::Status, "o", 0, 7).unwrap();
        assert_eq!(f.parsed, Parsed::Statuses(vec!["open", "on_hold"]));
        let f = Filter::parse(FilterKind::Status, "on hold", 0, 7).unwrap();
        assert_eq!(f.parsed, Parsed::Statuses(vec!["on_hold"]));
        let e = Filter::parse(FilterKind::Status, "pending", 0, 7).unwrap_err();
        assert_eq!((e.at, e.len, &e.what), (7, 7, &Problem::BadStatus));
        assert_eq!(
            e.to_string(),
            format!("{} (at character 8)", Problem::BadStatus)
        );
    }

    #[test]
    fn workers_by_login_or_name() {
        let ws = [
            Worker {
                id: [1; 16],
                login: "a.khan".into(),
                name: "Amina Khan".into(),
            },
            Worker {
                id: [2; 16],
                login: "a.begum".into(),
                name: "Amina Begum".into(),
            },
        ];
        let resolve = |v: &str| {
            let mut f = Filter::parse(FilterKind::Worker, v, 0, 7).unwrap();
            f.resolve_worker(&ws).map(|_| f.parsed)
        };
        assert_eq!(resolve("A.Khan"), Ok(Parsed::Workers(vec![[1; 16]])));
        assert_eq!(resolve("amina b"), Ok(Parsed::Workers(vec![[2; 16]])));
        assert_eq!(resolve("amina").unwrap_err().what, Problem::AmbiguousWorker);
        assert_eq!(resolve("zed").unwrap_err().what, Problem::UnknownWorker);
    }

    #[test]
    fn messages_do_not_repeat_the_value() {
        let e = Filter::parse(FilterKind::Since, "Mohammed", 0, 6).unwrap_err();
        assert!(!e.to_string().contains("Mohammed"));
        assert_eq!(
            e.to_string(),
            "since: needs a date such as 2026-01-01 (at character 7)"
        );
    }
}
