//! What a layer asks for acts on that layer, wherever it stands: a dialog's save
//! answered after the worker opened help or search over it closes the dialog, not
//! what they opened; and a dialog that has sent its save refuses a second one until
//! the answer. Replies the sign-in screen did not ask for are not taken as its answer,
//! and the lock screen asks for the login first when the store does. Driven through
//! `update()`, the service's answer held back as a slow one would be.

use crate::tui_case_util::{open_amina, status_text, with_case};
use crate::tui_util::*;
use caseline::domain::Role;
use caseline::service::NewUser;
use caseline::ui::msg::{CaseChange, Effect, Msg, Reply};
use caseline::ui::testing::Harness;

const ACTION: &str = "Call Amina about the police";

/// Amina's case with the follow-up dialog filled in and saved, its answer held back.
fn follow_up_sent() -> (tempfile::TempDir, std::path::PathBuf, Harness, usize) {
    let (tmp, dir, mut h, _fx) = with_case();
    open_amina(&mut h);
    let depth = h.app.depth();
    h.hold = |e| matches!(e, Effect::Change(CaseChange::AddFollowUp(..)));
    h.keys(&format!("fin 3 days<tab>urgent<enter>{ACTION}<C-s>"));
    assert_eq!(h.held(), 1, "{}", h.screen());
    assert_eq!(h.app.depth(), depth + 1);
    (tmp, dir, h, depth)
}

/// How many of the case's follow-ups are the one the dialog adds.
fn added(dir: &std::path::Path) -> usize {
    let svc = service(dir);
    let cases: Vec<_> = svc.cases().map(|c| c.expect("a case").id).collect();
    let n = cases
        .into_iter()
        .flat_map(|case| svc.follow_ups_for_case(case).expect("follow-ups"))
        .filter(|f| f.action == ACTION)
        .count();
    close_service(svc);
    n
}

#[test]
fn a_save_answered_under_help_closes_the_dialog_and_leaves_help_open() {
    let (_tmp, dir, mut h, depth) = follow_up_sent();
    let screen = h.screen();
    assert!(screen.contains("Add a follow-up: saving…"), "{screen}");
    // A second save, and typing, do nothing while the first is answered.
    h.keys("<C-s>more<enter><C-s>");
    assert_eq!(h.held(), 1, "saved twice:\n{}", h.screen());
    h.keys("<F1>");
    assert_eq!(h.app.top_title(), "Help");
    h.release_held();
    assert_eq!(h.app.top_title(), "Help", "the answer closed help");
    assert_eq!(h.app.depth(), depth + 1, "the dialog is still open");
    assert_eq!(status_text(&h), "Follow-up added, due Wed 25 Nov 2026");
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001");
    assert_eq!(h.app.depth(), depth);
    // The case screen under help was read again once the dialog went back.
    assert!(h.screen().contains("Follow-ups: 4 open"), "{}", h.screen());
    h.keys("<C-s>");
    close(h);
    assert_eq!(added(&dir), 1);
}

#[test]
fn a_save_answered_under_search_leaves_the_search_open() {
    let (_tmp, dir, mut h, depth) = follow_up_sent();
    h.keys("<C-f>");
    let search = h.app.top_title();
    h.release_held();
    assert_eq!(h.app.top_title(), search);
    assert_eq!(
        h.app.depth(),
        depth + 1,
        "the dialog went, the search stayed"
    );
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001");
    close(h);
    assert_eq!(added(&dir), 1);
}

#[test]
fn another_worker_s_change_is_not_taken_as_the_answer() {
    let (_tmp, dir, mut h, _depth) = follow_up_sent();
    h.send(Msg::Reply(Reply::Changed(
        caseline::ui::msg::Notice::Intake,
    )));
    assert!(h.screen().contains("saving…"), "a notice is not the answer");
    h.release_held();
    assert_eq!(h.app.top_title(), "Case C-2026-0001");
    close(h);
    assert_eq!(added(&dir), 1);
}

#[test]
fn the_lock_screen_asks_for_the_login_first_when_the_store_does() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("data");
    store_with_two_users(&dir);
    let mut h = unlock(&dir);
    h.keys("<F12>");
    let screen = h.screen();
    assert!(screen.contains("> Your login"), "{screen}");
    assert!(!screen.contains("(optional)"), "{screen}");
    insta::assert_snapshot!("lock_screen_login_first", screen);
    h.keys(&format!("admin<tab>{PASS}<enter>"));
    assert!(!h.app.locked(), "{}", h.screen());
}

#[test]
fn a_passphrase_given_since_the_start_has_the_lock_screen_ask_for_the_login() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("data");
    init_store(&dir);
    let mut h = unlock(&dir);
    h.client()
        .add_user(
            NewUser {
                login: "cas".into(),
                display_name: "Case Worker".into(),
                role: Role::Caseworker,
                centre: None,
            },
            CAS_PASS,
        )
        .expect("a second user");
    h.keys("<F12>");
    let screen = h.screen();
    assert!(screen.contains("> Your login"), "{screen}");
    assert!(
        screen.contains("Your login, then your passphrase, then enter."),
        "{screen}"
    );
    h.keys(&format!("cas<tab>{CAS_PASS}<enter>"));
    assert!(!h.app.locked(), "{}", h.screen());
}

#[test]
fn a_failure_nobody_asked_for_is_not_the_sign_in_s_answer() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("data");
    init_store(&dir);
    let mut h = unlock(&dir);
    h.keys("<F12>");
    h.hold = |e| matches!(e, Effect::Unlock { .. });
    h.keys(&format!("{PASS}<enter>"));
    assert_eq!(h.held(), 1);
    // The lock's own answer (the draft not forced to disk) and a draft sync's failure
    // come while the sign-in is answered.
    h.send(Msg::Reply(Reply::Locked {
        draft_safe: false,
        login_first: None,
    }));
    let said = status_text(&h);
    assert!(said.contains("could not be made safe on disk"), "{said}");
    h.send(Msg::Reply(Reply::Failed("the disk is full".into())));
    assert_eq!(status_text(&h), "the disk is full");
    let screen = h.screen();
    assert!(!screen.contains("could not be opened"), "{screen}");
    // Still waiting: keys do nothing, and the sign-in's answer is taken when it comes.
    h.keys("x<enter>");
    assert_eq!(h.held(), 1);
    h.release_held();
    assert!(!h.app.locked(), "{}", h.screen());
    assert_eq!(h.app.top_title(), "Home");
}

#[test]
fn a_case_opened_under_search_takes_the_dialog_s_place_and_search_stays_over_it() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("data");
    init_store(&dir);
    let svc = service(&dir);
    record(
        &svc,
        caller("Amina", "Hassan", "07700 900123"),
        "bus stop on Clarence Street",
        "A man shouted racist abuse at her.",
    );
    close_service(svc);
    let mut h = unlock(&dir);
    h.keys("<C-r>o");
    assert_eq!(h.app.top_title(), "Open a case from this intake");
    h.hold = |e| matches!(e, Effect::Change(CaseChange::OpenCase(_)));
    h.keys("<enter>");
    assert_eq!(h.held(), 1, "{}", h.screen());
    h.keys("<C-f>");
    let search = h.app.top_title();
    h.release_held();
    assert_eq!(
        h.app.top_title(),
        search,
        "the case took the search's place"
    );
    assert_eq!(h.app.depth(), 2, "the case screen, and the search over it");
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001", "{}", h.screen());
    assert!(h.screen().contains("Amina Hassan"), "{}", h.screen());
}
