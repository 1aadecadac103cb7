//! How each domain record is stored: its tree, key and schema version.
//!
//! Bumping a `SCHEMA` here means: keep the old shape as a private type, teach `upgrade`
//! to read it, and keep the version-1 fixture test passing.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::{
    Case, CaseId, ConsentMethod, Direction, FollowUp, Incident, Letter, LetterTemplate, ListKind,
    Organisation, OrganisationId, PeerLogins, Person, ReferenceList, Referral, ReferralId,
    ReferralStatus, ShareConsent, TimelineEntry, User, UserId,
};

use super::codec::{self, CodecError, Record};
use super::kind::Kind;
use super::organisation_v1::OrganisationV1;
use super::report_facts::Fact;
use super::settings::Settings;

macro_rules! by_id {
    ($t:ty, $kind:expr, $schema:expr) => {
        impl Record for $t {
            const KIND: Kind = $kind;
            const SCHEMA: u16 = $schema;
            fn key(&self) -> Vec<u8> {
                self.id.0.to_bytes().to_vec()
            }
        }
    };
}

macro_rules! by_id_upgraded {
    ($t:ty, $kind:expr, $schema:expr, $upgrade:path) => {
        impl Record for $t {
            const KIND: Kind = $kind;
            const SCHEMA: u16 = $schema;
            fn key(&self) -> Vec<u8> {
                self.id.0.to_bytes().to_vec()
            }
            fn upgrade(schema: u16, plaintext: &[u8]) -> Result<Self, CodecError> {
                $upgrade(schema, plaintext)
            }
        }
    };
}

/// The kinds whose facts reports count (kept sealed in `facts_index.rs`).
macro_rules! reported {
    ($t:ty, $kind:expr, $schema:expr, $fact:ident, $upgrade:expr) => {
        impl Record for $t {
            const KIND: Kind = $kind;
            const SCHEMA: u16 = $schema;
            fn key(&self) -> Vec<u8> {
                self.id.0.to_bytes().to_vec()
            }
            fn report_fact(&self) -> Option<Fact> {
                Some(Fact::$fact(self.into()))
            }
            fn upgrade(schema: u16, plaintext: &[u8]) -> Result<Self, CodecError> {
                $upgrade(schema, plaintext)
            }
        }
    };
}

/// For kinds with no older shape.
fn no_upgrade<T>(schema: u16, _: &[u8]) -> Result<T, CodecError> {
    Err(CodecError::UnknownSchema(schema))
}

// 2: earlier details kept with the person.
reported!(Person, Kind::Person, 2, Person, super::upgrade::person);
// 2: a reporting centre's reference, date and consent level.
reported!(
    Incident,
    Kind::Incident,
    2,
    Incident,
    super::upgrade::incident
);
reported!(Case, Kind::Case, 1, Case, no_upgrade);
by_id!(Letter, Kind::Letter, 1);
by_id!(LetterTemplate, Kind::LetterTemplate, 1);
reported!(FollowUp, Kind::FollowUp, 1, FollowUp, no_upgrade);
// 2: the reporting centre a centre's login belongs to.
by_id_upgraded!(User, Kind::User, 2, super::upgrade::user);

impl Record for Organisation {
    const KIND: Kind = Kind::Organisation;
    /// 2: communities and services as lists, meeting times as data, a consultation log.
    const SCHEMA: u16 = 2;
    fn key(&self) -> Vec<u8> {
        self.id.0.to_bytes().to_vec()
    }
    fn upgrade(schema: u16, plaintext: &[u8]) -> Result<Self, super::codec::CodecError> {
        match schema {
            1 => Ok(super::codec::from_bincode::<OrganisationV1>(plaintext)?.into()),
            other => Err(super::codec::CodecError::UnknownSchema(other)),
        }
    }
}

impl Record for ReferenceList {
    const KIND: Kind = Kind::ReferenceList;
    const SCHEMA: u16 = 1;
    fn key(&self) -> Vec<u8> {
        list_key(self.kind)
    }
}

/// The key of a reference list: its name.
pub fn list_key(kind: ListKind) -> Vec<u8> {
    kind.name().as_bytes().to_vec()
}

impl Record for Settings {
    const KIND: Kind = Kind::Settings;
    /// 2: report settings (the publishing rule, the scorecard mapping), the
    /// consultation limit, how long a referral waits before it is chased, and the
    /// lines letters are framed with.
    const SCHEMA: u16 = 2;
    fn key(&self) -> Vec<u8> {
        Settings::KEY.to_vec()
    }
    fn upgrade(schema: u16, plaintext: &[u8]) -> Result<Self, super::codec::CodecError> {
        match schema {
            1 => Ok(super::codec::from_bincode::<super::settings::SettingsV1>(plaintext)?.into()),
            other => Err(super::codec::CodecError::UnknownSchema(other)),
        }
    }
}

impl Record for PeerLogins {
    const KIND: Kind = Kind::PeerLogins;
    const SCHEMA: u16 = 1;
    fn key(&self) -> Vec<u8> {
        PeerLogins::KEY.to_vec()
    }
}

impl Record for Referral {
    const KIND: Kind = Kind::Referral;
    /// 2: statuses draft to expired, consent as data, what is shared, the chase.
    /// 3: the day the agency answered.
    const SCHEMA: u16 = 3;
    fn key(&self) -> Vec<u8> {
        self.id.0.to_bytes().to_vec()
    }
    fn report_fact(&self) -> Option<Fact> {
        Some(Fact::Referral(self.into()))
    }
    fn upgrade(schema: u16, plaintext: &[u8]) -> Result<Self, CodecError> {
        match schema {
            1 => Ok(codec::from_bincode::<ReferralV1>(plaintext)?.into()),
            2 => Ok(codec::from_bincode::<super::referral_v2::ReferralV2>(plaintext)?.into()),
            other => Err(CodecError::UnknownSchema(other)),
        }
    }
}

/// Schema 2: a letter entry may point at the letter kept with the case, and a letter
/// drafted has an entry of its own.
impl Record for TimelineEntry {
    const KIND: Kind = Kind::Timeline;
    const SCHEMA: u16 = 2;
    fn key(&self) -> Vec<u8> {
        self.id.0.to_bytes().to_vec()
    }
    fn upgrade(schema: u16, plaintext: &[u8]) -> Result<Self, CodecError> {
        match schema {
            1 => Ok(codec::from_bincode::<super::records_v1::EntryV1>(plaintext)?.into()),
            other => Err(CodecError::UnknownSchema(other)),
        }
    }
}

/// A referral as schema 1 stored it (and a version-1 export wrote it): five statuses
/// and consent as a yes/no.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReferralV1 {
    id: ReferralId,
    case: CaseId,
    direction: Direction,
    organisation: Option<OrganisationId>,
    agency_kind: String,
    on: NaiveDate,
    reason: String,
    status: StatusV1,
    consent_confirmed: bool,
    outcome: String,
    created_at: DateTime<Utc>,
    created_by: UserId,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum StatusV1 {
    Made,
    Accepted,
    Declined,
    Completed,
    Signposted,
}

impl From<ReferralV1> for Referral {
    /// "Made" meant sent. A yes to consent becomes consent to that kind of agency,
    /// given on the day, by a means nobody recorded.
    fn from(r: ReferralV1) -> Referral {
        let status = match r.status {
            StatusV1::Made => ReferralStatus::Sent,
            StatusV1::Accepted => ReferralStatus::Accepted,
            StatusV1::Declined => ReferralStatus::Declined,
            StatusV1::Completed => ReferralStatus::Completed,
            StatusV1::Signposted => ReferralStatus::Signposted,
        };
        let consent = r.consent_confirmed.then(|| ShareConsent {
            given_by: "the client".into(),
            given_on: r.on,
            how: ConsentMethod::NotRecorded,
            recipients: vec![r.agency_kind.clone()],
            withheld: String::new(),
        });
        // A declined referral from before reasons were asked for keeps a placeholder.
        let outcome = if status.needs_note() && r.outcome.trim().is_empty() {
            "not recorded".to_string()
        } else {
            r.outcome
        };
        Referral {
            id: r.id,
            case: r.case,
            direction: r.direction,
            organisation: r.organisation,
            agency_kind: r.agency_kind,
            on: r.on,
            reason: r.reason,
            shared: String::new(),
            their_reference: None,
            sent_on: (status != ReferralStatus::Signposted).then_some(r.on),
            status,
            outcome,
            consent,
            consent_override: None,
            chase: None,
            created_at: r.created_at,
            created_by: r.created_by,
            answered_on: None,
        }
    }
}
