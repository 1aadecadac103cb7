//! Third-party reporting centres as the intake form and the users screen offer them.

use serde::{Deserialize, Serialize};

use super::{Caseline, Result};
use crate::domain::{Organisation, OrganisationId};

/// A reporting centre to choose: its id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Centre {
    pub id: OrganisationId,
    pub name: String,
}

impl Caseline {
    /// The directory's reporting centres, by name: for an intake taken from one, and
    /// for giving a centre's login its centre. A reporting centre's own login is
    /// offered only its centre.
    pub fn reporting_centres(&self) -> Result<Vec<Centre>> {
        self.require(super::Operation::Intake)?;
        let mine = self.my_centre();
        let mut centres = Vec::new();
        for org in self.vault().scan::<Organisation>() {
            let org = org?;
            if org.reporting_centre && mine.is_none_or(|m| m == org.id) {
                centres.push(Centre {
                    id: org.id,
                    name: org.name,
                });
            }
        }
        if self.is_centre() && mine.is_none() {
            centres.clear();
        }
        centres.sort_by_key(|c| c.name.to_lowercase());
        Ok(centres)
    }
}
