//! Two users with one login: only the first found could ever sign in. An import that
//! would make such a pair is refused, naming both records; `check` names a pair that
//! is already stored.

use caseline::domain::{Role, User, UserId};
use caseline::service::KeyCost;
use caseline::store::{Store, Vault};
use serde_json::json;

use crate::common::{self, PASSPHRASE, cli};
use crate::import::document::{self, document, id, refused, store};

#[test]
fn two_users_with_one_login_in_the_file_are_refused_naming_both() {
    let tmp = common::temp("import-logins");
    let v = document(&tmp);
    let mut b = store(&tmp, "b");
    let mut bad = v.clone();
    bad["users"][3]["login"] = json!("priya");
    let m = refused(&mut b, &bad);
    assert!(
        m.contains(&format!(
            "users[3] (id {}): login: the same login as users[2] (id {})",
            id(&v, "users", 3),
            id(&v, "users", 2)
        )),
        "{m}"
    );
    // The login itself names a person: it is not repeated.
    assert!(!m.contains("priya"), "{m}");

    // Even when the store has that login already, and both would be matched to it.
    let mut c = store(&tmp, "c");
    let user = caseline::service::NewUser {
        login: "priya".into(),
        display_name: "Priya".into(),
        role: Role::Caseworker,
        centre: None,
    };
    c.add_user(user, "another user's passphrase", KeyCost::CheapForTests)
        .unwrap();
    let m = refused(&mut c, &bad);
    assert!(m.contains("users[3]") && m.contains("users[2]"), "{m}");
}

#[test]
fn a_new_user_with_a_login_the_store_uses_is_refused() {
    let tmp = common::temp("import-login-taken");
    let v = document(&tmp);
    let mut b = store(&tmp, "b");
    let recovery = b
        .users()
        .map(Result::unwrap)
        .find(|u| u.recovery)
        .expect("the recovery account");
    // Not the recovery account itself (that is matched): an ordinary user called so.
    let mut bad = v.clone();
    bad["users"][2]["login"] = json!(recovery.login);
    let m = refused(&mut b, &bad);
    assert!(
        m.contains(&format!(
            "users[2] (id {}): login: the same login as user {} already in this store",
            id(&v, "users", 2),
            recovery.id
        )),
        "{m}"
    );
    // A user matched by login is no duplicate: it stands for the store's own.
    let summary = document::import_bytes(&mut b, document::text(&v).as_bytes()).expect("import");
    assert_eq!(summary.users_matched.len(), 2, "{summary:?}");
    assert!(b.check().unwrap().is_clean());
}

/// Adds a second user with `admin`'s login straight to the store, as an import could
/// before it was refused.
fn add_twin_of_admin(dir: &std::path::Path) -> UserId {
    let store = Store::open(dir).unwrap().with_clock(crate::common::clock());
    let (key, _) = store.find_key(Some("admin"), PASSPHRASE).unwrap();
    let vault: Vault = store.unlock_with_key(key).unwrap();
    let admin: User = vault
        .scan::<User>()
        .map(Result::unwrap)
        .find(|u| u.login == "admin")
        .unwrap();
    let twin = User {
        id: UserId::new(),
        display_name: "Another administrator".into(),
        created_at: admin.created_at,
        ..admin
    };
    let mut changes = vault.changes(&caseline::store::process_stamp());
    changes.put(&twin);
    vault.commit(changes).unwrap();
    vault.flush().unwrap();
    drop(vault);
    common::wait_released(dir);
    twin.id
}

#[test]
fn check_names_two_users_with_one_login() {
    let tmp = common::temp("check-logins");
    let dir = tmp.path().join("data");
    common::close(common::init_store(&dir));
    cli(&dir, &["check"]).expect(0);
    let twin = add_twin_of_admin(&dir);
    let admin = {
        let svc = common::open_store(&dir);
        let admin = svc.actor().id;
        common::close(svc);
        admin
    };

    let r = cli(&dir, &["check"]).expect(1);
    let said = format!("users/{twin}.login");
    assert!(r.stdout.contains(&said), "{}", r.stdout);
    assert!(
        r.stdout
            .contains(&format!("is the same login as user {admin}'s")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("only one of them can sign in"),
        "{}",
        r.stdout
    );
    let r = cli(&dir, &["check", "--format", "json"]).expect(1);
    assert!(r.stdout.contains(&said), "{}", r.stdout);
}
