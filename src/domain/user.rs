//! Users of caseline and their roles.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ids::{OrganisationId, UserId};
use super::validation::{Problems, check_line};

/// What a user may do. Enforced in the service layer.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Users, backups, exports, reference lists, everything.
    Administrator,
    /// All cases, intake, referrals, reports.
    Caseworker,
    /// Intake, and only the cases and follow-ups assigned to them or that they created.
    Volunteer,
    /// A partner organisation's staff: intakes for their own centre, and only the
    /// reports their centre made.
    ReportingCentre,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Caseworker => "caseworker",
            Role::Volunteer => "volunteer",
            Role::ReportingCentre => "reporting-centre",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "administrator" | "admin" => Ok(Role::Administrator),
            "caseworker" | "worker" => Ok(Role::Caseworker),
            "volunteer" => Ok(Role::Volunteer),
            "reporting-centre" | "reporting_centre" | "centre" => Ok(Role::ReportingCentre),
            _ => Err(format!(
                "unknown role `{s}`: use administrator, caseworker, volunteer or reporting-centre"
            )),
        }
    }
}

/// A user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub id: UserId,
    /// What they type to sign in: lower-case letters, digits, `.`, `-`, `_`.
    pub login: String,
    pub display_name: String,
    pub role: Role,
    /// The reporting centre (an organisation) a reporting-centre login works for.
    #[serde(default)]
    pub centre: Option<OrganisationId>,
    pub active: bool,
    /// The built-in account that the recovery key signs in as.
    pub recovery: bool,
    pub created_at: DateTime<Utc>,
}

impl User {
    /// Rules every stored user meets.
    pub fn validate(&self) -> Problems {
        let mut p = Problems::new();
        p.check(
            !is_login(&self.login),
            "login",
            "use 1 to 32 lower-case letters, digits, '.', '-' or '_'",
        );
        p.check(
            self.display_name.trim().is_empty(),
            "display_name",
            "must not be empty",
        );
        check_line(&mut p, "display_name", &self.display_name);
        p.check(
            self.role == Role::ReportingCentre && self.centre.is_none(),
            "centre",
            "a reporting centre's login needs its centre",
        );
        p.check(
            self.role != Role::ReportingCentre && self.centre.is_some(),
            "centre",
            "only a reporting centre's login belongs to a centre",
        );
        p
    }
}

/// A valid login name.
pub fn is_login(s: &str) -> bool {
    (1..=32).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c))
}
