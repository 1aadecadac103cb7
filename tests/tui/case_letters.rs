//! Writing a letter from a case with `w`: a template, the organisation it goes to,
//! the timeline entries for its chronology (ticking a kind ticks all of it), the
//! letter previewed in the screen's editor and kept as drafted; the client's
//! safe-contact rules and a case with nothing to write to are said on screen.
//! Key sequences checked against what the service then holds, snapshots at 80x24.

use crate::tui_case_util::*;
use crate::tui_util::*;
use caseline::domain::EntryKind;
use caseline::service::{LinkTo, NewOrganisation, NewTemplate, OrganisationRef};
use caseline::ui::testing::Harness;

/// Amina's case with the bus company linked (its address on file) and a short
/// template that needs no dates of acts, made through the service; the bus company's id.
pub fn bus_company(svc: &caseline::Caseline, fx: &Fixture) -> caseline::domain::OrganisationId {
    let bus = svc
        .add_organisation(NewOrganisation {
            name: "London United Busways".into(),
            kind: "voluntary_sector".into(),
            address: Some("Busways House, Wellington Road, Fulwell".into()),
            ..NewOrganisation::default()
        })
        .unwrap();
    let to = LinkTo::Organisation(OrganisationRef::Existing(bus));
    svc.link_to_case(fx.case, to, "referred_to").unwrap();
    svc.add_template(NewTemplate {
        name: "cctv-request".into(),
        title: Some("Asking for CCTV".into()),
        body: "Dear {{ recipient.greeting }},\n\nWe ask you to keep the CCTV for case \
               {{ case.reference }}.\n\n{% for line in chronology %}\n{{ line.date }}: \
               {{ line.text }}\n{% endfor %}"
            .into(),
    })
    .unwrap();
    bus
}

/// [`bus_company`], open on the case screen.
fn with_bus_company() -> (tempfile::TempDir, std::path::PathBuf, Harness, Fixture) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    let fx = amina(&svc);
    bus_company(&svc, &fx);
    close_service(svc);
    let mut h = unlock_free(&dir);
    open_amina(&mut h);
    (tmp, dir, h, fx)
}

#[test]
fn w_opens_the_letter_dialog_and_a_case_with_no_organisation_says_so() {
    let (_tmp, _dir, mut h, _fx) = with_case();
    open_amina(&mut h);
    assert!(h.screen().contains("w letter"), "{}", h.screen());
    h.keys("w");
    assert_eq!(h.app.top_title(), "Write a letter");
    let screen = h.screen();
    assert!(
        screen.contains("Complaint to a housing provider"),
        "{screen}"
    );
    snap!("letter_dialog", screen);
    h.keys("<C-s>");
    let screen = h.screen();
    assert!(
        screen.contains("no organisation is linked to the case"),
        "{screen}"
    );
}

#[test]
fn the_clients_safe_contact_rules_are_said_on_screen() {
    let (_tmp, _dir, mut h, _fx) = with_bus_company();
    h.keys("w");
    // The first template, a housing complaint, gives the client's address: Amina has
    // not said whether letters are safe.
    h.keys("<C-s>");
    assert_eq!(h.app.top_title(), "Write a letter");
    let said = status_text(&h);
    assert!(said.contains("safe contact"), "{said}");
}

#[test]
fn a_letter_is_previewed_edited_and_kept_with_one_kind_of_entry_ticked() {
    let (_tmp, dir, mut h, fx) = with_bus_company();
    h.keys("w");
    // Type to find the template, then on to the kinds: Enter ticks every note.
    h.keys("cctv<enter><tab>");
    let screen = h.screen();
    assert!(screen.contains("every note (3)"), "{screen}");
    h.keys("<down><enter>");
    h.keys("<C-s>");
    assert_eq!(h.app.top_title(), "The letter: read, change, keep");
    let screen = h.screen();
    assert!(screen.contains("To: London United Busways"), "{screen}");
    assert!(
        screen.contains("21 November 2026: Asked the bus"),
        "{screen}"
    );
    assert!(!screen.contains("Called Amina back"), "{screen}");
    snap!("letter_preview", screen);
    h.keys("<C-end><enter>With thanks for your help.<C-s>");
    assert_eq!(
        status_text(&h),
        "Letter (cctv-request) kept with the case as drafted"
    );
    assert_eq!(h.app.top_title(), "Case C-2026-0001");
    // Enter on the "letter drafted" entry opens the letter, to mark it sent.
    let screen = h.screen();
    assert!(
        screen.contains("> Sun 22 Nov 2026 10:15  Letter drafted"),
        "{screen}"
    );
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "A letter drafted: mark it sent");
    snap!("letter_sending", h.screen());
    // Sent the day it was drafted (not before: the service refuses that).
    h.keys("today<enter>");
    assert_eq!(
        status_text(&h),
        "Letter marked sent on 22 November 2026; it is fixed from now on"
    );
    close(h);
    let svc = service_free(&dir);
    let letters = svc.letters_of(fx.case).unwrap();
    assert_eq!(letters.len(), 1);
    assert_eq!(
        letters[0].status,
        caseline::domain::LetterStatus::Sent {
            on: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
        }
    );
    assert_eq!(letters[0].entries.len(), 3);
    assert!(letters[0].body.ends_with("With thanks for your help."));
    let timeline = svc.timeline(fx.case).unwrap();
    assert!(timeline.iter().any(|e| e.kind
        == EntryKind::LetterDrafted {
            letter: letters[0].id
        }));
}

#[test]
fn c_x_edits_the_letter_in_the_workers_own_editor() {
    let (tmp, dir, mut h, fx) = with_bus_company();
    // An "editor" that notes the file's mode and where it was, and adds a line.
    let seen = tmp.path().join("seen");
    h.editor = Some(format!(
        "sh -c 'stat -c %a \"$1\" > {0}; echo \"$1\" >> {0}; echo Edited outside. >> \"$1\"' x",
        seen.display()
    ));
    h.keys("w");
    h.keys("cctv<enter><tab><down><enter><C-s>");
    assert!(h.screen().contains("C-x editor"), "{}", h.screen());
    h.keys("<C-x>");
    assert_eq!(status_text(&h), "The letter is as your editor left it");
    assert!(h.screen().contains("Edited outside."), "{}", h.screen());
    let noted = std::fs::read_to_string(&seen).unwrap();
    let mut lines = noted.lines();
    assert_eq!(lines.next(), Some("600"), "the file was private");
    let file = lines.next().unwrap();
    assert!(
        !std::path::Path::new(file).exists(),
        "{file} was left behind"
    );
    h.keys("<C-s>");
    close(h);
    let svc = service_free(&dir);
    let letters = svc.letters_of(fx.case).unwrap();
    assert!(
        letters[0].body.ends_with("Edited outside."),
        "{}",
        letters[0].body
    );
}
