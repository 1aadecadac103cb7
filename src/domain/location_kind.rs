//! The kind of place an incident happened, from a fixed list: the hate crime report
//! counts incidents by it, as police recording and Home Office returns group them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where, as a kind of place (the place in words is the incident's `location`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    /// Not asked: every incident recorded before the kind of place was.
    #[default]
    NotRecorded,
    /// The victim's home, its garden, or the shared parts of their building.
    Home,
    /// A street, park or other open public place.
    Street,
    /// On a bus, train or tram, or at a stop or station.
    PublicTransport,
    /// A shop, pub, restaurant or other business open to the public.
    Shop,
    Workplace,
    /// A school, college or university.
    Education,
    /// Online: social media, messages, email, gaming.
    Online,
    PlaceOfWorship,
    Other,
}

impl LocationKind {
    /// Every kind, in the order forms offer them and reports list them ("not
    /// recorded" last).
    pub const ALL: [LocationKind; 10] = [
        LocationKind::Home,
        LocationKind::Street,
        LocationKind::PublicTransport,
        LocationKind::Shop,
        LocationKind::Workplace,
        LocationKind::Education,
        LocationKind::Online,
        LocationKind::PlaceOfWorship,
        LocationKind::Other,
        LocationKind::NotRecorded,
    ];

    /// The code it is stored and typed under.
    pub fn code(self) -> &'static str {
        match self {
            LocationKind::NotRecorded => "not_recorded",
            LocationKind::Home => "home",
            LocationKind::Street => "street",
            LocationKind::PublicTransport => "public_transport",
            LocationKind::Shop => "shop",
            LocationKind::Workplace => "workplace",
            LocationKind::Education => "education",
            LocationKind::Online => "online",
            LocationKind::PlaceOfWorship => "place_of_worship",
            LocationKind::Other => "other",
        }
    }

    /// The kind in words, as forms and reports show it.
    pub fn label(self) -> &'static str {
        match self {
            LocationKind::NotRecorded => "Not recorded",
            LocationKind::Home => "Home or near it",
            LocationKind::Street => "Street or open space",
            LocationKind::PublicTransport => "Public transport",
            LocationKind::Shop => "Shop, pub or business",
            LocationKind::Workplace => "Workplace",
            LocationKind::Education => "School, college, university",
            LocationKind::Online => "Online",
            LocationKind::PlaceOfWorship => "Place of worship",
            LocationKind::Other => "Other",
        }
    }

    pub fn from_code(code: &str) -> Option<LocationKind> {
        LocationKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_labels_fit_a_narrow_column() {
        for k in LocationKind::ALL {
            assert_eq!(LocationKind::from_code(k.code()), Some(k));
            assert!(k.label().chars().count() <= 28, "{}", k.label());
        }
        assert_eq!(LocationKind::from_code("garden"), None);
    }
}
