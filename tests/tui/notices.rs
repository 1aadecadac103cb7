//! Another worker's changes reaching the screens: the store's server pushes a notice
//! (sent here as it would send it, after a change made through the session's client as
//! another worker would), and every screen showing what changed reads it again, even
//! under a dialog or the help: the queue, home's counts, an open case, recent intakes,
//! and the settings (idle lock, role, reference lists) an administrator changes.

use caseline::domain::{EntryKind, ListKind, PartyRole, Priority, Role, Subject};
use caseline::service::api::wire::Notice;
use caseline::service::{
    Client, EntryWith, IntakeRequest, NewEntry, NewFollowUp, NewParty, NewUser, PersonRef,
};
use caseline::ui::msg::{Msg, Reply};
use caseline::ui::testing::Harness;

use crate::tui_case_util::*;
use crate::tui_util::*;

/// Tells the interface what the server tells it after a change.
fn notice(h: &mut Harness, notices: &[Notice]) {
    for n in notices {
        h.send(Msg::Reply(Reply::Changed(n.clone())));
    }
}

/// A follow-up on Amina's case, due today, for the signed-in worker.
fn follow_up_today(client: &Client, fx: &Fixture, action: &str) {
    let f = NewFollowUp {
        due: day(22),
        due_time: None,
        assignee: None,
        priority: Priority::Normal,
        action: action.into(),
    };
    client.add_follow_up(Subject::Case(fx.case), f).unwrap();
}

#[test]
fn the_queue_shows_a_follow_up_another_worker_added_even_under_the_help() {
    let (_tmp, _dir, mut h, fx) = with_case();
    // Today's follow-ups.
    h.keys("<C-t><tab>");
    let screen = h.screen();
    assert!(screen.contains("Today 1"), "{screen}");
    assert!(screen.contains("Chase the bus company"), "{screen}");
    follow_up_today(&h.client(), &fx, "Ring the depot");
    // The help over the queue: the notice reaches the queue beneath it.
    h.keys("<F1>");
    assert_eq!(h.app.depth(), 2);
    notice(&mut h, &[Notice::Case(fx.case), Notice::FollowUps]);
    h.keys("<esc>");
    assert_eq!(h.app.depth(), 1);
    let screen = h.screen();
    assert!(screen.contains("Today 2"), "{screen}");
    assert!(
        screen.contains("Ring the depot"),
        "the queue read again under the help:\n{screen}"
    );
}

#[test]
fn homes_counts_follow_another_workers_follow_ups() {
    let (_tmp, _dir, mut h, fx) = with_case();
    assert!(
        h.screen()
            .contains("Your follow-ups: 1 overdue, 1 due today"),
        "{}",
        h.screen()
    );
    let client = h.client();
    follow_up_today(&client, &fx, "Ring the bus depot");
    client.complete_follow_up(fx.overdue, None).unwrap();
    assert!(
        h.screen().contains("1 overdue, 1 due today"),
        "not yet told"
    );
    notice(&mut h, &[Notice::FollowUps]);
    let screen = h.screen();
    assert!(
        screen.contains("Your follow-ups: 0 overdue, 2 due today"),
        "{screen}"
    );
}

/// A note another worker adds to the case on screen.
fn note(client: &Client, fx: &Fixture, text: &str) {
    let entry = NewEntry {
        case: fx.case,
        at: None,
        kind: EntryKind::Note,
        text: text.into(),
        corrects: None,
    };
    client.add_entry_with(entry, EntryWith::default()).unwrap();
}

#[test]
fn an_open_case_shows_another_workers_entry_with_a_dialog_over_it_or_not() {
    let (_tmp, _dir, mut h, fx) = with_case();
    open_amina(&mut h);
    let client = h.client();
    note(&client, &fx, "Bus depot manager rang back");
    assert!(!h.screen().contains("Bus depot manager rang back"));
    notice(&mut h, &[Notice::Case(fx.case), Notice::FollowUps]);
    assert!(
        h.screen().contains("Bus depot manager rang back"),
        "{}",
        h.screen()
    );
    // The add-entry dialog over the case; closing it (esc) enters nothing again.
    h.keys("a");
    let depth = h.app.depth();
    assert!(depth > 2, "a dialog over the case:\n{}", h.screen());
    note(&client, &fx, "CCTV footage arrived");
    notice(&mut h, &[Notice::Case(fx.case), Notice::FollowUps]);
    h.keys("<esc>");
    assert_eq!(h.app.depth(), depth - 1);
    let screen = h.screen();
    assert!(
        screen.contains("CCTV footage arrived"),
        "read under the dialog:\n{screen}"
    );
}

/// Grace Okafor's intake, recorded through `client`.
fn grace(client: &Client) {
    let request = IntakeRequest {
        parties: vec![NewParty {
            role: PartyRole::Victim,
            person: Some(PersonRef::New(caller("Grace", "Okafor", "07700 900789"))),
            description: String::new(),
        }],
        location: "the library".into(),
        narrative: "Racist graffiti on her car in the library car park.".into(),
        strands: vec!["race_or_ethnicity".into()],
        ..IntakeRequest::default()
    };
    client.record_intake(request).unwrap();
}

#[test]
fn recent_intakes_shows_an_intake_recorded_while_one_was_open() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    h.keys("<C-r>");
    assert!(h.screen().contains("Amina Hassan"), "{}", h.screen());
    // Amina's intake open over the list, and the cursor on her row.
    h.keys("<enter>");
    assert_eq!(h.app.depth(), 2, "{}", h.screen());
    grace(&h.client());
    notice(&mut h, &[Notice::Intake, Notice::FollowUps]);
    h.keys("<esc>");
    let screen = h.screen();
    assert!(screen.contains("Grace Okafor"), "{screen}");
    // Still on the intake that was open, though a newer one is now above it.
    let here = screen
        .lines()
        .find(|l| l.contains("> "))
        .unwrap_or_else(|| panic!("a row under the cursor:\n{screen}"));
    assert!(here.contains("Amina Hassan"), "{screen}");
}

#[test]
fn a_changed_idle_lock_reaches_the_app() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    h.client().set_idle_lock_minutes(1).unwrap();
    // Not told yet: the lock is still the five minutes read at sign-in.
    h.pass(chrono::Duration::minutes(2));
    assert!(!h.app.locked());
    notice(&mut h, &[Notice::Setup]);
    h.pass(chrono::Duration::seconds(30));
    assert!(h.app.locked(), "a minute idle locks now:\n{}", h.screen());
}

#[test]
fn homes_places_follow_a_changed_role_even_under_the_help() {
    let (_tmp, _dir, mut h, fx) = with_case();
    assert!(h.screen().contains("Users"), "{}", h.screen());
    let client = h.client();
    let other = NewUser {
        login: "ben".into(),
        display_name: "Ben Adeyemi".into(),
        role: Role::Administrator,
        centre: None,
    };
    client.add_user(other, "another long passphrase").unwrap();
    client.set_role(fx.me, Role::Caseworker).unwrap();
    h.keys("<F1>");
    notice(&mut h, &[Notice::Setup]);
    h.keys("<esc>");
    let screen = h.screen();
    assert!(screen.contains("What do you want to do?"), "{screen}");
    assert!(
        !screen.contains("Audit log") && !screen.contains("Users"),
        "no administrator's places for a caseworker:\n{screen}"
    );
}

#[test]
fn a_reference_value_added_elsewhere_is_offered_after_the_notice() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    h.client()
        .add_reference_value(ListKind::CaseKind, "Housing dispute", None, None)
        .unwrap();
    notice(&mut h, &[Notice::Setup]);
    // The case list offers the kinds the application holds when it opens.
    h.keys("<C-e>");
    let mut seen = Vec::new();
    for _ in 0..20 {
        h.keys("t");
        let screen = h.screen();
        if screen.contains("Housing dispute") {
            return;
        }
        seen.push(screen.lines().nth(2).unwrap_or_default().to_string());
    }
    panic!("the new kind is never offered: {seen:#?}");
}
