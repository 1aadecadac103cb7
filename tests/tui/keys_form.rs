//! The intake form through keys: focus and sections, answers, pick lists, pasting, and
//! finding a caller already on file.

use crate::tui_keys_support::{status_text, temp, unlocked};
use crate::tui_util::*;
use caseline::domain::{Incident, PartyRole, Person, PersonId};
use caseline::ui::msg::Msg;
use caseline::ui::testing::Harness;

// ---- focus -------------------------------------------------------------------------

#[test]
fn tab_and_backtab_move_focus_over_the_fields_that_are_asked() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n>");
    // The name is asked first: most callers are the person it happened to.
    assert_eq!(focus(&mut h), "Given name(s)");
    h.keys("<S-tab>");
    assert_eq!(focus(&mut h), "Caller");
    let forward = [
        "Given name(s)",
        "Family name",
        "Phone",
        "Postcode",
        "Email",
        "Name order",
        // "Person it happened to" and "Referred by" are not asked of a victim calling.
        "Safe to call back",
    ];
    for label in forward {
        h.keys("<tab>");
        assert_eq!(focus(&mut h), label);
    }
    h.keys("<S-tab>");
    assert_eq!(focus(&mut h), "Name order");
    h.keys("<S-tab><S-tab><S-tab><S-tab><S-tab><S-tab>");
    assert_eq!(focus(&mut h), "Caller");
    // Focus stays put at the top.
    h.keys("<S-tab>");
    assert_eq!(focus(&mut h), "Caller");
}

#[test]
fn anonymous_caller_hides_their_details_safe_contact_and_consent() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n><S-tab>anon<enter>");
    // Choosing moves on, past everything that is no longer asked.
    assert_eq!(focus(&mut h), "In their words");
    assert_eq!(
        value_of(&mut h, "Caller").as_deref(),
        Some("Anonymous: no details taken")
    );
    let mut seen = String::new();
    for _ in 0..25 {
        seen.push_str(&h.screen());
        h.keys("<tab>");
    }
    for hidden in [
        "Given name(s)",
        "Family name",
        "Name order",
        "Phone",
        "Safe to call back",
        "When it is safe",
        "Languages",
        "Consent to keep their details",
        "Consent to share with police",
    ] {
        assert!(!seen.contains(hidden), "{hidden} is still asked:\n{seen}");
    }
    assert_eq!(focus(&mut h), "What to do", "the last field");
    // Going back skips them too.
    let back = [
        "Follow up",
        "Reported to police",
        "About the evidence",
        "Evidence",
        "Who saw it",
        "Who did it",
        "Perceived as hostile",
        "Protected characteristics",
        "Hate crime strands",
        "Postcode of the place",
        "Kind of place",
        "Where",
        "When",
        "In their words",
        "Caller",
    ];
    for label in back {
        h.keys("<S-tab>");
        assert_eq!(focus(&mut h), label);
    }
    // Choosing the victim again brings the details back.
    h.keys("the person<enter>");
    assert_eq!(focus(&mut h), "Given name(s)");
}

#[test]
fn police_force_and_crime_reference_are_asked_only_after_yes() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n>");
    h.keys(&"<pagedown>".repeat(7));
    assert_eq!(focus(&mut h), "Reported to police");
    let screen = h.screen();
    assert!(!screen.contains("Police force"), "{screen}");
    assert!(!screen.contains("Crime reference"), "{screen}");
    h.keys("y");
    assert_eq!(focus(&mut h), "Police force");
    h.keys("Metropolitan Police<tab>CAD 1234");
    assert_eq!(focus(&mut h), "Crime reference");
    assert!(h.screen().contains("Police force"));
    h.keys("<S-tab><S-tab>n");
    // No: the two fields go, and focus moves on to consent.
    assert_eq!(focus(&mut h), "Consent to keep their details");
    let screen = h.screen();
    assert!(!screen.contains("Police force"), "{screen}");
    assert!(!screen.contains("Crime reference"), "{screen}");
}

#[test]
fn page_down_and_up_jump_between_sections() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n>");
    let firsts = [
        "Safe to call back",
        "In their words",
        "When",
        "Hate crime strands",
        // Who did it and who saw it are one section: an empty "who saw it" (nobody)
        // is passed over with the section.
        "Who did it",
        "Evidence",
        "Reported to police",
        "Consent to keep their details",
        "Follow up",
    ];
    for label in firsts {
        h.keys("<pagedown>");
        assert_eq!(focus(&mut h), label);
    }
    h.keys("<pagedown>");
    assert_eq!(focus(&mut h), "Follow up", "stays in the last section");
    // Page up from inside a section goes to its start, then to the section before.
    h.keys("<tab>");
    assert_eq!(focus(&mut h), "What to do");
    h.keys("<pageup>");
    assert_eq!(focus(&mut h), "Follow up");
    h.keys("<pageup>");
    assert_eq!(focus(&mut h), "Consent to keep their details");
    for _ in 0..12 {
        h.keys("<pageup>");
    }
    assert_eq!(focus(&mut h), "Caller");
}

#[test]
fn a_yes_or_no_answer_moves_on() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n><pagedown>");
    assert_eq!(focus(&mut h), "Safe to call back");
    h.keys("y");
    assert_eq!(focus(&mut h), "Safe to leave voicemail");
    h.keys("n");
    assert_eq!(focus(&mut h), "Safe to write to them");
    // Space cycles the answer without moving on.
    h.keys(" ");
    assert_eq!(focus(&mut h), "Safe to write to them");
    let row = |h: &mut Harness, label: &str| value_of(h, label).unwrap_or_default();
    assert!(row(&mut h, "Safe to call back").contains("[Yes]"));
    assert!(row(&mut h, "Safe to leave voicemail").contains("[No]"));
    assert!(row(&mut h, "Safe to write to them").contains("[Yes]"));
    // Other letters are not answers and change nothing.
    h.keys("x");
    assert_eq!(focus(&mut h), "Safe to write to them");
    assert!(row(&mut h, "Safe to write to them").contains("[Yes]"));
}

// ---- pick lists ---------------------------------------------------------------------

/// The option rows of the focused pick list: `(ticked, label)`.
fn options(h: &mut Harness) -> Vec<(bool, String)> {
    h.screen()
        .lines()
        .filter_map(|l| {
            let l = l.get(4..)?;
            let ticked = if l.starts_with("[x] ") {
                true
            } else if l.starts_with("[ ] ") {
                false
            } else {
                return None;
            };
            Some((ticked, l[4..].to_string()))
        })
        .collect()
}

#[test]
fn a_pick_list_filters_as_you_type_and_enter_ticks_and_unticks() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n><pagedown><tab><tab><tab><tab>");
    assert_eq!(focus(&mut h), "Languages");
    h.keys("p");
    let shown: Vec<String> = options(&mut h).into_iter().map(|(_, l)| l).collect();
    assert_eq!(shown, ["Polish", "Punjabi", "Portuguese", "Pashto"]);
    h.keys("u");
    let shown: Vec<String> = options(&mut h).into_iter().map(|(_, l)| l).collect();
    assert_eq!(shown, ["Punjabi"]);
    // Backspace widens again; down moves the highlight; enter ticks and clears the filter.
    h.keys("<backspace><down><enter>");
    assert!(h.screen().contains("1 ticked"));
    assert_eq!(options(&mut h)[0], (false, "English".to_string()));
    h.keys("pun");
    assert_eq!(options(&mut h), [(true, "Punjabi".to_string())]);
    // Typing any word of the label finds it ("sign" for British Sign Language).
    h.keys("<backspace><backspace><backspace>sign");
    assert_eq!(
        options(&mut h),
        [(false, "British Sign Language".to_string())]
    );
    h.keys("<enter>");
    assert!(h.screen().contains("2 ticked"));
    // Enter on a ticked option unticks it.
    h.keys("punj<enter>");
    assert!(h.screen().contains("1 ticked"));
    h.keys("punj");
    assert_eq!(options(&mut h), [(false, "Punjabi".to_string())]);
    // Nothing matching says so; enter then changes nothing and stays.
    h.keys("<backspace><backspace><backspace><backspace>zzz");
    assert!(h.screen().contains("nothing matches: backspace to widen"));
    h.keys("<enter>");
    assert_eq!(focus(&mut h), "Languages");
    assert!(h.screen().contains("1 ticked"));
    h.keys("<backspace><backspace><backspace><tab>");
    assert_eq!(
        value_of(&mut h, "Languages").as_deref(),
        Some("British Sign Language")
    );
}

#[test]
fn choosing_a_referral_asks_who_referred() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n>");
    assert!(!h.screen().contains("Referred by"));
    h.keys("<S-tab>ref<enter>");
    assert_eq!(
        value_of(&mut h, "Caller").as_deref(),
        Some("An agency referring them")
    );
    assert!(h.screen().contains("Referred by"));
}

// ---- pasting ------------------------------------------------------------------------

#[test]
fn pasting_into_a_one_line_field_joins_lines_and_does_not_press_enter() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n>");
    h.send(Msg::Paste("Amina\nHassan\r\n".into()));
    assert_eq!(
        focus(&mut h),
        "Given name(s)",
        "the newline did not move on"
    );
    assert_eq!(
        value_of(&mut h, "Given name(s)").as_deref(),
        Some("Amina Hassan")
    );
    // Pasted in the middle, at the cursor.
    h.keys("<home>");
    h.send(Msg::Paste("Dr ".into()));
    assert_eq!(
        value_of(&mut h, "Given name(s)").as_deref(),
        Some("Dr Amina Hassan")
    );
}

#[test]
fn pasting_into_the_narrative_keeps_lines_and_is_one_edit() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n><pagedown><pagedown>");
    assert_eq!(focus(&mut h), "In their words");
    h.keys("Before. ");
    h.send(Msg::Paste(
        "He shouted at me.\r\nThen he spat.\nI ran home.".into(),
    ));
    h.keys("<tab>");
    let screen = h.screen();
    assert!(
        screen.contains("    Before. He shouted at me.\n    Then he spat.\n    I ran home.\n"),
        "{screen}"
    );
    // One undo (C-z in the notes editor) takes the whole paste back, and only it.
    h.keys("<S-tab><C-z><tab>");
    let screen = h.screen();
    assert!(screen.contains("    Before.\n"), "{screen}");
    assert!(!screen.contains("spat"), "{screen}");
}

/// C-u deletes back to the start of the line in the notes as in a one-line field (it
/// was the notes editor's undo, which is C-z).
#[test]
fn c_u_deletes_to_the_start_of_the_line_in_notes_and_one_line_fields_alike() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n>Amina Hodan<left><left><left><left><left><C-u>");
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some("Hodan"));
    h.keys("<pagedown><pagedown>");
    assert_eq!(focus(&mut h), "In their words");
    h.keys("He shouted.<enter>Then he spat at me.<left><left><left><left><left><left><C-u>");
    h.keys("<tab>");
    let screen = h.screen();
    assert!(screen.contains("    He shouted.\n    at me.\n"), "{screen}");
    // C-z undoes that deletion.
    h.keys("<S-tab><C-z><tab>");
    let screen = h.screen();
    assert!(screen.contains("    Then he spat at me.\n"), "{screen}");
}

#[test]
fn a_paste_survives_in_the_draft() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n><pagedown><pagedown>");
    h.send(Msg::Paste("first line\nsecond line".into()));
    h.keys("<esc><C-n>");
    let screen = h.screen();
    assert!(
        screen.contains("first line") && screen.contains("second line"),
        "{screen}"
    );
}

// ---- caller matching ----------------------------------------------------------------

#[test]
fn a_caller_already_on_file_is_found_attached_and_not_duplicated() {
    let (_tmp, dir, mut h) = unlocked();
    h.keys("<C-n>Mohammed<tab>Khan<tab>07700 900456<pagedown><pagedown>");
    h.keys("Two men shouted abuse at him.<C-s>");
    assert!(
        status_text(&h).starts_with("Intake saved with a new person"),
        "{}",
        status_text(&h)
    );

    h.keys("<C-n>moh kha");
    let screen = h.screen();
    assert!(
        screen.contains("> Mohammed Khan · 07700 900456  (matched name)"),
        "{screen}"
    );
    h.keys("<C-l>");
    let screen = h.screen();
    assert!(screen.contains("Caller on file: Mohammed Khan"), "{screen}");
    for hidden in ["Given name(s)", "Family name", "Phone", "Postcode", "Email"] {
        assert_eq!(value_of(&mut h, hidden), None, "{hidden} is still asked");
    }
    // What is on file is shown, not asked again: focus goes to what happened.
    assert_eq!(focus(&mut h), "In their words");
    let screen = h.screen();
    assert!(
        screen.contains("Is it safe to contact them (on file)"),
        "{screen}"
    );
    assert!(!screen.contains("Not asked"), "{screen}");
    insta::assert_snapshot!("intake_caller_on_file", screen);
    h.keys("The same men came back today.<C-s>");
    let said = status_text(&h);
    assert!(said.starts_with("Intake saved"), "{said}");
    assert!(!said.contains("new person"), "{said}");
    close(h);

    let svc = service(&dir);
    let people: Vec<Person> = svc.people().map(Result::unwrap).collect();
    let khans: Vec<&Person> = people
        .iter()
        .filter(|p| p.display_name() == "Mohammed Khan")
        .collect();
    assert_eq!(khans.len(), 1, "one person record: {people:?}");
    assert_eq!(people.len(), 1);
    let incidents: Vec<Incident> = svc.incidents().map(Result::unwrap).collect();
    assert_eq!(incidents.len(), 2);
    for i in &incidents {
        let victims: Vec<PersonId> = i.people_in(PartyRole::Victim).collect();
        assert_eq!(victims, vec![khans[0].id]);
    }
}

#[test]
fn attaching_again_detaches() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service(&dir);
    record(
        &svc,
        caller("Mohammed", "Khan", "07700 900456"),
        "Cromwell Road",
        "Abuse.",
    );
    close_service(svc);
    let mut h = unlock(&dir);
    h.keys("<C-n><C-l>");
    assert_eq!(status_text(&h), "Nobody on file matches the caller yet");
    h.keys("Moh<C-l>");
    assert!(h.screen().contains("Caller on file: Mohammed Khan"));
    h.keys("<C-l>");
    assert_eq!(
        status_text(&h),
        "The caller will be recorded as a new person"
    );
    assert!(!h.screen().contains("Caller on file"));
    assert!(h.screen().contains("Given name(s)"));
}
