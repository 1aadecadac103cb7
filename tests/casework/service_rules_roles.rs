//! The rules the service enforces on roles, seen from a caller: caseworkers and
//! volunteers record casework but cannot do an administrator's work, and logins are
//! unique.

use caseline::service::KeyCost;
use std::path::Path;

use crate::common::{self, intake, person};
use crate::service_rules_support::{assert_invalid, counts};
use caseline::Caseline;
use caseline::Error;
use caseline::domain::{ListKind, Role, Subject};
use caseline::service::{ExportDocument, NewUser};

fn new_user(login: &str, display_name: &str, role: Role) -> NewUser {
    NewUser {
        login: login.into(),
        display_name: display_name.into(),
        role,
        centre: None,
    }
}

/// The passphrase the test gives the user `login`.
fn passphrase_of(login: &str) -> String {
    format!("{login} passphrase that is long")
}

/// Adds a volunteer `vic` and a caseworker `cas`; a taken or reserved login is refused.
fn add_vic_and_cas(admin: &Caseline) {
    for (login, role) in [("vic", Role::Volunteer), ("cas", Role::Caseworker)] {
        let user = new_user(login, &format!("{role} user"), role);
        admin
            .add_user(user, &passphrase_of(login), KeyCost::CheapForTests)
            .unwrap();
    }
    // Logins are unique, and `recovery` is reserved.
    for taken in ["vic", "recovery"] {
        let e = admin
            .add_user(
                new_user(taken, "Someone", Role::Volunteer),
                "a long enough passphrase",
                KeyCost::CheapForTests,
            )
            .unwrap_err();
        assert_invalid(e, "login");
    }
}

/// Signed in as `login`, none of an administrator's work is permitted and nothing is
/// written by trying; recording an intake and a follow-up still works.
fn assert_not_an_administrator(dir: &Path, tmp: &Path, login: &str, doc: &ExportDocument) {
    let svc = Caseline::open_with_clock(
        dir,
        Some(login),
        &passphrase_of(login),
        crate::common::clock(),
    )
    .unwrap();
    assert_eq!(svc.actor().login, login);
    let before = counts(&svc);
    let not_permitted = |r: Result<(), Error>, what: &str| match r {
        Err(Error::NotPermitted(m)) => assert!(m.contains("administrator"), "{m}"),
        other => panic!("{login} {what}: expected NotPermitted, got {other:?}"),
    };
    not_permitted(svc.export().map(drop), "export");
    let template = caseline::service::NewTemplate {
        name: "chaser".into(),
        title: None,
        body: "Dear {{ recipient.greeting }},".into(),
    };
    not_permitted(svc.add_template(template.clone()), "add a letter template");
    not_permitted(svc.edit_template(template), "edit a letter template");
    not_permitted(svc.import(doc.clone()).map(drop), "import");
    let backup = tmp.join(format!("{login}.clb"));
    not_permitted(svc.backup(&backup).map(drop), "backup");
    assert!(!backup.exists());
    not_permitted(
        svc.add_reference_value(ListKind::CaseKind, "Immigration law", None, None)
            .map(drop),
        "add a reference value",
    );
    not_permitted(
        svc.add_user(
            new_user("x", "X", Role::Administrator),
            "a long enough passphrase",
            KeyCost::CheapForTests,
        )
        .map(drop),
        "add a user",
    );
    assert!(
        !svc.reference_list(ListKind::CaseKind)
            .contains("immigration_law")
    );
    assert_eq!(counts(&svc), before);
    // What they are for still works.
    let saved = svc
        .record_intake(intake(person("Łukasz", Some("Wójcik")), "Shouted at."))
        .unwrap();
    svc.add_follow_up(Subject::Incident(saved.incident), common::follow_up("Call"))
        .unwrap();
    common::close(svc);
}

#[test]
fn caseworkers_and_volunteers_cannot_do_administrators_work() {
    let tmp = common::temp("roles");
    let dir = tmp.path().join("data");
    let mut admin = common::init_store(&dir);
    common::populate(&mut admin);
    let doc = admin.export().unwrap();
    add_vic_and_cas(&admin);
    common::close(admin);

    for login in ["vic", "cas"] {
        assert_not_an_administrator(&dir, tmp.path(), login, &doc);
    }

    // Their passphrases open only their own slots.
    assert!(
        Caseline::open_with_clock(
            &dir,
            Some("admin"),
            "vic passphrase that is long",
            crate::common::clock()
        )
        .is_err()
    );
    // And the administrator sees their work; the store checks clean.
    let admin = common::open_store(&dir);
    assert!(admin.check().unwrap().is_clean());
    assert_eq!(
        admin
            .incidents()
            .filter(|i| i.as_ref().unwrap().recorded_by != admin.actor().id)
            .count(),
        2
    );
}
