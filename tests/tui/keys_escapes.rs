//! Stored, typed and pasted text that holds escape sequences is shown inert.

use crate::tui_keys_support::{temp, unlocked};
use crate::tui_util::*;
use caseline::domain::{Consent, Consents, Incident, PartyRole, Person, PersonId};
use caseline::store::Store;
use caseline::ui::component::Status;
use caseline::ui::msg::Msg;

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

    let store = Store::open(dir)
        .unwrap()
        .with_clock(caseline::ui::testing::test_clock());
    let (key, _) = store.find_key(None, PASS).unwrap();
    let vault = store.unlock_with_key(key).unwrap();
    let now = caseline::ui::testing::test_clock().now();
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
        history: Vec::new(),
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
        possible_duplicate: false,
        location_kind: Default::default(),
    };
    let mut changes = vault.changes(&caseline::store::process_stamp());
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
    h.keys("<C-n>evil");
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
    h.keys("<C-n>");
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
