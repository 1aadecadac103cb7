//! Every reply shape crosses the socket: bincode refuses some serde features
//! (flattened or skipped fields), and a reply that cannot be encoded would end the
//! connection. One value of each reply that carries a record type, round-tripped.

use super::wire::{ClientFrame, ServerFrame, decode, encode};
use super::*;
use crate::domain::{Role, User};
use crate::service::{AccountState, AuditRow};

fn user() -> User {
    User {
        id: UserId::new(),
        login: "priya".into(),
        display_name: "Priya Shah".into(),
        role: Role::Caseworker,
        centre: None,
        active: true,
        recovery: false,
        created_at: chrono::DateTime::UNIX_EPOCH,
    }
}

fn round_trip(reply: Reply) {
    let frame = ServerFrame::Answer {
        id: 7,
        answer: Ok(reply),
    };
    let bytes = encode(&frame);
    let back: ServerFrame = decode(&bytes).expect("decodes");
    assert_eq!(format!("{back:?}"), format!("{frame:?}"));
}

#[test]
fn replies_with_records_cross_the_socket() {
    round_trip(Reply::Users(vec![UserRow {
        user: user(),
        slots: 1,
        state: AccountState::Active,
        centre: Some("Surbiton Polish Saturday School".into()),
    }]));
    round_trip(Reply::SignedIn(Box::new(SignedIn {
        user: user(),
        settings: Settings::new("Kingston REC", chrono::DateTime::UNIX_EPOCH),
        lists: vec![ReferenceList::default_for(ListKind::CaseKind)],
        notices: vec!["db.replaced: kept".into()],
        damage: false,
    })));
    round_trip(Reply::Audit(Box::new(crate::service::views::AuditPage {
        query: AuditQuery::default(),
        rows: vec![AuditRow {
            seq: 1,
            at: chrono::DateTime::UNIX_EPOCH,
            user: Some("priya".into()),
            action: crate::domain::AuditAction::SignIn,
            records: vec!["users/1".into()],
            case: None,
            origin: "pts/1".into(),
            os_user: Some("priya".into()),
            detail: String::new(),
            login_tried: None,
        }],
        more: false,
    })));
}

#[test]
fn a_call_crosses_the_socket() {
    let frame = ClientFrame::Call {
        id: 3,
        request: SessionRequest::SignIn {
            login: Some("priya".into()),
            secret: Secret::new("words"),
            origin: "pts/1".into(),
            resuming: None,
        }
        .into(),
    };
    let back: ClientFrame = decode(&encode(&frame)).expect("decodes");
    assert_eq!(format!("{back:?}"), format!("{frame:?}"));
    assert!(
        !format!("{back:?}").contains("words"),
        "a secret never prints"
    );
}

/// The directory's filter (a weekday) and rows (meeting times written as text) cross
/// the socket both ways.
#[test]
fn the_directory_crosses_the_socket() {
    let (filter, _) = DirectoryFilter::parse("day:sun lang:cant kingston");
    let frame = ClientFrame::Call {
        id: 4,
        request: DirectoryRequest::List(filter).into(),
    };
    let back: ClientFrame = decode(&encode(&frame)).expect("decodes");
    assert_eq!(format!("{back:?}"), format!("{frame:?}"));
    let mut org = crate::domain::Organisation::named(
        "Kingston Chinese Community Centre",
        "community_group".into(),
        UserId::new(),
        chrono::DateTime::UNIX_EPOCH,
    );
    org.meets = crate::domain::MeetingTime::parse_list("Sat 10:00-13:00; Sun 14:00-17:00").unwrap();
    let store = crate::store::codec::to_bincode(&org);
    let read: crate::domain::Organisation = crate::store::codec::from_bincode(&store).unwrap();
    assert_eq!(read, org);
    round_trip(Reply::Consulted(ConsultationLogged::Overloaded {
        lately: 3,
        limit: 3,
    }));
}
