//! Name order through the interface: a Chinese caller's name recorded and shown
//! family name first without being asked, a Hungarian caller's order said on the
//! intake form and kept in the draft, and the name found in search as it is written.

use crate::tui_keys_support::{status_text, unlocked};
use crate::tui_util::*;
use caseline::domain::Person;
use caseline::ui::testing::Harness;
use unicode_width::UnicodeWidthStr;

/// The screen as a terminal shows it: a cell covered by the wide letter before it is
/// not shown (the test backend's buffer may still hold an older letter there).
fn shown(h: &mut Harness) -> String {
    h.screen();
    let buf = h.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut covered = 0;
        for x in 0..buf.area.width {
            if covered > 0 {
                covered -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            covered = UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn people(dir: &std::path::Path) -> Vec<Person> {
    let svc = service(dir);
    let people = svc.people().map(Result::unwrap).collect();
    close_service(svc);
    people
}

#[test]
fn a_chinese_callers_name_is_family_first_without_being_asked_and_found_as_written() {
    let (_tmp, dir, mut h) = unlocked();
    h.keys("<C-n>伟<tab>王<pagedown><pagedown>He shouted at me.<C-s>");
    assert!(
        status_text(&h).starts_with("Intake saved"),
        "{}",
        status_text(&h)
    );
    h.keys("<C-f>王伟");
    let screen = shown(&mut h);
    assert!(screen.contains("王伟"), "{screen}");
    assert!(!screen.contains("伟 王"), "{screen}");
    insta::assert_snapshot!("names_search_as_written", screen);
    // The card says which part is the family name.
    h.keys("<enter>");
    let screen = shown(&mut h);
    assert!(
        screen.contains("Family name     王 (said first)"),
        "{screen}"
    );
    insta::assert_snapshot!("names_person_card", screen);
    close(h);
    let people = people(&dir);
    assert_eq!(people.len(), 1);
    assert!(people[0].family_name_first);
    assert_eq!(people[0].display_name(), "王伟");
}

#[test]
fn the_worker_says_the_name_order_and_the_draft_keeps_it() {
    let (_tmp, dir, mut h) = unlocked();
    h.keys("<C-n>Béla<tab>Nagy<tab><tab><tab><tab>");
    assert_eq!(focus(&mut h), "Name order");
    insta::assert_snapshot!("names_intake_name_order", h.screen());
    h.keys("family<enter>");
    assert_eq!(
        value_of(&mut h, "Name order").as_deref(),
        Some("Family name first")
    );
    // Closed and opened again: the draft holds the choice (and the focus).
    h.keys("<esc><C-n>");
    assert_eq!(focus(&mut h), "Name order");
    let screen = h.screen();
    assert!(screen.contains("(•) Family name first"), "{screen}");
    h.keys("<pagedown><pagedown>");
    assert_eq!(focus(&mut h), "In their words");
    h.keys("Spat at in the street.<C-s>");
    assert!(
        status_text(&h).starts_with("Intake saved"),
        "{}",
        h.screen()
    );
    close(h);
    let people = people(&dir);
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].display_name(), "Nagy Béla");
}
