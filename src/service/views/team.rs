//! The workers a screen names: assignees, authors, the signed-in user.

use serde::{Deserialize, Serialize};

use crate::domain::UserId;
use crate::service::{Caseline, Result};

/// A worker, for names on screen and for pick lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: UserId,
    pub login: String,
    pub name: String,
    /// Only active workers can be given work.
    pub active: bool,
}

/// Everyone who can appear as a worker, and who is signed in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub me: Option<UserId>,
    pub members: Vec<Member>,
}

impl Team {
    /// The member signing in as `login` (as typed: any case, spaces around it).
    pub fn by_login(&self, login: &str) -> Option<&Member> {
        let wanted = login.trim().to_lowercase();
        self.members.iter().find(|m| m.login == wanted)
    }

    /// A worker's display name as stored (callers make it inert), or a dash.
    pub fn name(&self, id: Option<UserId>) -> String {
        match id {
            None => "—".into(),
            Some(id) => self
                .members
                .iter()
                .find(|m| m.id == id)
                .map(|m| m.name.clone())
                .unwrap_or_else(|| "(unknown)".into()),
        }
    }
}

impl Caseline {
    /// Every user who can appear as a worker; the recovery account is never given work.
    pub fn team(&self) -> Result<Team> {
        self.require(crate::service::Operation::ReadCasework)?;
        let mut members = Vec::new();
        for u in self.users() {
            let u = u?;
            members.push(Member {
                id: u.id,
                login: u.login,
                active: u.active && !u.recovery,
                name: u.display_name,
            });
        }
        Ok(Team {
            me: Some(self.actor().id),
            members,
        })
    }
}
