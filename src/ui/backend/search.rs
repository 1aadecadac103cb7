//! Search effects: the bar's text run against the service on every keystroke, each
//! hit turned into a row with the words it matched marked, and a person's card.
//!
//! The service reads what rows need (at most [`PER_GROUP`] a group) and drops what
//! the user may not see; a case's worker and client are read here for the few cases
//! shown. A person's number of cases comes from a map of people (and organisations)
//! to their cases,
//! made by reading every case once and kept up to date by the effects that change a
//! case's people, which all go through this backend (the only writer while the store
//! is open here): a link, an unlink or an edit re-reads that one case; a case opened
//! or an intake added to one makes the map again at the next search.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::domain::text::inert;
use crate::domain::{Case, CaseId, ListKind, OrganisationId, PersonId, UserId};
use crate::search::QueryError;
use crate::service::{
    CaseHit, Caseline, Error, OrganisationHit, PersonHit, ResultGroup, SearchResults,
};
use crate::ui::msg::{
    CardCase, Effect, Found, FoundGroup, FoundRow, Marked, OrganisationCard, PersonCard,
    QueryProblem, Reply, SearchData,
};

/// Results a group shows at most: more than a screen, few enough to read per key.
pub(super) const PER_GROUP: usize = 20;

/// Which cases each person and organisation is linked to, shared with the thread that makes it
/// straight after unlocking (reading every case takes a while in a big store).
#[derive(Clone, Default)]
pub(super) struct PeopleCases(Arc<Mutex<Links>>);

impl PeopleCases {
    fn lock(&self) -> MutexGuard<'_, Links> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Makes the map now, for the user signed in to `svc`.
    pub(super) fn warm(&self, svc: &Caseline) {
        let _ = self.lock().get(svc);
    }

    /// See [`Links::touch`].
    pub(super) fn touch(&self, effect: &Effect) {
        self.lock().touch(effect);
    }
}

/// Made for one user: a volunteer sees only some cases, so whoever signs in next
/// (after the screen was locked) gets a map of their own.
#[derive(Default)]
struct Links {
    map: Option<HashMap<Member, Vec<CaseId>>>,
    user: Option<UserId>,
    /// Cases changed since the map was made, to read again.
    stale: Vec<CaseId>,
}

impl Links {
    fn get(&mut self, svc: &Caseline) -> Result<&HashMap<Member, Vec<CaseId>>, Error> {
        if self.user != Some(svc.actor().id) {
            self.map = None;
            self.user = Some(svc.actor().id);
        }
        let stale = std::mem::take(&mut self.stale);
        match &mut self.map {
            None => {
                let mut map = HashMap::new();
                for c in svc.cases() {
                    add(&mut map, &c?);
                }
                self.map = Some(map);
            }
            Some(map) => {
                for id in stale {
                    for list in map.values_mut() {
                        list.retain(|c| *c != id);
                    }
                    // Gone, or no longer the user's to see: left out.
                    if let Some(c) = found(svc.case(id))? {
                        add(map, &c);
                    }
                }
            }
        }
        Ok(self.map.get_or_insert_default())
    }

    /// Notes a case whose people (or whose worker, which decides what a volunteer
    /// sees) an effect may change; forgets the map when the case is not known yet.
    fn touch(&mut self, effect: &Effect) {
        match effect {
            Effect::Link { case, .. } | Effect::Unlink(case, _) | Effect::UpdateCase(case, _) => {
                self.stale.push(*case)
            }
            Effect::OpenCase(_) | Effect::AttachIntake { .. } => self.map = None,
            _ => {}
        }
    }
}

/// Who a case lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Member {
    Person(PersonId),
    Organisation(OrganisationId),
}

/// Adds a case under each of its people and organisations.
fn add(map: &mut HashMap<Member, Vec<CaseId>>, case: &Case) {
    let people = case.people.iter().map(|p| Member::Person(p.person));
    let orgs = case
        .organisations
        .iter()
        .map(|o| Member::Organisation(o.organisation));
    for m in people.chain(orgs) {
        let list = map.entry(m).or_default();
        if !list.contains(&case.id) {
            list.push(case.id);
        }
    }
}

/// Runs a search effect; `None` for any other effect.
pub(super) fn run(
    svc: &Caseline,
    effect: &Effect,
    cases: &PeopleCases,
) -> Option<Result<Reply, Error>> {
    match effect {
        Effect::Search(text) => Some(search(svc, text, cases).map(|d| Reply::Found(Box::new(d)))),
        Effect::LoadPerson(id) => Some(card(svc, *id, cases).map(|c| Reply::Person(Box::new(c)))),
        Effect::LoadOrganisation(id) => {
            Some(organisation_card(svc, *id, cases).map(|c| Reply::Organisation(Box::new(c))))
        }
        _ => None,
    }
}

fn problem(text: &str, e: &QueryError) -> SearchData {
    SearchData {
        text: text.to_string(),
        problem: Some(QueryProblem {
            at: e.at,
            len: e.len,
            message: e.to_string(),
        }),
        ..SearchData::default()
    }
}

fn search(svc: &Caseline, text: &str, cases: &PeopleCases) -> Result<SearchData, Error> {
    let found = match svc.search(text, PER_GROUP) {
        Ok(r) => r,
        Err(Error::Query(e)) => return Ok(problem(text, &e)),
        Err(e) => return Err(e),
    };
    let mut rows = Rows {
        svc,
        found: &found,
        workers: HashMap::new(),
    };
    let mut links = cases.lock();
    let linked = links.get(svc)?;
    Ok(SearchData {
        text: text.to_string(),
        people: group(&found.people, |h| rows.person(h, linked)),
        cases: group(&found.cases, |h| rows.case(h)),
        organisations: group(&found.organisations, |h| rows.organisation(h)),
        problem: None,
    })
}

/// A group's rows, with the total the service counted.
fn group<T>(hits: &ResultGroup<T>, row: impl FnMut(&T) -> FoundRow) -> FoundGroup {
    FoundGroup {
        total: hits.total,
        rows: hits.hits.iter().map(row).collect(),
    }
}

/// What row making needs: the service, the results (for marks), workers' names.
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

    fn person(&self, hit: &PersonHit, linked: &HashMap<Member, Vec<CaseId>>) -> FoundRow {
        let mut contact = Vec::new();
        if let Some(phone) = &hit.phone {
            contact.push(self.fragment(phone, |s| tail(s, 4)));
        }
        if let Some(postcode) = &hit.postcode {
            contact.push(self.fragment(postcode, outward));
        }
        let count = match linked.get(&Member::Person(hit.id)).map_or(0, Vec::len) {
            1 => "1 case".to_string(),
            n => format!("{n} cases"),
        };
        FoundRow {
            target: Found::Person(hit.id),
            cells: vec![
                self.mark(&hit.display_name),
                join(&contact, " · "),
                Marked::plain(count),
            ],
        }
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
        let kind = self
            .svc
            .reference_list(ListKind::CaseKind)
            .label(&hit.kind)
            .to_string();
        let case = self.svc.case(hit.id).ok();
        let worker = match case.as_ref().map(|c| c.assigned_to) {
            None => String::new(),
            Some(None) => "unassigned".to_string(),
            Some(Some(u)) => self.worker(u),
        };
        let client = case
            .as_ref()
            .and_then(|c| {
                c.people
                    .iter()
                    .find(|p| p.role == "complainant_or_victim")
                    .or(c.people.first())
            })
            .and_then(|cp| self.svc.person(cp.person).ok())
            .map(|p| p.display_name())
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
        let kind = self
            .svc
            .reference_list(ListKind::AgencyKind)
            .label(&hit.kind)
            .to_string();
        FoundRow {
            target: Found::Organisation(hit.id),
            cells: vec![self.mark(&hit.name), self.mark(&kind)],
        }
    }
}

impl Marked {
    /// Text with nothing marked, made inert.
    fn plain(text: String) -> Marked {
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

/// A record read for a card: `None` when it has gone since, or the user may not see it.
fn found<T>(r: Result<T, Error>) -> Result<Option<T>, Error> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(Error::NotFound { .. } | Error::NotPermitted(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A person's card: an audited read of the person, and their cases.
fn card(svc: &Caseline, id: PersonId, cases: &PeopleCases) -> Result<PersonCard, Error> {
    let person = svc.view_person(id)?;
    let roles = svc.reference_list(ListKind::PersonRole);
    let list = card_cases(svc, Member::Person(id), cases, |c| {
        c.people
            .iter()
            .filter(|cp| cp.person == id)
            .map(|cp| roles.label(&cp.role).to_string())
            .collect()
    })?;
    let languages = svc.reference_list(ListKind::Language);
    let flags = svc.reference_list(ListKind::Safeguarding);
    Ok(PersonCard {
        languages: person
            .languages
            .iter()
            .map(|c| languages.label(c).to_string())
            .collect(),
        flags: person
            .safeguarding
            .iter()
            .map(|c| flags.label(c).to_string())
            .collect(),
        person,
        cases: list,
    })
}

/// An organisation's card: its directory entry, and the cases it is linked to.
fn organisation_card(
    svc: &Caseline,
    id: OrganisationId,
    cases: &PeopleCases,
) -> Result<OrganisationCard, Error> {
    let organisation = svc.organisation(id)?;
    let roles = svc.reference_list(ListKind::OrganisationRole);
    let list = card_cases(svc, Member::Organisation(id), cases, |c| {
        c.organisations
            .iter()
            .filter(|co| co.organisation == id)
            .map(|co| roles.label(&co.role).to_string())
            .collect()
    })?;
    let languages = svc.reference_list(ListKind::Language);
    Ok(OrganisationCard {
        kind: svc
            .reference_list(ListKind::AgencyKind)
            .label(&organisation.kind)
            .to_string(),
        languages: organisation
            .languages
            .iter()
            .map(|c| languages.label(c).to_string())
            .collect(),
        organisation,
        cases: list,
    })
}

/// The cases `member` is on that the user may see, newest first, with its roles on
/// each as words.
fn card_cases(
    svc: &Caseline,
    member: Member,
    cases: &PeopleCases,
    roles: impl Fn(&Case) -> Vec<String>,
) -> Result<Vec<CardCase>, Error> {
    let ids = cases
        .lock()
        .get(svc)?
        .get(&member)
        .cloned()
        .unwrap_or_default();
    let kinds = svc.reference_list(ListKind::CaseKind);
    let mut list = Vec::new();
    for case_id in ids {
        let Some(c) = found(svc.case(case_id))? else {
            continue;
        };
        list.push(CardCase {
            id: c.id,
            reference: c.reference,
            kind: kinds.label(&c.kind).to_string(),
            status: c.status,
            role: roles(&c).join(", "),
        });
    }
    list.sort_by_key(|c| std::cmp::Reverse(c.reference));
    Ok(list)
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
