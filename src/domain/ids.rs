//! Record identifiers.
//!
//! An id is a ULID: 48 bits of milliseconds since the epoch and 80 random bits.
//! Stored big-endian, ids sort by creation time, so a scan of a tree returns records
//! in the order they were made. Ids carry no personal data, which matters because
//! they are the only plaintext part of a stored record (its key).

use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A time-ordered, globally unique record id.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(u128);

static LAST: Mutex<u128> = Mutex::new(0);

impl Id {
    /// A new id, later than every id made before it by this process.
    pub fn new() -> Id {
        let now = chrono::Utc::now().timestamp_millis().max(0) as u64;
        // The thread's CSPRNG (seeded from the OS) rather than a system call per id.
        let fresh = ulid::Ulid::from_parts(now, rand::random::<u128>()).0;
        let mut last = LAST.lock().unwrap_or_else(|p| p.into_inner());
        let id = if fresh > *last { fresh } else { *last + 1 };
        *last = id;
        Id(id)
    }

    /// The id as the 16 bytes used for a store key.
    pub fn to_bytes(self) -> [u8; 16] {
        self.0.to_be_bytes()
    }

    /// Reads a store key; `None` when it is not 16 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Option<Id> {
        let arr: [u8; 16] = bytes.try_into().ok()?;
        Some(Id(u128::from_be_bytes(arr)))
    }

    /// Creation time in milliseconds since the Unix epoch.
    pub fn timestamp_ms(self) -> u64 {
        (self.0 >> 80) as u64
    }

    /// The raw value, for codecs.
    pub fn as_u128(self) -> u128 {
        self.0
    }

    /// Builds an id from its raw value, for codecs and tests.
    pub fn from_u128(v: u128) -> Id {
        Id(v)
    }
}

impl Default for Id {
    fn default() -> Self {
        Id::new()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&ulid::Ulid(self.0).to_string())
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({self})")
    }
}

/// The text of an id could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a record id (26 letters and digits expected)")]
pub struct BadId;

impl FromStr for Id {
    type Err = BadId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ulid::Ulid::from_string(s.trim())
            .map(|u| Id(u.0))
            .map_err(|_| BadId)
    }
}

// Text in human-readable formats (JSON export), 16 bytes in the binary codec.
impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(self)
        } else {
            s.serialize_u128(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if d.is_human_readable() {
            let s = String::deserialize(d)?;
            s.parse().map_err(serde::de::Error::custom)
        } else {
            u128::deserialize(d).map(Id)
        }
    }
}

impl JsonSchema for Id {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Id".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A ULID: 26 Crockford base-32 characters, sorting by creation time.",
            "pattern": "^[0-9A-HJKMNP-TV-Z]{26}$"
        })
    }
}

/// Declares a typed id so that a person's id cannot be passed where a case's is wanted.
macro_rules! typed_id {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        #[serde(transparent)]
        pub struct $name(pub Id);

        impl $name {
            /// A new, time-ordered id.
            pub fn new() -> Self {
                Self(Id::new())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = BadId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }

        impl From<$name> for Id {
            fn from(v: $name) -> Id {
                v.0
            }
        }
    };
}

typed_id!(
    /// A person: client, caller, alleged perpetrator, witness.
    PersonId
);
typed_id!(
    /// A reported incident.
    IncidentId
);
typed_id!(
    /// A case.
    CaseId
);
typed_id!(
    /// An entry on a case timeline.
    TimelineId
);
typed_id!(
    /// A follow-up task.
    FollowUpId
);
typed_id!(
    /// A referral in or out.
    ReferralId
);
typed_id!(
    /// An organisation in the directory.
    OrganisationId
);
typed_id!(
    /// A user of caseline.
    UserId
);
typed_id!(
    /// A letter drafted or sent on a case.
    LetterId
);
typed_id!(
    /// A letter template an administrator added or edited.
    TemplateId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_creation() {
        let ids: Vec<Id> = (0..1000).map(|_| Id::new()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        assert!(ids.windows(2).all(|w| w[0].to_bytes() < w[1].to_bytes()));
    }

    #[test]
    fn text_round_trip() {
        let id = Id::new();
        assert_eq!(id.to_string().parse::<Id>(), Ok(id));
        assert_eq!("not an id".parse::<Id>(), Err(BadId));
    }

    #[test]
    fn json_is_text_and_binary_is_compact() {
        let id = CaseId::new();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{id}\""));
        let bytes = bincode::serde::encode_to_vec(id, bincode::config::standard()).unwrap();
        assert!(bytes.len() <= 17);
        let (back, _): (CaseId, _) =
            bincode::serde::decode_from_slice(&bytes, bincode::config::standard()).unwrap();
        assert_eq!(back, id);
    }
}
