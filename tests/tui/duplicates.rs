//! Possible duplicates reached from a caseworker's home, and merging two records of
//! one person from there or from a person's card, through a question that shows both.

use caseline::Caseline;
use caseline::domain::Role;
use caseline::ui::testing::test_clock;

use crate::tui_admin_util::{WORKER_PASS, add, sign_in_as};
use crate::tui_keys_support::{status_text, temp};
use crate::tui_util::{caller, close, close_service, init_store, record, service, unlock};

/// Amina on file, then the same caller recorded again by a volunteer who could not
/// see her: the second intake is marked as a possible duplicate.
fn two_records_of_amina(dir: &std::path::Path) {
    init_store(dir);
    let svc = service(dir);
    record(
        &svc,
        caller("Amina", "Hassan", "07700 900123"),
        "bus stop on Clarence Street",
        "Spat at.",
    );
    close_service(svc);
    add(dir, "vic", "Vic Volunteer", Role::Volunteer);
    let vic = Caseline::open_with_clock(dir, Some("vic"), WORKER_PASS, test_clock()).unwrap();
    record(
        &vic,
        caller("Aminah", "Hassan", "07700 900123"),
        "Clarence Street",
        "Spat at again.",
    );
    close_service(vic);
}

#[test]
fn a_caseworker_merges_a_possible_duplicate_from_home_after_seeing_both() {
    let (_tmp, dir) = temp();
    two_records_of_amina(&dir);
    let mut h = unlock(&dir);
    assert!(h.screen().contains("Duplicates"), "{}", h.screen());
    h.keys("D");
    assert_eq!(h.app.top_title(), "Possible duplicates");
    let list = h.screen();
    for part in [
        "Amina Hassan",
        "07700 900123",
        "Aminah Hassan",
        "name+phone",
    ] {
        assert!(list.contains(part), "{part}:\n{list}");
    }
    snap!("duplicates_list", list);
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Merge two records?");
    let question = h.screen();
    for part in [
        "Keep      Amina Hassan",
        "Merge in  Aminah Hassan",
        "audit log",
    ] {
        assert!(question.contains(part), "{part}:\n{question}");
    }
    snap!("duplicates_merge_question", question);
    h.keys("y");
    assert_eq!(h.app.top_title(), "Possible duplicates");
    assert!(status_text(&h).contains("one now"), "{}", status_text(&h));
    assert!(
        h.screen()
            .contains("No intakes are marked as possible duplicates"),
        "{}",
        h.screen()
    );
    close(h);
    let svc = service(&dir);
    let people: Vec<_> = svc.people().map(Result::unwrap).collect();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].other_names, ["Aminah Hassan"]);
    assert!(svc.incidents().all(|i| !i.unwrap().possible_duplicate));
    close_service(svc);
}

#[test]
fn a_record_is_merged_into_the_one_on_a_persons_card_and_esc_merges_nothing() {
    let (_tmp, dir) = temp();
    two_records_of_amina(&dir);
    let mut h = unlock(&dir);
    h.keys("<C-f>amina hassan<enter>");
    assert_eq!(h.app.top_title(), "Person");
    let hints = h.screen().lines().last().unwrap_or_default().to_string();
    assert!(hints.contains("M merge"), "{hints}");
    h.keys("M");
    assert_eq!(h.app.top_title(), "Merge with another record");
    assert!(h.screen().contains("Aminah Hassan"), "{}", h.screen());
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Merge two records?");
    // `s` swaps which record is kept, and swaps back.
    h.keys("s");
    assert!(
        h.screen().contains("Keep      Aminah Hassan"),
        "{}",
        h.screen()
    );
    assert!(
        h.screen().contains("Merge in  Amina Hassan"),
        "{}",
        h.screen()
    );
    h.keys("s");
    assert!(
        h.screen().contains("Keep      Amina Hassan"),
        "{}",
        h.screen()
    );
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "Merge with another record");
    h.keys("<enter>y");
    assert_eq!(h.app.top_title(), "Merge with another record");
    assert!(
        h.screen()
            .contains("No other record has this person's name"),
        "{}",
        h.screen()
    );
    close(h);
    let svc = service(&dir);
    assert_eq!(svc.people().count(), 1);
    close_service(svc);
}

#[test]
fn a_volunteer_is_not_offered_duplicates_and_is_refused_the_key() {
    let (_tmp, dir) = temp();
    two_records_of_amina(&dir);
    let mut h = sign_in_as(&dir, "vic");
    assert!(!h.screen().contains("Duplicates"), "{}", h.screen());
    h.keys("D");
    let said = status_text(&h);
    assert!(said.contains("not permitted"), "{said}");
    assert!(said.contains("merging two records"), "{said}");
    assert!(
        h.screen().contains("Not shown: not permitted"),
        "{}",
        h.screen()
    );
    assert!(!h.screen().contains("Hassan"), "{}", h.screen());
    close(h);
}
