//! A case's access history, over the case with one key: who looked at it and who
//! changed it, newest first. And the interface's reads are audited: opening a case or
//! an intake with people in it records a view of each in the audit log.

use crate::tui_admin_util::*;
use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::domain::{AuditAction, CaseRef, Role};
use caseline::service::AuditQuery;

fn amina_ref() -> CaseRef {
    "C-2026-0001".parse().expect("a reference")
}

fn views_of_amina(dir: &std::path::Path) -> Vec<caseline::service::AuditRow> {
    audit(
        dir,
        AuditQuery {
            case: Some(amina_ref()),
            ..AuditQuery::default()
        },
    )
    .into_iter()
    .filter(|r| r.action == AuditAction::ViewCase)
    .collect()
}

#[test]
fn opening_a_case_in_the_interface_records_a_view_in_the_audit_log() {
    let (_tmp, dir, h, _fx) = with_case();
    close(h);
    assert!(views_of_amina(&dir).is_empty(), "nothing viewed yet");
    let mut h = unlock_free(&dir);
    open_amina(&mut h);
    close(h);
    let views = views_of_amina(&dir);
    assert_eq!(views.len(), 1, "{views:?}");
    assert_eq!(views[0].user.as_deref(), Some("admin"));
    assert_eq!(views[0].case.as_deref(), Some("C-2026-0001"));
}

#[test]
fn opening_an_intake_records_a_view_of_each_person_shown() {
    let (_tmp, dir, h, _fx) = with_case();
    close(h);
    let before = audit(&dir, AuditQuery::default());
    let mut h = unlock_free(&dir);
    h.keys("<C-r><enter>");
    assert!(h.screen().contains("Amina"), "{}", h.screen());
    close(h);
    let after = audit(&dir, AuditQuery::default());
    let people = |rows: &[caseline::service::AuditRow]| {
        rows.iter()
            .filter(|r| r.action == AuditAction::ViewPerson)
            .count()
    };
    assert_eq!(people(&after), people(&before) + 1);
}

#[test]
fn the_access_history_opens_over_the_case_with_one_key() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    open_amina(&mut h);
    h.keys("A");
    assert_eq!(h.app.top_title(), "Access history");
    let screen = h.screen();
    assert!(screen.contains("C-2026-0001 · Hate crime"), "{screen}");
    assert!(
        screen.contains("! SAFEGUARDING: Forced marriage"),
        "{screen}"
    );
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains(" admin ")).collect();
    assert!(
        rows[0].contains("view_case"),
        "the newest is this view:\n{screen}"
    );
    assert!(
        rows.iter().any(|r| r.contains("change")),
        "changes are there too:\n{screen}"
    );
    admin_snap!("access_history", screen);
    h.keys("<down><esc>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001");
}

#[test]
fn a_caseworker_hears_that_the_access_history_is_for_administrators() {
    let (_tmp, dir, h, _fx) = with_case();
    close(h);
    add(&dir, "sam", "Sam Okafor", Role::Caseworker);
    let mut h = sign_in_as(&dir, "sam");
    open_amina(&mut h);
    h.keys("A");
    assert_eq!(h.app.top_title(), "Case C-2026-0001", "no history layer");
    let said = status_text(&h);
    assert!(said.contains("needs an administrator"), "{said}");
    close(h);
    // Sam's view of the case is recorded as Sam's.
    let views = views_of_amina(&dir);
    assert_eq!(views.len(), 1, "{views:?}");
    assert_eq!(views[0].user.as_deref(), Some("sam"));
}
