//! The casework lists: the case list with its filters, the follow-up queue, home's
//! counts, and opening a case from an intake. Snapshots at 80x24 as plain text
//! (dates and times the harness clock's), and key sequences checked against what
//! the service then holds. The harness clock is Sunday 22 November 2026, 10:15.

use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::domain::EntryKind;
use caseline::service::Bucket;
use caseline::service::KeyCost;

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
fn queue_screen() {
    let (_tmp, _dir, mut h, _fx) = with_two_cases();
    h.keys("<C-t>");
    let screen = h.screen();
    assert_eq!(h.app.top_title(), "Follow-ups");
    assert!(screen.contains("[Overdue 2]"), "{screen}");
    snap!("queue_overdue", screen);
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
    let svc = service_free(&dir);
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
    let svc = service_free(&dir);
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
    let svc = service_free(&dir);
    let fx = amina(&svc);
    let bea = svc
        .add_user(
            caseline::service::NewUser {
                login: "bea".into(),
                display_name: "Bea Okafor".into(),
                role: caseline::domain::Role::Caseworker,
                centre: None,
            },
            "another long passphrase",
            KeyCost::CheapForTests,
        )
        .unwrap();
    close_service(svc);
    let mut h = unlock_free(&dir);
    h.keys("<C-t>r");
    assert_eq!(h.app.top_title(), "Give the follow-up to");
    h.keys("bea<enter>");
    assert_eq!(status_text(&h), "Follow-up given to Bea Okafor");
    assert!(h.screen().contains("[Overdue 0]"), "no longer mine");
    h.keys("m");
    assert!(h.screen().contains("Bea Okafor"), "{}", h.screen());
    close(h);
    let svc = service_free(&dir);
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
    let svc = service_free(&dir);
    record(
        &svc,
        caller("Amina", "Hassan", "07700 900123"),
        "bus stop on Clarence Street",
        "Shouted at and spat at.",
    );
    close_service(svc);
    let mut h = unlock_free(&dir);
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
    assert!(
        screen.contains("People: Amina Hassan (complainant or victim)"),
        "{screen}"
    );
    // Esc from a case opened this way goes home.
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "Home");
    close(h);
    let svc = service_free(&dir);
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
    let svc = service_free(&dir);
    record(
        &svc,
        caller("Mohammed", "Khan", "07700 900456"),
        "market",
        "Abuse.",
    );
    close_service(svc);
    let mut h = unlock_free(&dir);
    h.keys("<C-r><enter>");
    assert_eq!(h.app.top_title(), "Intake");
    h.keys("o<enter>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001");
}

#[test]
fn attaching_an_intake_to_a_case_by_reference() {
    let (_tmp, dir, h, fx) = with_case();
    close(h);
    let svc = service_free(&dir);
    record(
        &svc,
        caller("Amina", "Hassan", "07700 900123"),
        "outside her flat",
        "Again.",
    );
    close_service(svc);
    let mut h = unlock_free(&dir);
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
    assert_eq!(service_free(&dir).case(fx.case).unwrap().incidents.len(), 2);
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
fn case_list_filters_by_worker_in_turn_then_everyone() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    amina(&svc);
    let khan = khan(&svc);
    let bea = svc
        .add_user(
            caseline::service::NewUser {
                login: "bea".into(),
                display_name: "Bea Okafor".into(),
                role: caseline::domain::Role::Caseworker,
                centre: None,
            },
            "another long passphrase",
            KeyCost::CheapForTests,
        )
        .unwrap();
    svc.update_case(
        khan,
        caseline::service::UpdateCase {
            assigned_to: Some(bea),
            ..Default::default()
        },
    )
    .unwrap();
    close_service(svc);
    let mut h = unlock_free(&dir);
    h.keys("<C-e>w");
    let screen = h.screen();
    assert!(
        screen.contains("1 case · not closed · all kinds · Asha Patel's"),
        "{screen}"
    );
    assert!(!screen.contains("Mohammed Khan"), "{screen}");
    h.keys("w");
    let screen = h.screen();
    assert!(
        screen.contains("1 case · not closed · all kinds · Bea Okafor's"),
        "{screen}"
    );
    assert!(screen.contains("Mohammed Khan"), "{screen}");
    assert!(!screen.contains("Amina Hassan"), "{screen}");
    h.keys("w");
    assert!(
        h.screen()
            .contains("2 cases · not closed · all kinds · everyone's"),
        "{}",
        h.screen()
    );
    // Mine and a worker are one choice: each replaces the other.
    h.keys("wwm");
    assert!(
        h.screen()
            .contains("1 case · not closed · all kinds · mine")
    );
    h.keys("w");
    assert!(h.screen().contains("· Asha Patel's"), "{}", h.screen());
}

/// What another worker saves reaches a case list already on screen: the server's
/// notice (sent here as the server would) has the page read again where it stands.
#[test]
fn the_case_list_follows_another_workers_change() {
    use caseline::domain::CaseStatus;
    use caseline::service::StatusChange;
    use caseline::service::api::wire::Notice;
    use caseline::ui::msg::{Msg, Reply};
    let (_tmp, _dir, mut h, fx) = with_two_cases();
    h.keys("<C-e>");
    assert!(
        h.screen().contains("2 cases · not closed"),
        "{}",
        h.screen()
    );
    let change = StatusChange {
        to: CaseStatus::OnHold,
        closure: None,
        note: "Waiting for the school's reply".into(),
    };
    h.client().change_case_status(fx.case, change).unwrap();
    assert!(
        !h.screen().contains("on hold"),
        "not yet told:\n{}",
        h.screen()
    );
    h.send(Msg::Reply(Reply::Changed(Notice::Case(fx.case))));
    let screen = h.screen();
    assert!(screen.contains("2 cases · not closed"), "{screen}");
    assert!(
        screen.contains("on hold"),
        "the row is read again:\n{screen}"
    );
}
