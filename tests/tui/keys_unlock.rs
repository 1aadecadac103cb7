//! Unlocking through keys: a wrong or empty passphrase, and unlocking with a login.

use crate::tui_keys_support::temp;
use crate::tui_util::*;
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
    use caseline::store::KdfParams;
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
        },
        "caseworker passphrase",
        KdfParams::INSECURE_TEST,
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
