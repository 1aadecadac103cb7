//! What the search bar's text found, as rows ready to draw: each cell made inert, with
//! the byte ranges the query matched, so the screen can mark them by more than colour.
//!
//! The search itself reads only what rows need (at most [`PER_GROUP`] a group) and
//! drops what the actor may not see; a case's worker and client are read here for the
//! few cases shown, and a person's number of cases comes from the member index.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::text::inert;
use crate::domain::{CaseId, ListKind, OrganisationId, PersonId, UserId};
use crate::service::{
    CaseHit, Caseline, Error, OrganisationHit, PersonHit, Result, ResultGroup, SearchResults,
};

/// Results a group shows at most: more than a screen, few enough to read per key.
pub const PER_GROUP: usize = 20;

/// A record a search found, to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Found {
    Person(PersonId),
    Case(CaseId),
    Organisation(OrganisationId),
}

/// Text to show, already made inert, with the byte ranges of it a query matched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marked {
    pub text: String,
    pub marks: Vec<std::ops::Range<usize>>,
}

/// One result: what Enter opens, and its cells by column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundRow {
    pub target: Found,
    pub cells: Vec<Marked>,
}

/// The best results of one group, best first, and how many there were in all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundGroup {
    pub total: usize,
    pub rows: Vec<FoundRow>,
}

/// A query that cannot be run: where (in characters of the text) and what is wrong,
/// in words that never repeat what was typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryProblem {
    pub at: usize,
    pub len: usize,
    pub message: String,
}

/// What one search bar text found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchData {
    /// The text searched for, so that an answer to older text can be told apart.
    pub text: String,
    pub people: FoundGroup,
    pub cases: FoundGroup,
    pub organisations: FoundGroup,
    pub problem: Option<QueryProblem>,
}

impl Caseline {
    /// Runs the search bar's text; a query that cannot be run is an answer too (it
    /// says where the text is wrong), not an error.
    pub fn search_view(&self, text: &str) -> Result<SearchData> {
        self.require(crate::service::Operation::ReadCasework)?;
        let found = match self.search(text, PER_GROUP) {
            Ok(r) => r,
            Err(Error::Query(problem)) => {
                return Ok(SearchData {
                    text: text.to_string(),
                    problem: Some(problem),
                    ..SearchData::default()
                });
            }
            Err(e) => return Err(e),
        };
        let mut rows = Rows {
            svc: self,
            found: &found,
            workers: HashMap::new(),
        };
        Ok(SearchData {
            text: text.to_string(),
            people: group(&found.people, |h| rows.person(h))?,
            cases: group(&found.cases, |h| Ok(rows.case(h)))?,
            organisations: group(&found.organisations, |h| Ok(rows.organisation(h)))?,
            problem: None,
        })
    }
}

/// A group's rows, with the total the search counted.
fn group<T>(
    hits: &ResultGroup<T>,
    mut row: impl FnMut(&T) -> Result<FoundRow>,
) -> Result<FoundGroup> {
    Ok(FoundGroup {
        total: hits.total,
        rows: hits.hits.iter().map(&mut row).collect::<Result<_>>()?,
    })
}

/// What row making needs: the session, the results (for marks), workers' names.
struct Rows<'a> {
    svc: &'a Caseline,
    found: &'a SearchResults,
    workers: HashMap<UserId, String>,
}

impl Rows<'_> {
    fn mark(&self, text: &str) -> Marked {
        let text = inert(text).into_owned();
        let marks = self.found.highlight(&text);
        Marked { text, marks }
    }

    fn person(&self, hit: &PersonHit) -> Result<FoundRow> {
        let mut contact = Vec::new();
        if let Some(phone) = &hit.phone {
            contact.push(self.fragment(phone, |s| tail(s, 4)));
        }
        if let Some(postcode) = &hit.postcode {
            contact.push(self.fragment(postcode, outward));
        }
        let count = match self.svc.visible_cases_of(hit.id.0)?.len() {
            1 => "1 case".to_string(),
            n => format!("{n} cases"),
        };
        Ok(FoundRow {
            target: Found::Person(hit.id),
            cells: vec![
                self.mark(&hit.display_name),
                join(&contact, " · "),
                Marked::plain(count),
            ],
        })
    }

    /// Contact details in part, as a sign of which person this is; in full when the
    /// query matched them (whoever typed them knows them already).
    fn fragment(&self, value: &str, part: impl Fn(&str) -> String) -> Marked {
        let full = self.mark(value);
        if full.marks.is_empty() {
            Marked::plain(part(value))
        } else {
            full
        }
    }

    /// A case's row; its worker and client are read from the case (a case that has
    /// gone or cannot be read since shows without them).
    fn case(&mut self, hit: &CaseHit) -> FoundRow {
        let kind = self.svc.label(ListKind::CaseKind, &hit.kind);
        let case = self.svc.case(hit.id).ok();
        let worker = match case.as_ref().map(|c| c.assigned_to) {
            None => String::new(),
            Some(None) => "unassigned".to_string(),
            Some(Some(u)) => self.worker(u),
        };
        let client = match case {
            Some(_) => self.svc.client_name(hit.id).ok().flatten(),
            None => None,
        }
        .unwrap_or_default();
        FoundRow {
            target: Found::Case(hit.id),
            cells: vec![
                self.mark(&hit.reference.to_string()),
                self.mark(&kind),
                self.mark(hit.status.label()),
                self.mark(&worker),
                self.mark(&client),
            ],
        }
    }

    fn worker(&mut self, id: UserId) -> String {
        let svc = self.svc;
        self.workers
            .entry(id)
            .or_insert_with(|| {
                svc.user(id)
                    .map(|u| u.display_name)
                    .unwrap_or_else(|_| "(unknown)".into())
            })
            .clone()
    }

    fn organisation(&self, hit: &OrganisationHit) -> FoundRow {
        let kind = self.svc.label(ListKind::AgencyKind, &hit.kind);
        FoundRow {
            target: Found::Organisation(hit.id),
            cells: vec![self.mark(&hit.name), self.mark(&kind)],
        }
    }
}

impl Marked {
    /// Text with nothing marked, made inert.
    pub fn plain(text: String) -> Marked {
        Marked {
            text: inert(&text).into_owned(),
            marks: Vec::new(),
        }
    }
}

/// Marked texts one after another, `sep` between.
fn join(parts: &[Marked], sep: &str) -> Marked {
    let mut out = Marked::default();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.text.push_str(sep);
        }
        let at = out.text.len();
        out.text.push_str(&p.text);
        out.marks
            .extend(p.marks.iter().map(|r| r.start + at..r.end + at));
    }
    out
}

/// `…0123`: the last `n` digits of a phone number.
fn tail(phone: &str, n: usize) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    let last: String = digits[digits.len().saturating_sub(n)..].iter().collect();
    format!("…{last}")
}

/// `KT1 …`: a postcode's outward part, the area rather than the street.
fn outward(postcode: &str) -> String {
    match postcode.split_whitespace().next() {
        Some(out) if out.len() < postcode.trim().len() => format!("{out} …"),
        _ => "…".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments() {
        assert_eq!(tail("07700 900123", 4), "…0123");
        assert_eq!(tail("12", 4), "…12");
        assert_eq!(outward("KT1 1AA"), "KT1 …");
        assert_eq!(outward("KT11AA"), "…");
    }

    #[test]
    fn joined_marks_move_with_their_text() {
        let a = Marked {
            text: "ab".into(),
            marks: std::iter::once(0..1).collect(),
        };
        let b = Marked {
            text: "cd".into(),
            marks: std::iter::once(1..2).collect(),
        };
        let j = join(&[a, b], " · ");
        assert_eq!(&j.text[j.marks[1].clone()], "d");
        assert_eq!(j.marks[0], 0..1);
    }
}
