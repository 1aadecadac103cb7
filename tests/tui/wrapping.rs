//! Text too long for a row goes on under the text it continues, not at the box's
//! first column: an intake's labelled values and its account of what happened, and a
//! timeline entry's heading.

use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::domain::{Direction, EntryKind};
use caseline::service::NewEntry;
use chrono::{TimeZone, Utc};

/// The rows of the screen from the one containing `start`, as many as `n`.
fn rows_from(screen: &str, start: &str, n: usize) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(start))
        .unwrap_or_else(|| panic!("`{start}` is on screen:\n{screen}"));
    lines[at..(at + n).min(lines.len())]
        .iter()
        .map(|l| l.to_string())
        .collect()
}

/// The text of a row inside the box: between the borders, without them.
fn inside(row: &str) -> String {
    let mut chars: Vec<char> = row.chars().collect();
    if chars.first() == Some(&'│') {
        chars.remove(0);
    }
    if chars.last() == Some(&'│') {
        chars.pop();
    }
    chars.into_iter().collect()
}

#[test]
fn an_intake_wraps_under_its_values_and_its_account() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service(&dir);
    record(
        &svc,
        caller("Amina", "Hassan", "07700 900123"),
        "the bus stop outside the parade of shops on Clarence Street, opposite the \
         entrance to the Bentall Centre car park",
        "A man she did not know shouted racist and anti-Muslim abuse at her while she \
         waited for the bus with her two children, then spat at her and walked off.",
    );
    close_service(svc);
    let mut h = unlock_free(&dir);
    h.keys("<C-r><enter>");
    let screen = h.screen();
    let where_ = rows_from(&screen, "Where", 2);
    let value_at = inside(&where_[0]).find("the bus stop").expect("the value");
    let next = inside(&where_[1]);
    assert_eq!(
        next.chars().take_while(|c| *c == ' ').count(),
        value_at,
        "the place goes on under itself:\n{screen}"
    );
    let account = rows_from(&screen, "A man she did not know", 2);
    let next = inside(&account[1]);
    assert!(
        next.starts_with("  ") && !next.trim().is_empty(),
        "the account goes on under itself:\n{screen}"
    );
}

#[test]
fn a_timeline_heading_wraps_under_itself() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    let fx = amina(&svc);
    svc.add_timeline_entry(NewEntry {
        case: fx.case,
        at: Some(Utc.with_ymd_and_hms(2026, 11, 21, 16, 0, 0).unwrap()),
        kind: EntryKind::PhoneCall {
            direction: Direction::Incoming,
            with: "Detective Constable Olufemi Adeyemi-Richardson of the community \
                   safety unit"
                .into(),
            minutes: None,
        },
        text: "She has the CCTV request.".into(),
        corrects: None,
    })
    .expect("a call");
    close_service(svc);
    let mut h = unlock_free(&dir);
    open_amina(&mut h);
    let screen = h.screen();
    let heading = rows_from(&screen, "Olufemi", 2);
    let first = inside(&heading[0]);
    let next = inside(&heading[1]);
    let text_at = first
        .find("Sat 21 Nov")
        .unwrap_or_else(|| panic!("the stamp starts the heading:\n{screen}"));
    assert!(
        !next.contains("She has the CCTV request."),
        "the heading wraps:\n{screen}"
    );
    assert_eq!(
        next.chars().take_while(|c| *c == ' ').count(),
        text_at,
        "the heading goes on under its first row's text:\n{screen}"
    );
}

#[test]
fn a_note_s_list_wraps_under_each_point() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    let fx = amina(&svc);
    svc.add_timeline_entry(NewEntry {
        case: fx.case,
        at: Some(Utc.with_ymd_and_hms(2026, 11, 21, 16, 0, 0).unwrap()),
        kind: EntryKind::Note,
        text: "Agreed with Amina:\n- she keeps a diary of every incident with the date, \
               the time and who was there\n  1. the bus company sends the CCTV to the \
               police, not to us, and tells Amina when it has"
            .into(),
        corrects: None,
    })
    .expect("a note");
    close_service(svc);
    let mut h = unlock_free(&dir);
    open_amina(&mut h);
    let screen = h.screen();
    for (point, text) in [
        ("- she keeps", "she keeps"),
        ("1. the bus company", "the bus company"),
    ] {
        let rows = rows_from(&screen, point, 2);
        let first = inside(&rows[0]);
        let next = inside(&rows[1]);
        let text_at = first.find(text).expect("the point's text");
        assert_eq!(
            next.chars().take_while(|c| *c == ' ').count(),
            text_at,
            "`{point}` goes on under its text:\n{screen}"
        );
    }
}
