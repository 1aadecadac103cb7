//! How each domain record is stored: its tree, key and schema version.
//!
//! Bumping a `SCHEMA` here means: keep the old shape as a private type, teach `upgrade`
//! to read it, and keep the version-1 fixture test passing.

use crate::domain::{
    Case, FollowUp, Incident, Letter, LetterTemplate, ListKind, Organisation, Person,
    ReferenceList, Referral, TimelineEntry, User,
};

use super::codec::{self, CodecError, Record};
use super::kind::Kind;
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
by_id!(Letter, Kind::Letter, 1);
by_id!(LetterTemplate, Kind::LetterTemplate, 1);
by_id!(FollowUp, Kind::FollowUp, 1);
by_id!(Referral, Kind::Referral, 1);
by_id!(Organisation, Kind::Organisation, 1);
by_id!(User, Kind::User, 1);

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

/// Schema 2: the lines letters are framed with.
impl Record for Settings {
    const KIND: Kind = Kind::Settings;
    const SCHEMA: u16 = 2;
    fn key(&self) -> Vec<u8> {
        Settings::KEY.to_vec()
    }
    fn upgrade(schema: u16, plaintext: &[u8]) -> Result<Self, CodecError> {
        match schema {
            1 => Ok(codec::from_bincode::<super::records_v1::SettingsV1>(plaintext)?.into()),
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
