//! A volunteer who types a caller already on file, but out of their sight, is told only
//! that the caller may be on file; the intake they save is marked as a possible
//! duplicate for a caseworker.

use crate::common::{self, intake, person};
use crate::service_rules_support::store;
use caseline::domain::Role;
use caseline::service::{NewUser, PersonQuery};
use caseline::store::KdfParams;

const VIC: &str = "volunteer passphrase long";

fn amina() -> caseline::service::NewPerson {
    let mut p = person("Amina", Some("Hassan"));
    p.contact.phone = Some("07700 900123".into());
    p
}

#[test]
fn a_caller_on_file_out_of_a_volunteers_sight_is_only_hinted_at_and_marked() {
    let (tmp, svc) = store();
    svc.record_intake(intake(amina(), "Spat at.")).unwrap();
    svc.add_user(
        NewUser {
            login: "vic".into(),
            display_name: "Vic".into(),
            role: Role::Volunteer,
            centre: None,
        },
        VIC,
        KdfParams::INSECURE_TEST,
    )
    .unwrap();
    let q = PersonQuery {
        name: "Amina Hassan".into(),
        phone: "07700 900123".into(),
        postcode: String::new(),
    };
    // The council's own staff see her, and are not told anything more.
    assert_eq!(svc.find_people(&q, 5).unwrap().len(), 1);
    assert!(!svc.caller_elsewhere(&q).unwrap());
    common::close(svc);

    let dir = tmp.path().join("data");
    let vic = caseline::Caseline::open_with_clock(&dir, Some("vic"), VIC, common::clock()).unwrap();
    assert!(
        vic.find_people(&q, 5).unwrap().is_empty(),
        "no details shown"
    );
    assert!(vic.caller_elsewhere(&q).unwrap());
    let someone_else = PersonQuery {
        name: "Kofi Mensah".into(),
        ..PersonQuery::default()
    };
    assert!(!vic.caller_elsewhere(&someone_else).unwrap());

    let saved = vic
        .record_intake(intake(amina(), "Spat at again."))
        .unwrap();
    assert!(vic.incident(saved.incident).unwrap().possible_duplicate);
    let other = vic
        .record_intake(intake(person("Kofi", Some("Mensah")), "Bins set alight."))
        .unwrap();
    assert!(!vic.incident(other.incident).unwrap().possible_duplicate);
    common::close(vic);
}
