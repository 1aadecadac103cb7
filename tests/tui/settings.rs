//! The administrator's settings dialog from home: the consultation limit and the
//! referral chase waits filled in as they are, a wrong number marked at its field, and
//! the change on disk once the dialog closes. Other roles are not offered it.

use caseline::domain::Role;

use crate::tui_admin_util::{add, sign_in_as};
use crate::tui_keys_support::{status_text, unlocked};
use crate::tui_util::{close, close_service, service};

#[test]
fn an_administrator_sets_the_limit_and_a_chase_wait_from_home() {
    let (_tmp, dir, mut h) = unlocked();
    assert!(h.screen().contains("Settings"), "{}", h.screen());
    h.keys("S");
    assert_eq!(h.app.top_title(), "Settings");
    let dialog = h.screen();
    for part in ["Limit in 90 days", "Police", "the default (14)"] {
        assert!(dialog.contains(part), "{part}:\n{dialog}");
    }
    snap!("settings_dialog", dialog);
    // The limit to 5, the default wait to "lots", the police's wait to 28 days.
    h.keys("<backspace>5<tab><backspace><backspace>lots<tab>28<C-s>");
    assert_eq!(
        h.app.top_title(),
        "Settings",
        "not saved with a word for a number"
    );
    assert!(
        h.screen().contains("`lots` is not a whole number"),
        "{}",
        h.screen()
    );
    // The field put right is the one in focus.
    h.keys("<backspace><backspace><backspace><backspace>400<C-s>");
    assert_eq!(
        h.app.top_title(),
        "Settings",
        "the service refuses 400 days"
    );
    assert!(h.screen().contains("from 1 to 365"), "{}", h.screen());
    h.keys("<backspace><backspace><backspace>21<C-s>");
    assert_eq!(h.app.top_title(), "Home");
    assert_eq!(status_text(&h), "Settings saved");
    close(h);
    let svc = service(&dir);
    let s = svc.work_settings().unwrap();
    assert_eq!(s.consultation_limit, 5);
    assert_eq!(s.chase_default_days, 21);
    assert_eq!(s.chase_by_kind.get("police"), Some(&28));
    assert_eq!(s.chase_by_kind.len(), 1);
    close_service(svc);
}

#[test]
fn a_caseworker_is_not_offered_settings_and_is_refused_the_key() {
    let (_tmp, dir, h) = unlocked();
    close(h);
    add(&dir, "cas", "Chris Caseworker", Role::Caseworker);
    let mut h = sign_in_as(&dir, "cas");
    assert!(!h.screen().contains("Settings"), "{}", h.screen());
    h.keys("S");
    assert_eq!(h.app.top_title(), "Home");
    assert!(
        status_text(&h).contains("administrators"),
        "{}",
        status_text(&h)
    );
    close(h);
}

/// The directory marks groups at the limit as it is now, not as it was at signing in.
#[test]
fn the_directory_marks_groups_by_the_limit_just_set() {
    let (_tmp, dir) = crate::tui_keys_support::temp();
    crate::tui_util::init_store(&dir);
    let svc = service(&dir);
    let id = svc
        .add_organisation(caseline::service::NewOrganisation {
            name: "Tolworth Mosque".into(),
            kind: "faith_group".into(),
            ..Default::default()
        })
        .unwrap();
    svc.log_consultation(caseline::service::LogConsultation {
        organisation: id,
        on: caseline::ui::testing::test_clock().today(),
        topic: "Iftar safety".into(),
        despite_warning: false,
    })
    .unwrap();
    close_service(svc);
    let mut h = crate::tui_util::unlock(&dir);
    h.keys("d");
    assert!(
        h.screen().contains(" Consulted 1 in 90 days"),
        "{}",
        h.screen()
    );
    h.keys("<C-g>S<backspace>1<C-s>");
    assert_eq!(status_text(&h), "Settings saved");
    h.keys("d");
    assert!(
        h.screen().contains("! Consulted 1 in 90 days"),
        "{}",
        h.screen()
    );
    close(h);
}
