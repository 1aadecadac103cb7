//! The templates caseline comes with, one for each kind of letter the work needs. An
//! administrator can edit them (the edited copy stands in for the built-in one) or
//! add others.

use chrono::NaiveDate;

use super::facts::{ChronologyLine, Client, Facts, Recipient};
use crate::domain::Answer;

/// A template that comes with caseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltIn {
    pub name: &'static str,
    pub title: &'static str,
    pub body: &'static str,
}

macro_rules! built_in {
    ($name:literal, $title:literal) => {
        BuiltIn {
            name: $name,
            title: $title,
            body: include_str!(concat!("templates/", $name, ".txt")),
        }
    };
}

/// Every built-in template, in the order lists show them.
pub const BUILT_IN: [BuiltIn; 7] = [
    built_in!("housing-complaint", "Complaint to a housing provider"),
    built_in!("employer-grievance", "Grievance to an employer"),
    built_in!("appeal", "Appeal against a decision"),
    built_in!("school", "Letter to a school"),
    built_in!("council", "Letter to the council"),
    built_in!("referral", "Referral to another agency"),
    built_in!(
        "subject-access",
        "Subject access request on the client's behalf"
    ),
];

/// Facts with every field present, to try a template on before it is saved.
pub(super) fn sample_facts() -> Facts {
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default();
    Facts {
        today: day(6, 1),
        organisation: "Race Equality Council".into(),
        worker: "A Worker".into(),
        case_reference: "C-2026-0001".into(),
        case_kind: "Housing".into(),
        client: Some(Client {
            name: "A Client".into(),
            address: Some("1 High Street, Kingston, KT1 1AA".into()),
            may_write: Answer::Yes,
        }),
        recipient: Recipient {
            name: "A Housing Association".into(),
            role: "housing provider".into(),
            address: Some("2 Market Place, Kingston, KT1 1JS".into()),
            contact: Some("Ms A Officer".into()),
        },
        acts: vec![day(3, 3)],
        chronology: vec![ChronologyLine {
            on: day(3, 3),
            kind: "note".into(),
            text: "What happened.".into(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_template_renders_with_every_field() {
        for t in BUILT_IN {
            let mut p = crate::domain::Problems::new();
            crate::domain::letter::check_template_name(&mut p, "name", t.name);
            assert!(p.is_empty(), "{}", t.name);
            if let Err(e) = super::super::check_template(t.name, t.body) {
                panic!("{}: {e}", t.name);
            }
        }
    }
}
