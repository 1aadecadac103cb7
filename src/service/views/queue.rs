//! A follow-up queue with the names its rows need.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::Team;
use crate::domain::{CaseId, Subject};
use crate::service::{Caseline, QueueRequest, QueueRow, QueueView, Result};

/// A follow-up queue and the names its rows need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueData {
    pub view: QueueView,
    pub team: Team,
    /// Whom each row is about, in the rows' order: a case's client, or the caller an
    /// intake was taken from. A "Call back" says nothing by itself of whom to call.
    pub clients: Vec<Option<String>>,
}

impl Caseline {
    /// A queue as its screen shows it.
    pub fn queue_view(&self, req: &QueueRequest) -> Result<QueueData> {
        self.require(crate::service::Operation::ReadCasework)?;
        let view = self.queue(req)?;
        let mut cases = HashMap::new();
        let clients = view
            .rows
            .iter()
            .map(|r| self.row_client(r, &mut cases))
            .collect();
        Ok(QueueData {
            view,
            team: self.team()?,
            clients,
        })
    }

    /// The client of a queue row; `cases` keeps those already read, as a case's
    /// follow-ups often come together. A name that cannot be read is left out, not
    /// the queue.
    fn row_client(
        &self,
        row: &QueueRow,
        cases: &mut HashMap<CaseId, Option<String>>,
    ) -> Option<String> {
        if let Some((id, _)) = row.case {
            return cases
                .entry(id)
                .or_insert_with(|| self.client_name(id).ok().flatten())
                .clone();
        }
        let Subject::Incident(id) = self.follow_up(row.id).ok()?.subject else {
            return None;
        };
        self.caller(&self.incident(id).ok()?)
    }
}
