//! Statutory clocks: deadlines nobody can afford to miss, made into urgent follow-ups.
//!
//! - An employment case with the date of the act complained of gets the Employment
//!   Tribunal time limit (three months less one day from that date) and, well before
//!   it, a reminder to start ACAS early conciliation, which must come first.
//! - A hate-crime case reported to the police with no crime reference gets a "chase
//!   police" follow-up seven days after the report.
//!
//! All are labelled "indicative: check": the worker confirms the dates. A rule makes its
//! follow-up once per case (recorded in a plain index); if the date it hangs on changes,
//! the open follow-up moves with it.

use chrono::{Duration, Months, NaiveDate};

use super::{Caseline, Result};
use crate::domain::{
    Answer, Case, FollowUp, FollowUpId, FollowUpState, Id, Incident, Priority, Subject,
};
use crate::store::Changes;

/// Days before the tribunal time limit that the ACAS reminder falls due.
pub const ACAS_LEAD_DAYS: i64 = 28;
/// Days after a police report with no crime reference before chasing.
pub const CHASE_POLICE_DAYS: i64 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Tribunal = 1,
    Acas = 2,
    ChasePolice = 3,
}

/// The Employment Tribunal time limit for an act on `act`: three months less one day.
pub fn tribunal_deadline(act: NaiveDate) -> Option<NaiveDate> {
    act.checked_add_months(Months::new(3))?
        .checked_sub_signed(Duration::days(1))
}

fn rule_key(case: Id, rule: Rule) -> Vec<u8> {
    let mut k = case.to_bytes().to_vec();
    k.push(rule as u8);
    k
}

/// A follow-up a rule calls for: when, and what to do.
struct Due {
    rule: Rule,
    due: NaiveDate,
    priority: Priority,
    action: String,
}

impl Caseline {
    fn clock_dues(&self, case: &Case, pending: &[Incident]) -> Result<Vec<Due>> {
        let mut dues = Vec::new();
        if case.kind == "employment"
            && let Some(deadline) = case.act_complained_of.and_then(tribunal_deadline)
        {
            let shown = deadline.format("%-d %B %Y");
            dues.push(Due {
                rule: Rule::Tribunal,
                due: deadline,
                priority: Priority::Urgent,
                action: format!(
                    "Employment Tribunal time limit {shown} (indicative: check; ACAS first)"
                ),
            });
            dues.push(Due {
                rule: Rule::Acas,
                due: deadline - Duration::days(ACAS_LEAD_DAYS),
                priority: Priority::Urgent,
                action: format!("Start ACAS early conciliation before {shown} (indicative: check)"),
            });
        }
        if case.kind == "hate_crime" {
            for id in &case.incidents {
                let i = match pending.iter().find(|i| i.id == *id) {
                    Some(i) => i.clone(),
                    None => self.incident(*id)?,
                };
                if i.police.reported == Answer::Yes && i.police.crime_reference.is_none() {
                    // The London day of the report: just after midnight in summer,
                    // the UTC day is still the one before.
                    let reported = i
                        .police
                        .reported_at
                        .map(|t| t.date())
                        .unwrap_or(crate::domain::clock::local(i.reported_at).date_naive());
                    dues.push(Due {
                        rule: Rule::ChasePolice,
                        due: reported + Duration::days(CHASE_POLICE_DAYS),
                        priority: Priority::High,
                        action: "Chase the police for a crime reference (indicative: check)".into(),
                    });
                    break;
                }
            }
        }
        Ok(dues)
    }

    /// Stages the follow-ups the statutory rules call for on `case` (as it will be once
    /// `changes` land): new ones made, open ones moved to a changed date.
    pub(crate) fn stage_clocks(&self, changes: &mut Changes<'_>, case: &Case) -> Result<()> {
        self.stage_clocks_with(changes, case, &[])
    }

    /// [`Caseline::stage_clocks`], with incidents of the case that `changes` also
    /// writes: the rules read those rather than the stored ones.
    pub(crate) fn stage_clocks_with(
        &self,
        changes: &mut Changes<'_>,
        case: &Case,
        pending: &[Incident],
    ) -> Result<()> {
        let safeguarding = !case.safeguarding.is_empty();
        let dues = self.clock_dues(case, pending)?;
        for rule in [Rule::Tribunal, Rule::Acas, Rule::ChasePolice] {
            let key = rule_key(case.id.0, rule);
            let existing = self.statutory(&key)?;
            match (dues.iter().find(|d| d.rule == rule), existing) {
                (Some(due), None) => self.make_statutory(changes, case, due, key, safeguarding),
                (Some(due), Some((old, computed))) => {
                    // Move the follow-up only when the date it hangs on changed: a worker
                    // may have snoozed it on purpose.
                    let mut moved = old.clone();
                    if computed != due.due {
                        moved.due = due.due;
                        moved.action = due.action.clone();
                    }
                    if moved.assignee != case.assigned_to && case.assigned_to.is_some() {
                        moved.assignee = case.assigned_to;
                    }
                    if old.is_open() && moved != old {
                        changes.index_statutory(key, old.id, due.due);
                        self.stage_follow_up_with(changes, Some(&old), &moved, safeguarding);
                    }
                }
                (None, Some((old, _))) if old.is_open() => {
                    // The rule no longer applies (date cleared, kind changed): the deadline
                    // is withdrawn rather than left to mislead.
                    let mut cancelled = old.clone();
                    cancelled.state = FollowUpState::Cancelled {
                        at: self.now(),
                        by: self.actor().id,
                    };
                    self.stage_follow_up_with(changes, Some(&old), &cancelled, safeguarding);
                }
                (None, _) => {}
            }
        }
        Ok(())
    }

    /// The follow-up a rule made for a case, and the date the rule computed for it.
    fn statutory(&self, key: &[u8]) -> Result<Option<(FollowUp, NaiveDate)>> {
        let Some((id, computed)) = self.vault().statutory(key)? else {
            return Ok(None);
        };
        let f = self.follow_up(id)?;
        let computed = computed.unwrap_or(f.due);
        Ok(Some((f, computed)))
    }

    fn make_statutory(
        &self,
        changes: &mut Changes<'_>,
        case: &Case,
        due: &Due,
        key: Vec<u8>,
        safeguarding: bool,
    ) {
        let f = FollowUp {
            id: FollowUpId::new(),
            subject: Subject::Case(case.id),
            due: due.due,
            due_time: None,
            assignee: case.assigned_to,
            priority: due.priority,
            action: due.action.clone(),
            statutory: true,
            state: FollowUpState::Open,
            created_at: self.now(),
            created_by: self.actor().id,
        };
        changes.index_statutory(key, f.id, due.due);
        self.stage_follow_up_with(changes, None, &f, safeguarding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn three_months_less_one_day() {
        assert_eq!(tribunal_deadline(d(2026, 1, 10)), Some(d(2026, 4, 9)));
        // Month ends: 30 November + 3 months is 28 February (2027 is not a leap year).
        assert_eq!(tribunal_deadline(d(2026, 11, 30)), Some(d(2027, 2, 27)));
        assert_eq!(tribunal_deadline(d(2027, 11, 30)), Some(d(2028, 2, 28)));
        assert_eq!(tribunal_deadline(d(2026, 3, 31)), Some(d(2026, 6, 29)));
    }
}
