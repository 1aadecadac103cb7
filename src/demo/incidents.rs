//! Incidents: what happened, where, and whether the police were told.

use chrono::{DateTime, Datelike, Duration, Utc};
use rand::RngExt;

use super::scripts::{ENDINGS, Script, script};
use super::{Demo, places};
use crate::domain::{
    Answer, Channel, Classification, Incident, IncidentId, ListKind, LocationKind, Party,
    PoliceReport, UserId,
};

/// The kind of story a case tells, which decides places, words, strands and evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scenario {
    Street,
    Neighbour,
    Graffiti,
    Online,
    Workplace,
    School,
    Housing,
    Complex,
    Service,
}

/// The scenario for a case of the kind labelled `kind`.
pub(super) fn scenario_for(demo: &mut Demo, kind: &str) -> Scenario {
    use Scenario::*;
    let options: &[(u32, Scenario)] = match kind {
        "Hate crime" => &[(5, Street), (4, Neighbour), (2, Graffiti), (2, Online)],
        "Third-party report" => &[(4, Street), (2, Graffiti), (2, Online), (1, Neighbour)],
        "Employment" => &[(1, Workplace)],
        "Housing" => &[(1, Housing)],
        "Education" => &[(1, School)],
        "Complex" => &[(1, Complex)],
        _ => &[(3, Service), (1, Street)],
    };
    *demo.weighted(options)
}

/// Who reported an incident, how, and when.
pub(super) struct Report {
    pub scenario: Scenario,
    pub channel: Channel,
    pub anonymous: bool,
    pub parties: Vec<Party>,
    pub reported_at: DateTime<Utc>,
    pub recorded_by: UserId,
}

/// What the case needs to know about an incident just added.
pub(super) struct Reported {
    pub id: IncidentId,
    pub location: String,
    pub police: bool,
}

/// Fills `{street}`, `{bus}`, `{block}` and `{n}` in a template.
pub(super) fn fill(demo: &mut Demo, template: &str) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        match &rest[open + 1..open + close] {
            "street" => out.push_str(demo.pick(places::STREETS)),
            "bus" => out.push_str(demo.pick(places::BUSES)),
            "block" => out.push_str(demo.pick(places::BLOCKS)),
            "n" => out.push_str(&demo.rng.random_range(2..120).to_string()),
            other => out.push_str(other),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The kind of place a script's place is, from its words (no draw from the random
/// numbers, so the rest of a demo caseload stays as it was).
fn kind_of_place(place: &str) -> LocationKind {
    let has = |words: &[&str]| words.iter().any(|w| place.contains(w));
    if has(&["Facebook", "WhatsApp", "TikTok", "Instagram", "group chat"]) {
        LocationKind::Online
    } else if has(&["school", "playground"]) {
        LocationKind::Education
    } else if has(&["bus", "station"]) {
        LocationKind::PublicTransport
    } else if has(&["at work", "works", "hotel kitchen"]) {
        LocationKind::Workplace
    } else if has(&["mosque"]) && !place.contains("near") {
        LocationKind::PlaceOfWorship
    } else if has(&["home", "{block}", "garage"]) {
        LocationKind::Home
    } else if has(&[
        "shop",
        "Co-op",
        "pharmacy",
        "office",
        "nightclub",
        "agent",
        "surgery",
    ]) {
        LocationKind::Shop
    } else if has(&["{street}", "ground"]) {
        LocationKind::Street
    } else {
        LocationKind::Other
    }
}

impl Demo {
    /// Adds an incident as reported.
    pub(super) fn add_incident(&mut self, report: Report) -> Reported {
        let script = script(report.scenario);
        let place = self.pick(script.locations);
        let location = fill(self, place);
        let location_kind = kind_of_place(place);
        let strands = *self.weighted(script.strands);
        let (evidence, evidence_notes) = self.evidence(script);
        let occurred =
            report.reported_at - Duration::minutes(self.rng.random_range(30..14 * 24 * 60));
        let police = self.police(script, occurred, report.reported_at);
        let incident = Incident {
            id: IncidentId::new(),
            occurred_at: self.chance(92).then(|| occurred.naive_utc()),
            time_approximate: self.chance(50),
            postcode: self
                .chance(35)
                .then(|| places::town_and_postcode(&mut self.rng).1),
            narrative: self.narrative(script),
            strands: self.codes.codes(ListKind::Strand, strands),
            characteristics: self
                .codes
                .codes(ListKind::ProtectedCharacteristic, &characteristics(strands)),
            perception_based: self.chance(90),
            classification: match police.reported {
                Answer::Yes if police.crime_reference.is_some() => Classification::Crime,
                Answer::Yes => Classification::NonCrimeIncident,
                _ => Classification::NotKnown,
            },
            evidence,
            evidence_notes,
            parties: report.parties,
            channel: report.channel,
            anonymous: report.anonymous,
            reported_at: report.reported_at,
            recorded_by: report.recorded_by,
            possible_duplicate: false,
            location,
            location_kind,
            police,
        };
        let reported = Reported {
            id: incident.id,
            location: incident.location.clone(),
            police: incident.police.reported == Answer::Yes,
        };
        self.doc.incidents.push(incident);
        reported
    }

    /// One to three sentences from the script, sometimes with a closing line in a
    /// paragraph of its own.
    fn narrative(&mut self, script: &Script) -> String {
        let n = self.rng.random_range(1..=3).min(script.fragments.len());
        let first = self.rng.random_range(0..script.fragments.len());
        let mut text = String::new();
        for k in 0..n {
            if k > 0 {
                text.push(' ');
            }
            let fragment = script.fragments[(first + k) % script.fragments.len()];
            text.push_str(&fill(self, fragment));
        }
        if self.chance(40) {
            text.push_str(if self.chance(25) { "\n\n" } else { " " });
            text.push_str(self.pick(ENDINGS));
        }
        text
    }

    fn evidence(&mut self, script: &Script) -> (Vec<String>, String) {
        let mut labels: Vec<&str> = Vec::new();
        for _ in 0..self.rng.random_range(0..3) {
            let (label, _) = self.pick(script.evidence);
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
        if labels.len() > 1 {
            labels.retain(|l| *l != "None");
        }
        if labels.is_empty() {
            return (
                self.codes.codes(ListKind::EvidenceKind, &["None"]),
                String::new(),
            );
        }
        let notes: Vec<&str> = labels
            .iter()
            .filter_map(|l| {
                script
                    .evidence
                    .iter()
                    .find(|(e, _)| e == l)
                    .map(|(_, n)| *n)
            })
            .filter(|n| !n.is_empty())
            .collect();
        (
            self.codes.codes(ListKind::EvidenceKind, &labels),
            notes.join(" "),
        )
    }

    /// Whether the police were told of an incident that `occurred` before the council
    /// heard of it (`reported_at`), and when.
    fn police(
        &mut self,
        script: &Script,
        occurred: DateTime<Utc>,
        reported_at: DateTime<Utc>,
    ) -> PoliceReport {
        let roll = self.rng.random_range(0..100);
        if roll >= script.police_pct {
            let reported = if roll < script.police_pct + 15 {
                Answer::Unknown
            } else {
                Answer::No
            };
            return PoliceReport {
                reported,
                ..PoliceReport::default()
            };
        }
        let at = self.between(occurred, reported_at);
        let force = *self.weighted(&[
            (17, "Metropolitan Police Service"),
            (2, "British Transport Police"),
            (1, "Surrey Police"),
        ]);
        PoliceReport {
            reported: Answer::Yes,
            force: Some(force.to_string()),
            crime_reference: self.chance(60).then(|| {
                format!(
                    "CR/{}/{:06}",
                    at.year(),
                    self.rng.random_range(0..1_000_000)
                )
            }),
            reported_at: self.chance(80).then(|| at.naive_utc()),
        }
    }
}

/// The protected characteristics that go with hate crime strands.
fn characteristics(strands: &[&str]) -> Vec<&'static str> {
    strands
        .iter()
        .map(|s| match *s {
            "Race or ethnicity" => "Race",
            "Religion or belief" => "Religion or belief",
            "Sexual orientation" => "Sexual orientation",
            "Disability" => "Disability",
            "Transgender identity" => "Gender reassignment",
            _ => "Race",
        })
        .collect()
}
