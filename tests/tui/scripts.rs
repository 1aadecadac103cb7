//! Clients' names in their own scripts on the case list and a person's card, in
//! memory: each row of a box is 80 columns as the terminal counts them, the name is
//! whole, and the snapshot reads as the screen does (a wide cell's columns are not
//! repeated). The same names in a real terminal: `tests/terminal/names.rs`.

use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::service::OpenCase;
use caseline::ui::text::columns;

const CLIENTS: [(&str, &str); 7] = [
    ("শাহানা", "ইসলাম"),
    ("ਗੁਰਪ੍ਰੀਤ", "ਸਿੰਘ"),
    ("கார்த்திக்", "செல்வம்"),
    ("伟", "王"),
    ("بلال", "الحسن"),
    ("Zoe\u{308}", "Nguye\u{302}\u{303}n"),
    ("Kofi 👨\u{200D}👩\u{200D}👧", "Boateng"),
];

fn with_clients() -> (tempfile::TempDir, caseline::ui::testing::Harness) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    for (given, family) in CLIENTS {
        record(
            &svc,
            caller(given, family, "07700 900123"),
            "outside their home",
            "Abuse from a neighbour.",
        );
        let incident = svc.recent_incidents(1).expect("intakes")[0].id;
        svc.open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![incident],
            summary: format!("Harassment of {given} {family}"),
            opened_on: Some(day(20)),
            ..OpenCase::default()
        })
        .expect("a case");
    }
    close_service(svc);
    let h = unlock_free(&dir);
    (tmp, h)
}

/// Every row is at most 80 columns, and a row of a box across the screen exactly 80.
fn assert_square(screen: &str) {
    for line in screen.lines() {
        let cols = columns(line);
        assert!(cols <= 80, "{cols} columns: {line}\n{screen}");
        if line.starts_with('│') {
            assert!(line.ends_with('│') && cols == 80, "{line}\n{screen}");
        }
    }
}

#[test]
fn the_case_list_shows_names_in_many_scripts_whole_and_square() {
    let (_tmp, mut h) = with_clients();
    h.keys("<C-e>");
    let screen = h.screen();
    // Bilal's lam and alef are kept apart by a zero-width non-joiner (so every measure
    // gives them two columns); the emoji are drawn one by one, without the joiners.
    for name in [
        "শাহানা ইসলাম",
        "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ",
        "بل\u{200C}ال الحسن",
        "Kofi 👨👩👧",
    ] {
        assert!(screen.contains(name), "{name}:\n{screen}");
    }
    assert_square(&screen);
    snap!("case_list_names", screen);
}

#[test]
fn a_bengali_card_is_square() {
    let (_tmp, mut h) = with_clients();
    h.keys("/ইসলাম");
    let results = h.screen();
    assert!(results.contains("[ইসলাম]"), "{results}");
    assert_square(&results);
    h.keys("<enter>");
    let card = h.screen();
    assert!(card.contains("┌ শাহানা ইসলাম ─"), "{card}");
    assert_square(&card);
}
