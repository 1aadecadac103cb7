//! Fixtures for the role tests (`roles_access`): a store with an administrator, a
//! caseworker `cas`, a volunteer `vic` and a spare volunteer, and casework that is the
//! volunteer's (created by them, or assigned to them) beside casework that is not.

#![allow(dead_code)]

use caseline::service::KeyCost;
use std::path::PathBuf;

use caseline::Caseline;
use caseline::domain::{CaseId, CaseRef, FollowUpId, IncidentId, PersonId, Role, Subject, UserId};
use caseline::service::{ExportDocument, NewFollowUp, NewUser, OpenCase};

use crate::common::{self, intake, person};

/// The passphrase the tests give the user `login` (the administrator has
/// [`common::PASSPHRASE`]).
pub fn passphrase_of(login: &str) -> String {
    format!("{login} passphrase that is long")
}

/// What [`setup`] made.
pub struct Setup {
    pub tmp: PathBuf,
    pub dir: PathBuf,
    pub admin: UserId,
    pub vic: UserId,
    pub spare: UserId,
    /// The administrator's case, with its client, intake and a follow-up.
    pub others_case: CaseId,
    pub others_ref: CaseRef,
    pub others_person: PersonId,
    pub others_incident: IncidentId,
    pub others_follow_up: FollowUpId,
    /// A case the volunteer opened from an intake they recorded.
    pub vics_case: CaseId,
    pub vics_incident: IncidentId,
    pub vics_person: PersonId,
    /// The administrator's case, assigned to the volunteer.
    pub assigned_case: CaseId,
    /// A follow-up on the administrator's case, assigned to the volunteer.
    pub vics_follow_up: FollowUpId,
    /// An export of the populated store, for import attempts.
    pub doc: ExportDocument,
}

impl Setup {
    /// Unlocks the store as `login`.
    pub fn open(&self, login: &str) -> Caseline {
        let pass = match login {
            "admin" => common::PASSPHRASE.to_string(),
            other => passphrase_of(other),
        };
        Caseline::open_with_clock(&self.dir, Some(login), &pass, crate::common::clock())
            .expect("unlock")
    }
}

fn add(admin: &Caseline, login: &str, role: Role) -> UserId {
    let user = NewUser {
        login: login.into(),
        display_name: format!("{role} {login}"),
        role,
        centre: None,
    };
    admin
        .add_user(user, &passphrase_of(login), KeyCost::CheapForTests)
        .expect("a new user")
}

fn follow_up_for(who: UserId, action: &str) -> NewFollowUp {
    NewFollowUp {
        assignee: Some(who),
        ..common::follow_up(action)
    }
}

/// A populated store with the users and casework [`Setup`] describes.
pub fn setup() -> (tempfile::TempDir, Setup) {
    let tmp = common::temp("roles");
    let dir = tmp.path().join("data");
    let mut admin = common::init_store(&dir);
    let pop = common::populate(&mut admin);
    let doc = admin.export().unwrap();
    let admin_id = admin.actor().id;
    add(&admin, "cas", Role::Caseworker);
    let vic = add(&admin, "vic", Role::Volunteer);
    let spare = add(&admin, "spare", Role::Volunteer);
    let others_follow_up = admin
        .add_follow_up(
            Subject::Case(pop.case),
            follow_up_for(admin_id, "Ring Amina"),
        )
        .unwrap();
    let vics_follow_up = admin
        .add_follow_up(
            Subject::Case(pop.case),
            follow_up_for(vic, "Post the leaflet"),
        )
        .unwrap();
    let saved = admin
        .record_intake(intake(
            person("Farah", Some("Ali")),
            "Shouted at in a shop.",
        ))
        .unwrap();
    let assigned_case = admin
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![saved.incident],
            assigned_to: Some(vic),
            ..OpenCase::default()
        })
        .unwrap()
        .id;
    let others_ref = admin.case(pop.case).unwrap().reference;
    common::close(admin);

    let v = Caseline::open_with_clock(
        &dir,
        Some("vic"),
        &passphrase_of("vic"),
        crate::common::clock(),
    )
    .unwrap();
    let saved = v
        .record_intake(intake(person("Kofi", Some("Mensah")), "Bins set alight."))
        .unwrap();
    let vics_case = v
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![saved.incident],
            ..OpenCase::default()
        })
        .unwrap()
        .id;
    common::close(v);

    let setup = Setup {
        tmp: tmp.path().to_path_buf(),
        dir,
        admin: admin_id,
        vic,
        spare,
        others_case: pop.case,
        others_ref,
        others_person: pop.amina,
        others_incident: pop.incidents[0],
        others_follow_up,
        vics_case,
        vics_incident: saved.incident,
        vics_person: saved.new_people[0],
        assigned_case,
        vics_follow_up,
        doc,
    };
    (tmp, setup)
}
