//! The audit screen's pages and the chain check.

use serde::{Deserialize, Serialize};

use crate::domain::CaseRef;
use crate::service::{AuditQuery, AuditRow, Caseline, Result};

/// A page of audit entries, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub query: AuditQuery,
    pub rows: Vec<AuditRow>,
    /// Whether older entries match too (another page can be loaded).
    pub more: bool,
}

/// What checking the audit chain found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChainCheck {
    /// Every link holds, up to entry `head`.
    Verified { head: u64 },
    /// The first broken link: its entry and what is wrong there.
    Broken { seq: u64, problem: String },
}

impl Caseline {
    /// One page of the log: one entry more than asked for is read, to know whether
    /// there are more.
    pub fn audit_page(&self, q: AuditQuery) -> Result<AuditPage> {
        let want = q.limit;
        let mut rows = self.audit_log(&AuditQuery {
            limit: want + 1,
            ..q.clone()
        })?;
        let more = rows.len() > want;
        rows.truncate(want);
        Ok(AuditPage {
            query: q,
            rows,
            more,
        })
    }

    /// A case's access history: the newest `limit` entries about it.
    pub fn access_history(&self, case: CaseRef, limit: usize) -> Result<AuditPage> {
        self.audit_page(AuditQuery {
            case: Some(case),
            limit,
            ..AuditQuery::default()
        })
    }

    /// The whole chain checked, as the screen shows it.
    pub fn chain_check(&self) -> Result<ChainCheck> {
        Ok(match self.verify_audit(None)? {
            Ok(summary) => ChainCheck::Verified {
                head: summary.head.seq,
            },
            Err(b) => ChainCheck::Broken {
                seq: b.seq,
                problem: b.problem,
            },
        })
    }
}
