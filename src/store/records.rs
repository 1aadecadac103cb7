//! How each domain record is stored: its tree, key and schema version.
//!
//! Bumping a `SCHEMA` here means: keep the old shape as a private type, teach `upgrade`
//! to read it, and keep the version-1 fixture test passing.

use crate::domain::{
    Case, FollowUp, Incident, ListKind, Organisation, PeerLogins, Person, ReferenceList, Referral,
    TimelineEntry, User,
};

use super::codec::Record;
use super::kind::Kind;
use super::organisation_v1::OrganisationV1;
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

by_id!(Person, Kind::Person, 1);
by_id!(Incident, Kind::Incident, 1);
by_id!(Case, Kind::Case, 1);
by_id!(TimelineEntry, Kind::Timeline, 1);
by_id!(FollowUp, Kind::FollowUp, 1);
by_id!(Referral, Kind::Referral, 1);
by_id!(User, Kind::User, 1);

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
    /// 2: report settings (the publishing rule, the scorecard mapping) and the
    /// consultation limit.
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
