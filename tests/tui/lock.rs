//! Locking on a shared machine, driven through `update()`: the lock key on any screen
//! (a form included), the idle time, what a locked screen shows (nothing personal),
//! unlocking as the same user (the intake comes back) or as someone else (a session of
//! their own; the first user's draft stays theirs), and wrong passphrases.

use crate::tui_keys_support::{status_text, temp, unlocked};
use crate::tui_util::*;
use caseline::domain::AuditAction;
use caseline::service::AuditQuery;
use caseline::ui::msg::Msg;
use caseline::ui::testing::Harness;

/// What the intake below puts on screen, none of which a locked screen may show.
const PERSONAL: [&str; 5] = ["Amina", "Hassan", "shouted", "Asha Patel", ORGANISATION];

/// Starts an intake with a name and words of the narrative on screen.
fn type_intake(h: &mut Harness) {
    h.keys("<C-n>Amina<tab>Hassan");
    let screen = h.screen();
    assert!(screen.contains("Amina"), "{screen}");
    h.keys("<pagedown><pagedown>He shouted at her");
    let screen = h.screen();
    assert_eq!(h.app.top_title(), "New intake");
    assert!(screen.contains("He shouted at her"), "{screen}");
}

fn assert_nothing_personal(screen: &str) {
    for word in PERSONAL {
        assert!(
            !screen.contains(word),
            "{word:?} is on the locked screen:\n{screen}"
        );
    }
}

fn actions_logged(dir: &std::path::Path) -> Vec<(AuditAction, Option<String>)> {
    let svc = service(dir);
    let mut rows = svc
        .audit_log(&AuditQuery {
            limit: 1000,
            ..AuditQuery::default()
        })
        .expect("the log");
    rows.reverse();
    close_service(svc);
    rows.into_iter().map(|r| (r.action, r.user)).collect()
}

#[test]
fn the_lock_key_locks_from_inside_a_form_and_leaves_nothing_personal() {
    let (_tmp, _dir, mut h) = unlocked();
    type_intake(&mut h);
    h.keys("<F12>");
    assert!(h.app.locked());
    assert_eq!(h.app.top_title(), "Locked");
    assert_eq!(h.app.depth(), 1, "every layer with data on it is gone");
    let screen = h.screen();
    assert!(screen.contains("caseline is locked"), "{screen}");
    assert_nothing_personal(&screen);
    insta::assert_snapshot!("lock_screen", screen);
}

#[test]
fn the_second_lock_key_works_on_a_list_screen_and_nothing_opens_while_locked() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-r>");
    assert_eq!(h.app.top_title(), "Recent intakes");
    h.keys("<A-l>");
    assert!(h.app.locked());
    // The places a signed-in user can go are shut while locked.
    h.keys("<C-n><C-r><C-e><C-t><C-g><esc>");
    assert_eq!(h.app.top_title(), "Locked");
    assert_nothing_personal(&h.screen());
}

#[test]
fn the_idle_time_locks_and_a_key_after_it_is_not_taken_as_typing() {
    let (_tmp, _dir, mut h) = unlocked();
    type_intake(&mut h);
    let start = h.now();
    // The timer asks to be woken when the idle time (5 minutes by default) runs out.
    assert_eq!(
        h.app.wake_at(h.now()),
        Some(start + chrono::Duration::minutes(5))
    );
    h.clock.set_local(start + chrono::Duration::minutes(4));
    h.send(Msg::Tick);
    assert!(!h.app.locked(), "four minutes is not idle enough");
    h.keys("x");
    // Typing starts the idle time again.
    h.clock.set_local(start + chrono::Duration::minutes(8));
    h.send(Msg::Tick);
    assert!(!h.app.locked());
    h.clock.set_local(start + chrono::Duration::minutes(9));
    h.send(Msg::Tick);
    assert!(h.app.locked());
    assert_nothing_personal(&h.screen());
    // Locked, nothing needs waking for.
    assert_eq!(h.app.wake_at(h.now()), None);
}

#[test]
fn a_clock_set_back_does_not_put_the_lock_off() {
    let (_tmp, _dir, mut h) = unlocked();
    let start = h.now();
    // The end of summer time: the clock goes back an hour.
    h.clock.set_local(start - chrono::Duration::hours(1));
    h.send(Msg::Tick);
    assert!(!h.app.locked());
    assert_eq!(
        h.app.wake_at(h.now()),
        Some(h.now() + chrono::Duration::minutes(5)),
        "the idle time counts from the new time, not an hour and five minutes on"
    );
    h.clock.advance(chrono::Duration::minutes(5));
    h.send(Msg::Tick);
    assert!(h.app.locked());
}

#[test]
fn a_key_pressed_after_the_idle_time_locks_instead_of_typing() {
    let (_tmp, _dir, mut h) = unlocked();
    type_intake(&mut h);
    // As after the machine slept: the timer never fired, the next key finds the time up.
    h.clock.advance(chrono::Duration::minutes(30));
    h.keys("Z");
    assert!(h.app.locked());
    h.keys(&format!("{PASS}<enter>"));
    assert_eq!(h.app.top_title(), "New intake");
    let screen = h.screen();
    assert!(screen.contains("He shouted at her"), "{screen}");
    assert!(
        !screen.contains("herZ"),
        "the key that found the screen idle was typed:\n{screen}"
    );
}

#[test]
fn unlocking_as_the_same_user_brings_the_intake_back() {
    let (_tmp, dir, mut h) = unlocked();
    type_intake(&mut h);
    h.keys("<F12>");
    h.keys(&format!("{PASS}<enter>"));
    assert!(!h.app.locked());
    assert_eq!(h.app.top_title(), "New intake");
    // Back where the typing was, with everything typed.
    let screen = h.screen();
    assert!(screen.contains("He shouted at her"), "{screen}");
    assert!(
        screen.contains("Asha Patel"),
        "the header names the user again"
    );
    h.keys("<pageup><pageup>");
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some("Amina"));
    assert_eq!(value_of(&mut h, "Family name").as_deref(), Some("Hassan"));
    close(h);
    let log = actions_logged(&dir);
    let tail: Vec<AuditAction> = log.iter().rev().take(3).rev().map(|(a, _)| *a).collect();
    assert_eq!(
        tail,
        vec![AuditAction::Lock, AuditAction::Unlock, AuditAction::SignIn],
        "lock, unlock, then this test's own sign-in to read the log: {log:?}"
    );
}

#[test]
fn unlocking_with_nothing_open_goes_home() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<F12>");
    h.keys(&format!("{PASS}<enter>"));
    assert_eq!(h.app.top_title(), "Home");
    assert!(h.screen().contains("What do you want to do?"));
}

#[test]
fn unlocking_as_another_user_switches_and_keeps_the_first_users_draft_theirs() {
    let (_tmp, dir) = temp();
    store_with_two_users(&dir);
    let mut h = unlock(&dir);
    type_intake(&mut h);
    h.keys("<F12>");
    h.keys(&format!("<S-tab>cas<tab>{CAS_PASS}<enter>"));
    assert!(!h.app.locked());
    assert_eq!(
        h.app.top_title(),
        "Home",
        "no draft of the first user is offered"
    );
    let screen = h.screen();
    assert!(screen.contains("Case Worker"), "{screen}");
    for word in ["Amina", "Hassan", "Asha Patel", "Unfinished intake"] {
        assert!(!screen.contains(word), "{word:?} shown to cas:\n{screen}");
    }
    h.keys("<C-n>");
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some(""));
    close(h);
    let log = actions_logged(&dir);
    assert!(
        log.contains(&(AuditAction::SignIn, Some("cas".into()))),
        "the switch is recorded as cas signing in: {log:?}"
    );
    // The first user's draft is still theirs.
    let svc = service(&dir);
    let draft = svc.load_draft().expect("drafts read").expect("kept");
    assert!(draft.values.values().any(|v| v == "Amina"), "{draft:?}");
    close_service(svc);
}

#[test]
fn a_wrong_passphrase_stays_locked_says_so_and_is_recorded() {
    let (_tmp, dir, mut h) = unlocked();
    type_intake(&mut h);
    h.keys("<F12>");
    h.keys("<S-tab>admin<tab>not the passphrase<enter>");
    assert!(h.app.locked());
    let screen = h.screen();
    assert!(screen.contains("! that is not right"), "{screen}");
    assert!(!screen.contains("wait"), "{screen}");
    assert_nothing_personal(&screen);
    // Neither the login nor the passphrase is singled out.
    h.keys("<S-tab><backspace><backspace><backspace><backspace><backspace>nobody<tab>x<enter>");
    let other = h.screen();
    assert_eq!(
        other.lines().find(|l| l.contains("! ")),
        screen.lines().find(|l| l.contains("! ")),
    );
    close(h);
    let failed = actions_logged(&dir)
        .into_iter()
        .filter(|(a, u)| *a == AuditAction::SignInFailed && u.is_none())
        .count();
    assert_eq!(failed, 2);
}

#[test]
fn after_three_wrong_tries_the_screen_counts_down_and_stays_responsive() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<F12>");
    h.keys("one<enter>two<enter>");
    assert!(!h.screen().contains("wait"));
    h.keys("three<enter>");
    let screen = h.screen();
    assert!(
        screen.contains("Too many wrong tries: wait 1 second, then press enter."),
        "{screen}"
    );
    // The model asks to be woken for the countdown.
    assert_eq!(
        h.app.wake_at(h.now()),
        Some(h.now() + chrono::Duration::seconds(1))
    );
    // A try before the wait is over is held (the store is not asked yet), and the
    // screen says when it goes in.
    h.keys(&format!("{PASS}<enter>"));
    assert!(h.app.locked());
    assert!(
        h.screen().contains("Trying your passphrase in 1 second"),
        "{}",
        h.screen()
    );
    assert!(!status_text(&h).contains("wait"), "{}", status_text(&h));
    // Keys still work during the wait (a change takes the held try back).
    h.keys("<S-tab>admin");
    let screen = h.screen();
    assert!(
        screen
            .lines()
            .any(|l| l.contains("Your login") && l.contains("admin")),
        "{screen}"
    );
    assert!(!screen.contains("Trying your passphrase"), "{screen}");
    // Once it has passed (the store reads the same clock), the right passphrase unlocks.
    h.clock.advance(chrono::Duration::seconds(2));
    assert!(!h.screen().contains("Too many"));
    h.keys("<tab><enter>");
    assert!(!h.app.locked(), "{}", h.screen());
}

#[test]
fn the_idle_time_comes_from_the_settings() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service(&dir);
    svc.set_idle_lock_minutes(2).expect("an administrator may");
    assert!(svc.set_idle_lock_minutes(0).is_err());
    assert!(svc.set_idle_lock_minutes(241).is_err());
    close_service(svc);
    let mut h = unlock(&dir);
    assert_eq!(
        h.app.wake_at(h.now()),
        Some(h.now() + chrono::Duration::minutes(2))
    );
    h.clock.advance(chrono::Duration::minutes(2));
    h.send(Msg::Tick);
    assert!(h.app.locked());
}

#[test]
fn only_an_administrator_sets_the_idle_time() {
    let (_tmp, dir) = temp();
    store_with_two_users(&dir);
    let svc = caseline::Caseline::open_with_clock(
        &dir,
        Some("cas"),
        CAS_PASS,
        caseline::ui::testing::test_clock(),
    )
    .expect("cas");
    let e = svc.set_idle_lock_minutes(30).unwrap_err();
    assert!(e.to_string().contains("not permitted"), "{e}");
    assert_eq!(svc.settings().idle_lock_minutes, 5);
    close_service(svc);
}

/// What the lock cost (the worker's own editor, ended by it) is said once the screen
/// is unlocked, not on the lock screen.
#[test]
fn what_the_lock_cost_is_said_after_unlocking() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<F12>");
    assert!(h.app.locked());
    h.app
        .tell_after_unlock(caseline::ui::component::Status::Error(
            "what you typed in it is lost".into(),
        ));
    h.send(Msg::Tick);
    assert!(!status_text(&h).contains("lost"), "{}", status_text(&h));
    h.keys(&format!("{PASS}<enter>"));
    assert!(!h.app.locked());
    assert!(status_text(&h).contains("lost"), "{}", status_text(&h));
}
