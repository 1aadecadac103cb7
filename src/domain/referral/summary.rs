//! What travels with an outgoing referral: a short, fixed set of fields, never the
//! case. Plain data, so that a later signed exchange between organisations can carry it
//! as it is; [`ReferralSummary::to_text`] is the printable form.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::text::{inert, inert_lines};

/// The fields a recipient needs, worked out by the service from the referral, its
/// case and the client. Labels, not codes: it is read by people at another agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralSummary {
    /// Who refers: this organisation, as the settings name it.
    pub from: String,
    /// The worker making the referral.
    pub worker: String,
    /// Our case reference, for the recipient to quote back.
    pub our_reference: String,
    pub made_on: NaiveDate,
    /// The recipient, by name, or the kind of agency when none is chosen yet.
    pub to: String,
    pub agency_kind: String,
    /// The client's name as written.
    pub client: String,
    /// Languages the client speaks, and whether an interpreter is needed.
    pub languages: Vec<String>,
    pub interpreter_needed: bool,
    /// How the client may be contacted safely ("call: yes; voicemail: no; ...").
    pub safe_contact: String,
    /// A phone number, only when it is safe to call.
    pub phone: Option<String>,
    pub reason: String,
    /// What the worker chose to share, in their words.
    pub shared: String,
    /// What the client asked to be kept back.
    pub withheld: String,
    /// "Given by … on … (verbal)", or the override, or that none is recorded.
    pub consent: String,
}

impl ReferralSummary {
    /// The summary as plain text for printing or pasting into a letter, one field a
    /// line, every value made inert (it may hold anything a worker typed).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut line = |label: &str, value: &str| {
            let _ = writeln!(out, "{label:<18}{}", inert(value));
        };
        line("Referral from", &self.from);
        line("Worker", &self.worker);
        line("Our reference", &self.our_reference);
        line("Date", &self.made_on.format("%-d %B %Y").to_string());
        line("To", &self.to);
        line("Kind of agency", &self.agency_kind);
        line("Client", &self.client);
        let languages = if self.languages.is_empty() {
            "not recorded".to_string()
        } else {
            self.languages.join(", ")
        };
        let interpreter = if self.interpreter_needed {
            " (needs an interpreter)"
        } else {
            ""
        };
        line("Languages", &format!("{languages}{interpreter}"));
        line("Safe contact", &self.safe_contact);
        line("Phone", self.phone.as_deref().unwrap_or("not to be called"));
        line("Consent", &self.consent);
        let mut block = |label: &str, value: &str| {
            let shown = if value.trim().is_empty() {
                "(nothing)"
            } else {
                value.trim()
            };
            let _ = write!(out, "\n{label}:\n{}\n", inert_lines(shown));
        };
        block("Reason for referral", &self.reason);
        block("Shared with you", &self.shared);
        block("Withheld at the client's request", &self.withheld);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_summary_has_every_field_and_no_control_characters() {
        let s = ReferralSummary {
            from: "Kingston REC".into(),
            worker: "Sam Worker".into(),
            our_reference: "C-2026-0001".into(),
            made_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            to: "Citizens Advice Kingston".into(),
            agency_kind: "Citizens Advice".into(),
            client: "Amina Hassan".into(),
            languages: vec!["English".into(), "Somali".into()],
            interpreter_needed: false,
            safe_contact: "call: yes (weekday evenings); voicemail: no".into(),
            phone: Some("07700 900123".into()),
            reason: "Debt advice\x1b[2J".into(),
            shared: "Name, phone, the incident in outline".into(),
            withheld: String::new(),
            consent: "Given by the client on 1 December 2026 (verbal)".into(),
        };
        let text = s.to_text();
        assert!(text.contains("Our reference     C-2026-0001"));
        assert!(text.contains("English, Somali"));
        assert!(text.contains("Withheld at the client's request:\n(nothing)"));
        assert!(!text.contains('\x1b'), "{text}");
    }
}
