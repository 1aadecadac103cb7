//! Drafts of the intake form through keys: kept, resumed, discarded, put off, and
//! surviving a restart or the program being killed.

use crate::tui_keys_support::{VALID, status_text, unlocked};
use crate::tui_util::*;
use caseline::store::Store;
use caseline::ui::testing::Harness;

// ---- drafts -------------------------------------------------------------------------

#[test]
fn esc_leaves_the_form_and_keeps_the_draft_new_intake_resumes_it() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n>Amina<tab>Hassan<pagedown>y");
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "Home");
    assert!(
        status_text(&h).contains("kept as a draft"),
        "{}",
        status_text(&h)
    );
    h.keys("<C-n>");
    assert_eq!(h.app.top_title(), "New intake");
    assert_eq!(status_text(&h), "Carrying on with the unfinished intake");
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some("Amina"));
    assert_eq!(value_of(&mut h, "Family name").as_deref(), Some("Hassan"));
    assert!(
        value_of(&mut h, "Safe to call back")
            .unwrap()
            .contains("[Yes]")
    );
    // Focus comes back to the last field changed.
    assert_eq!(focus(&mut h), "Safe to call back");
}

#[test]
fn discard_then_yes_drops_the_draft_for_good() {
    let (_tmp, dir, mut h) = unlocked();
    h.keys("<C-n>Amina<C-d>");
    assert_eq!(h.app.top_title(), "Are you sure?");
    h.keys("y");
    assert_eq!(h.app.top_title(), "Home");
    assert_eq!(status_text(&h), "The intake was discarded");
    assert!(!h.screen().contains("Unfinished intake from"));
    close(h);

    let mut h = unlock(&dir);
    assert_eq!(h.app.top_title(), "Home", "no resume dialog");
    assert_eq!(h.app.depth(), 1);
    assert!(!h.screen().contains("Unfinished intake from"));
    h.keys("<C-n>");
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some(""));
    close(h);
    let svc = service(&dir);
    assert!(svc.load_draft().unwrap().is_none());
}

#[test]
fn discard_then_no_keeps_the_form() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n>Amina<C-d>n");
    assert_eq!(h.app.top_title(), "New intake");
    assert_eq!(h.app.depth(), 1);
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some("Amina"));
    assert_eq!(focus(&mut h), "Given name(s)");
    // And typing goes on into the same field.
    h.keys(" Jama");
    assert_eq!(
        value_of(&mut h, "Given name(s)").as_deref(),
        Some("Amina Jama")
    );
    // Esc is "no" as well.
    h.keys("<C-d><esc>");
    assert_eq!(h.app.top_title(), "New intake");
}

#[test]
fn saving_removes_the_draft() {
    let (_tmp, dir, mut h) = unlocked();
    h.keys("<C-n>");
    h.keys(VALID);
    h.keys("<C-s>");
    assert_eq!(h.app.top_title(), "Home");
    assert!(
        status_text(&h).starts_with("Intake saved"),
        "{}",
        status_text(&h)
    );
    assert!(!h.screen().contains("Unfinished intake from"));
    // A new intake starts empty.
    h.keys("<C-n>");
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some(""));
    h.keys("<esc>");
    close(h);

    let mut h = unlock(&dir);
    assert_eq!(h.app.top_title(), "Home", "no resume dialog");
    assert!(!h.screen().contains("Unfinished intake from"));
    close(h);
    let svc = service(&dir);
    assert!(svc.load_draft().unwrap().is_none());
    assert_eq!(svc.incidents().count(), 1);
}

#[test]
fn a_draft_survives_a_restart() {
    let (_tmp, dir, mut h) = unlocked();
    h.keys("<C-n>Amina<tab>Hassan<tab>07700 900123<pagedown><pagedown>");
    h.keys("A man shouted at her.<pagedown>yesterday about 9pm");
    // The terminal goes away mid-call: no esc, no save.
    close(h);

    let mut h = Harness::new(&dir, 80, 24);
    h.keys(&format!("{PASS}<enter>"));
    assert_eq!(h.app.top_title(), "Unfinished intake");
    let screen = h.screen();
    assert!(screen.contains("Unfinished intake from"), "{screen}");
    h.keys("y");
    assert_eq!(h.app.top_title(), "New intake");
    assert_eq!(focus(&mut h), "When");
    assert_eq!(
        value_of(&mut h, "When").as_deref(),
        Some("yesterday about 9pm")
    );
    assert!(h.screen().contains("= Sat 21 Nov 2026, about 21:00"));
    h.keys("<pageup><pageup><pageup>");
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some("Amina"));
    assert_eq!(value_of(&mut h, "Family name").as_deref(), Some("Hassan"));
    assert_eq!(value_of(&mut h, "Phone").as_deref(), Some("07700 900123"));
    h.keys("<pagedown><pagedown>");
    assert_eq!(focus(&mut h), "In their words");
    assert!(
        h.screen().contains("A man shouted at her."),
        "{}",
        h.screen()
    );
    // It can be saved from there.
    h.keys("<C-s>");
    assert!(
        status_text(&h).starts_with("Intake saved"),
        "{}",
        status_text(&h)
    );
}

#[test]
fn typing_goes_on_while_a_pause_forces_the_draft_to_disk_beside_it() {
    let (_tmp, dir, mut h) = unlocked();
    h.keys("<C-n>Amina");
    // Each pause hands the copies to the syncing thread; the keys in between write on.
    for more in [
        "<tab>Hassan",
        "<tab>07700 900123",
        "<pagedown><pagedown>A man shouted.",
    ] {
        h.sync_draft();
        h.keys(more);
    }
    h.sync_draft();
    close(h);
    let mut h = Harness::new(&dir, 80, 24);
    h.keys(&format!("{PASS}<enter>y"));
    assert_eq!(h.app.top_title(), "New intake");
    h.keys("<pageup><pageup><pageup>");
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some("Amina"));
    assert_eq!(value_of(&mut h, "Family name").as_deref(), Some("Hassan"));
    assert_eq!(value_of(&mut h, "Phone").as_deref(), Some("07700 900123"));
}

#[test]
fn the_resume_dialog_can_be_put_off() {
    let (_tmp, dir, mut h) = unlocked();
    h.keys("<C-n>Amina");
    close(h);
    let mut h = Harness::new(&dir, 80, 24);
    h.keys(&format!("{PASS}<enter>"));
    assert_eq!(h.app.top_title(), "Unfinished intake");
    h.keys("n");
    assert_eq!(h.app.top_title(), "Home");
    assert!(h.screen().contains("Unfinished intake from"));
    h.keys("<C-n>");
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some("Amina"));
}

// ---- the program killed ----------------------------------------------------------

/// Waits until nothing holds the store in `dir` (a dropped harness's background thread
/// lets go of it a moment later), as a new process would find it.
fn wait_until_free(dir: &std::path::Path) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while let Err(e) = Store::open(dir) {
        assert!(std::time::Instant::now() < deadline, "still held: {e}");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[test]
fn a_draft_survives_the_program_being_killed() {
    let (_tmp, dir, mut h) = unlocked();
    h.keys("<C-n>Amina<tab>Hassan");
    // No esc, no quit, no shut-down: the process is gone.
    drop(h);
    wait_until_free(&dir);
    let mut h = Harness::new(&dir, 80, 24);
    h.keys(&format!("{PASS}<enter>"));
    assert_eq!(h.app.top_title(), "Unfinished intake");
    h.keys("<enter>");
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some("Amina"));
    assert_eq!(value_of(&mut h, "Family name").as_deref(), Some("Hassan"));
}
