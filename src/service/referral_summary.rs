//! What an outgoing referral sends (the fixed [`ReferralSummary`]) and what an incoming
//! one brings to the intake form (its [`IncomingSource`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Caseline, Error, Result};
use crate::domain::fold::fold;
use crate::domain::{
    Answer, ConsentMethod, ListKind, OrganisationId, Problems, Referral, ReferralId,
    ReferralSummary, SafeContact,
};

/// Where an incoming referral came from, for the intake it opens: the intake form's
/// `referral_source` code and a line for its notes naming the organisation, their
/// reference and the day received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomingSource {
    pub organisation: String,
    pub their_reference: Option<String>,
    pub received_on: NaiveDate,
    /// A code from the `referral_source` list, matched from the kind of agency.
    pub referral_source: String,
    /// "Referred by … (their reference …), received …", for the intake's narrative.
    pub said: String,
}

impl Caseline {
    /// The summary that travels with an outgoing referral: a read of the case's client
    /// and the referral, audited as a view of the case.
    pub fn referral_summary(&self, id: ReferralId) -> Result<ReferralSummary> {
        self.require(super::Operation::ReadCasework)?;
        let r = self.referral(id)?;
        let case = self.view_case(r.case)?;
        let client = case
            .people
            .iter()
            .find(|p| p.role == "complainant_or_victim")
            .or(case.people.first())
            .map(|cp| self.person(cp.person))
            .transpose()?;
        let (name, languages, interpreter, safe, phone) = match &client {
            Some(p) => (
                p.display_name(),
                self.labels(ListKind::Language, &p.languages),
                p.interpreter_needed,
                safe_contact_words(&p.safe_contact),
                p.contact
                    .phone
                    .clone()
                    .filter(|_| p.safe_contact.call == Answer::Yes),
            ),
            None => (
                "(no client on the case)".into(),
                Vec::new(),
                false,
                "not recorded".into(),
                None,
            ),
        };
        let worker = self.user(r.created_by).map(|u| u.display_name)?;
        Ok(ReferralSummary {
            from: self.settings().organisation.clone(),
            worker,
            our_reference: case.reference.to_string(),
            made_on: r.sent_on.unwrap_or(r.on),
            to: self.referral_party(&r, &super::case_links::Made::Nothing)?,
            agency_kind: self.label(ListKind::AgencyKind, &r.agency_kind),
            client: name,
            languages,
            interpreter_needed: interpreter,
            safe_contact: safe,
            phone,
            reason: r.reason.clone(),
            shared: r.shared.clone(),
            withheld: r
                .consent
                .as_ref()
                .map(|c| c.withheld.clone())
                .unwrap_or_default(),
            consent: consent_words(&r),
        })
    }

    /// What an incoming referral fills in on a new intake. `organisation` is from the
    /// directory; without one, `name` says who referred.
    pub fn incoming_source(
        &self,
        organisation: Option<OrganisationId>,
        name: &str,
        agency_kind: &str,
        their_reference: Option<&str>,
        received_on: NaiveDate,
    ) -> Result<IncomingSource> {
        self.require(super::Operation::Intake)?;
        let mut p = Problems::new();
        let name = match organisation {
            Some(id) => self.organisation(id)?.name,
            None => name.trim().to_string(),
        };
        p.check(name.is_empty(), "organisation", "say who referred them");
        crate::domain::validation::check_line(&mut p, "organisation", &name);
        self.check_code(
            &mut p,
            ListKind::AgencyKind,
            "agency_kind",
            Some(agency_kind),
        );
        let their_reference = their_reference
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        if let Some(r) = &their_reference {
            crate::domain::validation::check_line(&mut p, "their_reference", r);
        }
        p.check(
            received_on > self.today(),
            "received_on",
            "is in the future",
        );
        p.into_result()
            .map_err(|p| Error::invalid("incoming referral", p))?;
        let mut said = format!("Referred by {name}");
        if let Some(r) = &their_reference {
            said.push_str(&format!(" (their reference {r})"));
        }
        said.push_str(&format!(", received {}.", received_on.format("%-d %B %Y")));
        Ok(IncomingSource {
            referral_source: self.source_for_kind(agency_kind),
            organisation: name,
            their_reference,
            received_on,
            said,
        })
    }

    /// The `referral_source` code for a kind of agency: the entry with the same label,
    /// housing to social housing, anything else to the voluntary sector.
    fn source_for_kind(&self, agency_kind: &str) -> String {
        let sources = self.reference_list(ListKind::ReferralSource);
        let label = fold(&self.label(ListKind::AgencyKind, agency_kind));
        let by = |want: &str| {
            sources
                .entries
                .iter()
                .find(|e| !e.retired && fold(&e.label).contains(want))
                .map(|e| e.code.clone())
        };
        by(&label)
            .or_else(|| label.contains("housing").then(|| by("housing")).flatten())
            .or_else(|| by("voluntary"))
            .or_else(|| sources.entries.first().map(|e| e.code.clone()))
            .unwrap_or_default()
    }
}

/// "call: yes (weekday evenings); voicemail: no; letters: not asked; texts: no".
fn safe_contact_words(s: &SafeContact) -> String {
    let a = |x: Answer| match x {
        Answer::Yes => "yes",
        Answer::No => "no",
        Answer::Unknown => "not asked",
    };
    let times = s
        .times
        .as_deref()
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    format!(
        "call: {}{times}; voicemail: {}; letters: {}; texts: {}",
        a(s.call),
        a(s.voicemail),
        a(s.write),
        a(s.text_message)
    )
}

fn consent_words(r: &Referral) -> String {
    if let Some(c) = r.consent.as_ref().filter(|c| c.covers(&r.agency_kind)) {
        let how = match c.how {
            ConsentMethod::NotRecorded => String::new(),
            m => format!(" ({})", m.label().to_lowercase()),
        };
        return format!(
            "Given by {} on {}{how}",
            c.given_by,
            c.given_on.format("%-d %B %Y")
        );
    }
    if r.consent_override.is_some() {
        return "Sent without the client's consent, on an administrator's decision".into();
    }
    "Not recorded: not to be sent".into()
}
