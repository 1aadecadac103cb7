//! Finding a person, a case or an organisation as the name is typed: the service's
//! side of the search index (`src/search`).
//!
//! [`Caseline::search`] parses the query (worker names resolved against the users),
//! runs it on the index and reads, for the few hits shown, what a result line needs.
//! The acting user sees only what they may: a volunteer, only the cases assigned to
//! them or that they created, and the people and organisations linked to those.

use std::ops::Range;

use chrono::NaiveDate;
use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::{Caseline, Result};
use crate::domain::{
    Case, CaseId, CaseRef, CaseStatus, Organisation, OrganisationId, Person, PersonId, Role,
};
use crate::search::{DocKind, DocRef, GroupHits, Hit, Query, Results, WordMatch, Worker};

/// What a search found, by group, best first; each group also says how many there
/// were in all. Holds the parsed query, for [`SearchResults::highlight`].
#[derive(Debug)]
pub struct SearchResults {
    pub query: Query,
    pub people: ResultGroup<PersonHit>,
    pub cases: ResultGroup<CaseHit>,
    pub organisations: ResultGroup<OrganisationHit>,
}

/// The best hits of a group and how many the acting user may see in all.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResultGroup<T> {
    pub total: usize,
    pub hits: Vec<T>,
}

impl<T> Default for ResultGroup<T> {
    fn default() -> Self {
        ResultGroup {
            total: 0,
            hits: Vec::new(),
        }
    }
}

/// How one typed word matched a result: which word, how well, in a name or in text,
/// and the (folded) terms it matched. For marking the result beside its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matched {
    /// The word's position in the query's words.
    pub word: usize,
    /// "exact", "prefix" or "fuzzy".
    pub quality: Cow<'static, str>,
    /// Whether it matched a name field (name, phone, reference ...) or text.
    pub in_name: bool,
    /// The kind of record it matched: the result, or for a case one of its people,
    /// organisations, incidents or timeline entries.
    pub via: Cow<'static, str>,
    pub terms: Vec<String>,
}

/// A person found.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PersonHit {
    pub id: PersonId,
    pub display_name: String,
    pub phone: Option<String>,
    pub postcode: Option<String>,
    pub score: u32,
    pub matches: Vec<Matched>,
}

/// A case found.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseHit {
    pub id: CaseId,
    pub reference: CaseRef,
    pub status: CaseStatus,
    /// Code from the `case_kind` list.
    pub kind: String,
    pub summary: String,
    /// The date of its latest activity, as the index has it.
    pub last_activity: Option<NaiveDate>,
    pub score: u32,
    pub matches: Vec<Matched>,
}

/// An organisation found.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrganisationHit {
    pub id: OrganisationId,
    pub name: String,
    /// Code from the `agency_kind` list.
    pub kind: String,
    pub score: u32,
    pub matches: Vec<Matched>,
}

impl SearchResults {
    /// The byte ranges of `text` to mark: the words of it the query's words match.
    pub fn highlight(&self, text: &str) -> Vec<Range<usize>> {
        crate::search::highlight(text, &self.query)
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.people.total == 0 && self.cases.total == 0 && self.organisations.total == 0
    }

    /// The hits without the parsed query: what crosses to a client.
    pub fn hits(self) -> Hits {
        Hits {
            people: self.people,
            cases: self.cases,
            organisations: self.organisations,
        }
    }
}

/// What a search found, as plain data.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hits {
    pub people: ResultGroup<PersonHit>,
    pub cases: ResultGroup<CaseHit>,
    pub organisations: ResultGroup<OrganisationHit>,
}

fn matched(m: &WordMatch) -> Matched {
    Matched {
        word: m.word,
        quality: match m.quality {
            crate::search::Quality::Exact => "exact".into(),
            crate::search::Quality::Prefix => "prefix".into(),
            crate::search::Quality::Fuzzy => "fuzzy".into(),
        },
        in_name: m.weight == crate::search::Weight::Name,
        via: match m.via.kind {
            DocKind::Person => "person".into(),
            DocKind::Case => "case".into(),
            DocKind::Incident => "incident".into(),
            DocKind::TimelineEntry => "timeline entry".into(),
            DocKind::Organisation => "organisation".into(),
        },
        terms: m.terms.clone(),
    }
}

/// Hits a volunteer is asked for at most per group before those they may not see are
/// dropped; beyond it, the totals count only these.
const VOLUNTEER_SCAN: usize = 5000;

impl Caseline {
    /// Searches people, cases and organisations for `query` (words and filters such as
    /// `kind:housing status:open worker:amina since:2026-01-01`), at most `limit` hits
    /// per group. A query that cannot be run (an unknown filter, a bad date, a worker
    /// nobody is) is [`super::Error::Query`], saying what and at which character.
    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResults> {
        self.require(crate::service::Operation::ReadCasework)?;
        let workers = self.search_workers()?;
        let query = Query::parse_with(query, &workers)?;
        let restricted = self.actor().role == Role::Volunteer;
        let per_group = if restricted { limit.max(1) } else { limit };
        let mut found = self.search_index(|index| index.search(&query, per_group))??;
        if restricted {
            let most = [&found.people, &found.cases, &found.organisations]
                .iter()
                .map(|g| g.total)
                .max()
                .unwrap_or(0)
                .min(VOLUNTEER_SCAN);
            if most > per_group {
                found = self.search_index(|index| index.search(&query, most))??;
            }
        }
        self.results(query, found, limit)
    }

    /// [`Caseline::search`]'s hits as the command line lists them (administrators
    /// only: a listing to keep, unlike the search screen's).
    pub fn search_hits(&self, query: &str, limit: usize) -> Result<Hits> {
        self.require(crate::service::Operation::SearchListing)?;
        Ok(self.search(query, limit)?.hits())
    }

    /// The users a `worker:` filter can name.
    fn search_workers(&self) -> Result<Vec<Worker>> {
        self.users()
            .map(|u| {
                u.map(|u| Worker {
                    id: u.id.0.to_bytes(),
                    login: u.login,
                    name: u.display_name,
                })
            })
            .collect()
    }

    /// Reads what result lines show, dropping hits the actor may not see.
    fn results(&self, query: Query, found: Results, limit: usize) -> Result<SearchResults> {
        let mut out = SearchResults {
            query,
            people: ResultGroup::default(),
            cases: ResultGroup::default(),
            organisations: ResultGroup::default(),
        };
        let restricted = self.actor().role == Role::Volunteer;
        let mut seen = std::collections::HashMap::new();
        out.cases = self.group(found.cases, limit, restricted, |hit| {
            let case: Option<Case> = super::search_docs::readable(self.vault().get(&hit.doc.id))?;
            Ok(case.filter(|c| self.may_see_case(c)).map(|c| CaseHit {
                id: c.id,
                reference: c.reference,
                status: c.status,
                kind: c.kind.clone(),
                summary: c.summary.clone(),
                last_activity: hit.recency,
                score: hit.score,
                matches: hit.matches.iter().map(matched).collect(),
            }))
        })?;
        out.people = self.group(found.people, limit, restricted, |hit| {
            if restricted && !self.may_see_linked(&hit.doc, &mut seen)? {
                return Ok(None);
            }
            let person: Option<Person> =
                super::search_docs::readable(self.vault().get(&hit.doc.id))?;
            Ok(person.map(|p| PersonHit {
                id: p.id,
                display_name: p.display_name(),
                phone: p.contact.phone.clone(),
                postcode: p.contact.postcode.clone(),
                score: hit.score,
                matches: hit.matches.iter().map(matched).collect(),
            }))
        })?;
        out.organisations = self.group(found.organisations, limit, restricted, |hit| {
            if restricted && !self.may_see_linked(&hit.doc, &mut seen)? {
                return Ok(None);
            }
            let org: Option<Organisation> =
                super::search_docs::readable(self.vault().get(&hit.doc.id))?;
            Ok(org.map(|o| OrganisationHit {
                id: o.id,
                name: o.name.clone(),
                kind: o.kind.clone(),
                score: hit.score,
                matches: hit.matches.iter().map(matched).collect(),
            }))
        })?;
        Ok(out)
    }

    /// One group's hits made into result lines, at most `limit`. When `restricted`,
    /// hits the actor may not see are dropped and the total counts those left.
    fn group<T>(
        &self,
        found: GroupHits,
        limit: usize,
        restricted: bool,
        mut make: impl FnMut(&Hit) -> Result<Option<T>>,
    ) -> Result<ResultGroup<T>> {
        let mut out = ResultGroup {
            total: found.total,
            hits: Vec::new(),
        };
        let mut visible = 0;
        for hit in &found.hits {
            if !restricted && out.hits.len() >= limit {
                break;
            }
            match make(hit)? {
                Some(line) => {
                    visible += 1;
                    if out.hits.len() < limit {
                        out.hits.push(line);
                    }
                }
                None if !restricted => out.total = out.total.saturating_sub(1),
                None => {}
            }
        }
        if restricted {
            out.total = visible;
        }
        Ok(out)
    }

    /// Whether a person or organisation is linked to a case the actor may see.
    fn may_see_linked(
        &self,
        doc: &DocRef,
        seen: &mut std::collections::HashMap<[u8; 16], bool>,
    ) -> Result<bool> {
        let cases = self.search_index(|index| super::search_docs::linked_cases(index, doc))?;
        for c in cases {
            let visible = match seen.get(&c) {
                Some(v) => *v,
                None => {
                    let case: Option<Case> = super::search_docs::readable(self.vault().get(&c))?;
                    let v = case.is_some_and(|case| self.may_see_case(&case));
                    seen.insert(c, v);
                    v
                }
            };
            if visible {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Runs `f` on the index, loading it first if need be; other searches run
    /// beside it.
    pub(crate) fn search_index<T>(
        &self,
        f: impl FnOnce(&crate::search::SearchIndex) -> T,
    ) -> Result<T> {
        Ok(self.shared.search.with(self.vault(), &mut |_, _| {}, f)?)
    }

    /// Runs `f` on the index alone, to change it, loading it first if need be.
    pub(crate) fn search_index_mut<T>(
        &self,
        f: impl FnOnce(&mut crate::search::SearchIndex) -> T,
    ) -> Result<T> {
        Ok(self.shared.search.with_mut(self.vault(), f)?)
    }

    /// Loads the search index now (from its snapshot, or from every record with
    /// `progress(done, total)` told as they are read), so that the first search does
    /// not wait. Meant for a background thread straight after unlock.
    pub fn warm_search(&self, progress: &mut dyn FnMut(usize, usize)) -> Result<()> {
        self.shared.search.with(self.vault(), progress, |_| ())?;
        Ok(())
    }

    /// Rebuilds the search index from every record and writes its snapshot
    /// (administrators only; `caseline reindex`).
    pub fn rebuild_search(&self, progress: &mut dyn FnMut(usize, usize)) -> Result<()> {
        self.require(super::Operation::Maintain)?;
        self.shared.search.load(self.vault(), progress, true)?;
        self.shared.search.write_now()?;
        Ok(())
    }

    /// The search index's sizes (documents, terms, heap bytes), loading it if need be.
    pub fn search_stats(&self) -> Result<crate::search::Stats> {
        self.search_index(|index| index.stats())
    }

    /// Lets go of the index's search buffers (a few megabytes), e.g. when locked.
    pub fn release_search_buffers(&self) {
        self.shared.search.release_scratch();
    }
}
