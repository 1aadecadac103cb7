//! The wire's shapes, fingerprinted: [`super::hello::WIRE_SHAPE`] records them as they
//! were when [`super::hello::PROTOCOL`] was last raised. bincode numbers an enum's
//! variants by their place, so a request added in the middle, or a field added to
//! one, would be read by an older server as another request, or garbage; raising the
//! protocol is what makes the two refuse each other instead. The fingerprint is every
//! variant's name, in order, of the enums that cross the socket, and the bytes of a
//! fixed sample of each request group, several replies and every frame kind.

use serde::de::{self, Deserialize, Deserializer, Visitor};

use super::hello::{PROTOCOL, WIRE_SHAPE};
use crate::service::api::wire::{ClientFrame, Notice, ServerFrame, WireError, encode};
use crate::service::api::{
    AdminRequest, CaseRequest, DeskRequest, DirectoryRequest, LetterRequest, ReferralRequest,
    Reply, Request, Secret, SessionRequest, StoreStatus, UpkeepRequest,
};
use crate::service::{BackupSummary, PersonQuery};

/// A deserializer that only asks an enum for the names of its variants.
struct VariantNames(Option<&'static [&'static str]>);

impl<'de> Deserializer<'de> for &mut VariantNames {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not an enum"))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = Some(variants);
        Err(de::Error::custom("names taken"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
        byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
        struct identifier ignored_any
    }
}

/// `T`'s variants, in order, as one line.
fn variants<T: for<'de> Deserialize<'de>>(name: &str) -> String {
    let mut names = VariantNames(None);
    let _ = T::deserialize(&mut names);
    let found = names.0.unwrap_or_else(|| panic!("{name} is not an enum"));
    format!("{name}: {}\n", found.join(" "))
}

/// Everything the fingerprint is taken of.
fn shapes() -> Vec<u8> {
    let mut out = String::new();
    out.push_str(&variants::<Request>("Request"));
    out.push_str(&variants::<SessionRequest>("SessionRequest"));
    out.push_str(&variants::<DeskRequest>("DeskRequest"));
    out.push_str(&variants::<CaseRequest>("CaseRequest"));
    out.push_str(&variants::<ReferralRequest>("ReferralRequest"));
    out.push_str(&variants::<AdminRequest>("AdminRequest"));
    out.push_str(&variants::<UpkeepRequest>("UpkeepRequest"));
    out.push_str(&variants::<DirectoryRequest>("DirectoryRequest"));
    out.push_str(&variants::<LetterRequest>("LetterRequest"));
    out.push_str(&variants::<Reply>("Reply"));
    out.push_str(&variants::<WireError>("WireError"));
    out.push_str(&variants::<Notice>("Notice"));
    out.push_str(&variants::<ClientFrame>("ClientFrame"));
    out.push_str(&variants::<ServerFrame>("ServerFrame"));
    let mut bytes = out.into_bytes();
    for sample in samples() {
        bytes.extend_from_slice(&(sample.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&sample);
    }
    bytes
}

/// Fixed values, one of each request group, several replies and each frame kind.
fn samples() -> Vec<Vec<u8>> {
    let requests: Vec<Request> = vec![
        SessionRequest::SignIn {
            login: Some("login".into()),
            secret: Secret::new("secret"),
            origin: "origin".into(),
            resuming: None,
        }
        .into(),
        DeskRequest::FindPeople(PersonQuery::default()).into(),
        CaseRequest::SearchHits {
            text: "text".into(),
            limit: 7,
        }
        .into(),
        ReferralRequest::View(Default::default()).into(),
        AdminRequest::AddReferenceValue {
            kind: crate::domain::ListKind::Language,
            label: "label".into(),
            code: Some("code".into()),
            group: None,
        }
        .into(),
        UpkeepRequest::Demo { cases: 3, seed: 5 }.into(),
        DirectoryRequest::Add(Box::default()).into(),
        LetterRequest::SetFraming(Default::default()).into(),
    ];
    let mut out: Vec<Vec<u8>> = requests
        .into_iter()
        .map(|request| encode(&ClientFrame::Call { id: 1, request }))
        .collect();
    let replies = [
        Ok(Reply::Status(StoreStatus {
            login_first: true,
            unlocked: false,
            wait: std::time::Duration::from_millis(1500),
        })),
        Ok(Reply::Counts {
            overdue: 2,
            today: 3,
        }),
        Ok(Reply::BackedUp(BackupSummary {
            entries: 4,
            bytes: 5,
        })),
        Err(WireError::TryLater { millis: 6 }),
    ];
    for answer in replies {
        out.push(encode(&ServerFrame::Answer { id: 2, answer }));
    }
    out.push(encode(&ServerFrame::Chunk {
        id: 3,
        data: vec![1, 2],
    }));
    out.push(encode(&ServerFrame::Progress {
        id: 4,
        done: 5,
        total: 6,
    }));
    out.push(encode(&ServerFrame::Notice(Notice::FollowUps)));
    out.push(encode(&ClientFrame::Chunk {
        id: 7,
        data: vec![3],
    }));
    out
}

#[test]
fn the_wire_shapes_are_those_of_this_protocol() {
    let shape = blake3::hash(&shapes()).to_hex();
    assert_eq!(
        shape.as_str(),
        WIRE_SHAPE,
        "requests, replies, errors, notices or frames changed shape since protocol \
         {PROTOCOL}: raise PROTOCOL in src/service/remote/hello.rs (an older program \
         would read the new shapes as other requests) and record the new fingerprint \
         as WIRE_SHAPE beside it"
    );
}

#[test]
fn the_fingerprint_sees_a_variant_moved() {
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    enum Before {
        A,
        B,
    }
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    enum After {
        B,
        A,
    }
    assert_ne!(variants::<Before>("E"), variants::<After>("E"));
}
