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
    /// Every link holds, up to entry `head` (`entries` of them), and the anchor, when
    /// one was given, matches.
    Verified {
        head: u64,
        entries: u64,
        /// The chain's head as `SEQ:HASH`, to keep elsewhere.
        anchor: String,
    },
    /// The first broken link: its entry and what is wrong there.
    Broken { seq: u64, problem: String },
}

/// Whether `text` is an anchor as `caseline audit anchor` prints it (`SEQ:HASH`); why
/// not, in words, when it is not.
pub fn check_anchor(text: &str) -> std::result::Result<(), String> {
    text.parse::<crate::store::Anchor>().map(|_| ())
}

impl Caseline {
    /// One page of the log: one entry more than asked for is read, to know whether
    /// there are more.
    pub fn audit_page(&self, q: AuditQuery) -> Result<AuditPage> {
        let want = q.limit;
        let mut rows = self.audit_log(&AuditQuery {
            limit: want.saturating_add(1),
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
        self.chain_check_to(None)
    }

    /// The chain checked up to an anchor (`SEQ:HASH`, as `caseline audit anchor`
    /// printed it), or whole.
    pub fn chain_check_to(&self, anchor: Option<&str>) -> Result<ChainCheck> {
        let anchor = match anchor {
            None => None,
            Some(text) => Some(text.parse::<crate::store::Anchor>().map_err(|e| {
                let mut p = crate::domain::Problems::new();
                p.add("anchor", e);
                crate::service::Error::invalid("audit check", p)
            })?),
        };
        Ok(match self.verify_audit(anchor)? {
            Ok(summary) => ChainCheck::Verified {
                head: summary.head.seq,
                entries: summary.entries,
                anchor: summary.head.to_string(),
            },
            Err(b) => ChainCheck::Broken {
                seq: b.seq,
                problem: b.problem,
            },
        })
    }
}
