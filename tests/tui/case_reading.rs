//! Reading a long case: the timeline scrolls to keep the selected entry in view, and
//! Enter shows an entry in full, however long its note. The harness clock is Sunday
//! 22 November 2026, 10:15.

use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::domain::EntryKind;
use caseline::service::NewEntry;
use caseline::ui::testing::Harness;
use chrono::{TimeZone, Utc};

/// Amina's case with forty more notes, the last one far longer than the screen.
fn with_long_case() -> (tempfile::TempDir, std::path::PathBuf, Harness) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    let fx = amina(&svc);
    for n in 1..=40 {
        let text = if n == 40 {
            (1..=60)
                .map(|l| format!("Line {l} of the witness statement."))
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            format!("Routine note number {n}.")
        };
        svc.add_timeline_entry(NewEntry {
            case: fx.case,
            at: Some(Utc.with_ymd_and_hms(2026, 11, 21, 12, n, 0).unwrap()),
            kind: EntryKind::Note,
            text,
            corrects: None,
        })
        .expect("a note");
    }
    close_service(svc);
    let h = unlock_free(&dir);
    (tmp, dir, h)
}

#[test]
fn the_timeline_keeps_the_selected_entry_in_view() {
    let (_tmp, _dir, mut h) = with_long_case();
    open_amina(&mut h);
    // The case opening is the latest entry, selected on opening, with the tail of
    // the long statement before it filling the space above.
    let screen = h.screen();
    assert!(screen.contains("> Sun 22 Nov 2026"), "{screen}");
    assert!(
        screen.contains("Line 60 of the witness statement."),
        "{screen}"
    );
    assert!(!screen.contains("Routine note number 39."), "{screen}");
    // The statement, taller than the screen, is shown from its start.
    h.keys("<up>");
    let screen = h.screen();
    assert!(
        screen.contains("Line 1 of the witness statement."),
        "{screen}"
    );
    assert!(
        !screen.contains("Line 60 of the witness statement."),
        "{screen}"
    );
    // Going back through the notes scrolls up one entry at a time.
    h.keys("<up><up><up>");
    let screen = h.screen();
    assert!(screen.contains("> Sat 21 Nov 2026 12:37"), "{screen}");
    assert!(screen.contains("Routine note number 37."), "{screen}");
    // The first entry is reachable, and the view follows it to the top.
    h.keys("<home>");
    let screen = h.screen();
    assert!(screen.contains("Called Amina back."), "{screen}");
    assert!(!screen.contains("Routine note number 39."), "{screen}");
    h.keys("<end>");
    assert!(h.screen().contains("Line 60 of the witness statement."));
}

#[test]
fn enter_reads_a_long_note_in_full_and_esc_goes_back() {
    let (_tmp, _dir, mut h) = with_long_case();
    open_amina(&mut h);
    h.keys("<end><up><enter>");
    assert_eq!(h.app.top_title(), "Timeline entry");
    let screen = h.screen();
    assert!(
        screen.contains("! SAFEGUARDING: Forced marriage"),
        "{screen}"
    );
    assert!(screen.contains("more below"), "{screen}");
    assert!(!screen.contains("Line 60 of"), "{screen}");
    h.keys("<pagedown><pagedown><pagedown><pagedown><pagedown><pagedown><pagedown>");
    let screen = h.screen();
    assert!(
        screen.contains("Line 60 of the witness statement."),
        "{screen}"
    );
    assert!(!screen.contains("more below"), "{screen}");
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001");
}

#[test]
fn a_corrected_entry_read_in_full_says_so() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    open_amina(&mut h);
    // Newest is the case opening; up twice reaches the corrected note.
    h.keys("<up><up><enter>");
    let screen = h.screen();
    assert!(
        screen.contains("Corrected by the entry of Sat 21 Nov 2026 11:00"),
        "{screen}"
    );
    assert!(screen.contains("CCTV from the 93."), "{screen}");
    snap!("entry_reader", screen);
}
