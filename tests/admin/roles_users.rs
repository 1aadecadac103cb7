//! Managing users through the service: roles, disabling and enabling, passphrases.
//! Only key slots change (no record is re-encrypted), every change is audited, the
//! last active administrator stays one, and the recovery key keeps working.

use caseline::service::KeyCost;
use std::collections::BTreeMap;
use std::path::Path;

use crate::common;
use caseline::Caseline;
use caseline::Error;
use caseline::domain::{AuditAction, Role, UserId};
use caseline::service::{AuditQuery, InitRequest, NewUser};
use zeroize::Zeroizing;

const ADMIN_PASS: &str = "correct horse battery staple";

fn pass(login: &str) -> String {
    format!("{login} passphrase that is long")
}

/// A store with an administrator `admin`, a caseworker `cas` and a volunteer `vic`;
/// returns the recovery key.
fn store(dir: &Path) -> (Caseline, Zeroizing<String>, UserId, UserId) {
    let (mut admin, recovery) = Caseline::init_with_clock(
        dir,
        InitRequest {
            organisation: common::ORGANISATION.into(),
            admin_login: "admin".into(),
            admin_name: "Administrator".into(),
            passphrase: Zeroizing::new(ADMIN_PASS.into()),
            key_cost: KeyCost::CheapForTests,
        },
        common::clock(),
    )
    .expect("init");
    common::populate(&mut admin);
    let cas = add(&admin, "cas", Role::Caseworker);
    let vic = add(&admin, "vic", Role::Volunteer);
    (admin, recovery, cas, vic)
}

fn add(admin: &Caseline, login: &str, role: Role) -> UserId {
    let u = NewUser {
        login: login.into(),
        display_name: format!("User {login}"),
        role,
        centre: None,
    };
    admin
        .add_user(u, &pass(login), KeyCost::CheapForTests)
        .expect("add user")
}

fn open(dir: &Path, login: &str, secret: &str) -> Result<Caseline, Error> {
    Caseline::open_with_clock(dir, Some(login), secret, crate::common::clock())
}

/// Keys and sealed values of each record tree.
type Sealed = BTreeMap<String, Vec<(Vec<u8>, Vec<u8>)>>;

/// Every value of every record tree, raw: what "not re-encrypted" is checked against.
fn sealed_records(dir: &Path) -> Sealed {
    let db = sled::open(dir.join("db")).expect("sled");
    let mut out = BTreeMap::new();
    for tree in [
        "people",
        "incidents",
        "cases",
        "timeline",
        "follow_ups",
        "referrals",
    ] {
        let t = db.open_tree(tree).unwrap();
        let kv = t
            .iter()
            .map(|r| r.unwrap())
            .map(|(k, v)| (k.to_vec(), v.to_vec()))
            .collect();
        out.insert(tree.to_string(), kv);
    }
    out
}

/// The user-change entries of the audit log, oldest first, as `detail` lines.
fn user_changes(admin: &Caseline) -> Vec<String> {
    let q = AuditQuery {
        limit: 1000,
        ..AuditQuery::default()
    };
    let mut rows = admin.audit_log(&q).expect("audit log");
    rows.reverse();
    rows.into_iter()
        .filter(|r| r.action == AuditAction::UserChange)
        .map(|r| r.detail)
        .collect()
}

#[test]
fn disabling_removes_the_slot_and_enabling_needs_a_new_passphrase() {
    let tmp = common::temp("roles-users");
    let dir = tmp.path().join("data");
    let (admin, recovery, _cas, vic) = store(&dir);
    common::close(admin);
    let before = sealed_records(&dir);

    let admin = open(&dir, "admin", ADMIN_PASS).unwrap();
    admin.disable_user(vic).unwrap();
    let row = admin.user_list().unwrap();
    let row = row.iter().find(|r| r.user.id == vic).unwrap();
    assert!(!row.user.active);
    assert_eq!(row.slots, 0);
    assert!(matches!(admin.disable_user(vic), Err(Error::Conflict(_))));
    // A disabled account cannot have its passphrase reset; it is enabled instead.
    assert!(matches!(
        admin.reset_passphrase(vic, &pass("x"), KeyCost::CheapForTests),
        Err(Error::Conflict(_))
    ));
    common::close(admin);

    let e = open(&dir, "vic", &pass("vic")).unwrap_err();
    assert!(e.to_string().contains("passphrase is not right"), "{e}");

    let admin = open(&dir, "admin", ADMIN_PASS).unwrap();
    // A weak passphrase is refused and changes nothing.
    let weak = admin.enable_user(vic, "short", KeyCost::CheapForTests);
    assert!(weak.unwrap_err().problems().is_some());
    assert!(!admin.user(vic).unwrap().active);
    admin
        .enable_user(vic, "a brand new passphrase", KeyCost::CheapForTests)
        .unwrap();
    let changes = user_changes(&admin);
    assert!(
        changes
            .iter()
            .any(|d| d.starts_with("user disabled, 1 key slot")),
        "{changes:?}"
    );
    assert!(changes.last().unwrap().contains("enabled"), "{changes:?}");
    common::close(admin);

    // The old passphrase stays dead; the new one opens.
    assert!(open(&dir, "vic", &pass("vic")).is_err());
    let v = open(&dir, "vic", "a brand new passphrase").unwrap();
    assert_eq!(v.actor().id, vic);
    common::close(v);

    assert_eq!(sealed_records(&dir), before, "records were rewritten");
    let r = Caseline::open_with_clock(&dir, None, &recovery, crate::common::clock())
        .expect("the recovery key still opens");
    assert!(r.actor().recovery);
    assert!(
        r.check()
            .unwrap()
            .faults
            .iter()
            .all(|f| f.place != "key_slots")
    );
}

#[test]
fn passphrases_reset_by_an_administrator_or_changed_with_the_old_one() {
    let tmp = common::temp("roles-pass");
    let dir = tmp.path().join("data");
    let (admin, recovery, cas, _vic) = store(&dir);
    admin
        .reset_passphrase(cas, "chosen by the administrator", KeyCost::CheapForTests)
        .unwrap();
    common::close(admin);
    assert!(open(&dir, "cas", &pass("cas")).is_err());
    let c = open(&dir, "cas", "chosen by the administrator").unwrap();
    // Not someone else's, and not without the old one.
    assert!(matches!(
        c.reset_passphrase(c.actor().id, "whatever it may be", KeyCost::CheapForTests),
        Err(Error::NotPermitted(_))
    ));
    let wrong = c.change_passphrase(
        "not it at all",
        "mine and mine alone",
        KeyCost::CheapForTests,
    );
    assert!(wrong.unwrap_err().problems().is_some());
    c.change_passphrase(
        "chosen by the administrator",
        "mine and mine alone",
        KeyCost::CheapForTests,
    )
    .unwrap();
    common::close(c);
    let c = open(&dir, "cas", "mine and mine alone").unwrap();
    common::close(c);
    assert!(open(&dir, "cas", "chosen by the administrator").is_err());
    let c = open(&dir, "cas", "mine and mine alone").unwrap();
    common::close(c);

    let r = Caseline::open_with_clock(&dir, None, &recovery, crate::common::clock())
        .expect("the recovery key still opens");
    let changes = user_changes(&r);
    assert!(
        changes
            .iter()
            .any(|d| d.contains("reset by an administrator"))
    );
    assert!(changes.iter().any(|d| d.contains("changed by its user")));
    // The recovery account is not changed through these calls.
    let me = r.actor().id;
    assert!(matches!(r.disable_user(me), Err(Error::NotPermitted(_))));
    assert!(matches!(
        r.set_role(me, Role::Volunteer),
        Err(Error::NotPermitted(_))
    ));
}

#[test]
fn the_last_active_administrator_stays_one() {
    let tmp = common::temp("roles-last");
    let dir = tmp.path().join("data");
    let (admin, recovery, cas, _vic) = store(&dir);
    let me = admin.actor().id;
    for r in [
        admin.disable_user(me),
        admin.set_role(me, Role::Caseworker),
        admin.set_role(me, Role::Volunteer),
    ] {
        match r {
            Err(Error::Conflict(m)) => assert!(m.contains("last active administrator"), "{m}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    // With a second administrator, the first may step down; then the second is the last.
    admin.set_role(cas, Role::Administrator).unwrap();
    admin.set_role(me, Role::Caseworker).unwrap();
    common::close(admin);
    let a = open(&dir, "admin", ADMIN_PASS).unwrap();
    assert_eq!(a.actor().role, Role::Caseworker);
    assert!(matches!(a.user_list(), Err(Error::NotPermitted(_))));
    common::close(a);
    let c = open(&dir, "cas", &pass("cas")).unwrap();
    assert!(matches!(c.disable_user(cas), Err(Error::Conflict(_))));
    assert!(matches!(
        c.set_role(cas, Role::Volunteer),
        Err(Error::Conflict(_))
    ));
    // A disabled administrator does not count as one.
    c.set_role(me, Role::Administrator).unwrap();
    c.disable_user(me).unwrap();
    assert!(matches!(
        c.set_role(cas, Role::Caseworker),
        Err(Error::Conflict(_))
    ));
    let report = c.check().unwrap();
    assert!(
        report.faults.iter().all(|f| f.place != "key_slots"),
        "{report:?}"
    );
    common::close(c);
    let r = Caseline::open_with_clock(&dir, None, &recovery, crate::common::clock())
        .expect("the recovery key still opens");
    assert!(r.actor().recovery);
}

#[test]
fn a_new_role_takes_effect_at_the_next_sign_in() {
    let tmp = common::temp("roles-set");
    let dir = tmp.path().join("data");
    let (admin, _recovery, _cas, vic) = store(&dir);
    let others = admin.cases().map(|c| c.unwrap().id).collect::<Vec<_>>();
    common::close(admin);
    let v = open(&dir, "vic", &pass("vic")).unwrap();
    assert!(matches!(v.case(others[0]), Err(Error::NotPermitted(_))));
    assert!(matches!(
        v.set_role(vic, Role::Caseworker),
        Err(Error::NotPermitted(_))
    ));
    common::close(v);
    let admin = open(&dir, "admin", ADMIN_PASS).unwrap();
    admin.set_role(vic, Role::Caseworker).unwrap();
    assert!(
        user_changes(&admin)
            .last()
            .unwrap()
            .contains("from volunteer to caseworker")
    );
    common::close(admin);
    let v = open(&dir, "vic", &pass("vic")).unwrap();
    assert_eq!(v.actor().role, Role::Caseworker);
    v.case(others[0]).unwrap();
    assert_eq!(v.cases().count(), others.len());
}
