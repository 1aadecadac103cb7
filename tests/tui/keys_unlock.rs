//! Unlocking through keys: a wrong or empty passphrase, and unlocking with a login.

use crate::tui_keys_support::temp;
use crate::tui_util::*;
use caseline::service::KeyCost;
use caseline::ui::testing::Harness;

// ---- unlocking ----------------------------------------------------------------------

#[test]
fn a_wrong_passphrase_stays_on_unlock_the_right_one_goes_home() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let mut h = Harness::new(&dir, 80, 24);
    h.keys("horse battery correct<enter>");
    assert_eq!(h.app.top_title(), "Unlock");
    let screen = h.screen();
    assert!(screen.contains("! that is not right"), "{screen}");
    // The field is cleared for another try; the session is not started.
    assert!(!screen.contains("Asha Patel"), "{screen}");
    h.keys("<C-n><C-r>");
    assert_eq!(
        h.app.top_title(),
        "Unlock",
        "nothing opens before unlocking"
    );
    h.keys(&format!("{PASS}<enter>"));
    assert_eq!(h.app.top_title(), "Home");
    assert!(h.screen().contains("Kingston REC"));
    assert!(h.screen().contains("Asha Patel"));
}

#[test]
fn an_empty_passphrase_is_refused_without_trying() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let mut h = Harness::new(&dir, 80, 24);
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Unlock");
    assert!(h.screen().contains("! type your passphrase"));
}

#[test]
fn unlocking_with_a_login() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let mut h = Harness::new(&dir, 80, 24);
    h.keys(&format!("<S-tab>nobody<tab>{PASS}<enter>"));
    assert_eq!(h.app.top_title(), "Unlock");
    h.keys(&format!(
        "<S-tab>{}admin<tab>{PASS}<enter>",
        "<backspace>".repeat(6)
    ));
    assert_eq!(h.app.top_title(), "Home");
}

#[test]
fn with_several_users_the_login_comes_first() {
    use caseline::domain::Role;
    use caseline::service::NewUser;
    let (_tmp, dir) = temp();
    init_store(&dir);
    // One user: the login is optional and the cursor waits in the passphrase.
    let mut h = Harness::new(&dir, 80, 24);
    let screen = h.screen();
    assert!(screen.contains("Your login (optional)"), "{screen}");
    assert!(screen.contains("> Passphrase"), "{screen}");
    close(h);

    let svc = service(&dir);
    svc.add_user(
        NewUser {
            login: "cas".into(),
            display_name: "Case Worker".into(),
            role: Role::Caseworker,
            centre: None,
        },
        "caseworker passphrase",
        KeyCost::CheapForTests,
    )
    .expect("a second user");
    close_service(svc);

    // Two: without a login every slot may be tried, so the login is asked for first.
    let mut h = Harness::new(&dir, 80, 24);
    let screen = h.screen();
    assert!(screen.contains("> Your login"), "{screen}");
    assert!(!screen.contains("(optional)"), "{screen}");
    assert!(
        screen.contains("Your login, then your passphrase, then enter."),
        "{screen}"
    );
    h.keys("cas<tab>caseworker passphrase<enter>");
    assert_eq!(h.app.top_title(), "Home");
    assert!(h.screen().contains("Case Worker"), "{}", h.screen());
}

// ---- the recovery key, and a login typed first ----------------------------------------

/// A store made through the service, and its recovery key.
fn store_with_key(dir: &std::path::Path) -> String {
    use caseline::Caseline;
    use caseline::service::InitRequest;

    let (svc, key) = Caseline::init_with_clock(
        dir,
        InitRequest {
            organisation: ORGANISATION.into(),
            admin_login: "admin".into(),
            admin_name: "Asha Patel".into(),
            passphrase: PASS.to_string().into(),
            key_cost: KeyCost::CheapForTests,
        },
        caseline::ui::testing::test_clock(),
    )
    .expect("a new store");
    close_service(svc);
    key.to_string()
}

#[test]
fn the_unlock_screen_says_the_recovery_key_works_there_and_it_does() {
    let (_tmp, dir) = temp();
    let key = store_with_key(&dir);
    let mut h = Harness::new(&dir, 80, 24);
    let screen = h.screen();
    assert!(screen.contains("the recovery key"), "{screen}");
    h.keys(&format!("{key}<enter>"));
    assert_eq!(h.app.top_title(), "Home", "{}", h.screen());
    // The locked screen says so too, and takes it.
    h.keys("<F12>");
    let screen = h.screen();
    assert!(screen.contains("the recovery key"), "{screen}");
    h.keys(&format!("{key}<enter>"));
    assert_ne!(h.app.top_title(), "Locked", "{}", h.screen());
}

#[test]
fn with_one_account_a_login_typed_first_goes_into_the_login_field() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    // The login, then tab, as on any sign-in screen: the login is moved up to its
    // field, and the passphrase field waits, empty.
    let mut h = Harness::new(&dir, 80, 24);
    h.keys("admin<tab>");
    let screen = h.screen();
    assert!(login_shown(&screen, "admin"), "{screen}");
    assert!(screen.contains("> Passphrase"), "{screen}");
    assert!(!screen.contains("•"), "{screen}");
    h.keys(&format!("{PASS}<enter>"));
    assert_eq!(h.app.top_title(), "Home", "{}", h.screen());
    close(h);
    // The login, then enter: it is not tried as the passphrase (no wrong try counted),
    // but taken as the login.
    let mut h = Harness::new(&dir, 80, 24);
    h.keys("admin<enter>");
    let screen = h.screen();
    assert!(!screen.contains("not right"), "{screen}");
    assert!(login_shown(&screen, "admin"), "{screen}");
    assert!(screen.contains("> Passphrase"), "{screen}");
    h.keys(&format!("{PASS}<enter>"));
    assert_eq!(h.app.top_title(), "Home", "{}", h.screen());
    close(h);
    let store = caseline::store::Store::open(&dir).expect("the store opens");
    let failures = store.sign_in_failures().expect("the count");
    assert_eq!(failures.count, 0, "no wrong passphrase was counted");
}

/// Whether the login field shows `login`.
fn login_shown(screen: &str, login: &str) -> bool {
    screen
        .lines()
        .any(|l| l.contains("Your login") && l.trim_end_matches([' ', '│']).ends_with(login))
}
