//! The directory as one list: every organisation with its codes as words, and the
//! filter that answers "who meets on a Sunday and speaks Cantonese".
//!
//! The filter is plain data and runs on rows, so the screen loads the directory once
//! and filters it as the worker types, and `caseline directory list` asks the service
//! to filter with the same rules.

use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::domain::fold::fold;
use crate::domain::meeting::{day_name, parse_day};
use crate::domain::{ListKind, MeetingTime, Organisation, OrganisationId};
use std::sync::Arc;

use crate::service::{Caseline, Result};
use crate::store::Kind;

/// One organisation in the directory list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryRow {
    pub id: OrganisationId,
    pub name: String,
    /// Its kind as words, and the code.
    pub kind: String,
    pub kind_code: String,
    pub communities: Vec<String>,
    pub services: Vec<String>,
    /// Language labels, and their codes.
    pub languages: Vec<String>,
    pub language_codes: Vec<String>,
    pub meets: Vec<MeetingTime>,
    pub contact_person: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub reporting_centre: bool,
    pub notes: String,
    /// Consultations in the last 90 days.
    pub consulted_lately: usize,
    pub last_consulted: Option<NaiveDate>,
    /// The folded text free words are looked for in: name, kind, communities,
    /// services, languages, contact and address.
    pub folded: String,
    /// The facets folded once, so a keystroke's filter over thousands of rows only
    /// compares text.
    pub facets: FoldedFacets,
}

/// A row's facets, folded, each list's entries one to a line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoldedFacets {
    /// Kind label and code.
    pub kind: String,
    pub communities: String,
    pub services: String,
    /// Language labels and codes.
    pub languages: String,
}

impl FoldedFacets {
    fn of(
        kind: &str,
        kind_code: &str,
        communities: &[String],
        services: &[String],
        languages: &[String],
        codes: &[String],
    ) -> FoldedFacets {
        let lines = |list: &[String]| list.iter().map(|v| fold(v)).collect::<Vec<_>>().join("\n");
        FoldedFacets {
            kind: format!("{}\n{}", fold(kind), fold(kind_code)),
            communities: lines(communities),
            services: lines(services),
            languages: format!("{}\n{}", lines(languages), lines(codes)),
        }
    }
}

/// What to show of the directory: free words (each must appear) and facets, each
/// matched as part of a word, folded ("cant" finds Cantonese).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryFilter {
    pub words: Vec<String>,
    pub kind: Option<String>,
    pub community: Option<String>,
    pub service: Option<String>,
    pub language: Option<String>,
    pub day: Option<Weekday>,
}

/// The facet names the filter line takes, as the screen lists them.
pub const FACETS: &str = "kind: for: does: lang: day:";

impl DirectoryFilter {
    /// Reads what the worker typed: words, and `kind:`, `for:` (community), `does:`
    /// (service), `lang:` and `day:` facets. A facet that cannot be read is said, and
    /// the rest still filters.
    pub fn parse(text: &str) -> (DirectoryFilter, Option<String>) {
        let mut f = DirectoryFilter::default();
        let mut problem = None;
        for token in text.split_whitespace() {
            let Some((facet, value)) = token.split_once(':') else {
                f.words.push(fold(token));
                continue;
            };
            let value = fold(value);
            if value.is_empty() {
                continue;
            }
            match facet.to_lowercase().as_str() {
                "kind" | "k" => f.kind = Some(value),
                "for" | "community" | "c" => f.community = Some(value),
                "does" | "service" | "s" => f.service = Some(value),
                "lang" | "language" | "l" => f.language = Some(value),
                "day" | "meets" | "d" => match parse_day(&value) {
                    Some(d) => f.day = Some(d),
                    None => {
                        problem = Some("day: is one of mon, tue, wed, thu, fri, sat, sun".into())
                    }
                },
                _ => problem = Some(format!("filters are words or {FACETS}")),
            }
        }
        (f, problem)
    }

    /// Whether nothing narrows the list.
    pub fn is_empty(&self) -> bool {
        *self == DirectoryFilter::default()
    }

    /// Whether `row` is one the filter keeps.
    pub fn matches(&self, row: &DirectoryRow) -> bool {
        let has =
            |text: &str, want: &Option<String>| want.as_deref().is_none_or(|w| text.contains(w));
        let f = &row.facets;
        has(&f.kind, &self.kind)
            && has(&f.communities, &self.community)
            && has(&f.services, &self.service)
            && has(&f.languages, &self.language)
            && self
                .day
                .is_none_or(|d| row.meets.iter().any(|m| m.day == d))
            && self.words.iter().all(|w| row.folded.contains(w.as_str()))
    }

    /// The filter written back as the screen's filter line takes it.
    pub fn written(&self) -> String {
        let mut parts = self.words.clone();
        let facets = [
            ("kind", &self.kind),
            ("for", &self.community),
            ("does", &self.service),
            ("lang", &self.language),
        ];
        for (name, value) in facets {
            if let Some(v) = value {
                parts.push(format!("{name}:{v}"));
            }
        }
        if let Some(d) = self.day {
            parts.push(format!("day:{}", day_name(d).to_lowercase()));
        }
        parts.join(" ")
    }
}

/// Every organisation as a row, by name, shared by the sessions of a store: reading
/// and decrypting thousands of records took a third of a second at each opening of
/// the directory screen. Good while its key stands: the writes to the organisations
/// and to the reference lists (whose labels the rows carry) since the store opened,
/// and the day (the consultations "in the last 90 days").
pub(crate) struct DirectoryCache {
    key: (u64, u64, NaiveDate),
    rows: Arc<Vec<DirectoryRow>>,
}

impl Caseline {
    /// The directory, filtered, by name. Everyone signed in may read it.
    pub fn directory(&self, filter: &DirectoryFilter) -> Result<Vec<DirectoryRow>> {
        self.require(crate::service::Operation::ReadCasework)?;
        let all = self.all_directory_rows()?;
        Ok(all.iter().filter(|r| filter.matches(r)).cloned().collect())
    }

    /// How many consultations of one group in 90 days make logging another warn, as
    /// the settings say now (the screen marks the groups past it).
    pub fn consultation_limit(&self) -> Result<u32> {
        self.require(crate::service::Operation::ReadCasework)?;
        Ok(self.settings().consultation_limit)
    }

    /// Reads the directory into the shared copy, if it is not there already: done
    /// beside the screen after signing in, so opening the directory does not wait.
    pub fn warm_directory(&self) -> Result<()> {
        self.require(crate::service::Operation::ReadCasework)?;
        self.all_directory_rows().map(drop)
    }

    /// Every row, from the shared copy when nothing has changed since it was made.
    /// Made outside the lock: two sessions missing together both read, and the
    /// later copy is kept.
    fn all_directory_rows(&self) -> Result<Arc<Vec<DirectoryRow>>> {
        let vault = self.vault();
        let key = || {
            (
                vault.writes_to(Kind::Organisation.tree()),
                vault.writes_to(Kind::ReferenceList.tree()),
                self.today(),
            )
        };
        let before = key();
        let cache = &self.shared.directory;
        if let Some(c) = cache.lock().unwrap_or_else(|p| p.into_inner()).as_ref()
            && c.key == before
        {
            return Ok(c.rows.clone());
        }
        let today = before.2;
        let mut rows = Vec::new();
        for org in self.organisations() {
            rows.push(self.directory_row(org?, today));
        }
        rows.sort_by_cached_key(|r| (fold(&r.name), r.id.0));
        let rows = Arc::new(rows);
        // A write that landed while reading may or may not be in these rows: kept only
        // when none did.
        if key() == before {
            *cache.lock().unwrap_or_else(|p| p.into_inner()) = Some(DirectoryCache {
                key: before,
                rows: rows.clone(),
            });
        }
        Ok(rows)
    }

    fn directory_row(&self, o: Organisation, today: NaiveDate) -> DirectoryRow {
        let kind = self.label(ListKind::AgencyKind, &o.kind);
        let languages = self.labels(ListKind::Language, &o.languages);
        let folded = fold(
            &[
                o.name.as_str(),
                &kind,
                &o.communities.join(" "),
                &o.services.join(" "),
                &languages.join(" "),
                o.contact_person.as_deref().unwrap_or(""),
                o.address.as_deref().unwrap_or(""),
            ]
            .join(" "),
        );
        let facets = FoldedFacets::of(
            &kind,
            &o.kind,
            &o.communities,
            &o.services,
            &languages,
            &o.languages,
        );
        DirectoryRow {
            id: o.id,
            facets,
            consulted_lately: o.consulted_lately(today),
            last_consulted: o.last_consulted(),
            name: o.name,
            kind,
            kind_code: o.kind,
            communities: o.communities,
            services: o.services,
            languages,
            language_codes: o.languages,
            meets: o.meets,
            contact_person: o.contact_person,
            phone: o.phone,
            email: o.email,
            address: o.address,
            reporting_centre: o.reporting_centre,
            notes: o.notes,
            folded,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, lang: &str, meets: &str) -> DirectoryRow {
        let (communities, services) = (vec!["Chinese".to_string()], vec!["advice".to_string()]);
        let languages = vec![lang.to_string()];
        let codes = vec![lang.to_lowercase()];
        DirectoryRow {
            facets: FoldedFacets::of(
                "Community group",
                "community_group",
                &communities,
                &services,
                &languages,
                &codes,
            ),
            id: OrganisationId::new(),
            name: name.into(),
            kind: "Community group".into(),
            kind_code: "community_group".into(),
            communities,
            services,
            languages,
            language_codes: codes,
            meets: MeetingTime::parse_list(meets).unwrap(),
            contact_person: None,
            phone: None,
            email: None,
            address: None,
            reporting_centre: false,
            notes: String::new(),
            consulted_lately: 0,
            last_consulted: None,
            folded: fold(name),
        }
    }

    #[test]
    fn a_sunday_and_cantonese_finds_only_who_does_both() {
        let rows = [
            row(
                "Kingston Chinese Community Centre",
                "Cantonese",
                "Sun 14:00-17:00",
            ),
            row("Surbiton Chinese Club", "Cantonese", "Sat 10:00-12:00"),
            row("Tolworth Somali Association", "Somali", "Sun 10:00-12:00"),
        ];
        let (f, problem) = DirectoryFilter::parse("day:sun lang:cant");
        assert_eq!(problem, None);
        let kept: Vec<&str> = rows
            .iter()
            .filter(|r| f.matches(r))
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(kept, ["Kingston Chinese Community Centre"]);
        let (f, _) = DirectoryFilter::parse("chinese kind:community");
        assert_eq!(rows.iter().filter(|r| f.matches(r)).count(), 2);
        assert_eq!(f.written(), "chinese kind:community");
    }

    #[test]
    fn a_facet_it_cannot_read_is_said() {
        let (f, problem) = DirectoryFilter::parse("day:someday club");
        assert_eq!(f.day, None);
        assert!(problem.unwrap().contains("mon, tue"));
        assert_eq!(f.words, ["club"]);
        let (_, problem) = DirectoryFilter::parse("colour:red");
        assert!(problem.unwrap().contains("lang:"));
    }
}
