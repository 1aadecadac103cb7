//! A follow-up queue with the names its rows need.

use serde::{Deserialize, Serialize};

use super::Team;
use crate::service::{Caseline, QueueRequest, QueueView, Result};

/// A follow-up queue and the names its rows need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueData {
    pub view: QueueView,
    pub team: Team,
}

impl Caseline {
    /// A queue as its screen shows it.
    pub fn queue_view(&self, req: &QueueRequest) -> Result<QueueData> {
        Ok(QueueData {
            view: self.queue(req)?,
            team: self.team()?,
        })
    }
}
