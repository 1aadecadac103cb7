//! How each domain record is stored: its tree, key and schema version.
//!
//! Bumping a `SCHEMA` here means: keep the old shape as a private type, teach `upgrade`
//! to read it, and keep the version-1 fixture test passing.

use crate::domain::{
    Case, FollowUp, Incident, ListKind, Organisation, Person, ReferenceList, Referral,
    TimelineEntry, User,
};

use super::codec::{CodecError, Record};
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

// 2: earlier details kept with the person.
by_id_upgraded!(Person, Kind::Person, 2, super::upgrade::person);
// 2: a reporting centre's reference, date and consent level.
by_id_upgraded!(Incident, Kind::Incident, 2, super::upgrade::incident);
by_id!(Case, Kind::Case, 1);
by_id!(TimelineEntry, Kind::Timeline, 1);
by_id!(FollowUp, Kind::FollowUp, 1);
by_id!(Referral, Kind::Referral, 1);
by_id!(Organisation, Kind::Organisation, 1);
// 2: the reporting centre a centre's login belongs to.
by_id_upgraded!(User, Kind::User, 2, super::upgrade::user);

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
    const SCHEMA: u16 = 1;
    fn key(&self) -> Vec<u8> {
        Settings::KEY.to_vec()
    }
}
