//! The sign-in screen during the wait after wrong passphrases, as README promises:
//! a try made during the wait is answered once it is over, what was typed stays in the
//! field, and the countdown ticks (deadlines in the loop, not polling). Time passes as
//! the runtime lets it ([`Harness::pass`]: a tick at each deadline the model asks for).

use chrono::Duration;

use crate::tui_keys_support::{status_text, unlocked};
use crate::tui_util::*;
use caseline::store::Store;
use caseline::ui::testing::Harness;

fn ms(n: i64) -> Duration {
    Duration::milliseconds(n)
}

/// The passphrase field's dots.
fn dots(h: &mut Harness) -> usize {
    let screen = h.screen();
    let line = screen
        .lines()
        .find(|l| l.contains("Passphrase"))
        .unwrap_or_default()
        .to_string();
    line.matches('•').count()
}

/// Locks the screen and makes three wrong tries: the next waits a second.
fn locked_after_three_wrong(h: &mut Harness) {
    h.keys("<F12>");
    h.keys("one<enter>two<enter>three<enter>");
    let screen = h.screen();
    assert!(screen.contains("wait 1 second"), "{screen}");
}

#[test]
fn the_right_passphrase_typed_during_the_wait_is_answered_when_it_is_over() {
    let (_tmp, _dir, mut h) = unlocked();
    locked_after_three_wrong(&mut h);
    h.pass(ms(400));
    h.keys(&format!("{PASS}<enter>"));
    // Not refused, not cleared: held, and the screen says when it goes in.
    assert!(h.app.locked());
    let screen = h.screen();
    assert!(
        screen.contains("Trying your passphrase in 1 second"),
        "{screen}"
    );
    assert_eq!(dots(&mut h), PASS.chars().count(), "{screen}");
    insta::assert_snapshot!("unlock_try_held", screen);
    // Nothing stale stays on screen: the try is answered when the wait is over.
    h.pass(Duration::seconds(8));
    assert!(!h.app.locked(), "{}", h.screen());
    let screen = h.screen();
    assert!(!screen.contains("wait"), "{screen}");
    assert!(!status_text(&h).contains("wait"), "{}", status_text(&h));
    close(h);
}

#[test]
fn the_countdown_ticks_each_second_and_a_wrong_try_held_waits_again() {
    let (_tmp, dir, mut h) = unlocked();
    locked_after_three_wrong(&mut h);
    // A wrong passphrase typed during the wait goes in when it is over, and is
    // counted: the next wait is two seconds, counted down second by second.
    h.keys("four<enter>");
    h.pass(Duration::seconds(1));
    let screen = h.screen();
    assert!(screen.contains("! that is not right"), "{screen}");
    assert!(screen.contains("wait 2 seconds"), "{screen}");
    assert_eq!(dots(&mut h), 0, "a refused passphrase is not kept");
    h.keys("five<enter>");
    let mut shown = Vec::new();
    for second in 0..3 {
        if second > 0 {
            h.pass(Duration::seconds(1));
        }
        let screen = h.screen();
        shown.push(
            screen
                .lines()
                .find(|l| l.contains("Trying your passphrase"))
                .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()))
                .unwrap_or("")
                .to_string(),
        );
    }
    assert_eq!(
        shown,
        [
            "Trying your passphrase in 2 seconds (too many wrong tries).",
            "Trying your passphrase in 1 second (too many wrong tries).",
            "",
        ]
    );
    assert!(h.screen().contains("wait 4 seconds"));
    close(h);
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.sign_in_failures().unwrap().count, 5);
}

#[test]
fn the_countdown_wakes_the_loop_when_the_shown_number_changes() {
    let (_tmp, _dir, mut h) = unlocked();
    locked_after_three_wrong(&mut h);
    h.keys("four<enter>");
    h.pass(Duration::seconds(1));
    // Two seconds to go; a key 300 ms in: the number changes 1.7 s later, not 2 s.
    h.pass(ms(300));
    h.keys("x");
    assert_eq!(h.app.wake_at(h.now()), Some(h.now() + ms(700)));
    assert!(h.screen().contains("wait 2 seconds"));
    h.pass(ms(700));
    assert!(h.screen().contains("wait 1 second,"), "{}", h.screen());
    close(h);
}

#[test]
fn typing_during_the_wait_is_kept_and_changing_it_holds_the_try_back() {
    let (_tmp, dir, mut h) = unlocked();
    locked_after_three_wrong(&mut h);
    // Typed during the wait, no Enter: kept in the field, nothing tried.
    h.keys("correct horse");
    h.pass(Duration::seconds(3));
    assert_eq!(dots(&mut h), "correct horse".chars().count());
    assert!(h.app.locked());
    h.keys("<enter>");
    assert!(h.screen().contains("wait 2 seconds"), "{}", h.screen());
    // Enter during the wait, then a change: the held try is dropped (it would be a
    // half-typed passphrase), and the countdown asks for Enter again.
    h.keys(&format!("{PASS}x<enter><backspace>"));
    let screen = h.screen();
    assert!(!screen.contains("Trying your passphrase"), "{screen}");
    assert!(screen.contains("wait 2 seconds"), "{screen}");
    h.pass(Duration::seconds(5));
    assert!(h.app.locked());
    assert_eq!(dots(&mut h), PASS.chars().count());
    h.keys("<enter>");
    assert!(!h.app.locked(), "{}", h.screen());
    close(h);
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.sign_in_failures().unwrap().count, 0);
}

#[test]
fn after_a_restart_during_the_wait_the_try_is_answered_when_it_is_over() {
    let (_tmp, dir, h) = unlocked();
    close(h);
    // Three wrong passphrases at the sign-in screen, then the program is started
    // again: the count is in the store, and the new screen knows nothing of it.
    let mut first = Harness::new(&dir, 80, 24);
    first.keys("one<enter>two<enter>three<enter>");
    let clock = first.clock.clone();
    first.shut_down();
    drop(first);
    let mut h = Harness::at(&dir, 80, 24, clock);
    h.keys(&format!("{PASS}<enter>"));
    assert!(h.app.top_title() != "Home");
    let screen = h.screen();
    assert!(
        screen.contains("Trying your passphrase in 1 second"),
        "{screen}"
    );
    assert_eq!(dots(&mut h), PASS.chars().count());
    assert!(
        !status_text(&h).contains("Unlocking"),
        "{}",
        status_text(&h)
    );
    h.pass(Duration::seconds(2));
    assert_eq!(h.app.top_title(), "Home", "{}", h.screen());
    close(h);
}
