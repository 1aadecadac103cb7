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

/// The centre called `name` among `centres`: the one of that name (any case), or the
/// only one whose name contains it. The refusal says which, in words.
pub fn centre_named(centres: &[Centre], name: &str) -> std::result::Result<OrganisationId, String> {
    let wanted = name.trim().to_lowercase();
    if let Some(c) = centres.iter().find(|c| c.name.to_lowercase() == wanted) {
        return Ok(c.id);
    }
    let near: Vec<_> = centres
        .iter()
        .filter(|c| c.name.to_lowercase().contains(&wanted))
        .collect();
    let name = crate::domain::text::inert(name.trim());
    match near.as_slice() {
        [one] if !wanted.is_empty() => Ok(one.id),
        [] => Err(format!(
            "there is no reporting centre called `{name}` in the directory"
        )),
        many => Err(format!(
            "`{name}` could be any of {} reporting centres: give more of the name",
            many.len()
        )),
    }
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
