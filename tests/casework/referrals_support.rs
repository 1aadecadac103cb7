//! Fixtures for the referral tests: one store with an administrator, a caseworker and
//! a volunteer signed in through one engine on the tests' clock, and a case of each's.

#![allow(dead_code)]

use caseline::Caseline;
use caseline::domain::{
    CaseId, Direction, EntryKind, ReferralId, ReferralStatus, Role, Stamp, UserId,
};
use caseline::service::KeyCost;
use caseline::service::{AuditQuery, Engine, NewReferral, NewUser, OpenCase, ReferralMove};

use crate::common::{self, intake, person};

pub struct Desk {
    pub _tmp: tempfile::TempDir,
    pub engine: Engine,
    pub admin: Caseline,
    pub cas: Caseline,
    pub vic: Caseline,
    /// A case the caseworker opened, and one the volunteer opened.
    pub case: CaseId,
    pub vic_case: CaseId,
}

fn passphrase(login: &str) -> String {
    format!("{login} passphrase that is long")
}

fn stamp() -> Stamp {
    Stamp {
        who: None,
        origin: "pts/1".into(),
        os_user: None,
    }
}

/// The store, its three users signed in, and a case each for the caseworker and the
/// volunteer.
pub fn desk() -> Desk {
    let tmp = common::temp("referrals");
    let dir = tmp.path().join("data");
    let admin = common::init_store(&dir);
    for (login, role) in [("cas", Role::Caseworker), ("vic", Role::Volunteer)] {
        let user = NewUser {
            login: login.into(),
            display_name: format!("{login} worker"),
            role,
            centre: None,
        };
        admin
            .add_user(user, &passphrase(login), KeyCost::CheapForTests)
            .unwrap();
    }
    common::close(admin);
    common::wait_released(&dir);
    let engine = Engine::open(&dir, common::clock()).expect("engine");
    let sign_in = |login: &str, secret: &str| {
        engine
            .sign_in(Some(login), secret, stamp())
            .expect("signed in")
    };
    let admin = sign_in("admin", common::PASSPHRASE);
    let cas = sign_in("cas", &passphrase("cas"));
    let vic = sign_in("vic", &passphrase("vic"));
    let case = a_case(&cas, "Amina", "Hassan");
    let vic_case = a_case(&vic, "Wang", "Xiuying");
    Desk {
        _tmp: tmp,
        engine,
        admin,
        cas,
        vic,
        case,
        vic_case,
    }
}

fn a_case(svc: &Caseline, given: &str, family: &str) -> CaseId {
    let saved = svc
        .record_intake(intake(
            person(given, Some(family)),
            "Spat at by a neighbour on the stairs.",
        ))
        .unwrap();
    svc.open_case(OpenCase {
        kind: "hate_crime".into(),
        incidents: vec![saved.incident],
        ..OpenCase::default()
    })
    .unwrap()
    .id
}

/// An outgoing referral to Citizens Advice, consent recorded for that kind or not.
pub fn out(case: CaseId, consent: bool) -> NewReferral {
    NewReferral {
        case,
        direction: Direction::Outgoing,
        organisation: None,
        agency_kind: "citizens_advice".into(),
        on: common::today(),
        reason: "Debt advice after the move.".into(),
        shared: "Name, safe contact, the harassment in outline.".into(),
        their_reference: None,
        consent: consent.then(|| common::consent_to("citizens_advice")),
        signpost: false,
    }
}

pub fn to(status: ReferralStatus) -> ReferralMove {
    ReferralMove {
        to: status,
        note: if status.needs_note() {
            "Their list is full until March.".into()
        } else {
            String::new()
        },
        override_reason: None,
    }
}

/// The referral's timeline entries on its case, oldest first, as text.
pub fn entries_of(svc: &Caseline, case: CaseId, id: ReferralId) -> Vec<String> {
    svc.timeline(case)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == EntryKind::Referral { referral: id })
        .map(|e| e.text)
        .collect()
}

/// The details of the newest audit entries, newest first.
pub fn audit_details(admin: &Caseline, n: usize) -> Vec<(Option<String>, String)> {
    admin
        .audit_log(&AuditQuery {
            limit: n,
            ..AuditQuery::default()
        })
        .unwrap()
        .into_iter()
        .map(|r| (r.user, r.detail))
        .collect()
}

pub fn user_id(svc: &Caseline) -> UserId {
    svc.actor().id
}
