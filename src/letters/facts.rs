//! What a letter can say about its case, and what is missing: each field under the
//! name templates use (`recipient.address`), with its value or why it has none.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use minijinja::Value;
use serde::{Deserialize, Serialize};

use crate::domain::Answer;

/// The case's facts, gathered by the service for one letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub today: NaiveDate,
    pub organisation: String,
    /// The worker writing, by name.
    pub worker: String,
    pub case_reference: String,
    /// The kind of case, in words.
    pub case_kind: String,
    /// The person on the case as complainant or victim, if any.
    pub client: Option<Client>,
    pub recipient: Recipient,
    /// Dates of the acts complained of, earliest first.
    pub acts: Vec<NaiveDate>,
    /// The chosen timeline entries, in date order.
    pub chronology: Vec<ChronologyLine>,
}

/// The client, as far as a letter may name them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    pub name: String,
    pub address: Option<String>,
    /// Whether it is safe to write to them (their safe-contact answer).
    pub may_write: Answer,
}

/// The organisation written to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub name: String,
    /// Its part in the case, in words ("employer"), for what is missing.
    pub role: String,
    pub address: Option<String>,
    pub contact: Option<String>,
}

/// One dated line of the chronology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChronologyLine {
    pub on: NaiveDate,
    /// The kind of entry, in words ("phone call").
    pub kind: String,
    /// What the entry says, on one line.
    pub text: String,
}

/// A date as a British letter writes it: `3 March 2026`.
pub fn long_date(d: NaiveDate) -> String {
    format!("{} {}", d.day(), d.format("%B %Y"))
}

/// Why a field has no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Gap {
    /// Not on file: the worker may fill it by hand.
    Missing(String),
    /// Must not go in a letter: filling it by hand is refused too.
    Refused(String),
}

/// Every field a template can use, with its value or its gap.
pub(super) fn fields(f: &Facts) -> Vec<(&'static str, Result<String, Gap>)> {
    let missing = |what: String| Err(Gap::Missing(what));
    let mut out: Vec<(&'static str, Result<String, Gap>)> = vec![
        ("today", Ok(long_date(f.today))),
        ("organisation.name", Ok(f.organisation.clone())),
        ("worker.name", Ok(f.worker.clone())),
        ("case.reference", Ok(f.case_reference.clone())),
        ("case.kind", Ok(f.case_kind.clone())),
    ];
    let no_client = "the case has no client (a person linked as complainant or victim)";
    match &f.client {
        None => {
            out.push(("client.name", missing(no_client.into())));
            out.push(("client.address", missing(no_client.into())));
        }
        Some(c) => {
            out.push(("client.name", Ok(c.name.clone())));
            out.push(("client.address", client_address(c)));
        }
    }
    let r = &f.recipient;
    let role = if r.role.trim().is_empty() {
        "recipient".to_string()
    } else {
        r.role.to_lowercase()
    };
    out.push(("recipient.name", Ok(r.name.clone())));
    out.push(("recipient.role", Ok(role.clone())));
    let address = r.address.clone();
    out.push((
        "recipient.address",
        address.ok_or_else(|| Gap::Missing(format!("the {role}'s address is not on file"))),
    ));
    let contact = r.contact.clone();
    out.push((
        "recipient.contact",
        contact.ok_or_else(|| Gap::Missing(format!("the {role}'s contact person is not on file"))),
    ));
    let greeting = r.contact.clone().unwrap_or_else(|| "Sir or Madam".into());
    out.push(("recipient.greeting", Ok(greeting)));
    let no_acts = "the dates of the acts complained of are not on file";
    if f.acts.is_empty() {
        out.push(("acts.dates", missing(no_acts.into())));
        out.push(("acts.first", missing(no_acts.into())));
    } else {
        out.push(("acts.dates", Ok(and_list(&f.acts))));
        out.push(("acts.first", Ok(long_date(f.acts[0]))));
    }
    out
}

/// The client's address, if their safe-contact rules allow writing to them.
fn client_address(c: &Client) -> Result<String, Gap> {
    match c.may_write {
        Answer::No => Err(Gap::Refused(
            "the client has said it is not safe to write to them, so their address \
             cannot go in a letter"
                .into(),
        )),
        Answer::Unknown => Err(Gap::Refused(
            "the client has not said whether it is safe to write to them: record their \
             answer under safe contact first"
                .into(),
        )),
        Answer::Yes => c
            .address
            .clone()
            .ok_or_else(|| Gap::Missing("the client's address is not on file".into())),
    }
}

/// `3 March 2026, 5 April 2026 and 6 May 2026`.
fn and_list(dates: &[NaiveDate]) -> String {
    let words: Vec<String> = dates.iter().map(|d| long_date(*d)).collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => words.join(""),
    }
}

/// The template's variables: each present (or filled) field under its dotted name,
/// and the chronology as a list of `date`, `kind`, `text`.
pub(super) fn context(values: &BTreeMap<&'static str, String>, f: &Facts) -> Value {
    let mut top: BTreeMap<String, Value> = BTreeMap::new();
    let mut groups: BTreeMap<&str, BTreeMap<String, Value>> = BTreeMap::new();
    for (path, value) in values {
        match path.split_once('.') {
            Some((group, name)) => {
                groups
                    .entry(group)
                    .or_default()
                    .insert(name.to_string(), Value::from(value.as_str()));
            }
            None => {
                top.insert(path.to_string(), Value::from(value.as_str()));
            }
        }
    }
    for (group, map) in groups {
        top.insert(group.to_string(), Value::from(map));
    }
    if !f.chronology.is_empty() {
        let lines: Vec<Value> = f
            .chronology
            .iter()
            .map(|l| {
                let mut m = BTreeMap::new();
                m.insert("date", Value::from(long_date(l.on)));
                m.insert("kind", Value::from(l.kind.as_str()));
                m.insert("text", Value::from(l.text.as_str()));
                Value::from(m)
            })
            .collect();
        top.insert("chronology".into(), Value::from(lines));
    }
    Value::from(top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_out_and_joined_with_and() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(long_date(d(3, 3)), "3 March 2026");
        assert_eq!(and_list(&[d(3, 3)]), "3 March 2026");
        assert_eq!(
            and_list(&[d(3, 3), d(4, 5), d(5, 6)]),
            "3 March 2026, 5 April 2026 and 6 May 2026"
        );
    }
}
