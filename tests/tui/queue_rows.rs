//! The follow-up queue's rows at 80 columns: whom each follow-up is about (an intake's
//! "Call back" names the caller), dates that say their year when it is not this one,
//! and the selected follow-up in full beneath. The harness clock is Sunday 22 November
//! 2026, 10:15.

use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::domain::{Priority, Subject};
use caseline::service::{IntakeRequest, NewFollowUp, NewParty, PersonRef};
use chrono::NaiveDate;

/// Amina's case, and Wei Zhang's intake with its "Call back" due today.
fn with_call_back() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    caseline::ui::testing::Harness,
) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    amina(&svc);
    svc.record_intake(IntakeRequest {
        parties: vec![NewParty {
            role: caseline::domain::PartyRole::Victim,
            person: Some(PersonRef::New(caller("Wei", "Zhang", "020 8547 1234"))),
            description: String::new(),
        }],
        location: "Kingston market".into(),
        narrative: "A stallholder refused to serve her and mocked her accent.".into(),
        strands: vec!["race_or_ethnicity".into()],
        follow_up: Some(NewFollowUp {
            due: day(22),
            due_time: None,
            assignee: None,
            priority: Priority::Normal,
            action: "Call back".into(),
        }),
        ..IntakeRequest::default()
    })
    .expect("the intake is recorded");
    close_service(svc);
    let h = unlock_free(&dir);
    (tmp, dir, h)
}

/// The screen's row holding `text`.
fn row_with(screen: &str, text: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("`{text}` is on screen:\n{screen}"))
        .to_string()
}

#[test]
fn a_call_back_names_the_caller() {
    let (_tmp, _dir, mut h) = with_call_back();
    h.keys("<C-t>2");
    let screen = h.screen();
    let row = row_with(&screen, "Call back");
    assert!(row.contains("Wei Zhang"), "{screen}");
    // A case's follow-up names its client too.
    let row = row_with(&screen, "Chase the bus company");
    assert!(row.contains("Amina Hassan"), "{screen}");
    // Everyone's queue has a column for whose it is, and still names the caller.
    h.keys("m");
    let screen = h.screen();
    let row = row_with(&screen, "Call back");
    assert!(row.contains("Wei Zhang"), "{screen}");
    assert!(row.contains("Asha Patel"), "{screen}");
}

#[test]
fn the_selected_follow_up_is_shown_whole_beneath() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    let fx = amina(&svc);
    let long = "Ring the housing officer at Kingston council about moving Amina and \
                her children away from the estate before the half-term holiday";
    svc.add_follow_up(
        Subject::Case(fx.case),
        NewFollowUp {
            due: NaiveDate::from_ymd_opt(2026, 11, 19).unwrap(),
            due_time: None,
            assignee: None,
            priority: Priority::Urgent,
            action: long.into(),
        },
    )
    .expect("a follow-up");
    close_service(svc);
    let mut h = unlock_free(&dir);
    h.keys("<C-t>");
    let screen = h.screen();
    let words: String = screen
        .lines()
        .skip_while(|l| !l.contains("│ > "))
        .collect::<Vec<_>>()
        .join(" ")
        .replace('│', " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains(long), "{screen}");
    assert!(words.contains("Amina Hassan"), "{screen}");
    assert!(words.contains("Thu 19 Nov 2026"), "{screen}");
}

#[test]
fn dates_of_another_year_say_which() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    let fx = amina(&svc);
    for (y, m, d, action) in [
        (2025, 11, 24, "Last year's letter"),
        (2027, 1, 4, "Review after the new year"),
    ] {
        svc.add_follow_up(
            Subject::Case(fx.case),
            NewFollowUp {
                due: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
                due_time: None,
                assignee: None,
                priority: Priority::Normal,
                action: action.into(),
            },
        )
        .expect("a follow-up");
    }
    close_service(svc);
    let mut h = unlock_free(&dir);
    h.keys("<C-t>");
    let screen = h.screen();
    let row = row_with(&screen, "Last year's letter");
    assert!(row.contains("24 Nov 2025"), "{screen}");
    // This year's dates keep their weekday, and need no year.
    let row = row_with(&screen, "Call Amina about");
    assert!(row.contains("Fri 20 Nov "), "{screen}");
    h.keys("<tab><tab><tab>");
    let screen = h.screen();
    let row = row_with(&screen, "Review after");
    assert!(row.contains("4 Jan 2027"), "{screen}");
    assert!(screen.contains("due Mon 4 Jan 2027"), "{screen}");
}
