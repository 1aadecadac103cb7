//! Changing a person's details from their card, through a dialog filled with what is
//! on file; the card then shows the change, who made it, and what each part was.

use caseline::domain::Answer;

use crate::tui_keys_support::temp;
use crate::tui_util::{caller, close, close_service, init_store, record, service, unlock};

#[test]
fn a_persons_details_change_from_their_card_and_the_old_ones_stay_readable() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service(&dir);
    let mut amina = caller("Amina", "Hassan", "07700 900123");
    amina.safe_contact.call = Answer::Yes;
    amina.safe_contact.times = Some("weekday evenings".into());
    record(&svc, amina, "bus stop on Clarence Street", "Spat at.");
    close_service(svc);
    let mut h = unlock(&dir);
    h.keys("<C-f>amina<enter>");
    assert_eq!(h.app.top_title(), "Person");
    h.keys("e");
    assert_eq!(h.app.top_title(), "Change their details");
    let dialog = h.screen();
    // What is on file is filled in, not asked again.
    assert!(dialog.contains("07700 900123"), "{dialog}");
    assert!(dialog.contains("weekday evenings"), "{dialog}");
    // A new number, and no longer safe to call.
    h.keys(&format!(
        "{}07700 900999<tab><tab><tab><tab>n",
        "<backspace>".repeat(12)
    ));
    snap!("person_edit_dialog", h.screen());
    h.keys("<C-s>");
    assert_eq!(h.app.top_title(), "Person");
    let card = h.screen();
    for part in [
        "07700 900999",
        "call NO",
        "Changed ",
        "by Asha Patel",
        "phone was 07700 900123; safe to call was yes",
    ] {
        assert!(card.contains(part), "{part}:\n{card}");
    }
    snap!("person_card_with_history", card);
    close(h);
    let svc = service(&dir);
    let p = svc.people().next().unwrap().unwrap();
    assert_eq!(p.contact.phone.as_deref(), Some("07700 900999"));
    assert_eq!(p.safe_contact.call, Answer::No);
    assert_eq!(p.history.len(), 1);
    close_service(svc);
}

/// Someone else changes the phone while the dialog is open: the save is refused, the
/// status line says what changed meanwhile, and the dialog stays open with the typing.
#[test]
fn a_conflicting_save_keeps_the_dialog_open_with_its_typing() {
    let (_tmp, dir) = temp();
    init_store(&dir);
    let svc = service(&dir);
    record(
        &svc,
        caller("Amina", "Hassan", "07700 900123"),
        "bus stop on Clarence Street",
        "Spat at.",
    );
    let id = svc.people().next().unwrap().unwrap().id;
    close_service(svc);
    let mut h = unlock(&dir);
    h.keys("<C-f>amina<enter>e");
    assert_eq!(h.app.top_title(), "Change their details");
    h.keys("<tab>amina@example.org");
    // Meanwhile, on another screen, the number changes.
    let other = h.client();
    let mut d = other.person_card(id).unwrap().person.details();
    d.contact.phone = Some("07700 900555".into());
    assert!(other.update_person(id, d).unwrap());
    drop(other);
    h.keys("<C-s>");
    assert_eq!(h.app.top_title(), "Change their details");
    let screen = h.screen();
    assert!(screen.contains("amina@example.org"), "{screen}");
    assert!(screen.contains("Not saved"), "{screen}");
    assert!(
        screen.contains("Not saved: phone changed by you, in another window"),
        "{screen}"
    );
    close(h);
    let svc = service(&dir);
    let p = svc.person(id).unwrap();
    assert_eq!(p.contact.phone.as_deref(), Some("07700 900555"));
    assert_eq!(p.contact.email, None);
    close_service(svc);
}
