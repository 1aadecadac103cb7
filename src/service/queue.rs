//! Follow-up queues: what each worker should do today, most urgent first.
//!
//! Queues are answered from the due-date indexes, so sorting a hundred thousand
//! follow-ups needs no decryption; only the rows shown are decrypted.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::{Caseline, Result};
use crate::domain::{CaseId, CaseRef, FollowUp, FollowUpId, Priority, Subject, UserId};
use crate::store::indexes::{DueEntry, DueQuery, DueScan};

/// Whose follow-ups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The acting user's.
    Mine,
    Everyone,
    User(UserId),
}

/// When, relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Overdue,
    Today,
    /// The next seven days after today.
    Week,
    Later,
    /// Done or cancelled in the last [`DONE_DAYS`] days, most recently closed first.
    Done,
}

impl Bucket {
    pub const ALL: [Bucket; 5] = [
        Bucket::Overdue,
        Bucket::Today,
        Bucket::Week,
        Bucket::Later,
        Bucket::Done,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Bucket::Overdue => "overdue",
            Bucket::Today => "today",
            Bucket::Week => "this week",
            Bucket::Later => "later",
            Bucket::Done => "done",
        }
    }

    fn of(e: &DueEntry, today: NaiveDate) -> Bucket {
        match e.due {
            _ if !e.open => Bucket::Done,
            d if d < today => Bucket::Overdue,
            d if d == today => Bucket::Today,
            d if d <= today + Duration::days(7) => Bucket::Week,
            _ => Bucket::Later,
        }
    }
}

/// Which queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRequest {
    pub scope: Scope,
    /// Buckets to list; empty lists every open one.
    pub buckets: Vec<Bucket>,
    /// Only follow-ups of cases with a safeguarding concern.
    pub safeguarding_only: bool,
    /// The day queues are counted from.
    pub today: NaiveDate,
    /// Rows to return (counts cover everything).
    pub limit: usize,
}

/// One follow-up in a queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub id: FollowUpId,
    pub bucket: Bucket,
    pub due: NaiveDate,
    pub due_time: Option<NaiveTime>,
    /// Days overdue (negative: days to go).
    pub days_overdue: i64,
    pub priority: Priority,
    pub action: String,
    /// A statutory deadline: shown as "indicative: check".
    pub statutory: bool,
    pub safeguarding: bool,
    pub case: Option<(CaseId, CaseRef)>,
    pub assignee: Option<UserId>,
}

/// A queue: counts per bucket, and the most urgent rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    pub counts: Vec<(Bucket, usize)>,
    pub rows: Vec<QueueRow>,
}

/// How far back the "done" queue reaches, in days since closing.
pub const DONE_DAYS: i64 = 30;

/// The urgency order: most overdue first, then priority, safeguarding, statutory.
/// Closed ones (only ever sorted among themselves) go most recently closed first.
type Urgency = (
    i32,
    std::cmp::Reverse<Priority>,
    bool,
    bool,
    crate::domain::Id,
);

fn urgency(e: &DueEntry, safeguarding: bool) -> Urgency {
    use chrono::Datelike;
    let day = e.due.num_days_from_ce();
    (
        if e.open { day } else { -day },
        std::cmp::Reverse(e.priority),
        !safeguarding,
        !e.statutory,
        e.id,
    )
}

impl Caseline {
    /// The follow-ups of a queue, most urgent first.
    pub fn queue(&self, req: &QueueRequest) -> Result<QueueView> {
        self.require(crate::service::Operation::ReadCasework)?;
        // Entries due later than this week are only counted, unless they are listed
        // or filtered on: the overdue queue need not read the months ahead.
        let read_later =
            req.safeguarding_only || req.buckets.is_empty() || req.buckets.contains(&Bucket::Later);
        let until = (!read_later).then(|| req.today + Duration::days(8));
        let scan = self.due_entries(req.scope, req.today, true, until)?;
        let entries = scan.entries;
        let mut counts: HashMap<Bucket, usize> = HashMap::new();
        counts.insert(Bucket::Later, scan.counted);
        let mut picked: Vec<(DueEntry, bool, Bucket)> = Vec::new();
        for e in entries {
            let safeguarding = e.safeguarding;
            if req.safeguarding_only && !safeguarding {
                continue;
            }
            let bucket = Bucket::of(&e, req.today);
            *counts.entry(bucket).or_default() += 1;
            let wanted = if req.buckets.is_empty() {
                bucket != Bucket::Done
            } else {
                req.buckets.contains(&bucket)
            };
            if wanted {
                picked.push((e, safeguarding, bucket));
            }
        }
        picked.sort_by_key(|(e, s, _)| urgency(e, *s));
        let mut rows = Vec::with_capacity(req.limit.min(picked.len()));
        for (e, safeguarding, bucket) in picked.into_iter().take(req.limit) {
            let f = self.follow_up(FollowUpId(e.id))?;
            rows.push(self.queue_row(f, bucket, safeguarding, req.today));
        }
        let counts = Bucket::ALL
            .iter()
            .map(|b| (*b, counts.get(b).copied().unwrap_or(0)))
            .collect();
        Ok(QueueView { counts, rows })
    }

    fn queue_row(
        &self,
        f: FollowUp,
        bucket: Bucket,
        safeguarding: bool,
        today: NaiveDate,
    ) -> QueueRow {
        let case = match f.subject {
            Subject::Case(c) => self.summary(c).ok().flatten().map(|s| (c, s.reference)),
            Subject::Incident(_) => None,
        };
        QueueRow {
            id: f.id,
            bucket,
            due: f.due,
            due_time: f.due_time,
            days_overdue: (today - f.due).num_days(),
            priority: f.priority,
            action: f.action,
            statutory: f.statutory,
            safeguarding,
            case,
            assignee: f.assignee,
        }
    }

    /// Index entries of the open follow-ups in scope due before `until` (all of them
    /// when `None`) and of those closed in the last [`DONE_DAYS`] days (with `done`),
    /// plus how many open ones fall on or after `until`, counted but not read. Range
    /// scans: the years of closed follow-ups are never touched.
    fn due_entries(
        &self,
        scope: Scope,
        today: NaiveDate,
        done: bool,
        until: Option<NaiveDate>,
    ) -> Result<DueScan> {
        let user = match scope {
            // A volunteer's queues, whatever they ask for, hold only their follow-ups.
            _ if !self.sees_everything() => Some(self.actor().id),
            Scope::Mine => Some(self.actor().id),
            Scope::User(u) => Some(u),
            Scope::Everyone => None,
        };
        let query = DueQuery {
            assignee: user,
            open_before: until,
            closed_since: done.then(|| today - Duration::days(DONE_DAYS)),
        };
        Ok(self.vault().due_scan(&query)?)
    }

    /// Overdue and today's counts of the acting user's queue, for the home screen.
    pub fn my_counts(&self, today: NaiveDate) -> Result<(usize, usize)> {
        self.require(crate::service::Operation::ReadCasework)?;
        let mut overdue = 0;
        let mut due_today = 0;
        let until = Some(today + Duration::days(1));
        for e in self.due_entries(Scope::Mine, today, false, until)?.entries {
            match Bucket::of(&e, today) {
                Bucket::Overdue => overdue += 1,
                Bucket::Today => due_today += 1,
                _ => {}
            }
        }
        Ok((overdue, due_today))
    }
}
