//! The add-entry dialog's extras: a follow-up set from the entry (saved with it in one
//! go), a phone call's minutes, and the crime reference of a police contact. Key
//! sequences checked against what the service then holds, and snapshots at 80x24.
//! The harness clock is Sunday 22 November 2026, 10:15.

use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::Caseline;
use caseline::domain::{
    Answer, CaseId, Direction, EntryKind, FollowUp, PartyRole, PoliceReport, Priority,
};
use caseline::service::{IntakeRequest, NewEntry, NewParty, OpenCase, PersonRef};
use chrono::{TimeZone, Utc};

/// How many entries and follow-ups a case has: what "changes nothing" compares.
fn counts(svc: &Caseline, case: CaseId) -> (usize, usize) {
    (
        svc.timeline(case).unwrap().len(),
        svc.follow_ups_for_case(case).unwrap().len(),
    )
}

fn follow_up_doing(svc: &Caseline, case: CaseId, action: &str) -> FollowUp {
    svc.follow_ups_for_case(case)
        .unwrap()
        .into_iter()
        .find(|f| f.action == action)
        .unwrap_or_else(|| panic!("a follow-up to {action}"))
}

/// From the note, back to the kind, to choose `kind` (typed to narrow the list).
fn entry_of_kind(h: &mut caseline::ui::testing::Harness, kind: &str) {
    h.keys(&format!("a<S-tab><S-tab><S-tab>{kind}<enter>"));
}

#[test]
fn a_call_with_a_follow_up_saves_both() {
    let (_tmp, dir, mut h, fx) = with_case();
    open_amina(&mut h);
    entry_of_kind(&mut h, "call out");
    h.keys("<tab>Amina Hassan<tab>12<tab>Talked her through reporting it.");
    // The "to do" shows only once a date is typed, filled from the call.
    assert!(!h.screen().contains("To do"), "{}", h.screen());
    h.keys("<tab>in 3 days");
    let screen = h.screen();
    assert!(screen.contains("= Wed 25 Nov 2026"), "{screen}");
    assert!(screen.contains("Call back Amina Hassan"), "{screen}");
    snap!("add_entry_with_follow_up", screen);
    h.keys("<C-s>");
    assert_eq!(
        status_text(&h),
        "Added to the timeline; follow-up due Wed 25 Nov",
        "{}",
        h.screen()
    );
    let screen = h.screen();
    assert!(screen.contains("Follow-ups: 4 open"), "{screen}");
    assert!(
        screen.contains("Phone call out, with Amina Hassan, 12 min"),
        "{screen}"
    );
    close(h);
    let svc = service_free(&dir);
    let f = follow_up_doing(&svc, fx.case, "Call back Amina Hassan");
    assert_eq!(f.due, day(25));
    assert_eq!(f.due_time, None);
    assert_eq!(f.assignee, Some(fx.me));
    assert_eq!(f.priority, Priority::Normal);
    let call = svc
        .timeline(fx.case)
        .unwrap()
        .into_iter()
        .find(|e| e.text == "Talked her through reporting it.")
        .expect("the call");
    assert!(matches!(
        call.kind,
        EntryKind::PhoneCall {
            minutes: Some(12),
            ..
        }
    ));
}

#[test]
fn an_empty_to_do_follows_up_on_the_note() {
    let (_tmp, dir, mut h, fx) = with_case();
    open_amina(&mut h);
    h.keys("aRang the council about the repairs: no answer, will try again");
    h.keys("<tab>fri 10am");
    let screen = h.screen();
    assert!(screen.contains("= Fri 27 Nov 2026, 10:00"), "{screen}");
    assert!(
        screen.contains("Follow up on: Rang the council about the …"),
        "the placeholder says what empty means:\n{screen}"
    );
    h.keys("<C-s>");
    assert_eq!(
        status_text(&h),
        "Added to the timeline; follow-up due Fri 27 Nov"
    );
    close(h);
    let svc = service_free(&dir);
    let f = follow_up_doing(&svc, fx.case, "Follow up on: Rang the council about the …");
    assert_eq!(f.due, day(27));
    assert_eq!(f.due_time, chrono::NaiveTime::from_hms_opt(10, 0, 0));
}

/// A "to do" filled in from the call, longer than its field, reads from its first
/// letter and ends in an ellipsis (it was scrolled to a cursor it does not have, and
/// lost its first letter).
#[test]
fn a_suggested_to_do_longer_than_its_field_shows_its_first_letter() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    open_amina(&mut h);
    entry_of_kind(&mut h, "call out");
    // "Call back " and these 37 letters are one column more than the field's 46.
    h.keys("<tab>Amina Hassan and her sister Hodan Ali<tab><tab>Talked it through.<tab>in 3 days");
    let screen = h.screen();
    let to_do = screen
        .lines()
        .find(|l| l.contains("To do"))
        .unwrap_or_else(|| panic!("a to do:\n{screen}"));
    assert!(
        to_do.contains("To do                 Call back Amina Hassan and her sister Hodan A…"),
        "{to_do}\n{screen}"
    );
}

#[test]
fn a_typed_to_do_is_kept_when_the_entry_changes() {
    let (_tmp, dir, mut h, fx) = with_case();
    open_amina(&mut h);
    entry_of_kind(&mut h, "call in");
    h.keys("<tab>Amina<tab><tab>She called about the letter.<tab>tomorrow<tab>");
    h.keys("<C-u>Send her the advice letter");
    // Back to "with whom": changing it no longer rewrites what the worker typed.
    h.keys("<S-tab><S-tab><S-tab><S-tab> Hassan<C-s>");
    assert_eq!(
        status_text(&h),
        "Added to the timeline; follow-up due Mon 23 Nov",
        "{}",
        h.screen()
    );
    close(h);
    let svc = service_free(&dir);
    follow_up_doing(&svc, fx.case, "Send her the advice letter");
}

#[test]
fn an_impossible_or_past_follow_up_date_changes_nothing() {
    let (_tmp, dir, mut h, fx) = with_case();
    open_amina(&mut h);
    h.keys("aCalled the school.<tab>31/2");
    h.keys("<C-s>");
    let screen = h.screen();
    assert_eq!(h.app.top_title(), "Add to the timeline");
    assert!(screen.contains("! there is no 31 February"), "{screen}");
    assert!(status_text(&h).starts_with("Not saved"), "{screen}");
    // A date that has been: the field says so, and still nothing is saved.
    h.keys("<C-u>yesterday<C-s>");
    let screen = h.screen();
    assert!(
        screen.contains("is in the past: a follow-up is for later"),
        "{screen}"
    );
    assert_eq!(h.app.top_title(), "Add to the timeline");
    h.keys("<esc>");
    close(h);
    let svc = service_free(&dir);
    assert_eq!(counts(&svc, fx.case), (4, 3));
}

#[test]
fn minutes_are_digits_up_to_ten_hours() {
    let (_tmp, dir, mut h, fx) = with_case();
    open_amina(&mut h);
    entry_of_kind(&mut h, "call in");
    h.keys("<tab>Amina<tab>12m<tab>Short call.<C-s>");
    let screen = h.screen();
    assert!(
        screen.contains("! type the minutes as digits, 1 to 600"),
        "{screen}"
    );
    assert!(h.screen().contains("> Minutes"), "focus goes to the field");
    h.keys("<backspace><backspace><backspace>601<C-s>");
    assert!(
        h.screen()
            .contains("! type the minutes as digits, 1 to 600")
    );
    h.keys("<backspace><backspace><backspace>0<C-s>");
    assert!(
        h.screen()
            .contains("! type the minutes as digits, 1 to 600")
    );
    assert_eq!(h.app.top_title(), "Add to the timeline");
    h.keys("<backspace>45<C-s>");
    assert_eq!(status_text(&h), "Entry added to the timeline");
    close(h);
    let svc = service_free(&dir);
    assert_eq!(counts(&svc, fx.case), (5, 3));
}

#[test]
fn correcting_a_call_keeps_its_minutes() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    let fx = amina(&svc);
    svc.add_timeline_entry(NewEntry {
        case: fx.case,
        at: Some(Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()),
        kind: EntryKind::PhoneCall {
            direction: Direction::Incoming,
            with: "Amina Hassan".into(),
            minutes: Some(20),
        },
        text: "She called about the bus company.".into(),
        corrects: None,
    })
    .unwrap();
    close_service(svc);
    let mut h = unlock_free(&dir);
    open_amina(&mut h);
    // The call is the newest by when it happened: second from the bottom.
    h.keys("<up>x");
    let screen = h.screen();
    assert_eq!(h.app.top_title(), "Correct an entry");
    let minutes = screen
        .lines()
        .find(|l| l.contains("Minutes"))
        .unwrap_or_else(|| panic!("the minutes field:\n{screen}"));
    assert!(minutes.contains("20"), "{minutes}");
    h.keys(" It was the 85.<C-s>");
    assert_eq!(status_text(&h), "Correction added to the timeline");
    close(h);
    let svc = service_free(&dir);
    let fix = svc
        .timeline(fx.case)
        .unwrap()
        .into_iter()
        .find(|e| e.corrects.is_some() && e.text.ends_with("It was the 85."))
        .expect("the correction");
    assert!(matches!(
        fix.kind,
        EntryKind::PhoneCall {
            minutes: Some(20),
            ..
        }
    ));
}

/// Amina's report, made to the police on the 10th and still without a crime
/// reference: her case has a "chase the police" follow-up.
fn reported_to_police() -> (tempfile::TempDir, std::path::PathBuf, CaseId) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    let incident = svc
        .record_intake(IntakeRequest {
            parties: vec![NewParty {
                role: PartyRole::Victim,
                person: Some(PersonRef::New(caller("Amina", "Hassan", "07700 900123"))),
                description: String::new(),
            }],
            location: "bus stop on Clarence Street".into(),
            narrative: "Spat at and abused.".into(),
            police: PoliceReport {
                reported: Answer::Yes,
                force: Some("Metropolitan Police".into()),
                crime_reference: None,
                reported_at: day(10).and_hms_opt(18, 0, 0),
            },
            ..IntakeRequest::default()
        })
        .expect("the intake")
        .incident;
    let case = svc
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![incident],
            opened_on: Some(day(20)),
            ..OpenCase::default()
        })
        .expect("the case")
        .id;
    close_service(svc);
    (tmp, dir, case)
}

#[test]
fn a_police_contact_with_a_crime_reference_ends_the_chase() {
    let (_tmp, dir, case) = reported_to_police();
    let mut h = unlock_free(&dir);
    open_amina(&mut h);
    assert!(
        h.screen().contains("Chase the police for a crime ref"),
        "{}",
        h.screen()
    );
    entry_of_kind(&mut h, "police");
    // Only a police contact asks for the reference; no "with whom", no minutes.
    let screen = h.screen();
    assert!(screen.contains("Crime reference"), "{screen}");
    assert!(!screen.contains("Minutes") && !screen.contains("With whom"));
    h.keys("<tab>CR/5678/26<tab>PC Jones rang with the reference.");
    snap!("add_entry_police_contact", h.screen());
    h.keys("<C-s>");
    assert_eq!(
        status_text(&h),
        "Added to the timeline; crime reference on its intake",
        "{}",
        h.screen()
    );
    let screen = h.screen();
    assert!(!screen.contains("Chase the police"), "{screen}");
    assert!(screen.contains("Crime reference: CR/5678/26"), "{screen}");
    close(h);
    let svc = service_free(&dir);
    let incident = svc.case(case).unwrap().incidents[0];
    assert_eq!(
        svc.incident(incident)
            .unwrap()
            .police
            .crime_reference
            .as_deref(),
        Some("CR/5678/26")
    );
}
