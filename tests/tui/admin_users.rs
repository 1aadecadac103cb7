//! User administration from home: the list, adding a user (passphrase typed twice and
//! never shown), changing a role, disabling, and a new passphrase, each through the
//! service, whose refusals are shown in its words.

use crate::tui_admin_util::*;
use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::Caseline;
use caseline::domain::Role;
use caseline::ui::testing::Harness;

/// A store with an administrator and Sam, a caseworker; the administrator on the
/// users screen.
fn on_users() -> (tempfile::TempDir, std::path::PathBuf, Harness) {
    let (tmp, dir) = temp();
    init_store(&dir);
    add(&dir, "sam", "Sam Okafor", Role::Caseworker);
    let mut h = unlock_free(&dir);
    h.keys("U");
    assert_eq!(h.app.top_title(), "Users");
    (tmp, dir, h)
}

fn user(dir: &std::path::Path, login: &str) -> caseline::domain::User {
    let svc = service_free(dir);
    let u = svc
        .user_by_login(login)
        .expect("users read")
        .unwrap_or_else(|| panic!("{login} exists"));
    close_service(svc);
    u
}

/// Moves the cursor to `login`'s row.
fn select(h: &mut Harness, login: &str) {
    h.keys("<home>");
    for _ in 0..10 {
        if h.screen()
            .lines()
            .any(|l| l.starts_with(&format!("│> {login} ")))
        {
            return;
        }
        h.keys("<down>");
    }
    panic!("{login} is listed:\n{}", h.screen());
}

#[test]
fn the_users_screen_lists_login_name_role_and_whether_they_can_sign_in() {
    let (_tmp, _dir, mut h) = on_users();
    let screen = h.screen();
    assert!(
        screen.contains("admin") && screen.contains("Asha Patel"),
        "{screen}"
    );
    assert!(
        screen.contains("sam") && screen.contains("Sam Okafor") && screen.contains("caseworker"),
        "{screen}"
    );
    assert!(
        !screen.contains("recovery"),
        "the recovery account is not listed:\n{screen}"
    );
    admin_snap!("users_screen", screen);
}

/// An account imported from another store has no passphrase here: the users screen
/// says so, as `caseline user list` does, instead of "yes".
#[test]
fn an_account_with_no_passphrase_cannot_sign_in_and_the_screen_says_so() {
    let (tmp, dir) = temp();
    init_store(&dir);
    add(&dir, "sam", "Sam Okafor", Role::Caseworker);
    let svc = service_free(&dir);
    let mut doc = svc.export().expect("an export");
    let mut imported = doc.users[0].clone();
    imported.id = caseline::domain::UserId::new();
    imported.login = "kofi".into();
    imported.display_name = "Kofi Mensah".into();
    imported.role = Role::Caseworker;
    imported.recovery = false;
    doc.users = vec![imported];
    svc.import(doc).expect("the user is imported");
    let rows = svc.user_list().expect("users are listed");
    let kofi = rows.iter().find(|r| r.user.login == "kofi").expect("kofi");
    assert_eq!(kofi.state, caseline::service::AccountState::NoPassphrase);
    close_service(svc);

    let mut h = unlock_free(&dir);
    h.keys("U");
    let screen = h.screen();
    let row = |login: &str| {
        screen
            .lines()
            .find(|l| l.contains(&format!(" {login} ")))
            .unwrap_or_else(|| panic!("{login} is listed:\n{screen}"))
            .to_string()
    };
    assert!(row("kofi").contains("✗ no passphrase"), "{screen}");
    assert!(!row("kofi").contains("yes"), "{screen}");
    assert!(
        row("sam").trim_end_matches('│').trim_end().ends_with("yes"),
        "{screen}"
    );
    drop(tmp);
}

#[test]
fn adding_a_user_masks_the_passphrase_and_they_can_sign_in() {
    let (_tmp, dir, mut h) = on_users();
    h.keys("a");
    assert_eq!(h.app.top_title(), "Add a user");
    h.keys(&format!(
        "nia<tab>Nia Campbell<tab>{}volunteer<tab><tab>plum river stone<tab>plum river stone",
        "<backspace>".repeat(10)
    ));
    let dialog = h.screen();
    assert!(
        !dialog.contains("plum"),
        "the passphrase is not shown:\n{dialog}"
    );
    assert!(dialog.contains("••••••••••••••••"), "{dialog}");
    admin_snap!("add_user", dialog);
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Users");
    assert_eq!(status_text(&h), "User nia added");
    assert!(h.screen().contains("Nia Campbell"), "{}", h.screen());
    close(h);
    let nia = user(&dir, "nia");
    assert_eq!(nia.role, Role::Volunteer);
    wait_for_lock(&dir);
    let svc = Caseline::open_with_clock(
        &dir,
        Some("nia"),
        "plum river stone",
        caseline::ui::testing::test_clock(),
    )
    .expect("nia signs in");
    assert_eq!(svc.actor().login, "nia");
    close_service(svc);
}

#[test]
fn passphrases_that_differ_or_a_login_taken_are_refused_on_their_fields() {
    let (_tmp, _dir, mut h) = on_users();
    h.keys("asam<tab>Sam Again<tab><tab><tab>plum river stone<tab>plum river stane<enter>");
    assert_eq!(h.app.top_title(), "Add a user", "not sent");
    let screen = h.screen();
    assert!(screen.contains("! the two passphrases differ"), "{screen}");
    assert!(
        !screen.contains('•'),
        "both passphrase fields are emptied:\n{screen}"
    );
    // Typed again, it goes to the service, which says the login is taken.
    h.keys("<S-tab>plum river stone<tab>plum river stone<enter>");
    assert_eq!(h.app.top_title(), "Add a user", "refused");
    let screen = h.screen();
    assert!(screen.contains("! is already taken"), "{screen}");
}

#[test]
fn changing_a_role_goes_through_the_service() {
    let (_tmp, dir, mut h) = on_users();
    select(&mut h, "sam");
    h.keys("r");
    assert_eq!(h.app.top_title(), "Role of sam");
    h.keys(&format!("{}boss<enter>", "<backspace>".repeat(10)));
    assert!(
        h.screen().contains("! type administrator"),
        "{}",
        h.screen()
    );
    h.keys(&format!("{}volunteer<enter>", "<backspace>".repeat(4)));
    assert_eq!(h.app.top_title(), "Users");
    assert_eq!(status_text(&h), "sam is now volunteer");
    assert!(h.screen().contains("volunteer"), "{}", h.screen());
    close(h);
    assert_eq!(user(&dir, "sam").role, Role::Volunteer);
}

#[test]
fn disabling_asks_first_and_the_last_administrator_is_refused() {
    let (_tmp, dir, mut h) = on_users();
    select(&mut h, "sam");
    h.keys("d");
    let dialog = h.screen();
    assert!(dialog.contains("Disable sam?"), "{dialog}");
    admin_snap!("disable_user", dialog);
    h.keys("n");
    assert_eq!(h.app.top_title(), "Users");
    h.keys("dy");
    assert_eq!(status_text(&h), "sam is disabled and cannot sign in");
    let screen = h.screen();
    assert!(screen.contains("✗ disabled"), "{screen}");
    // The service keeps one administrator, and says so.
    select(&mut h, "admin");
    h.keys("dy");
    assert!(
        status_text(&h).starts_with("Not done:"),
        "{}",
        status_text(&h)
    );
    assert!(!h.screen().contains("admin        ✗"), "{}", h.screen());
    close(h);
    assert!(!user(&dir, "sam").active);
    assert!(user(&dir, "admin").active);
    wait_for_lock(&dir);
    assert!(
        Caseline::open_with_clock(
            &dir,
            Some("sam"),
            WORKER_PASS,
            caseline::ui::testing::test_clock()
        )
        .is_err(),
        "sam's passphrase no longer opens the store"
    );
}

#[test]
fn a_new_passphrase_replaces_the_old_and_enables_a_disabled_user() {
    let (_tmp, dir, mut h) = on_users();
    select(&mut h, "sam");
    h.keys("p");
    assert_eq!(h.app.top_title(), "New passphrase for sam");
    h.keys("quartz meadow lamp<tab>quartz meadow lamp<enter>");
    assert_eq!(status_text(&h), "sam has a new passphrase");
    h.keys("dy");
    select(&mut h, "sam");
    h.keys("p");
    assert_eq!(h.app.top_title(), "Enable sam again");
    h.keys("violet anchor tide<tab>violet anchor tide<enter>");
    assert_eq!(
        status_text(&h),
        "sam can sign in again, with the new passphrase"
    );
    close(h);
    wait_for_lock(&dir);
    assert!(
        Caseline::open_with_clock(
            &dir,
            Some("sam"),
            "quartz meadow lamp",
            caseline::ui::testing::test_clock()
        )
        .is_err()
    );
    wait_for_lock(&dir);
    let svc = Caseline::open_with_clock(
        &dir,
        Some("sam"),
        "violet anchor tide",
        caseline::ui::testing::test_clock(),
    )
    .expect("sam signs in");
    close_service(svc);
}

#[test]
fn a_reporting_centre_login_is_added_and_given_with_its_centre() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    add(&dir, "sam", "Sam Okafor", Role::Caseworker);
    let svc = service_free(&dir);
    let centre = svc
        .add_organisation(caseline::service::NewOrganisation {
            name: "Surbiton Polish Saturday School".into(),
            kind: "community_group".into(),
            reporting_centre: true,
            ..Default::default()
        })
        .unwrap();
    close_service(svc);
    let mut h = unlock_free(&dir);
    h.keys("U");
    assert_eq!(h.app.top_title(), "Users");
    h.keys("a");
    let wipe = "<backspace>".repeat(10);
    // The role wants a centre; a name the directory does not know is refused there.
    h.keys(&format!(
        "zofia<tab>Zofia Nowak<tab>{wipe}reporting-centre<tab><tab>plum river stone<tab>plum river stone<enter>"
    ));
    let screen = h.screen();
    assert!(
        screen.contains("! type the reporting centre's name"),
        "{screen}"
    );
    // The field wrong has the focus.
    h.keys("library<tab>plum river stone<tab>plum river stone<enter>");
    let screen = h.screen();
    assert!(
        screen.contains("! there is no reporting centre called `library`"),
        "{screen}"
    );
    h.keys(&format!(
        "{wipe}saturday<tab>plum river stone<tab>plum river stone<enter>"
    ));
    assert_eq!(status_text(&h), "User zofia added");
    // An existing login is given the centre from the role dialog.
    select(&mut h, "sam");
    h.keys(&format!(
        "r{wipe}reporting-centre<tab>saturday school<enter>"
    ));
    assert_eq!(status_text(&h), "sam is now a reporting centre's login");
    // The list says which centre each centre's login works for.
    let list = h.screen();
    let zofia = list
        .lines()
        .find(|l| l.contains("zofia"))
        .unwrap_or_default();
    assert!(zofia.contains("Zofia Nowak · Surbiton"), "{list}");
    close(h);
    for login in ["zofia", "sam"] {
        let u = user(&dir, login);
        assert_eq!(
            (u.role, u.centre),
            (Role::ReportingCentre, Some(centre)),
            "{login}"
        );
    }
}
