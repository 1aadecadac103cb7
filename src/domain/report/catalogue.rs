//! The reports there are, what each is called on the command line, and the options
//! each takes: the one list the command line, the screen and the service share.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportName {
    HateCrime,
    Casework,
    WhoWeServe,
    Referrals,
    ThirdParty,
    Scorecard,
    Directory,
}

/// An option a report may take besides the period and the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportOption {
    /// Only cases of one kind (a `case_kind` code).
    Kind,
    /// Only referrals in, or only out.
    Direction,
}

impl ReportOption {
    /// The option as typed: `--kind`.
    pub fn flag(self) -> &'static str {
        match self {
            ReportOption::Kind => "--kind CODE",
            ReportOption::Direction => "--direction in|out",
        }
    }
}

impl ReportName {
    pub const ALL: [ReportName; 7] = [
        ReportName::HateCrime,
        ReportName::Casework,
        ReportName::WhoWeServe,
        ReportName::Referrals,
        ReportName::ThirdParty,
        ReportName::Scorecard,
        ReportName::Directory,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ReportName::HateCrime => "hate-crime",
            ReportName::Casework => "casework",
            ReportName::WhoWeServe => "who-we-serve",
            ReportName::Referrals => "referrals",
            ReportName::ThirdParty => "third-party",
            ReportName::Scorecard => "scorecard",
            ReportName::Directory => "directory",
        }
    }

    /// The heading on screen and in files.
    pub fn title(self) -> &'static str {
        match self {
            ReportName::HateCrime => "Hate crime",
            ReportName::Casework => "Casework",
            ReportName::WhoWeServe => "Who we serve",
            ReportName::Referrals => "Referrals",
            ReportName::ThirdParty => "Third-party reporting",
            ReportName::Scorecard => "Race Equality Scorecard",
            ReportName::Directory => "Directory consultations",
        }
    }

    /// What it counts, in a line.
    pub fn describe(self) -> &'static str {
        match self {
            ReportName::HateCrime => {
                "incidents reported, by strand, month, police, postcode district, kind of place"
            }
            ReportName::Casework => {
                "cases opened, open and closed by kind; outcomes; follow-ups on time"
            }
            ReportName::WhoWeServe => {
                "clients, each once: ethnic group, religion, sex, age, disability, language"
            }
            ReportName::Referrals => {
                "referrals in and out by kind of agency and status; days to an answer"
            }
            ReportName::ThirdParty => "reports from reporting centres by month and consent",
            ReportName::Scorecard => "cases and referrals by the seven scorecard areas",
            ReportName::Directory => "consultations per community group or partner",
        }
    }

    /// The options it takes besides the period and the output.
    pub fn options(self) -> &'static [ReportOption] {
        match self {
            ReportName::Casework | ReportName::WhoWeServe => &[ReportOption::Kind],
            ReportName::Referrals => &[ReportOption::Direction],
            _ => &[],
        }
    }

    /// The report's options as typed, for messages and `report list`.
    pub fn option_flags(self) -> String {
        let flags: Vec<&str> = self.options().iter().map(|o| o.flag()).collect();
        if flags.is_empty() {
            "none".to_string()
        } else {
            flags.join(", ")
        }
    }
}

impl fmt::Display for ReportName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ReportName {
    type Err = String;
    fn from_str(s: &str) -> Result<ReportName, String> {
        let wanted = s.trim().replace('_', "-").to_lowercase();
        ReportName::ALL
            .into_iter()
            .find(|r| r.name() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = ReportName::ALL.iter().map(|r| r.name()).collect();
                format!(
                    "there is no report `{}`; the reports are: {}",
                    s.trim(),
                    names.join(", ")
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        for r in ReportName::ALL {
            assert_eq!(r.name().parse::<ReportName>(), Ok(r));
        }
        assert_eq!(
            "Hate_Crime".parse::<ReportName>(),
            Ok(ReportName::HateCrime)
        );
        let e = "crimes".parse::<ReportName>().unwrap_err();
        assert!(e.contains("`crimes`") && e.contains("who-we-serve"), "{e}");
    }
}
