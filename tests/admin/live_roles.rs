//! An administrator's change to a user reaches that user's session at once, with
//! several people signed in to one engine: a demoted caseworker's next change is
//! refused, a disabled account's session is refused everything (said, and audited)
//! until its user signs in again once enabled, and a demoted administrator cannot give
//! themselves the role back.

use caseline::Caseline;
use caseline::domain::{Clock, Role, Stamp, UserId};
use caseline::service::KeyCost;
use caseline::service::{AuditQuery, Engine, Error, NewUser, UpdateCase};

use crate::common::{self, Populated};

const CAS_PASS: &str = "the caseworker's passphrase";
const ADMIN2_PASS: &str = "the second administrator's passphrase";

fn stamp(origin: &str) -> Stamp {
    Stamp {
        who: None,
        origin: origin.into(),
        os_user: Some("tester".into()),
    }
}

/// A populated store with a caseworker `cas` and a second administrator `bea`, and an
/// engine open on it.
fn engine() -> (tempfile::TempDir, Engine, Populated, UserId, UserId) {
    let tmp = common::temp("live-roles");
    let dir = tmp.path().join("data");
    let mut admin = common::init_store(&dir);
    let pop = common::populate(&mut admin);
    let add = |login: &str, role, pass: &str| {
        let user = NewUser {
            login: login.into(),
            display_name: format!("{role} {login}"),
            role,
            centre: None,
        };
        admin.add_user(user, pass, KeyCost::CheapForTests).unwrap()
    };
    let cas = add("cas", Role::Caseworker, CAS_PASS);
    let bea = add("bea", Role::Administrator, ADMIN2_PASS);
    common::close(admin);
    common::wait_released(&dir);
    let engine = Engine::open(&dir, Clock::system()).expect("engine");
    (tmp, engine, pop, cas, bea)
}

fn sign_in(engine: &Engine, login: &str, pass: &str) -> Caseline {
    engine
        .sign_in(Some(login), pass, stamp(login))
        .expect("signs in")
}

fn refused(result: Result<impl std::fmt::Debug, Error>, says: &str) {
    match result {
        Err(Error::NotPermitted(m)) => assert!(m.contains(says), "{m}"),
        other => panic!("expected a refusal saying {says:?}, got {other:?}"),
    }
}

fn summary(text: &str) -> UpdateCase {
    UpdateCase {
        summary: Some(text.into()),
        ..UpdateCase::default()
    }
}

#[test]
fn a_demoted_caseworker_is_refused_at_their_next_change() {
    let (_tmp, engine, pop, cas_id, _) = engine();
    let admin = sign_in(&engine, "admin", common::PASSPHRASE);
    let cas = sign_in(&engine, "cas", CAS_PASS);
    cas.update_case(pop.case, summary("Before the change"))
        .expect("a caseworker changes any case");
    admin.set_role(cas_id, Role::Volunteer).expect("demoted");
    // Merging needs a caseworker; the case is neither theirs nor assigned to them.
    refused(
        cas.merge_people(pop.amina, pop.wang),
        "merging two records of one person needs a caseworker",
    );
    refused(
        cas.update_case(pop.case, summary("After the change")),
        "not one of yours",
    );
    assert_eq!(cas.actor().role, Role::Volunteer);
    assert_eq!(admin.case(pop.case).unwrap().summary, "Before the change");
    // Given the role back, it applies as soon.
    admin.set_role(cas_id, Role::Caseworker).expect("promoted");
    cas.update_case(pop.case, summary("Caseworker again"))
        .expect("the role applies at once");
    cas.close().unwrap();
    admin.close().unwrap();
}

#[test]
fn a_disabled_account_is_refused_everything_until_it_signs_in_again() {
    let (_tmp, engine, pop, cas_id, _) = engine();
    let admin = sign_in(&engine, "admin", common::PASSPHRASE);
    let cas = sign_in(&engine, "cas", CAS_PASS);
    cas.case(pop.case).expect("reads before");
    admin.disable_user(cas_id).expect("disabled");
    let says = "your account was disabled by an administrator";
    refused(
        cas.require(caseline::service::Operation::ReadCasework),
        says,
    );
    refused(cas.case_detail(pop.case), says);
    // Through a request too, as a client sends it.
    let read = caseline::service::api::CaseRequest::Case(pop.case);
    refused(
        cas.call(
            read.into(),
            &mut caseline::service::api::transfer::Local::default(),
        ),
        says,
    );
    // The refusal is audited once, naming the account, under no user.
    let rows = admin
        .audit_log(&AuditQuery {
            limit: 20,
            ..AuditQuery::default()
        })
        .unwrap();
    let noted: Vec<_> = rows
        .iter()
        .filter(|r| r.detail.contains("a session begun before was refused"))
        .collect();
    assert_eq!(noted.len(), 1, "{rows:#?}");
    assert_eq!(noted[0].records, vec![format!("users/{cas_id}")]);
    assert_eq!(noted[0].user, None);
    // Enabled again, the old session stays refused; a new sign-in works.
    admin
        .enable_user(cas_id, "a brand new passphrase", KeyCost::CheapForTests)
        .expect("enabled");
    refused(cas.case_detail(pop.case), says);
    cas.close().expect("signing out is still allowed");
    let again = sign_in(&engine, "cas", "a brand new passphrase");
    again.case_detail(pop.case).expect("reads again");
    again.close().unwrap();
    admin.close().unwrap();
}

#[test]
fn a_demoted_administrator_cannot_give_themselves_the_role_back() {
    let (_tmp, engine, _pop, _, bea_id) = engine();
    let admin = sign_in(&engine, "admin", common::PASSPHRASE);
    let bea = sign_in(&engine, "bea", ADMIN2_PASS);
    admin.set_role(bea_id, Role::Caseworker).expect("demoted");
    refused(
        bea.set_role(bea_id, Role::Administrator),
        "managing users needs an administrator",
    );
    refused(bea.user_list(), "managing users needs an administrator");
    assert_eq!(admin.user(bea_id).unwrap().role, Role::Caseworker);
    bea.close().unwrap();
    admin.close().unwrap();
}
