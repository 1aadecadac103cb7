//! Several people signed in to one store at once, through one engine: each sees what
//! the others save, each is named in the audit entries they cause (with the OS
//! account and origin their session was stamped with), a wrong passphrase while
//! others work is refused without disturbing them, and the data key goes when the
//! last session ends.

use caseline::Caseline;
use caseline::domain::{Clock, Role, Stamp};
use caseline::service::KeyCost;
use caseline::service::{AuditQuery, Engine, NewUser};

use super::common;

pub(super) fn stamp(os: &str, origin: &str) -> Stamp {
    Stamp {
        who: None,
        origin: origin.into(),
        os_user: Some(os.into()),
    }
}

/// A store with an administrator and a caseworker, and an engine open on it.
pub(super) fn engine() -> (tempfile::TempDir, Engine) {
    let tmp = common::temp("sessions");
    let dir = tmp.path().join("data");
    let admin = common::init_store(&dir);
    admin
        .add_user(
            NewUser {
                login: "priya".into(),
                display_name: "Priya Shah".into(),
                role: Role::Caseworker,
                centre: None,
            },
            "priya passphrase words",
            KeyCost::CheapForTests,
        )
        .expect("user");
    common::close(admin);
    common::wait_released(&dir);
    let engine = Engine::open(&dir, Clock::system()).expect("engine");
    (tmp, engine)
}

/// The administrator and the caseworker Priya Shah, signed in to one engine.
pub(super) fn two(engine: &Engine) -> (Caseline, Caseline) {
    let admin = engine
        .sign_in(Some("admin"), common::PASSPHRASE, stamp("sam", "pts/1"))
        .expect("admin");
    let priya = engine
        .sign_in(
            Some("priya"),
            "priya passphrase words",
            stamp("priya", "pts/2"),
        )
        .expect("priya");
    (admin, priya)
}

#[test]
fn two_sessions_share_one_store_and_each_is_named_in_the_audit_log() {
    let (_tmp, engine) = engine();
    assert!(!engine.unlocked(), "no key before anyone signs in");
    let admin = engine
        .sign_in(Some("admin"), common::PASSPHRASE, stamp("sam", "pts/1"))
        .expect("admin");
    let priya = engine
        .sign_in(
            Some("priya"),
            "priya passphrase words",
            stamp("priya", "ssh 192.0.2.7"),
        )
        .expect("priya");
    assert!(engine.unlocked());

    // What one saves, the other reads at once.
    let saved = priya
        .record_intake(common::intake(
            common::person("Amina", Some("Yusuf")),
            "Shouted at on the bus.",
        ))
        .expect("intake");
    let recent = admin.recent_intakes().expect("recent");
    assert!(recent.iter().any(|r| r.id == saved.incident), "{recent:?}");

    // A wrong passphrase for the administrator, while both work: refused, and
    // neither session notices.
    let refused = engine.sign_in(Some("admin"), "not it at all", stamp("eve", "pts/9"));
    assert!(refused.is_err());
    assert!(priya.recent_intakes().is_ok());

    let rows = admin
        .audit_log(&AuditQuery {
            limit: 50,
            ..AuditQuery::default()
        })
        .expect("audit");
    let intake = rows
        .iter()
        .find(|r| r.user.as_deref() == Some("priya") && r.action.name() == "change")
        .expect("priya's intake is hers");
    assert_eq!(intake.from_where(), "priya@ssh 192.0.2.7");
    let failed = rows
        .iter()
        .find(|r| r.action.name() == "sign_in_failed")
        .expect("the wrong passphrase is recorded");
    assert_eq!(failed.user, None);
    assert_eq!(failed.from_where(), "eve@pts/9");
    let admins = rows
        .iter()
        .filter(|r| r.user.as_deref() == Some("admin"))
        .count();
    assert!(admins >= 1, "the administrator's sign-in is theirs");

    // The key stays while anyone is signed in, and goes with the last.
    priya.close().expect("priya leaves");
    assert!(engine.unlocked());
    admin.close().expect("admin leaves");
    assert!(
        !engine.unlocked(),
        "the data key went with the last session"
    );

    // And the next sign-in unlocks again.
    let again = engine
        .sign_in(
            Some("priya"),
            "priya passphrase words",
            stamp("priya", "pts/2"),
        )
        .expect("signs in again");
    assert_eq!(again.actor().login, "priya");
    again.close().unwrap();
}

#[test]
fn an_administrator_s_new_reference_value_reaches_a_session_already_signed_in() {
    let (_tmp, engine) = engine();
    let (admin, priya) = two(&engine);
    let kind = caseline::domain::ListKind::CaseKind;
    let entry = admin
        .add_reference_value(kind, "Employment (agency work)", None, None)
        .expect("added");
    assert!(priya.reference_list(kind).contains(&entry.code));
    admin.close().unwrap();
    priya.close().unwrap();
}
