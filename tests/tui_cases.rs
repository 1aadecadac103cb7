//! The casework screens: the case list, a case with its timeline and follow-ups, the
//! follow-up queue, and opening a case from an intake. Snapshots at 80x24 as plain
//! text (real-clock dates and times filtered out), and key sequences checked against
//! what the service then holds. The harness clock is Sunday 22 November 2026, 10:15.

mod tui_util;

use caseline::Caseline;
use caseline::domain::{
    CaseId, CaseStatus, Direction, EntryKind, FollowUpId, Priority, Subject, UserId,
};
use caseline::service::{Bucket, NewEntry, NewFollowUp, OpenCase, QueueRequest, Scope};
use caseline::ui::testing::Harness;
use chrono::{NaiveDate, TimeZone, Utc};
use tui_util::*;

/// A snapshot with real-clock dates and times filtered out, and the case list's
/// last-activity column (the real-clock day something was last recorded) too.
macro_rules! snap {
    ($name:expr, $screen:expr) => {
        let mut f = filters();
        f.push((
            r"(?m)(C-\d{4}-\d{4}.*\s)\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) *│$"
                .into(),
            "${1}DD Mmm│".into(),
        ));
        insta::with_settings!({filters => as_pairs(&f)}, {
            insta::assert_snapshot!($name, $screen);
        })
    };
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("a November day")
}

fn temp() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("data");
    (tmp, dir)
}

/// What a test set up through the service.
struct Fixture {
    case: CaseId,
    overdue: FollowUpId,
    me: UserId,
}

/// Amina Hassan's intake, made into a hate-crime case flagged for forced marriage,
/// with a phone call, a note and its correction on the timeline, and follow-ups
/// overdue, due today and due later in the week.
fn amina(svc: &Caseline) -> Fixture {
    record(
        svc,
        caller("Amina", "Hassan", "07700 900123"),
        "bus stop on Clarence Street",
        "A man shouted racist and anti-Muslim abuse at her and spat at her.",
    );
    let incident = svc.recent_incidents(1).expect("intakes")[0].id;
    let opened = svc
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![incident],
            safeguarding: vec!["forced_marriage".into()],
            summary: "Abuse at a bus stop; may be CCTV on the bus.".into(),
            opened_on: Some(day(20)),
            ..OpenCase::default()
        })
        .expect("the case opens");
    let at = |d, h| Some(Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap());
    svc.add_timeline_entry(NewEntry {
        case: opened.id,
        at: at(20, 14),
        kind: EntryKind::PhoneCall {
            direction: Direction::Outgoing,
            with: "Amina Hassan".into(),
            minutes: None,
        },
        text: "Called Amina back. She wants advice before going to the police; \
               safe to call on weekday evenings, not safe for voicemail."
            .into(),
        corrects: None,
    })
    .expect("a call");
    let note = svc
        .add_timeline_entry(NewEntry {
            case: opened.id,
            at: at(21, 9),
            kind: EntryKind::Note,
            text: "Asked the bus company for CCTV from the 93.".into(),
            corrects: None,
        })
        .expect("a note");
    svc.add_timeline_entry(NewEntry {
        case: opened.id,
        at: at(21, 11),
        kind: EntryKind::Note,
        text: "Asked the bus company for CCTV from the 85, not the 93.".into(),
        corrects: Some(note),
    })
    .expect("a correction");
    let follow = |due, priority, action: &str| {
        svc.add_follow_up(
            Subject::Case(opened.id),
            NewFollowUp {
                due,
                due_time: None,
                assignee: None,
                priority,
                action: action.into(),
            },
        )
        .expect("a follow-up")
    };
    let overdue = follow(day(20), Priority::High, "Call Amina about the CCTV request");
    follow(day(22), Priority::Normal, "Chase the bus company");
    follow(day(25), Priority::Low, "Send the advice letter");
    Fixture {
        case: opened.id,
        overdue,
        me: svc.actor().id,
    }
}

/// A store with Amina's case, unlocked on home.
fn with_case() -> (tempfile::TempDir, std::path::PathBuf, Harness, Fixture) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service(&dir);
    let fx = amina(&svc);
    close_service(svc);
    let h = unlock(&dir);
    (tmp, dir, h, fx)
}

fn status_text(h: &Harness) -> String {
    match h.app.status() {
        Some(
            caseline::ui::component::Status::Info(t)
            | caseline::ui::component::Status::Done(t)
            | caseline::ui::component::Status::Error(t),
        ) => t.clone(),
        None => String::new(),
    }
}

fn queue(svc: &Caseline, bucket: Bucket) -> Vec<FollowUpId> {
    svc.queue(&QueueRequest {
        scope: Scope::Everyone,
        buckets: vec![bucket],
        safeguarding_only: false,
        today: day(22),
        limit: 100,
    })
    .expect("a queue")
    .rows
    .into_iter()
    .map(|r| r.id)
    .collect()
}

/// Mohammed Khan's employment case: the act complained of on 15 September starts the
/// tribunal clock, whose ACAS reminder (statutory, urgent) is already overdue.
fn khan(svc: &Caseline) -> CaseId {
    record(
        svc,
        caller("Mohammed", "Khan", "07700 900456"),
        "his workplace",
        "His manager made racist remarks and then cut his shifts.",
    );
    let incident = svc.recent_incidents(1).expect("intakes")[0].id;
    svc.open_case(OpenCase {
        kind: "employment".into(),
        incidents: vec![incident],
        act_complained_of: Some(NaiveDate::from_ymd_opt(2026, 9, 15).unwrap()),
        opened_on: Some(day(21)),
        ..OpenCase::default()
    })
    .expect("the case opens")
    .id
}

/// Both cases, unlocked on home.
fn with_two_cases() -> (tempfile::TempDir, std::path::PathBuf, Harness, Fixture) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service(&dir);
    let fx = amina(&svc);
    khan(&svc);
    close_service(svc);
    let h = unlock(&dir);
    (tmp, dir, h, fx)
}

/// Opens Amina's case from the case list (the only case, or the first by last activity).
fn open_amina(h: &mut Harness) {
    h.keys("<C-e>");
    let screen = h.screen();
    let row = screen
        .lines()
        .position(|l| l.contains("Amina Hassan"))
        .unwrap_or_else(|| panic!("Amina's case is listed:\n{screen}"));
    let first = screen
        .lines()
        .position(|l| l.contains("C-2026-"))
        .expect("a case row");
    for _ in first..row {
        h.keys("<down>");
    }
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001", "{}", h.screen());
}

// ---- snapshots -------------------------------------------------------------------------

#[test]
fn case_list() {
    let (_tmp, _dir, mut h, _fx) = with_two_cases();
    h.keys("<C-e>");
    let screen = h.screen();
    assert!(
        screen.contains("2 cases · not closed · all kinds"),
        "{screen}"
    );
    assert!(
        screen.contains("!S Amina Hassan"),
        "the marker is not colour only:\n{screen}"
    );
    snap!("case_list", screen);
}

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
fn queue_screen() {
    let (_tmp, _dir, mut h, _fx) = with_two_cases();
    h.keys("<C-t>");
    let screen = h.screen();
    assert_eq!(h.app.top_title(), "Follow-ups");
    assert!(screen.contains("[Overdue 2]"), "{screen}");
    snap!("queue_overdue", screen);
}

// ---- key sequences ---------------------------------------------------------------------

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
    let svc = service(&dir);
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
    h.keys("yesterday 4pm<tab>Housing officer<tab>Left a message about the repairs.<C-s>");
    assert_eq!(
        status_text(&h),
        "Entry added to the timeline",
        "{}",
        h.screen()
    );
    close(h);
    let svc = service(&dir);
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
            minutes: None
        }
    );
    let local = call.at.with_timezone(&chrono::Local).naive_local();
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
    let svc = service(&dir);
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
    let svc = service(&dir);
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
    let svc = service(&dir);
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
    let case = service(&dir).case(fx.case).unwrap();
    assert_eq!(case.risk, caseline::domain::RiskLevel::High);
    assert_eq!(case.safeguarding.len(), 2);
}

#[test]
fn completing_from_the_queue_with_a_note() {
    let (_tmp, dir, mut h, fx) = with_case();
    h.keys("<C-t>");
    assert!(h.screen().contains("[Overdue 1]"), "{}", h.screen());
    h.keys("d");
    assert_eq!(h.app.top_title(), "Mark the follow-up done");
    h.keys("Spoke to Amina: the CCTV request is in<enter>");
    assert_eq!(
        status_text(&h),
        "Follow-up done; the note is on the case timeline"
    );
    let screen = h.screen();
    assert!(screen.contains("[Overdue 0]"), "{screen}");
    assert!(screen.contains("Done 1"), "{screen}");
    close(h);
    let svc = service(&dir);
    assert!(!queue(&svc, Bucket::Overdue).contains(&fx.overdue));
    assert!(queue(&svc, Bucket::Done).contains(&fx.overdue));
    let done = svc
        .timeline(fx.case)
        .unwrap()
        .into_iter()
        .find(|e| {
            e.kind
                == EntryKind::FollowUpDone {
                    follow_up: fx.overdue,
                }
        })
        .expect("a timeline entry says so");
    assert_eq!(done.text, "Spoke to Amina: the CCTV request is in");
}

#[test]
fn snoozing_to_tomorrow_moves_it_to_this_week() {
    let (_tmp, dir, mut h, fx) = with_case();
    h.keys("<C-t>z");
    let screen = h.screen();
    assert!(screen.contains("Tomorrow (Mon 23 Nov)"), "{screen}");
    h.keys("<enter>");
    assert_eq!(status_text(&h), "Follow-up moved to Mon 23 Nov 2026");
    let screen = h.screen();
    assert!(screen.contains("[Overdue 0]"), "{screen}");
    assert!(screen.contains("This week 2"), "{screen}");
    close(h);
    let svc = service(&dir);
    assert!(queue(&svc, Bucket::Week).contains(&fx.overdue));
    assert_eq!(svc.follow_up(fx.overdue).unwrap().due, day(23));
}

#[test]
fn saved_queues_and_toggles_are_one_key_each() {
    let (_tmp, _dir, mut h, _fx) = with_two_cases();
    h.keys("<C-t>2");
    assert_eq!(status_text(&h), "Saved queue: My today");
    let screen = h.screen();
    assert!(
        screen.contains("[Today 1]") && screen.contains("My today*"),
        "{screen}"
    );
    assert!(screen.contains("Chase the bus company"), "{screen}");
    h.keys("3");
    let screen = h.screen();
    assert!(
        screen.contains("Follow-ups · everyone's · safeguarding only"),
        "{screen}"
    );
    assert!(screen.contains("[This week 1]"), "{screen}");
    assert!(screen.contains("Send the advice letter"), "{screen}");
    h.keys("!<left><left>");
    let screen = h.screen();
    assert!(screen.contains("[Overdue 2]"), "{screen}");
    assert!(screen.contains("Everyone's overdue*"), "{screen}");
    assert!(screen.contains("S!") || screen.contains(" !"), "{screen}");
    // Enter opens the follow-up's case.
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Case C-2026-0002");
    h.keys("<esc>");
    assert_eq!(
        h.app.top_title(),
        "Follow-ups",
        "esc goes back to the queue"
    );
}

#[test]
fn reassigning_from_the_queue() {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service(&dir);
    let fx = amina(&svc);
    let bea = svc
        .add_user(
            caseline::service::NewUser {
                login: "bea".into(),
                display_name: "Bea Okafor".into(),
                role: caseline::domain::Role::Caseworker,
            },
            "another long passphrase",
            caseline::store::KdfParams::INSECURE_TEST,
        )
        .unwrap();
    close_service(svc);
    let mut h = unlock(&dir);
    h.keys("<C-t>r");
    assert_eq!(h.app.top_title(), "Give the follow-up to");
    h.keys("bea<enter>");
    assert_eq!(status_text(&h), "Follow-up given to Bea Okafor");
    assert!(h.screen().contains("[Overdue 0]"), "no longer mine");
    h.keys("m");
    assert!(h.screen().contains("Bea Okafor"), "{}", h.screen());
    close(h);
    let svc = service(&dir);
    assert_eq!(svc.follow_up(fx.overdue).unwrap().assignee, Some(bea));
    drop(tmp);
}

#[test]
fn case_list_filters_are_one_key_each_and_said_in_words() {
    let (_tmp, _dir, mut h, _fx) = with_two_cases();
    h.keys("<C-e>!");
    let screen = h.screen();
    assert!(
        screen.contains("1 case ·") && screen.contains("· safeguarding only"),
        "{screen}"
    );
    assert!(!screen.contains("Mohammed Khan"), "{screen}");
    h.keys("!t");
    let screen = h.screen();
    assert!(
        screen.contains("1 case · not closed · Hate crime"),
        "{screen}"
    );
    h.keys("ttt");
    let screen = h.screen();
    assert!(
        screen.contains("1 case · not closed · Employment"),
        "{screen}"
    );
    assert!(screen.contains("Mohammed Khan"), "{screen}");
    h.keys("tttt");
    assert!(h.screen().contains("2 cases · not closed · all kinds"));
    h.keys("s");
    assert!(h.screen().contains("2 cases · open only"), "{}", h.screen());
    h.keys("sssss");
    assert!(
        h.screen().contains("0 cases · closed only"),
        "{}",
        h.screen()
    );
    h.keys("s");
    assert!(
        h.screen().contains("2 cases · every status"),
        "{}",
        h.screen()
    );
    h.keys("mo");
    let screen = h.screen();
    assert!(screen.contains("· mine · by next follow-up"), "{screen}");
    // Soonest follow-up first: Khan's overdue ACAS reminder (16 Nov) before Amina's 20 Nov.
    let khan = screen.find("Mohammed Khan").expect("Khan listed");
    let amina = screen.find("Amina Hassan").expect("Amina listed");
    assert!(khan < amina, "{screen}");
}

#[test]
fn opening_a_case_from_an_intake_takes_three_keys() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service(&dir);
    record(
        &svc,
        caller("Amina", "Hassan", "07700 900123"),
        "bus stop on Clarence Street",
        "Shouted at and spat at.",
    );
    close_service(svc);
    let mut h = unlock(&dir);
    // Recent intakes, open a case, Enter takes the kind offered (hate crime: strands).
    h.keys("<C-r>");
    h.keys("o");
    assert!(h.screen().contains("(•) Hate crime"), "{}", h.screen());
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001", "{}", h.screen());
    assert_eq!(status_text(&h), "Case C-2026-0001 opened");
    let screen = h.screen();
    assert!(
        screen.contains("C-2026-0001 · Hate crime · open"),
        "{screen}"
    );
    assert!(screen.contains("Client Amina Hassan"), "{screen}");
    // Esc from a case opened this way goes home.
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "Home");
    close(h);
    let svc = service(&dir);
    let case = svc
        .case_by_ref("C-2026-0001".parse().unwrap())
        .expect("the case is stored");
    assert_eq!(case.kind, "hate_crime");
    assert_eq!(case.incidents.len(), 1);
    assert_eq!(case.opened_on, day(22));
}

#[test]
fn opening_a_case_from_the_intake_view() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service(&dir);
    record(
        &svc,
        caller("Mohammed", "Khan", "07700 900456"),
        "market",
        "Abuse.",
    );
    close_service(svc);
    let mut h = unlock(&dir);
    h.keys("<C-r><enter>");
    assert_eq!(h.app.top_title(), "Intake");
    h.keys("o<enter>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001");
}

#[test]
fn attaching_an_intake_to_a_case_by_reference() {
    let (_tmp, dir, h, fx) = with_case();
    close(h);
    let svc = service(&dir);
    record(
        &svc,
        caller("Amina", "Hassan", "07700 900123"),
        "outside her flat",
        "Again.",
    );
    close_service(svc);
    let mut h = unlock(&dir);
    h.keys("<C-r>a");
    assert_eq!(h.app.top_title(), "Add this intake to a case");
    h.keys("C-2026-0042<enter>");
    assert!(
        h.screen().contains("! there is no case C-2026-0042"),
        "{}",
        h.screen()
    );
    h.keys("<backspace><backspace>01<enter>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001", "{}", h.screen());
    assert_eq!(status_text(&h), "The intake is now part of C-2026-0001");
    close(h);
    assert_eq!(service(&dir).case(fx.case).unwrap().incidents.len(), 2);
}

#[test]
fn home_shows_my_follow_up_counts() {
    let (_tmp, _dir, mut h, _fx) = with_two_cases();
    let screen = h.screen();
    assert!(
        screen.contains("! Your follow-ups: 2 overdue, 1 due today"),
        "{screen}"
    );
    assert!(
        screen.contains("Cases") && screen.contains("Follow-ups"),
        "{screen}"
    );
    // Refreshed when home is entered again.
    h.keys("<C-t>d<enter><C-g>");
    assert!(
        h.screen()
            .contains("Your follow-ups: 1 overdue, 1 due today"),
        "{}",
        h.screen()
    );
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
