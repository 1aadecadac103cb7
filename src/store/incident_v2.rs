//! An incident as schema 2 stored it: before the kind of place was recorded.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;

use crate::domain::{
    Channel, Classification, Incident, IncidentId, LocationKind, Party, PoliceReport, UserId,
};

/// Schema 2's fields, in their stored order (bincode has no field names).
#[derive(Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub(super) struct IncidentV2 {
    pub(super) id: IncidentId,
    pub(super) occurred_at: Option<NaiveDateTime>,
    pub(super) time_approximate: bool,
    pub(super) location: String,
    pub(super) postcode: Option<String>,
    pub(super) narrative: String,
    pub(super) strands: Vec<String>,
    pub(super) characteristics: Vec<String>,
    pub(super) perception_based: bool,
    pub(super) classification: Classification,
    pub(super) evidence: Vec<String>,
    pub(super) evidence_notes: String,
    pub(super) parties: Vec<Party>,
    pub(super) police: PoliceReport,
    pub(super) channel: Channel,
    pub(super) anonymous: bool,
    pub(super) reported_at: DateTime<Utc>,
    pub(super) recorded_by: UserId,
    pub(super) possible_duplicate: bool,
}

impl From<IncidentV2> for Incident {
    /// Nobody was asked the kind of place: it is not recorded.
    fn from(i: IncidentV2) -> Incident {
        Incident {
            id: i.id,
            occurred_at: i.occurred_at,
            time_approximate: i.time_approximate,
            location: i.location,
            postcode: i.postcode,
            narrative: i.narrative,
            strands: i.strands,
            characteristics: i.characteristics,
            perception_based: i.perception_based,
            classification: i.classification,
            evidence: i.evidence,
            evidence_notes: i.evidence_notes,
            parties: i.parties,
            police: i.police,
            channel: i.channel,
            anonymous: i.anonymous,
            reported_at: i.reported_at,
            recorded_by: i.recorded_by,
            possible_duplicate: i.possible_duplicate,
            location_kind: LocationKind::NotRecorded,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::codec::{self, Record};

    #[test]
    fn a_schema_2_incident_opens_with_no_kind_of_place() {
        let old = IncidentV2 {
            id: IncidentId::new(),
            occurred_at: None,
            time_approximate: false,
            location: "bus stop".into(),
            postcode: Some("KT1 2AB".into()),
            narrative: "shouted at".into(),
            strands: vec!["race_or_ethnicity".into()],
            characteristics: Vec::new(),
            perception_based: true,
            classification: Classification::default(),
            evidence: Vec::new(),
            evidence_notes: String::new(),
            parties: Vec::new(),
            police: PoliceReport::default(),
            channel: Channel::Direct,
            anonymous: false,
            reported_at: DateTime::UNIX_EPOCH,
            recorded_by: UserId::new(),
            possible_duplicate: true,
        };
        let bytes = codec::to_bincode(&old);
        let i = Incident::upgrade(2, &bytes).expect("opens");
        assert_eq!(i.location_kind, LocationKind::NotRecorded);
        assert_eq!(
            (i.location.as_str(), i.possible_duplicate),
            ("bus stop", true)
        );
        assert_eq!(i.strands, ["race_or_ethnicity"]);
    }
}
