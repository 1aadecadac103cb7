//! Import of an export document: every record is checked first, then all land, in
//! journaled batches that are undone if the import stops part way, or none do.
//!
//! Record ids are kept, so an export imported into a new store and exported again gives
//! the same document, apart from the differences documented in `docs/export.md`: users
//! are matched by login (the importing store's own administrator and recovery account
//! stand in for the file's), and settings and reference lists are taken from the file
//! only when the store holds no casework yet.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};

use serde::{Deserialize, Serialize};

use super::export::ExportDocument;
use super::{Caseline, Error, Result};
use crate::domain::{Id, ListKind, Problems, ReferenceList, User, UserId};
use crate::store::Record;
use crate::store::kind::Kind;

/// What an import added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    /// Records added per tree.
    pub added: BTreeMap<String, usize>,
    /// Logins in the file that matched users already in the store.
    pub users_matched: Vec<String>,
    /// Settings and reference lists were taken from the file (the store was new).
    pub settings_taken: bool,
    /// What went wrong after the import was committed, which it did not undo.
    #[serde(default)]
    pub notices: Vec<String>,
}

/// Users in the file mapped onto users of the store.
fn match_users(existing: &[User], incoming: &[User]) -> (HashMap<UserId, UserId>, Vec<String>) {
    let mut map = HashMap::new();
    let mut matched = Vec::new();
    for u in incoming {
        let found = existing.iter().find(|e| {
            (e.recovery && u.recovery) || (!e.recovery && !u.recovery && e.login == u.login)
        });
        if let Some(e) = found {
            map.insert(u.id, e.id);
            matched.push(u.login.clone());
        }
    }
    (map, matched)
}

/// Rewrites every user reference in the document through `map`.
fn remap_users(doc: &mut ExportDocument, map: &HashMap<UserId, UserId>) {
    let m = |id: &mut UserId| {
        if let Some(new) = map.get(id) {
            *id = *new;
        }
    };
    doc.people.iter_mut().for_each(|p| m(&mut p.created_by));
    doc.organisations
        .iter_mut()
        .for_each(|o| m(&mut o.created_by));
    doc.incidents.iter_mut().for_each(|i| m(&mut i.recorded_by));
    for c in &mut doc.cases {
        m(&mut c.created_by);
        c.assigned_to.iter_mut().for_each(m);
    }
    doc.timeline.iter_mut().for_each(|e| m(&mut e.author));
    for f in &mut doc.follow_ups {
        m(&mut f.created_by);
        f.assignee.iter_mut().for_each(m);
        match &mut f.state {
            crate::domain::FollowUpState::Done { by, .. }
            | crate::domain::FollowUpState::Cancelled { by, .. } => m(by),
            crate::domain::FollowUpState::Open => {}
        }
    }
    doc.referrals.iter_mut().for_each(|r| m(&mut r.created_by));
    doc.letters.iter_mut().for_each(|l| m(&mut l.created_by));
    doc.letter_templates
        .iter_mut()
        .for_each(|t| m(&mut t.updated_by));
}

/// The file's lists with any codes only the store has, or the store's with any codes
/// only the file has.
fn merge_lists(
    ours: &ReferenceList,
    theirs: Option<&ReferenceList>,
    take_theirs: bool,
) -> ReferenceList {
    let Some(theirs) = theirs else {
        return ours.clone();
    };
    let (mut base, extra) = if take_theirs {
        (theirs.clone(), ours)
    } else {
        (ours.clone(), theirs)
    };
    for e in &extra.entries {
        if !base.contains(&e.code) {
            base.entries.push(e.clone());
        }
    }
    base
}

/// Collects record problems under `section[index] (id)`.
pub(super) fn report(
    out: &mut Vec<String>,
    section: &str,
    index: usize,
    id: impl std::fmt::Display,
    p: Problems,
) {
    if !p.is_empty() {
        out.push(format!("{section}[{index}] (id {id}): {p}"));
    }
}

impl Caseline {
    /// Whether the store holds no casework yet.
    fn is_fresh(&self) -> Result<bool> {
        for kind in [Kind::Person, Kind::Incident, Kind::Case, Kind::Organisation] {
            if self.vault().count(kind.tree())? > 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// A demo caseload of `cases` cases made and imported, into a store with no
    /// casework yet (its case references would clash with a store's own). Asked of a
    /// server too, so the role and the size are checked before anything is made.
    pub fn import_demo(&self, cases: usize, seed: u64) -> Result<ImportSummary> {
        self.require(super::Operation::Import)?;
        super::api::limits::check_demo_cases(cases).map_err(Error::Conflict)?;
        if !self.is_fresh()? {
            return Err(Error::Conflict(
                "a demo caseload goes only into a store with no casework yet".into(),
            ));
        }
        let doc = crate::demo::generate(cases, seed, &self.actor(), self.now());
        self.import(doc)
    }

    /// Imports a document. Every record is checked first; then all land in one
    /// transaction, flushed to disk, or nothing changes.
    pub fn import(&self, doc: ExportDocument) -> Result<ImportSummary> {
        self.import_at(doc, self.now())
    }

    /// [`Caseline::import`], with `now` the time that dates in the file may not be
    /// after (a date of birth, when a record was made).
    pub fn import_at(&self, mut doc: ExportDocument, now: DateTime<Utc>) -> Result<ImportSummary> {
        self.require(super::Operation::Import)?;
        let _guard = self.write_guard();
        let fresh = self.is_fresh()?;
        let existing: Vec<User> = self.users().collect::<Result<_>>()?;
        let (map, users_matched) = match_users(&existing, &doc.users);
        remap_users(&mut doc, &map);
        // With their places in the file, for messages.
        let new_users: Vec<(usize, User)> = doc
            .users
            .iter()
            .enumerate()
            .filter(|(_, u)| !map.contains_key(&u.id))
            .map(|(i, u)| (i, u.clone()))
            .collect();

        // First and alone: every later step looks at each entry of each list.
        import_faults(super::import_rules::oversized(&doc))?;
        let saved_lists = self.lists_now();
        let mut merged_lists = saved_lists.clone();
        for kind in ListKind::ALL {
            let theirs = doc.reference_lists.iter().find(|l| l.kind == kind);
            let merged = merge_lists(&saved_lists[&kind], theirs, fresh);
            merged_lists.insert(kind, std::sync::Arc::new(merged));
        }
        self.set_lists(merged_lists);
        let checked = self.check_import(&doc, &new_users, &existing, now);
        // An import is a bulk write, not journaled for search: the index is rebuilt
        // from the records on its next use.
        let result = checked.and_then(|()| {
            let search = &self.shared.search;
            search.forget_while(|| self.write_import(&doc, &new_users, fresh))
        });
        if let Err(e) = result {
            self.set_lists(saved_lists);
            return Err(e);
        }
        if fresh {
            self.set_settings(doc.settings.clone());
        }
        // The bulk write left the report facts to be rebuilt from the records. The
        // import is committed: a rebuild that fails is told, not an import failure (a
        // script retrying would find its records "already in this store"). They stay
        // marked out of date, so the next unlock or report rebuilds them.
        let mut notices = Vec::new();
        if let Err(e) = self.ensure_report_facts() {
            notices.push(format!(
                "the import is done and kept, but the report facts could not be brought \
                 up to date ({e}); they are rebuilt at the next unlock or report, and \
                 `caseline check` says whether they are current"
            ));
        }
        Ok(ImportSummary {
            added: count_added(&doc, new_users.len()),
            users_matched,
            settings_taken: fresh,
            notices,
        })
    }

    /// Every rule of every record, and every reference, before anything is written.
    fn check_import(
        &self,
        doc: &ExportDocument,
        new_users: &[(usize, User)],
        existing: &[User],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut faults = Vec::new();
        let ids = import_ids(doc, new_users, &mut faults);
        let mut taken: Vec<(Kind, Id, usize)> = Vec::new();
        for (kind, places) in &ids {
            for (id, i) in places {
                if self.vault().has_record(*kind, *id)? {
                    taken.push((*kind, *id, *i));
                }
            }
        }
        taken.sort_by_key(|(kind, _, i)| (kind.tree(), *i));
        for (kind, id, i) in taken {
            faults.push(format!(
                "{}[{i}] (id {id}): already in this store",
                kind.tree()
            ));
        }
        duplicate_logins(doc, new_users, existing, &mut faults);
        let has = |kind: Kind, id: Id| -> Result<bool> {
            Ok(ids.get(&kind).is_some_and(|s| s.contains_key(&id))
                || self.vault().has_record(kind, id)?)
        };
        super::import_rules::check_records(self, doc, new_users, &has, now, &mut faults)?;
        let mut refs = HashSet::new();
        for (i, c) in doc.cases.iter().enumerate() {
            if !refs.insert(c.reference) || self.vault().case_id_by_ref(c.reference)?.is_some() {
                faults.push(format!(
                    "cases[{i}] (id {}): reference {} is already used",
                    c.id, c.reference
                ));
            }
        }
        import_faults(faults)
    }
}

/// The ids of every record in the file, by kind, with the place of each in its
/// section; an id that appears twice is a fault.
fn import_ids(
    doc: &ExportDocument,
    new_users: &[(usize, User)],
    faults: &mut Vec<String>,
) -> HashMap<Kind, HashMap<Id, usize>> {
    let mut ids: HashMap<Kind, HashMap<Id, usize>> = HashMap::new();
    let mut add = |kind: Kind, id: Id, i: usize| match ids.entry(kind).or_default().entry(id) {
        Entry::Occupied(first) => faults.push(format!(
            "{}[{i}] (id {id}): the id appears twice in the file (first at {}[{}])",
            kind.tree(),
            kind.tree(),
            first.get()
        )),
        Entry::Vacant(v) => {
            v.insert(i);
        }
    };
    new_users
        .iter()
        .for_each(|(i, u)| add(Kind::User, u.id.0, *i));
    let e = doc.organisations.iter().enumerate();
    e.for_each(|(i, r)| add(Kind::Organisation, r.id.0, i));
    let e = doc.people.iter().enumerate();
    e.for_each(|(i, r)| add(Kind::Person, r.id.0, i));
    let e = doc.incidents.iter().enumerate();
    e.for_each(|(i, r)| add(Kind::Incident, r.id.0, i));
    let e = doc.cases.iter().enumerate();
    e.for_each(|(i, r)| add(Kind::Case, r.id.0, i));
    let e = doc.timeline.iter().enumerate();
    e.for_each(|(i, r)| add(Kind::Timeline, r.id.0, i));
    let e = doc.follow_ups.iter().enumerate();
    e.for_each(|(i, r)| add(Kind::FollowUp, r.id.0, i));
    let e = doc.referrals.iter().enumerate();
    e.for_each(|(i, r)| add(Kind::Referral, r.id.0, i));
    let e = doc.letters.iter().enumerate();
    e.for_each(|(i, r)| add(Kind::Letter, r.id.0, i));
    let e = doc.letter_templates.iter().enumerate();
    e.for_each(|(i, r)| add(Kind::LetterTemplate, r.id.0, i));
    ids
}

/// Two users with one login: only the first found could ever sign in, so a file that
/// has two (other than the recovery account), or a new user whose login the store
/// already uses, is refused. Logins are not repeated: they name people.
fn duplicate_logins(
    doc: &ExportDocument,
    new_users: &[(usize, User)],
    existing: &[User],
    faults: &mut Vec<String>,
) {
    let mut first: HashMap<&str, (usize, UserId)> = HashMap::new();
    for (i, u) in doc.users.iter().enumerate().filter(|(_, u)| !u.recovery) {
        match first.entry(u.login.as_str()) {
            Entry::Occupied(f) => {
                let (j, other) = f.get();
                faults.push(format!(
                    "users[{i}] (id {}): login: the same login as users[{j}] (id {other})",
                    u.id
                ));
            }
            Entry::Vacant(v) => {
                v.insert((i, u.id));
            }
        }
    }
    for (i, u) in new_users {
        if let Some(e) = existing.iter().find(|e| e.login == u.login) {
            faults.push(format!(
                "users[{i}] (id {}): login: the same login as user {} already in this store",
                u.id, e.id
            ));
        }
    }
}

/// Nothing, or an import error listing the first twenty faults and how many more.
fn import_faults(mut faults: Vec<String>) -> Result<()> {
    if faults.is_empty() {
        return Ok(());
    }
    let n = faults.len();
    faults.truncate(20);
    let more = if n > 20 {
        format!("\n  … and {} more", n - 20)
    } else {
        String::new()
    };
    Err(Error::Import(format!(
        "{n} problem(s):\n  {}{more}",
        faults.join("\n  ")
    )))
}

fn count_added(doc: &ExportDocument, users: usize) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    m.insert(User::KIND.tree().to_string(), users);
    m.insert(Kind::Organisation.tree().into(), doc.organisations.len());
    m.insert(Kind::Person.tree().into(), doc.people.len());
    m.insert(Kind::Incident.tree().into(), doc.incidents.len());
    m.insert(Kind::Case.tree().into(), doc.cases.len());
    m.insert(Kind::Timeline.tree().into(), doc.timeline.len());
    m.insert(Kind::FollowUp.tree().into(), doc.follow_ups.len());
    m.insert(Kind::Referral.tree().into(), doc.referrals.len());
    m.insert(Kind::Letter.tree().into(), doc.letters.len());
    m.insert(
        Kind::LetterTemplate.tree().into(),
        doc.letter_templates.len(),
    );
    m
}
