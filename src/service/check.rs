//! `check`: every record decrypts and decodes, meets its rules, and every reference
//! resolves. Faults name the tree, record id and field, never the contents.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::rules::Findings;
use super::{Caseline, Result};
use crate::domain::Settings;
use crate::domain::{
    AuditAction, AuditNote, Case, FollowUp, Id, Incident, Organisation, PeerLogins, Person,
    Problems, ReferenceList, Referral, Role, TimelineEntry, User,
};
use crate::store::kind::{Kind, plain};
use crate::store::{IndexProblem, Record, RecordFacts, StoreError, describe_key};

/// One thing wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// Where: `tree/record-id`, with a field when there is one.
    pub place: String,
    pub problem: String,
}

/// What `check` found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    /// Records read.
    pub records: usize,
    pub faults: Vec<Fault>,
    /// What an administrator should know that is not a fault: replaced stores and
    /// damaged drafts kept aside until someone deletes them, and what opening the store
    /// put right.
    #[serde(default)]
    pub notes: Vec<Fault>,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.faults.is_empty()
    }
}

/// A reference from a record's field to another record, verified once all are read.
struct Link {
    from: (Kind, Id),
    field: String,
    to: Kind,
    id: Id,
}

#[derive(Default)]
struct Checker {
    report: CheckReport,
    seen: HashMap<Kind, HashSet<Id>>,
    links: Vec<Link>,
    /// Follow-ups, case references and the case of each timeline entry, for the
    /// store to compare with its indexes.
    facts: RecordFacts,
    /// (entry, its case, the entry it corrects), checked once every entry is read.
    corrections: Vec<(Id, Id, Id)>,
    /// The first user with each login.
    logins: HashMap<String, Id>,
}

impl Checker {
    fn fault(&mut self, place: String, problem: impl Into<String>) {
        self.report.faults.push(Fault {
            place,
            problem: problem.into(),
        });
    }

    fn problems(&mut self, kind: Kind, key: &[u8], p: Problems) {
        for e in p.0 {
            self.fault(
                format!("{kind}/{}.{}", describe_key(key), e.field),
                e.message,
            );
        }
    }

    /// The entry a walk over `tree` read, or `None` when it could not be read: the
    /// tree is named as a fault and the walk stops there (the database library may be
    /// in no state to go on in that tree), while the check goes on with the others.
    fn read<T>(&mut self, tree: &str, item: crate::store::StoreResult<T>) -> Option<T> {
        match item {
            Ok(v) => Some(v),
            Err(e) => {
                self.fault(tree.to_string(), format!("cannot be read to its end: {e}"));
                None
            }
        }
    }

    /// What the store found wrong in its indexes or trees.
    fn store_problems(&mut self, found: Vec<IndexProblem>) {
        for p in found {
            self.fault(p.place, p.problem);
        }
    }

    /// Records a record's problems, and its references to resolve once all are read.
    fn findings(&mut self, kind: Kind, id: Id, f: Findings) {
        self.problems(kind, &id.to_bytes(), f.problems);
        for r in f.refs {
            self.links.push(Link {
                from: (kind, id),
                field: r.field,
                to: r.kind,
                id: r.id,
            });
        }
    }
}

impl Caseline {
    /// Reads every record and index and reports every fault found.
    pub fn check(&self) -> Result<CheckReport> {
        self.require(super::Operation::Maintain)?;
        // Other sessions' writes wait: records, indexes and the search index are read
        // one after another, and must be read as they stand between two writes.
        let _guard = self.write_guard();
        let mut c = Checker::default();
        self.check_kind::<Settings>(&mut c, |c, k, s| {
            c.problems(Kind::Settings, k, s.validate())
        })?;
        self.check_kind::<PeerLogins>(&mut c, |c, k, m| {
            c.problems(Kind::PeerLogins, k, m.validate())
        })?;
        self.check_kind::<ReferenceList>(&mut c, |c, k, list| {
            c.problems(Kind::ReferenceList, k, list.validate());
            if k != list.kind.name().as_bytes() {
                c.fault(
                    format!("reference_lists/{}", describe_key(k)),
                    "is stored under the wrong name",
                );
            }
        })?;
        self.check_kind::<User>(&mut c, |c, _, u| {
            c.problems(Kind::User, &u.id.0.to_bytes(), u.validate());
            note_login(c, u);
        })?;
        self.check_kind::<Organisation>(&mut c, |c, _, o| {
            c.findings(Kind::Organisation, o.id.0, self.organisation_rules(o))
        })?;
        self.check_kind::<Person>(&mut c, |c, _, p| {
            c.findings(Kind::Person, p.id.0, self.person_rules(p))
        })?;
        self.check_kind::<Incident>(&mut c, |c, _, i| {
            c.findings(Kind::Incident, i.id.0, self.incident_rules(i))
        })?;
        self.check_kind::<Case>(&mut c, |c, _, case| {
            c.findings(Kind::Case, case.id.0, self.case_rules(case));
            note_reference(c, case);
        })?;
        self.check_kind::<TimelineEntry>(&mut c, |c, _, e| {
            c.findings(Kind::Timeline, e.id.0, self.entry_rules(e));
            if let Some(old) = e.corrects {
                c.corrections.push((e.id.0, e.case.0, old.0));
            }
            c.facts.entry_case.insert(e.id, e.case);
        })?;
        self.check_kind::<FollowUp>(&mut c, |c, _, f| {
            c.facts.follow_ups.insert(f.id);
            c.findings(Kind::FollowUp, f.id.0, self.follow_up_rules(f))
        })?;
        self.check_kind::<Referral>(&mut c, |c, _, r| {
            c.findings(Kind::Referral, r.id.0, self.referral_rules(r))
        })?;
        self.check_kind::<crate::domain::Letter>(&mut c, |c, _, l| {
            c.findings(Kind::Letter, l.id.0, self.letter_rules(l))
        })?;
        self.check_kind::<crate::domain::LetterTemplate>(&mut c, |c, _, t| {
            c.problems(Kind::LetterTemplate, &t.id.0.to_bytes(), t.validate())
        })?;
        resolve_links(&mut c);
        c.store_problems(self.vault().verify_links(&c.facts)?);
        self.check_derived(&mut c)?;
        self.check_report_facts(&mut c)?;
        self.check_slots(&mut c)?;
        c.store_problems(self.vault().verify_trees()?);
        match self.search_differences() {
            Ok(differences) => {
                for d in differences {
                    c.fault(d.place, d.problem);
                }
            }
            Err(e) => c.fault(
                "search".into(),
                format!("not compared with the records: {e}"),
            ),
        }
        let around = self.check_files()?;
        c.report.faults.extend(around.faults);
        c.report.notes.extend(around.notes);
        match self.audit_fault() {
            Ok(Some((place, problem))) => c.fault(place, problem),
            Ok(None) => {}
            Err(e) => c.fault(Kind::Audit.tree().into(), format!("not verified: {e}")),
        }
        let faults = c.report.faults.len();
        let note = AuditNote::new(AuditAction::Check).detail(format!("{faults} fault(s)"));
        if let Err(e) = self.audit_event(note) {
            c.fault(
                Kind::Audit.tree().into(),
                format!("this check could not be recorded: {e}"),
            );
        }
        Ok(c.report)
    }

    /// Opens every value of a kind, reporting those that do not open, and hands the
    /// others to `each`.
    fn check_kind<R: Record + 'static>(
        &self,
        c: &mut Checker,
        mut each: impl FnMut(&mut Checker, &[u8], &R),
    ) -> Result<()> {
        let tree = R::KIND.tree();
        for item in self.vault().open_each::<R>()? {
            let Some((k, opened)) = c.read(tree, item) else {
                break;
            };
            c.report.records += 1;
            match opened {
                Ok(record) => {
                    if let Some(id) = Id::from_bytes(&k) {
                        c.seen.entry(R::KIND).or_default().insert(id);
                    }
                    if record.key() != k {
                        c.fault(
                            format!("{tree}/{}", describe_key(&k)),
                            "is stored under another record's key",
                        );
                    }
                    each(c, &k, &record);
                }
                Err(e) => c.fault(format!("{tree}/{}", describe_key(&k)), e.to_string()),
            }
        }
        Ok(())
    }

    /// The queue and case-list indexes hold exactly what the records call for.
    fn check_derived(&self, c: &mut Checker) -> Result<()> {
        let expected = match self.expected_indexes() {
            Ok(e) => e,
            // A record that does not open is reported already; the indexes cannot be
            // compared without it.
            Err(_) if !c.report.faults.is_empty() => return Ok(()),
            Err(e @ super::Error::Store(_)) => {
                c.fault(
                    "indexes".into(),
                    format!("not compared with the records: {e}"),
                );
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        c.store_problems(self.vault().verify_derived(expected)?);
        Ok(())
    }

    /// The sealed report facts hold what the records call for, bucket by bucket.
    fn check_report_facts(&self, c: &mut Checker) -> Result<()> {
        match self.vault().report_facts_faults() {
            Ok(faults) => {
                for (place, problem) in faults {
                    c.fault(place, format!("{problem}: `caseline reindex` rebuilds it"));
                }
            }
            // A record that does not open is reported already.
            Err(_) if !c.report.faults.is_empty() => {}
            Err(e) => c.fault(
                crate::store::facts_index::FACTS_TREE.into(),
                format!("not compared with the records: {e}"),
            ),
        }
        Ok(())
    }

    fn check_slots(&self, c: &mut Checker) -> Result<()> {
        let slots = match self.vault().key_slots() {
            Ok(s) => s,
            Err(StoreError::Damaged(m)) => {
                c.fault(plain::KEY_SLOTS.into(), m);
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        let users: HashMap<Id, User> = self
            .users()
            .filter_map(|u| u.ok())
            .map(|u| (u.id.0, u))
            .collect();
        let mut admin_slots = 0;
        for s in &slots {
            match users.get(&s.user.0) {
                None => c.fault(
                    format!("{}/{}", plain::KEY_SLOTS, s.id),
                    "belongs to no user",
                ),
                Some(u) if u.role == Role::Administrator && u.active && !s.recovery => {
                    admin_slots += 1
                }
                _ => {}
            }
        }
        if admin_slots == 0 {
            c.fault(
                plain::KEY_SLOTS.into(),
                "no active administrator has a passphrase",
            );
        }
        Ok(())
    }
}

/// Remembers a case's reference, to compare with the reference index and catch two
/// cases sharing one.
fn note_reference(c: &mut Checker, case: &Case) {
    if let Some(other) = c.facts.case_refs.insert(case.reference, case.id) {
        c.fault(
            format!("cases/{}", case.id),
            format!("has the same reference as case {other}"),
        );
    }
}

/// Remembers a user's login, to catch two users sharing one: only one of them can ever
/// sign in. The login itself is not said (it names a person); the two records are.
fn note_login(c: &mut Checker, user: &User) {
    match c.logins.get(&user.login) {
        Some(first) => {
            let first = *first;
            c.fault(
                format!("users/{}.login", user.id),
                format!("is the same login as user {first}'s: only one of them can sign in"),
            );
        }
        None => {
            c.logins.insert(user.login.clone(), user.id.0);
        }
    }
}

fn resolve_links(c: &mut Checker) {
    for (entry, case, old) in std::mem::take(&mut c.corrections) {
        let corrected = c.facts.entry_case.get(&crate::domain::TimelineId(old));
        if corrected.is_some_and(|other| other.0 != case) {
            c.fault(
                format!("timeline/{entry}.corrects"),
                "corrects an entry of another case",
            );
        }
    }
    let links = std::mem::take(&mut c.links);
    for l in links {
        if !c.seen.get(&l.to).is_some_and(|s| s.contains(&l.id)) {
            c.fault(
                format!("{}/{}.{}", l.from.0, l.from.1, l.field),
                format!("refers to {} {}, which is not in the store", l.to, l.id),
            );
        }
    }
}
