//! The settings an administrator changes on screen: how many consultations of one
//! group in 90 days make logging another warn, and how long a sent referral waits for
//! an answer before it is chased, by kind of agency. One dialog, one audited change.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Caseline, Error, Result};
use crate::domain::ChaseDays;
use crate::domain::{ListKind, Problems};

/// The most consultations in 90 days the limit may be set to.
pub const MAX_CONSULTATION_LIMIT: u32 = 1000;

/// The most days a referral may be set to wait before it is chased.
pub const MAX_CHASE_DAYS: u32 = ChaseDays::MAX;

/// The directory's and the referrals' settings, as the dialog shows and sends them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkSettings {
    /// Consultations of one group in 90 days beyond which logging another warns.
    pub consultation_limit: u32,
    /// Days a sent referral waits before it is chased, for agencies of no kind below.
    pub chase_default_days: u32,
    /// Other waits for some kinds of agency (codes of the `agency_kind` list).
    pub chase_by_kind: BTreeMap<String, u32>,
}

impl Caseline {
    /// The settings as they are (administrators).
    pub fn work_settings(&self) -> Result<WorkSettings> {
        self.require(super::Operation::WorkSettings)?;
        let s = self.settings();
        Ok(WorkSettings {
            consultation_limit: s.consultation_limit,
            chase_default_days: s.referral_chase.default_days,
            chase_by_kind: s.referral_chase.by_kind.clone(),
        })
    }

    /// Changes them all at once (administrators): each number is checked and named
    /// when wrong (`consultation_limit`, `chase.default`, `chase.<kind>`), and the
    /// audit entry says what changed.
    pub fn set_work_settings(&self, new: WorkSettings) -> Result<()> {
        self.require(super::Operation::WorkSettings)?;
        let mut p = Problems::new();
        p.check(
            !(1..=MAX_CONSULTATION_LIMIT).contains(&new.consultation_limit),
            "consultation_limit",
            &format!("must be a number from 1 to {MAX_CONSULTATION_LIMIT}"),
        );
        let days = format!("must be a number of days from 1 to {}", ChaseDays::MAX);
        p.check(
            !(1..=ChaseDays::MAX).contains(&new.chase_default_days),
            "chase.default",
            &days,
        );
        let kinds = self.reference_list(ListKind::AgencyKind);
        for (kind, d) in &new.chase_by_kind {
            let field = format!("chase.{kind}");
            if !kinds.contains(kind) {
                p.add(&field, "is not in the agency kind list");
            }
            p.check(!(1..=ChaseDays::MAX).contains(d), &field, &days);
        }
        p.into_result().map_err(|p| Error::invalid("settings", p))?;
        let detail = self.said_changed(&new);
        self.change_settings(detail, |s| {
            s.consultation_limit = new.consultation_limit;
            s.referral_chase = ChaseDays {
                default_days: new.chase_default_days,
                by_kind: new.chase_by_kind,
            };
        })
    }

    /// What the change changes, for the audit log: "consultation limit 3 to 5;
    /// police chased after 28 days (was the default)".
    fn said_changed(&self, new: &WorkSettings) -> String {
        let s = self.settings();
        let mut said = Vec::new();
        if s.consultation_limit != new.consultation_limit {
            said.push(format!(
                "consultation limit {} to {}",
                s.consultation_limit, new.consultation_limit
            ));
        }
        let chase = &s.referral_chase;
        if chase.default_days != new.chase_default_days {
            said.push(format!(
                "referrals chased after {} days (was {})",
                new.chase_default_days, chase.default_days
            ));
        }
        let kinds = chase.by_kind.keys().chain(new.chase_by_kind.keys());
        let kinds: std::collections::BTreeSet<&String> = kinds.collect();
        for kind in kinds {
            let was = chase.by_kind.get(kind);
            let now = new.chase_by_kind.get(kind);
            let days = |d: Option<&u32>| d.map_or("the default".into(), |d| format!("{d} days"));
            if was != now {
                said.push(format!(
                    "{kind} chased after {} (was {})",
                    days(now),
                    days(was)
                ));
            }
        }
        if said.is_empty() {
            "settings saved unchanged".into()
        } else {
            said.join("; ")
        }
    }
}
