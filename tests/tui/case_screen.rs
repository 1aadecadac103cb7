//! One case: its screen, the timeline, and the dialogs on it (add or correct an entry,
//! status, details, follow-up). Snapshots at 80x24 as plain text (dates and times
//! the harness clock's), and key sequences checked against what the service then holds.
//! The harness clock is Sunday 22 November 2026, 10:15.

use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::domain::{CaseStatus, Direction, EntryKind, Priority};

#[test]
fn case_screen_with_a_correction_and_a_safeguarding_flag() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    open_amina(&mut h);
    let screen = h.screen();
    assert!(
        screen.contains("! SAFEGUARDING: Forced marriage"),
        "{screen}"
    );
    assert!(screen.contains("(corrected below)"), "{screen}");
    assert!(
        screen.contains("corrects entry of Sat 21 Nov 2026 09:00"),
        "{screen}"
    );
    snap!("case_screen", screen);
}

#[test]
fn add_entry_layer() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    open_amina(&mut h);
    h.keys("a");
    let screen = h.screen();
    assert_eq!(h.app.top_title(), "Add to the timeline");
    assert!(
        screen.contains("! SAFEGUARDING: Forced marriage"),
        "{screen}"
    );
    snap!("add_entry", screen);
}

#[test]
fn status_dialog() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    open_amina(&mut h);
    h.keys("s");
    let screen = h.screen();
    // Only where an open case may go: never back to open, never to reopened.
    assert!(
        screen.contains("( ) Active") && screen.contains("( ) Closed"),
        "{screen}"
    );
    assert!(
        !screen.contains("( ) Reopened") && !screen.contains("( ) Open"),
        "{screen}"
    );
    snap!("status_dialog", screen);
}

#[test]
fn adding_a_note_is_a_then_typing_then_save() {
    let (_tmp, dir, mut h, fx) = with_case();
    open_amina(&mut h);
    h.keys("a");
    h.keys("Rang the council: no answer, will try again");
    h.keys("<C-s>");
    assert_eq!(status_text(&h), "Entry added to the timeline");
    assert_eq!(h.app.top_title(), "Case C-2026-0001");
    let screen = h.screen();
    assert!(screen.contains("Rang the council: no answer"), "{screen}");
    assert!(screen.contains("Timeline: 5 entries"), "{screen}");
    close(h);
    let svc = service_free(&dir);
    let last = svc
        .timeline(fx.case)
        .unwrap()
        .into_iter()
        .max_by_key(|e| e.recorded_at)
        .unwrap();
    assert_eq!(last.kind, EntryKind::Note);
    assert_eq!(last.text, "Rang the council: no answer, will try again");
    assert_eq!(last.author, fx.me);
}

#[test]
fn a_phone_call_with_a_typed_time_and_whom() {
    let (_tmp, dir, mut h, fx) = with_case();
    open_amina(&mut h);
    // Kind first: "phone call out" narrowed by typing, then when and with whom.
    h.keys("a<S-tab><S-tab><S-tab>call out<enter>");
    let screen = h.screen();
    assert!(screen.contains("With whom"), "{screen}");
    h.keys("yesterday 4pm<tab>Housing officer<tab>12<tab>Left a message about the repairs.<C-s>");
    assert_eq!(
        status_text(&h),
        "Entry added to the timeline",
        "{}",
        h.screen()
    );
    let screen = h.screen();
    assert!(
        screen.contains("Phone call out, with Housing officer, 12 min"),
        "{screen}"
    );
    close(h);
    let svc = service_free(&dir);
    let call = svc
        .timeline(fx.case)
        .unwrap()
        .into_iter()
        .find(|e| e.text.starts_with("Left a message"))
        .expect("the call is on the timeline");
    assert_eq!(
        call.kind,
        EntryKind::PhoneCall {
            direction: Direction::Outgoing,
            with: "Housing officer".into(),
            minutes: Some(12)
        }
    );
    let local = caseline::domain::clock::local(call.at).naive_local();
    assert_eq!(local, day(21).and_hms_opt(16, 0, 0).unwrap());
}

#[test]
fn correcting_an_entry_keeps_the_original() {
    let (_tmp, dir, mut h, fx) = with_case();
    open_amina(&mut h);
    // From the newest (case opened) up to the phone call.
    h.keys("<up><up><up>x");
    let screen = h.screen();
    assert_eq!(h.app.top_title(), "Correct an entry");
    assert!(
        screen.contains("Corrects the entry of Fri 20 Nov 2026 14:00"),
        "{screen}"
    );
    h.keys(" She asked us not to write to her.<C-s>");
    assert_eq!(status_text(&h), "Correction added to the timeline");
    let screen = h.screen();
    assert!(
        screen.contains("corrects entry of Fri 20 Nov 2026 14:00"),
        "{screen}"
    );
    close(h);
    let svc = service_free(&dir);
    let timeline = svc.timeline(fx.case).unwrap();
    let call = timeline
        .iter()
        .find(|e| matches!(e.kind, EntryKind::PhoneCall { .. }) && e.corrects.is_none())
        .expect("the original stays");
    let fix = timeline
        .iter()
        .find(|e| e.corrects == Some(call.id))
        .expect("the correction points at it");
    assert!(
        fix.text.ends_with("She asked us not to write to her."),
        "{}",
        fix.text
    );
    assert!(matches!(fix.kind, EntryKind::PhoneCall { .. }));
}

#[test]
fn the_timeline_filters_by_kind_and_jumps_to_a_date() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    open_amina(&mut h);
    h.keys("t");
    let screen = h.screen();
    assert!(
        screen.contains("Timeline: 2 of 4 entries (note only)"),
        "{screen}"
    );
    assert!(!screen.contains("Phone call out"), "{screen}");
    h.keys("t");
    assert!(h.screen().contains("(phone call only)"));
    h.keys("tt");
    assert!(h.screen().contains("Timeline: 4 entries"), "{}", h.screen());
    h.keys("@");
    assert!(h.screen().contains("Jump to date:"));
    h.keys("21/11");
    assert!(h.screen().contains("= Sat 21 Nov 2026"), "{}", h.screen());
    h.keys("<enter>");
    assert_eq!(status_text(&h), "From Sat 21 Nov 2026");
    let screen = h.screen();
    let selected = screen
        .lines()
        .find(|l| l.contains(" > Sat 21 Nov 2026"))
        .unwrap_or_else(|| panic!("the first entry of the 21st is selected:\n{screen}"));
    assert!(selected.contains("09:00"), "{selected}");
}

#[test]
fn closing_a_case_needs_an_outcome() {
    let (_tmp, dir, mut h, fx) = with_case();
    open_amina(&mut h);
    h.keys("sclosed<enter>");
    let screen = h.screen();
    assert!(
        screen.contains("Outcome"),
        "closing asks for the outcome:\n{screen}"
    );
    assert!(screen.contains("Closing note"), "{screen}");
    h.keys("<C-s>");
    let screen = h.screen();
    assert!(
        screen.contains("! a closed case needs an outcome: choose one"),
        "{screen}"
    );
    assert_eq!(h.app.top_title(), "Change the status");
    // Choosing one, with a closing note, closes it.
    h.keys("advice<enter>Advice given; she will call if it happens again.<C-s>");
    assert_eq!(status_text(&h), "The case is now closed", "{}", h.screen());
    assert!(
        h.screen().contains("Closed Sun 22 Nov 2026: Advice given"),
        "{}",
        h.screen()
    );
    close(h);
    let svc = service_free(&dir);
    let case = svc.case(fx.case).unwrap();
    assert_eq!(case.status, CaseStatus::Closed);
    let closure = case.closure.expect("an outcome");
    assert_eq!(closure.outcome, "advice_given");
    assert_eq!(closure.on, day(22));
}

#[test]
fn a_closed_case_can_only_be_reopened() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    open_amina(&mut h);
    h.keys("sclosed<enter>resolved<enter><C-s>");
    h.keys("s");
    let screen = h.screen();
    assert!(screen.contains("( ) Reopened"), "{screen}");
    assert!(!screen.contains("( ) Active"), "{screen}");
}

#[test]
fn adding_a_follow_up_in_three_days() {
    let (_tmp, dir, mut h, fx) = with_case();
    open_amina(&mut h);
    h.keys("f");
    h.keys("in 3 days");
    assert!(h.screen().contains("= Wed 25 Nov 2026"), "{}", h.screen());
    h.keys("<tab>urgent<enter>Call Amina about the police<C-s>");
    assert_eq!(
        status_text(&h),
        "Follow-up added, due Wed 25 Nov 2026",
        "{}",
        h.screen()
    );
    assert!(h.screen().contains("Follow-ups: 4 open"), "{}", h.screen());
    close(h);
    let svc = service_free(&dir);
    let f = svc
        .follow_ups_for_case(fx.case)
        .unwrap()
        .into_iter()
        .find(|f| f.action == "Call Amina about the police")
        .expect("the follow-up");
    assert_eq!(f.due, day(25));
    assert_eq!(f.priority, Priority::Urgent);
    assert_eq!(f.assignee, Some(fx.me));
}

#[test]
fn editing_the_details_flags_safeguarding_and_risk() {
    let (_tmp, dir, mut h, fx) = with_case();
    open_amina(&mut h);
    // Worker stays; risk high; tick child safeguarding too.
    h.keys("e<tab>high<enter>child safe<enter><C-s>");
    assert_eq!(status_text(&h), "Case details saved", "{}", h.screen());
    let screen = h.screen();
    assert!(
        screen.contains("! SAFEGUARDING: Child safeguarding, Forced marriage"),
        "{screen}"
    );
    assert!(screen.contains("Risk high"), "{screen}");
    close(h);
    let case = service_free(&dir).case(fx.case).unwrap();
    assert_eq!(case.risk, caseline::domain::RiskLevel::High);
    assert_eq!(case.safeguarding.len(), 2);
}

#[test]
fn help_on_a_case_lists_its_keys() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    open_amina(&mut h);
    h.keys("<F1>");
    let mut seen = String::new();
    for _ in 0..40 {
        seen.push_str(&h.screen());
        h.keys("<down>");
    }
    assert!(seen.contains("On a case"), "{seen}");
    assert!(
        seen.contains("add an entry (a note, a call ...) to the timeline"),
        "{seen}"
    );
    assert!(seen.contains("jump to a date in the timeline"), "{seen}");
    // The list's `a` (add an intake to a case) is this screen's add entry: not listed twice.
    assert!(
        !seen.contains("add this intake to an existing case"),
        "{seen}"
    );
}
