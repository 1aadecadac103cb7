//! Behaviour through keys: focus and sections of the intake form, answers, pick lists,
//! pasting, drafts (kept, resumed, discarded, surviving a restart), caller matching,
//! help, key releases, user keymaps, unlocking, and stored text that holds escape
//! sequences.

mod tui_util;

use caseline::domain::{Consent, Consents, Incident, PartyRole, Person, PersonId};
use caseline::keymap::{Context, Keymap};
use caseline::store::Store;
use caseline::ui::component::Status;
use caseline::ui::msg::Msg;
use caseline::ui::testing::{Harness, parse_keys};
use caseline::ui::theme::Theme;
use ratatui::crossterm::event::KeyEventKind;
use tui_util::*;

fn temp() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("data");
    (tmp, dir)
}

/// A store made through the service, unlocked through the interface, on home.
fn unlocked() -> (tempfile::TempDir, std::path::PathBuf, Harness) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let h = unlock(&dir);
    (tmp, dir, h)
}

fn status_text(h: &Harness) -> String {
    match h.app.status() {
        Some(Status::Done(t) | Status::Info(t) | Status::Error(t)) => t.clone(),
        None => String::new(),
    }
}

/// Keys for a complete, valid intake from the top of a new form.
const VALID: &str = "<tab>Amina<tab>Hassan<tab>07700 900123<pagedown><pagedown>\
She was shouted at in the street.";

// ---- focus -------------------------------------------------------------------------

#[test]
fn tab_and_backtab_move_focus_over_the_fields_that_are_asked() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n>");
    assert_eq!(focus(&mut h), "Caller");
    let forward = [
        "Given name(s)",
        "Family name",
        "Phone",
        "Postcode",
        "Email",
        // "Person it happened to" and "Referred by" are not asked of a victim calling.
        "Safe to call back",
    ];
    for label in forward {
        h.keys("<tab>");
        assert_eq!(focus(&mut h), label);
    }
    h.keys("<S-tab>");
    assert_eq!(focus(&mut h), "Email");
    h.keys("<S-tab><S-tab><S-tab><S-tab><S-tab>");
    assert_eq!(focus(&mut h), "Caller");
    // Focus stays put at the top.
    h.keys("<S-tab>");
    assert_eq!(focus(&mut h), "Caller");
}

#[test]
fn anonymous_caller_hides_their_details_safe_contact_and_consent() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n>anon<enter>");
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
    h.keys(&"<pagedown>".repeat(8));
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
        "Who did it",
        "Who saw it",
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
    h.keys("ref<enter>");
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
    h.keys("<C-n><tab>");
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
    // One undo (C-u in the notes editor) takes the whole paste back, and only it.
    h.keys("<S-tab><C-u><tab>");
    let screen = h.screen();
    assert!(screen.contains("    Before.\n"), "{screen}");
    assert!(!screen.contains("spat"), "{screen}");
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

// ---- drafts -------------------------------------------------------------------------

#[test]
fn esc_leaves_the_form_and_keeps_the_draft_new_intake_resumes_it() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n><tab>Amina<tab>Hassan<pagedown>y");
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
    h.keys("<C-n><tab>Amina<C-d>");
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
    h.keys("<C-n><tab>Amina<C-d>n");
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
    h.keys("<C-n><tab>Amina<tab>Hassan<tab>07700 900123<pagedown><pagedown>");
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
fn the_resume_dialog_can_be_put_off() {
    let (_tmp, dir, mut h) = unlocked();
    h.keys("<C-n><tab>Amina");
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

// ---- caller matching ----------------------------------------------------------------

#[test]
fn a_caller_already_on_file_is_found_attached_and_not_duplicated() {
    let (_tmp, dir, mut h) = unlocked();
    h.keys("<C-n><tab>Mohammed<tab>Khan<tab>07700 900456<pagedown><pagedown>");
    h.keys("Two men shouted abuse at him.<C-s>");
    assert!(
        status_text(&h).starts_with("Intake saved with a new person"),
        "{}",
        status_text(&h)
    );

    h.keys("<C-n><tab>moh kha");
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
    assert_eq!(focus(&mut h), "Safe to call back");
    h.keys("<pagedown>The same men came back today.<C-s>");
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
    h.keys("<tab>Moh<C-l>");
    assert!(h.screen().contains("Caller on file: Mohammed Khan"));
    h.keys("<C-l>");
    assert_eq!(
        status_text(&h),
        "The caller will be recorded as a new person"
    );
    assert!(!h.screen().contains("Caller on file"));
    assert!(h.screen().contains("Given name(s)"));
}

// ---- help ---------------------------------------------------------------------------

/// Everything the help overlay shows, scrolling to its end.
fn whole_help(h: &mut Harness) -> String {
    let mut seen = String::new();
    for _ in 0..40 {
        seen.push_str(&h.screen());
        h.keys("<down>");
    }
    seen
}

fn assert_lists(seen: &str, keymap: &Keymap, ctx: Context) {
    let bindings = keymap.section(ctx);
    assert!(!bindings.is_empty());
    for (key, action) in bindings {
        let row = format!("  {:<12}{}", key.to_string(), action.help());
        assert!(
            seen.contains(&row),
            "help does not list {key} ({action}) of [{}]:\n{seen}",
            ctx.name()
        );
    }
}

#[test]
fn help_lists_every_key_of_the_form() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n><F1>");
    assert_eq!(h.app.top_title(), "Help");
    let seen = whole_help(&mut h);
    let keymap = Keymap::builtin();
    assert_lists(&seen, &keymap, Context::Form);
    assert_lists(&seen, &keymap, Context::Global);
    assert!(seen.contains("Keys can be changed in keymap.toml"));
    // Closing it goes back to the form as it was.
    h.keys("<esc>");
    assert_eq!(h.app.top_title(), "New intake");
    assert_eq!(focus(&mut h), "Caller");
}

#[test]
fn help_lists_every_key_of_home() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<F1>");
    let seen = whole_help(&mut h);
    let keymap = Keymap::builtin();
    assert_lists(&seen, &keymap, Context::List);
    assert_lists(&seen, &keymap, Context::Global);
    h.keys("<F1>");
    assert_eq!(h.app.top_title(), "Home", "F1 again closes it");
}

// ---- key events ---------------------------------------------------------------------

#[test]
fn key_releases_are_ignored() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n><tab>A");
    for notation in ["x", "<tab>", "<C-s>", "<esc>", "<C-q>", "<C-d>"] {
        for mut ev in parse_keys(notation) {
            ev.kind = KeyEventKind::Release;
            h.send(Msg::Key(ev));
        }
    }
    assert!(!h.app.quitting());
    assert_eq!(h.app.top_title(), "New intake");
    assert_eq!(h.app.depth(), 1);
    assert_eq!(focus(&mut h), "Given name(s)");
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some("A"));
    assert!(h.app.status().is_none(), "{:?}", h.app.status());
}

#[test]
fn a_user_keymap_binds_ctrl_w_to_save() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let keymap = Keymap::from_user_text("[form]\n\"C-w\" = \"save\"\n", "keymap.toml")
        .expect("the keymap is valid");
    let mut h = Harness::with(&dir, keymap.clone(), Theme { colour: true }, 80, 24);
    h.keys(&format!("{PASS}<enter>"));
    assert_eq!(h.app.top_title(), "Home");
    h.keys("<C-n>");
    h.keys(VALID);
    h.keys("<C-w>");
    assert!(
        status_text(&h).starts_with("Intake saved"),
        "{}",
        status_text(&h)
    );
    // The built-in key still works, and help shows the new one.
    h.keys("<C-n><F1>");
    let seen = whole_help(&mut h);
    assert!(seen.contains(&format!("  {:<12}save", "C-w")), "{seen}");
    assert_lists(&seen, &keymap, Context::Form);
    close(h);
    assert_eq!(service(&dir).incidents().count(), 1);
}

#[test]
fn without_the_user_keymap_ctrl_w_does_not_save() {
    let (_tmp, dir, mut h) = unlocked();
    h.keys("<C-n>");
    h.keys(VALID);
    h.keys("<C-w>");
    assert_eq!(h.app.top_title(), "New intake");
    close(h);
    assert_eq!(service(&dir).incidents().count(), 0);
}

// ---- unlocking ----------------------------------------------------------------------

#[test]
fn a_wrong_passphrase_stays_on_unlock_the_right_one_goes_home() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let mut h = Harness::new(&dir, 80, 24);
    h.keys("horse battery correct<enter>");
    assert_eq!(h.app.top_title(), "Unlock");
    let screen = h.screen();
    assert!(screen.contains("! that is not right"), "{screen}");
    // The field is cleared for another try; the session is not started.
    assert!(!screen.contains("Asha Patel"), "{screen}");
    h.keys("<C-n><C-r>");
    assert_eq!(
        h.app.top_title(),
        "Unlock",
        "nothing opens before unlocking"
    );
    h.keys(&format!("{PASS}<enter>"));
    assert_eq!(h.app.top_title(), "Home");
    assert!(h.screen().contains("Kingston REC"));
    assert!(h.screen().contains("Asha Patel"));
}

#[test]
fn an_empty_passphrase_is_refused_without_trying() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let mut h = Harness::new(&dir, 80, 24);
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Unlock");
    assert!(h.screen().contains("! type your passphrase"));
}

#[test]
fn unlocking_with_a_login() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let mut h = Harness::new(&dir, 80, 24);
    h.keys(&format!("<S-tab>nobody<tab>{PASS}<enter>"));
    assert_eq!(h.app.top_title(), "Unlock");
    h.keys(&format!(
        "<S-tab>{}admin<tab>{PASS}<enter>",
        "<backspace>".repeat(6)
    ));
    assert_eq!(h.app.top_title(), "Home");
}

// ---- stored text with escape sequences ----------------------------------------------

const EVIL: &str = "Evil\x1b[2J\x07Name";

/// Writes a person named [`EVIL`] and an incident about them straight into the store,
/// as a damaged record or an older version might have left them: the service itself
/// refuses control characters.
fn store_evil(dir: &std::path::Path) {
    let svc = service(dir);
    let refused = svc.record_intake(caseline::service::IntakeRequest {
        parties: vec![caseline::service::NewParty {
            role: PartyRole::Victim,
            person: Some(caseline::service::PersonRef::New(caller(
                EVIL,
                "X",
                "07700 900999",
            ))),
            description: String::new(),
        }],
        narrative: "x".into(),
        ..Default::default()
    });
    assert!(refused.is_err(), "the service refuses control characters");
    let by = svc.actor().id;
    close_service(svc);

    let store = Store::open(dir).unwrap();
    let (key, _) = store.find_key(None, PASS).unwrap();
    let vault = store.unlock_with_key(key).unwrap();
    let now = chrono::Utc::now();
    let person = Person {
        id: PersonId::new(),
        given_names: EVIL.into(),
        family_name: Some("\x1b]0;pwned\x07".into()),
        family_name_first: false,
        other_names: Vec::new(),
        contact: caseline::domain::Contact {
            phone: Some("07700\x1b[31m900999".into()),
            ..Default::default()
        },
        safe_contact: Default::default(),
        languages: Vec::new(),
        interpreter_needed: false,
        monitoring: Default::default(),
        consents: Consents {
            store: Consent::Given {
                on: now.date_naive(),
            },
            ..Consents::default()
        },
        safeguarding: Vec::new(),
        notes: String::new(),
        created_at: now,
        created_by: by,
        updated_at: now,
    };
    let incident = Incident {
        id: caseline::domain::IncidentId::new(),
        occurred_at: None,
        time_approximate: false,
        location: "Bus\x1b[Hstop".into(),
        postcode: None,
        narrative: "Line one\x1b[2K\nLine\u{202E} two\x07".into(),
        strands: vec!["race_or_ethnicity".into()],
        characteristics: Vec::new(),
        perception_based: true,
        classification: Default::default(),
        evidence: Vec::new(),
        evidence_notes: "\x1b[5mblink".into(),
        parties: vec![caseline::domain::Party {
            role: PartyRole::Victim,
            person: Some(person.id),
            description: String::new(),
        }],
        police: Default::default(),
        channel: caseline::domain::Channel::Direct,
        anonymous: false,
        reported_at: now,
        recorded_by: by,
    };
    let mut changes = vault.changes();
    changes.put(&person);
    changes.put(&incident);
    vault.commit(changes).unwrap();
    vault.flush().unwrap();
}

fn assert_inert(screen: &str) {
    assert!(
        !screen
            .chars()
            .any(|c| c.is_control() && c != '\n' || ('\u{202A}'..='\u{202E}').contains(&c)),
        "raw control characters reach the screen: {screen:?}"
    );
}

#[test]
fn stored_escape_sequences_are_shown_inert() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    store_evil(&dir);
    let mut h = unlock(&dir);

    h.keys("<C-r>");
    let screen = h.screen();
    assert_inert(&screen);
    assert!(screen.contains("Evil^[[2J^GName"), "{screen}");
    assert!(screen.contains("Bus^[[Hstop"), "{screen}");

    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Intake");
    let screen = h.screen();
    assert_inert(&screen);
    assert!(screen.contains("Evil^[[2J^GName ^[]0;pwned^G"), "{screen}");
    assert!(screen.contains("Line one^[[2K"), "{screen}");
    assert!(screen.contains("^[[5mblink"), "{screen}");
    assert!(screen.contains("07700^[[31m900999"), "{screen}");

    // Typing the name in a new intake finds them; the matches panel is inert too.
    h.keys("<C-n><tab>evil");
    let screen = h.screen();
    assert_inert(&screen);
    assert!(screen.contains("Already on file?"), "{screen}");
    assert!(screen.contains("^["), "{screen}");
    h.keys("<C-l>");
    let screen = h.screen();
    assert_inert(&screen);
    assert!(
        screen.contains("Caller on file: Evil^[[2J^GName"),
        "{screen}"
    );
}

#[test]
fn typed_and_pasted_control_characters_are_shown_inert() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n><tab>");
    h.send(Msg::Paste("Amina\x1b[2J\x07".into()));
    let screen = h.screen();
    assert_inert(&screen);
    assert!(screen.contains("Amina^[[2J^G"), "{screen}");
    h.keys("<pagedown><pagedown>");
    h.send(Msg::Paste("one\x1b[31m\ntwo\u{202E}".into()));
    h.keys("<tab>");
    assert_inert(&h.screen());
    // Saving is refused by the service (control characters), and the form says where.
    h.keys("<C-s>");
    assert_eq!(h.app.top_title(), "New intake");
    assert!(
        matches!(h.app.status(), Some(Status::Error(_))),
        "{:?}",
        h.app.status()
    );
    assert_inert(&h.screen());
}

// ---- the program killed, small terminals ------------------------------------------

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
    h.keys("<C-n><tab>Amina<tab>Hassan");
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

#[test]
fn too_small_a_terminal_takes_no_keys_but_quit() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n><tab>Amina");
    h.resize(79, 24);
    h.keys(" Jama<tab><C-s><C-d>y<esc>");
    assert!(
        h.screen()
            .contains("caseline needs 80x24, this terminal is 79x24")
    );
    h.resize(80, 24);
    assert_eq!(h.app.top_title(), "New intake");
    assert_eq!(h.app.depth(), 1);
    assert_eq!(focus(&mut h), "Given name(s)");
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some("Amina"));
    h.resize(80, 10);
    assert!(!h.app.quitting());
    h.keys("<C-q>");
    assert!(h.app.quitting(), "quitting still works");
}

#[test]
fn a_paste_while_too_small_changes_nothing() {
    let (_tmp, _dir, mut h) = unlocked();
    h.keys("<C-n><tab>Amina");
    h.resize(60, 20);
    h.send(Msg::Paste(" pasted unseen".into()));
    h.resize(80, 24);
    assert_eq!(value_of(&mut h, "Given name(s)").as_deref(), Some("Amina"));
}
