//! The reports screen: reached from home with one key, a report and a period picked
//! in a few keys, the table before its chart, published figures unless an
//! administrator asks for working figures (audited); volunteers are refused by the
//! service. Snapshots at 80x24 as plain text.

use crate::tui_admin_util::*;
use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::domain::{AuditAction, Role};
use caseline::service::AuditQuery;
use caseline::ui::testing::Harness;

/// A store with 300 demo cases, a caseworker `cas` and a volunteer `vic`.
fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    let doc = caseline::demo::generate(300, 11, &svc.actor(), svc.clock().now());
    svc.import(doc).expect("the demo caseload");
    close_service(svc);
    add(&dir, "cas", "Cas Worker", Role::Caseworker);
    add(&dir, "vic", "Vic Volunteer", Role::Volunteer);
    (tmp, dir)
}

fn reports(h: &mut Harness) -> String {
    h.keys("R");
    assert_eq!(h.app.top_title(), "Reports");
    h.screen()
}

#[test]
fn home_offers_reports_and_the_first_is_hate_crime_this_financial_year() {
    let (_tmp, dir) = demo();
    let mut h = unlock(&dir);
    let home = h.screen();
    assert!(home.contains("Reports") && home.contains(" R "), "{home}");
    let screen = reports(&mut h);
    assert!(screen.contains("Report 1 of 7: Hate crime"), "{screen}");
    assert!(
        screen.contains("Period 2026-27, 1 Apr 2026 to 31 Mar 2027"),
        "{screen}"
    );
    assert!(
        screen.contains("Published figures: 1 to 4 shown as <5"),
        "{screen}"
    );
    let table = screen.find("By strand").expect("the table");
    assert!(
        screen.find("Chart").is_some_and(|c| c > table),
        "table first:\n{screen}"
    );
    insta::assert_snapshot!("reports_hate_crime", screen);
    h.keys("<pagedown><pagedown>");
    let screen = h.screen();
    assert!(
        screen.contains("Chart by month") || screen.contains("Reported to police"),
        "{screen}"
    );
    close(h);
}

#[test]
fn reports_and_periods_change_with_one_key_each() {
    let (_tmp, dir) = demo();
    let mut h = unlock(&dir);
    reports(&mut h);
    h.keys("<tab>");
    let screen = h.screen();
    assert!(
        screen.contains("Report 2 of 7: Casework") && screen.contains("Cases by kind"),
        "{screen}"
    );
    h.keys("[");
    assert!(h.screen().contains("Period 2025-26,"));
    h.keys("]]");
    assert!(h.screen().contains("Period 2027-28,"));
    h.keys("[p");
    assert!(
        h.screen()
            .contains("Period 2026-27Q1, 1 Apr 2026 to 30 Jun 2026"),
        "{}",
        h.screen()
    );
    h.keys("p");
    assert!(h.screen().contains("Period 2026-04,"));
    h.keys("p");
    assert!(
        h.screen()
            .contains("Period 2026, 1 Jan 2026 to 31 Dec 2026")
    );
    // The financial year that holds the period's first day.
    h.keys("p");
    assert!(h.screen().contains("Period 2025-26,"));
    h.keys("<S-tab><S-tab>");
    let screen = h.screen();
    assert!(screen.contains("Report 7 of 7: Directory"), "{screen}");
    h.keys("<S-tab><S-tab>");
    let screen = h.screen();
    assert!(screen.contains("Report 5 of 7: Third-party"), "{screen}");
    // Long centre names end in an ellipsis; the month columns scroll sideways.
    assert!(
        screen.contains('…') && screen.contains("← → for more"),
        "{screen}"
    );
    insta::assert_snapshot!("reports_third_party", screen);
    h.keys("<right><right><right>");
    let moved = h.screen();
    assert!(moved.contains("columns 4 to"), "{moved}");
    h.keys("<F1>");
    let help = h.screen();
    assert!(help.contains("On the reports"), "{help}");
    for said in [
        "the report for the period before",
        "financial year, quarter, month",
    ] {
        assert!(help.contains(said), "{said}:\n{help}");
    }
    close(h);
}

#[test]
fn working_figures_are_an_administrators_and_audited() {
    let (_tmp, dir) = demo();
    let mut h = unlock(&dir);
    reports(&mut h);
    h.keys("<tab>w");
    let screen = h.screen();
    assert!(
        screen.contains("WORKING FIGURES: exact, not for publishing"),
        "{screen}"
    );
    assert!(
        !screen.contains("<5"),
        "exact counts hide nothing:\n{screen}"
    );
    close(h);
    let rows = audit(&dir, AuditQuery::default());
    let shown = rows
        .iter()
        .find(|r| r.action == AuditAction::Report)
        .expect("audited");
    assert!(
        shown.detail.contains("casework") && shown.detail.contains("working"),
        "{}",
        shown.detail
    );

    let mut h = sign_in_as(&dir, "cas");
    assert!(h.screen().contains("Reports"));
    reports(&mut h);
    h.keys("w");
    let screen = h.screen();
    assert!(
        screen.contains("Working figures are for administrators"),
        "{screen}"
    );
    assert!(screen.contains("Published figures"), "{screen}");
    close(h);
}

#[test]
fn a_volunteer_is_not_offered_reports_and_the_service_refuses_them() {
    let (_tmp, dir) = demo();
    let mut h = sign_in_as(&dir, "vic");
    assert!(!h.screen().contains("figures to publish"), "{}", h.screen());
    let screen = reports(&mut h);
    assert!(screen.contains("needs a caseworker or an"), "{screen}");
    insta::assert_snapshot!("reports_refused", screen);
    close(h);
}

#[test]
fn a_typed_period_shows_its_report_and_a_bad_one_is_named() {
    let (_tmp, dir) = demo();
    let mut h = unlock(&dir);
    let screen = reports(&mut h);
    assert!(screen.contains("t type one"), "{screen}");
    h.keys("t");
    let screen = h.screen();
    assert!(screen.contains("Report for a period"), "{screen}");
    h.keys("2026-13<enter>");
    let screen = h.screen();
    assert!(screen.contains("`2026-13` is not a period"), "{screen}");
    assert!(
        screen.contains('!'),
        "the error is marked, not only coloured"
    );
    insta::assert_snapshot!("reports_period_dialog_error", screen);
    h.keys("<backspace><backspace>27Q3<enter>");
    let screen = h.screen();
    assert_eq!(h.app.top_title(), "Reports", "{screen}");
    assert!(
        screen.contains("Period 2026-27Q3, 1 Oct 2026 to 31 Dec 2026"),
        "{screen}"
    );
    // The span moves on from there with the usual keys.
    h.keys("t2025-11-01..2026-11-30<enter>");
    assert!(
        h.screen().contains("Period 1 Nov 2025 to 30 Nov 2026"),
        "{}",
        h.screen()
    );
    close(h);
}

#[test]
fn an_intakes_kind_of_place_is_asked_and_counted() {
    let (_tmp, dir) = demo();
    let mut h = unlock(&dir);
    h.keys(
        "<C-n>Amina<tab>Hassan<pagedown><pagedown>Shouted at her.<tab>yesterday 9pm\
         <tab>bus stop on Clarence Street<tab>",
    );
    let screen = h.screen();
    assert!(screen.contains("Kind of place"), "{screen}");
    h.keys("pub<enter><C-s>");
    assert!(h.screen().contains("Intake saved"), "{}", h.screen());
    let screen = reports(&mut h);
    assert!(screen.contains("Report 1 of 7: Hate crime"), "{screen}");
    let mut seen = screen;
    for _ in 0..6 {
        if seen.contains("By kind of location") && seen.contains("Public transport") {
            break;
        }
        h.keys("<pagedown>");
        seen = h.screen();
    }
    assert!(seen.contains("By kind of location"), "{seen}");
    assert!(seen.contains("Public transport"), "{seen}");
    insta::assert_snapshot!("reports_kind_of_location", seen);
    close(h);
}
