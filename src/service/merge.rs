//! Merging two records of one person (a caller recorded again by someone who could not
//! see the first record). Every link moves to the record kept, the other's details go
//! into its history, and the change is one audited commit.

use super::{Caseline, Error, Result};
use crate::domain::{
    AuditAction, AuditNote, EntryKind, Incident, PersonId, PersonRevision, Problems,
};

impl Caseline {
    /// Merges `gone` into `keep` (caseworkers and administrators): the intakes and
    /// cases that name `gone` name `keep` instead, `gone`'s names become other names of
    /// `keep`, its details are kept in `keep`'s history, and `gone` is removed. Intakes
    /// marked as possible duplicates of them are marked no longer.
    pub fn merge_people(&self, keep: PersonId, gone: PersonId) -> Result<()> {
        self.require(super::Operation::MergePeople)?;
        if keep == gone {
            let mut p = Problems::new();
            p.add("gone", "is the same person as the one kept");
            return Err(Error::invalid("merge", p));
        }
        let _guard = self.write_guard();
        let mut kept = self.person(keep)?;
        let other = self.person(gone)?;
        let now = self.now();
        let mut changes = self.changes();
        for incident in self.incidents() {
            let mut incident: Incident = incident?;
            let names = incident.people_in_any(gone);
            let marked_kept = incident.possible_duplicate && incident.people_in_any(keep);
            if !(names || marked_kept) {
                continue;
            }
            for party in &mut incident.parties {
                if party.person == Some(gone) {
                    party.person = Some(keep);
                }
            }
            incident.possible_duplicate = false;
            changes.put(&incident);
        }
        for case in self.cases() {
            let mut case = case?;
            if !case.people.iter().any(|cp| cp.person == gone) {
                continue;
            }
            for cp in &mut case.people {
                if cp.person == gone {
                    cp.person = keep;
                }
            }
            let mut seen = std::collections::HashSet::new();
            case.people
                .retain(|cp| seen.insert((cp.person, cp.role.clone())));
            case.updated_at = now;
            let entry = self.new_entry(
                case.id,
                EntryKind::Note,
                "Two records of one person were merged",
            );
            self.stage_case(&mut changes, &case, false, entry.recorded_at)?;
            self.stage_entry(&mut changes, &entry);
        }
        let name = other.display_name();
        if name != kept.display_name() && !kept.other_names.contains(&name) {
            kept.other_names.push(name);
        }
        for n in &other.other_names {
            if !kept.other_names.contains(n) {
                kept.other_names.push(n.clone());
            }
        }
        kept.history.extend(other.history.iter().cloned());
        kept.history.push(PersonRevision {
            at: now,
            by: self.actor().id,
            changed: vec!["merged with another record of them".into()],
            before: other.details(),
        });
        kept.updated_at = now;
        changes.put(&kept);
        changes.remove::<crate::domain::Person>(&gone.0.to_bytes());
        changes.audit(
            AuditNote::new(AuditAction::Change)
                .record(crate::store::Kind::Person.tree(), keep)
                .record(crate::store::Kind::Person.tree(), gone)
                .detail("two records of one person merged"),
        );
        self.vault().commit(changes)?;
        Ok(())
    }
}
