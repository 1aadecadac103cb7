//! A timeline entry together with what it brings, written in one commit: the follow-up
//! a call or letter calls for, and the crime reference a police contact gave. Writing
//! them apart could leave an entry whose promised follow-up was never made, or a crime
//! reference noted on the timeline while the "chase police" reminder keeps nagging.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::follow_ups::NewFollowUp;
use super::timeline::NewEntry;
use super::{Caseline, Error, Result};
use crate::domain::validation::check_line;
use crate::domain::{
    Answer, EntryKind, FollowUp, FollowUpId, Incident, Problems, Subject, TimelineEntry, TimelineId,
};
use crate::store::Changes;

/// What comes with an entry; both optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryWith {
    /// A follow-up on the same case, due today or later.
    pub follow_up: Option<NewFollowUp>,
    /// For a police contact: the crime reference the police gave. It is recorded on the
    /// case's intakes that were reported and are still waiting for one.
    pub crime_reference: Option<String>,
}

/// What an entry with its extras wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryAdded {
    pub entry: TimelineId,
    pub follow_up: Option<FollowUpId>,
    /// When the follow-up falls due.
    pub due: Option<NaiveDate>,
    /// How many intakes now carry the crime reference.
    pub crime_reference_on: usize,
}

impl Caseline {
    /// Adds a timeline entry and, when given, a follow-up for the case, in one commit.
    pub fn add_entry_with_follow_up(
        &self,
        req: NewEntry,
        follow_up: Option<NewFollowUp>,
    ) -> Result<EntryAdded> {
        self.add_entry_with(
            req,
            EntryWith {
                follow_up,
                crime_reference: None,
            },
        )
    }

    /// Adds a timeline entry with its follow-up and crime reference, in one commit;
    /// the statutory clocks follow (a crime reference ends "chase the police").
    pub fn add_entry_with(&self, req: NewEntry, with: EntryWith) -> Result<EntryAdded> {
        self.require(super::Operation::ChangeCase)?;
        let _guard = self.write_guard();
        let mut p = Problems::new();
        let crime_reference = with
            .crime_reference
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        let mut entry = self.build_entry(req, &mut p)?;
        let incidents = match &crime_reference {
            Some(r) => self.with_crime_reference(&mut entry, r, &mut p)?,
            None => Vec::new(),
        };
        let follow_up = with
            .follow_up
            .map(|f| self.follow_up_from_entry(f, &entry, &mut p));
        p.into_result()
            .map_err(|p| Error::invalid("timeline entry", p))?;
        let mut changes = self.changes();
        self.stage_activity(&mut changes, &entry)?;
        if let Some(f) = &follow_up {
            self.stage_follow_up(&mut changes, None, f)?;
        }
        if !incidents.is_empty() {
            self.stage_incidents(&mut changes, &entry, &incidents)?;
        }
        self.vault().commit(changes)?;
        Ok(EntryAdded {
            entry: entry.id,
            follow_up: follow_up.as_ref().map(|f| f.id),
            due: follow_up.as_ref().map(|f| f.due),
            crime_reference_on: incidents.len(),
        })
    }

    /// The follow-up an entry calls for, refused if it falls due in the past.
    fn follow_up_from_entry(
        &self,
        f: NewFollowUp,
        entry: &TimelineEntry,
        p: &mut Problems,
    ) -> FollowUp {
        let now = self.clock().local_now();
        let past = f.due < now.date()
            || (f.due == now.date() && f.due_time.is_some_and(|t| t < now.time()));
        p.check(
            past,
            "follow_up.due",
            "is in the past: a follow-up is for later",
        );
        self.build_follow_up(f, Subject::Case(entry.case), p)
    }

    /// The case's intakes reported to the police and still without a crime reference,
    /// given `reference`; the entry's text says so too, so the timeline shows it.
    fn with_crime_reference(
        &self,
        entry: &mut TimelineEntry,
        reference: &str,
        p: &mut Problems,
    ) -> Result<Vec<Incident>> {
        if entry.kind != EntryKind::PoliceContact {
            p.add(
                "crime_reference",
                "only a police contact records a crime reference",
            );
            return Ok(Vec::new());
        }
        check_line(p, "crime_reference", reference);
        let case = self.case(entry.case)?;
        let mut waiting = Vec::new();
        for id in &case.incidents {
            let mut i = self.incident(*id)?;
            if i.police.reported == Answer::Yes && i.police.crime_reference.is_none() {
                i.police.crime_reference = Some(reference.to_string());
                waiting.push(i);
            }
        }
        p.check(
            waiting.is_empty(),
            "crime_reference",
            "no intake of this case is reported to the police and waiting for one",
        );
        let said = format!("Crime reference: {reference}");
        entry.text = match entry.text.is_empty() {
            true => said,
            false => format!("{}\n{said}", entry.text),
        };
        Ok(waiting)
    }

    /// Writes the intakes given a crime reference, and lets the statutory clocks see them.
    fn stage_incidents(
        &self,
        changes: &mut Changes<'_>,
        entry: &TimelineEntry,
        incidents: &[Incident],
    ) -> Result<()> {
        for i in incidents {
            changes.put(i);
        }
        let case = self.case(entry.case)?;
        self.stage_clocks_with(changes, &case, incidents)
    }
}
