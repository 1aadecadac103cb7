//! The case list past its first page: 230 cases, read 200 at a time. The cursor goes
//! over a page's edge onto the next (or the one before), the page keys jump a page,
//! and the list says which rows it holds. Snapshot at 80x24.

use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::service::OpenCase;
use caseline::ui::testing::Harness;

const CASES: usize = 230;

/// `CASES` cases, one a second, each with its own client: C-2026-0230 has the latest
/// activity, so the list by last activity runs from it down to C-2026-0001.
fn with_many_cases() -> (tempfile::TempDir, Harness) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    for n in 1..=CASES {
        record(
            &svc,
            caller(&format!("Sam{n:03}"), "Ng", "07700 900123"),
            "outside their home",
            "Abuse from a neighbour.",
        );
        let incident = svc.recent_incidents(1).expect("intakes")[0].id;
        svc.open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![incident],
            opened_on: Some(day(20)),
            ..OpenCase::default()
        })
        .expect("a case");
        svc.clock().advance(chrono::Duration::seconds(1));
    }
    close_service(svc);
    let h = unlock_free(&dir);
    (tmp, h)
}

/// The reference on the row the cursor is on.
fn at_cursor(h: &mut Harness) -> String {
    let screen = h.screen();
    screen
        .lines()
        .find_map(|l| l.strip_prefix("│> "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("a row under the cursor:\n{screen}"))
        .to_string()
}

#[test]
fn the_second_page_of_the_case_list() {
    let (_tmp, mut h) = with_many_cases();
    h.keys("<C-e>");
    let screen = h.screen();
    assert!(screen.contains("230 cases · not closed"), "{screen}");
    assert!(screen.contains("rows 1–200 of 230"), "{screen}");
    assert!(
        screen.contains("] next page"),
        "the hints say so:\n{screen}"
    );
    h.keys("]");
    let screen = h.screen();
    assert!(screen.contains("rows 201–230 of 230"), "{screen}");
    assert_eq!(at_cursor(&mut h), "C-2026-0030");
    snap!("case_list_second_page", screen);
}

#[test]
fn the_cursor_pages_through_the_whole_case_list() {
    let (_tmp, mut h) = with_many_cases();
    h.keys("<C-e>");
    assert_eq!(at_cursor(&mut h), "C-2026-0230");
    // Down past the first page's last row reads the next page.
    h.keys(&"<down>".repeat(199));
    assert_eq!(at_cursor(&mut h), "C-2026-0031");
    assert!(h.screen().contains("rows 1–200 of 230"));
    h.keys("<down>");
    assert_eq!(at_cursor(&mut h), "C-2026-0030");
    assert!(h.screen().contains("rows 201–230 of 230"));
    // Up over the edge goes back, onto the first page's last row.
    h.keys("<up>");
    assert_eq!(at_cursor(&mut h), "C-2026-0031");
    assert!(h.screen().contains("rows 1–200 of 230"));
    // Page down a screen at a time crosses pages too, and stops at the last case.
    h.keys(&"<pagedown>".repeat(5));
    assert!(h.screen().contains("rows 201–230 of 230"), "{}", h.screen());
    assert_eq!(at_cursor(&mut h), "C-2026-0001");
    // The last case opens, and going back leaves the cursor where it was.
    h.keys("<home><end><enter>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001");
    h.keys("<esc>");
    assert_eq!(at_cursor(&mut h), "C-2026-0001");
    // The page before goes to its top; the next page past the last stays on it.
    h.keys("[");
    assert_eq!(at_cursor(&mut h), "C-2026-0230");
    h.keys("]]]");
    assert_eq!(at_cursor(&mut h), "C-2026-0001");
    // Another order starts at the top of the new list.
    h.keys("o");
    let screen = h.screen();
    assert!(screen.contains("rows 1–200 of 230"), "{screen}");
    assert!(screen.contains("by next follow-up"), "{screen}");
    // Help lists the page keys.
    h.keys("<F1>");
    let screen = h.screen();
    assert!(
        screen.contains("the next page of a long list"),
        "help names the page keys:\n{screen}"
    );
}
