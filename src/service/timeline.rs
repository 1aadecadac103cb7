//! The case timeline: append-only entries, corrections that point at what they correct.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Caseline, Error, Result};
use crate::domain::{CaseId, EntryKind, Problems, TimelineEntry, TimelineId};

/// The longest phone call worth recording, in minutes: ten hours. Anything longer is a
/// mistyped number, not a call.
pub const MAX_CALL_MINUTES: u32 = 600;

/// An entry to add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEntry {
    pub case: CaseId,
    /// When it happened; now when empty.
    pub at: Option<DateTime<Utc>>,
    pub kind: EntryKind,
    pub text: String,
    /// The entry this one corrects.
    pub corrects: Option<TimelineId>,
}

impl Caseline {
    /// A timeline entry by the actor, happening now.
    pub(crate) fn new_entry(&self, case: CaseId, kind: EntryKind, text: &str) -> TimelineEntry {
        let now = self.now();
        TimelineEntry {
            id: TimelineId::new(),
            case,
            at: now,
            kind,
            text: text.trim().to_string(),
            corrects: None,
            author: self.actor().id,
            recorded_at: now,
        }
    }

    /// Appends an entry to a case's timeline.
    pub fn add_timeline_entry(&self, req: NewEntry) -> Result<TimelineId> {
        self.require(super::Operation::ChangeCase)?;
        let _guard = self.write_guard();
        let mut p = Problems::new();
        let entry = self.build_entry(req, &mut p)?;
        p.into_result()
            .map_err(|p| Error::invalid("timeline entry", p))?;
        let mut changes = self.changes();
        self.stage_activity(&mut changes, &entry)?;
        self.vault().commit(changes)?;
        Ok(entry.id)
    }

    /// The entry a request asks for, adding what is wrong with it to `p` (so a caller
    /// writing more in the same commit can report every problem at once).
    pub(crate) fn build_entry(&self, req: NewEntry, p: &mut Problems) -> Result<TimelineEntry> {
        self.case(req.case)?;
        let mut entry = self.new_entry(req.case, req.kind, &req.text);
        if let Some(at) = req.at {
            entry.at = at;
        }
        entry.corrects = req.corrects;
        p.0.extend(entry.validate().0);
        if let Some(old) = req.corrects {
            match self.vault().get::<TimelineEntry>(&old.0.to_bytes())? {
                Some(o) if o.case == req.case => {}
                _ => p.add("corrects", "is not an entry of this case"),
            }
        }
        p.check(
            matches!(
                entry.kind,
                EntryKind::StatusChange { .. }
                    | EntryKind::FollowUpDone { .. }
                    | EntryKind::Referral { .. }
                    | EntryKind::LetterDrafted { .. }
                    | EntryKind::Letter {
                        letter: Some(_),
                        ..
                    }
            ),
            "kind",
            "is recorded by the action itself, not added by hand",
        );
        if let EntryKind::PhoneCall {
            minutes: Some(m), ..
        } = entry.kind
        {
            p.check(
                !(1..=MAX_CALL_MINUTES).contains(&m),
                "kind.minutes",
                "say how long the call took: 1 to 600 minutes",
            );
        }
        Ok(entry)
    }

    /// A case's timeline in the order things happened.
    pub fn timeline(&self, case: CaseId) -> Result<Vec<TimelineEntry>> {
        if !self.sees_everything() {
            // Refuses a case the actor may not see.
            self.case(case)?;
        }
        let ids = self.vault().timeline_ids(case)?;
        let mut entries = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(e) = self.vault().get::<TimelineEntry>(&id.0.to_bytes())? {
                entries.push(e);
            }
        }
        entries.sort_by_key(|e| (e.at, e.id));
        Ok(entries)
    }

    /// Every timeline entry of every case the actor may see, oldest first.
    pub fn timeline_entries(&self) -> impl Iterator<Item = Result<TimelineEntry>> + '_ {
        let all = self
            .vault()
            .scan::<TimelineEntry>()
            .map(|r| r.map_err(Error::from));
        self.visible(all, |reach, e| reach.cases.contains(&e.case))
    }
}
