//! The derived indexes for queues and case lists, as the service keeps them: every
//! change that writes a follow-up or a case stages their entries in the same
//! transaction, a store written before an index existed has it built at unlock
//! ([`Caseline::ensure_indexes`]), and `check` compares every index with the records.
//! How they are laid out is the store's (`store::indexes`).

use chrono::{DateTime, NaiveDate, Utc};

use super::{Caseline, Result};
use crate::domain::{
    AuditAction, AuditNote, Case, CaseId, CaseSummary, FollowUp, Id, Subject, TimelineEntry,
};
use crate::store::{Changes, ExpectedIndexes};

/// The day of a case's latest timeline entry, from its summary: for its search
/// document, kept in step by a commit hook that has the vault only.
pub(crate) fn last_activity(
    vault: &crate::store::Vault,
    id: CaseId,
) -> crate::store::StoreResult<Option<NaiveDate>> {
    Ok(vault
        .case_summary(id)?
        .map(|s| crate::domain::clock::local(s.last_activity).date_naive()))
}

impl Caseline {
    /// Writes a follow-up and its index entries, removing those of its old version.
    pub(crate) fn stage_follow_up(
        &self,
        changes: &mut Changes<'_>,
        old: Option<&FollowUp>,
        new: &FollowUp,
    ) -> Result<()> {
        let safeguarding = self.subject_safeguarding(new.subject)?;
        self.stage_follow_up_with(changes, old, new, safeguarding);
        Ok(())
    }

    /// [`Caseline::stage_follow_up`], when the case's safeguarding is already known (a
    /// case staged in the same transaction).
    pub(crate) fn stage_follow_up_with(
        &self,
        changes: &mut Changes<'_>,
        old: Option<&FollowUp>,
        new: &FollowUp,
        safeguarding: bool,
    ) {
        changes.put(new);
        changes.index_follow_up(old, new, safeguarding);
    }

    /// Whether a follow-up's subject is a case with a safeguarding concern.
    pub(crate) fn subject_safeguarding(&self, subject: Subject) -> Result<bool> {
        match subject {
            Subject::Case(c) => Ok(self.summary(c)?.is_some_and(|s| s.safeguarding)),
            Subject::Incident(_) => Ok(false),
        }
    }

    /// Writes a case's summary and who is on it, undoing the rows of anyone who no
    /// longer is.
    pub(crate) fn stage_summary(
        &self,
        changes: &mut Changes<'_>,
        case: &Case,
        last_activity: DateTime<Utc>,
    ) -> Result<()> {
        let summary = CaseSummary::of(case, last_activity);
        changes.index_case(self.summary(case.id)?.as_ref(), &summary);
        Ok(())
    }

    /// The ids of the cases a person or an organisation is on, whoever is acting
    /// (callers keep to what the actor may see).
    pub(crate) fn cases_of_member(&self, member: Id) -> Result<Vec<CaseId>> {
        Ok(self.vault().cases_of_member(member)?)
    }

    /// A case's summary, if it has one.
    pub(crate) fn summary(&self, id: CaseId) -> Result<Option<CaseSummary>> {
        Ok(self.vault().case_summary(id)?)
    }

    /// The summary of every case the actor may see (a volunteer's only).
    pub fn case_summaries(&self) -> Result<Vec<CaseSummary>> {
        let mut out = self.all_case_summaries()?;
        if !self.sees_everything() {
            let reach = self.reach()?;
            out.retain(|s| reach.cases.contains(&s.id));
        }
        Ok(out)
    }

    /// The summary of every case, whoever is acting.
    pub(crate) fn all_case_summaries(&self) -> Result<Vec<CaseSummary>> {
        Ok(self.vault().case_summaries()?)
    }

    /// Builds the derived indexes when the store was written before they existed (or
    /// by an older version of them). Runs at unlock; a no-op once they are current.
    pub(crate) fn ensure_indexes(&self) -> Result<()> {
        // A record that does not open stops the facts' rebuild but must not stop the
        // unlock (`check` and a restore's check must still run): the facts stay out of
        // date, and a report tries again and names the damaged record.
        let _ = self.ensure_report_facts();
        if self.vault().indexes_current()? {
            return Ok(());
        }
        self.rebuild_indexes()
    }

    /// Builds the sealed report facts when the store has none of this version (an
    /// older store, a restored backup, an import): reports read nothing else. Not
    /// audited, as the search index's rebuild is not: nothing anyone did changed.
    pub(crate) fn ensure_report_facts(&self) -> Result<()> {
        if !self.vault().report_facts_current()? {
            self.vault().rebuild_report_facts()?;
        }
        Ok(())
    }

    /// Rebuilds every derived index from the records (administrators only).
    pub fn reindex(&self) -> Result<()> {
        self.require(super::Operation::Maintain)?;
        self.rebuild_indexes()
    }

    /// Rebuilds the derived indexes from the records, in one transaction.
    pub(crate) fn rebuild_indexes(&self) -> Result<()> {
        let mut changes = self.changes();
        changes.audit(AuditNote::new(AuditAction::Reindex).detail("indexes rebuilt"));
        changes.rebuild_indexes(self.vault(), self.expected_indexes()?)?;
        self.vault().commit(changes)?;
        self.vault().rebuild_report_facts()?;
        Ok(())
    }

    /// Every derived index entry the records call for.
    pub(crate) fn expected_indexes(&self) -> Result<ExpectedIndexes> {
        let mut out = ExpectedIndexes::default();
        let mut guarded = std::collections::HashSet::new();
        // Whole-store scans: the indexes cover every record, whoever unlocked.
        for case in self.vault().scan::<Case>() {
            let case = case?;
            if !case.safeguarding.is_empty() {
                guarded.insert(case.id);
            }
        }
        for f in self.vault().scan::<FollowUp>() {
            let f = f?;
            let safeguarding = matches!(f.subject, Subject::Case(c) if guarded.contains(&c));
            out.follow_up(&f, safeguarding);
        }
        let mut last: std::collections::HashMap<CaseId, DateTime<Utc>> = Default::default();
        for e in self.vault().scan::<TimelineEntry>() {
            let e: TimelineEntry = e?;
            let t = last.entry(e.case).or_insert(e.recorded_at);
            *t = (*t).max(e.recorded_at);
        }
        for case in self.vault().scan::<Case>() {
            let case = case?;
            let at = last.get(&case.id).copied().unwrap_or(case.updated_at);
            out.case(&CaseSummary::of(&case, at));
        }
        for r in self.vault().scan::<crate::domain::Referral>() {
            out.referral(&r?);
        }
        Ok(out)
    }
}
