//! Two workers changing the same record at once, on one engine: both read it, the
//! first saves, and the second's save (from what they read) is refused with who
//! changed it and which parts, nothing of the first save lost. Read again, the second
//! save goes in. This holds for a case's details, a person's details, a directory
//! entry and a letter template.

use caseline::domain::{CaseId, Role};
use caseline::service::{Edit, Error, NewOrganisation, NewTemplate, UpdateCase};

use super::sessions::{engine, two};
use crate::common;

/// The refusal's message, which must name Priya and every part in `parts`.
fn conflict<T: std::fmt::Debug>(result: Result<T, Error>, parts: &[&str]) -> String {
    let m = match result {
        Err(Error::Conflict(m)) => m,
        other => panic!("expected a conflict, got {other:?}"),
    };
    assert!(m.contains(" changed by Priya Shah at "), "{m}");
    assert!(m.contains("Your changes are still in the form"), "{m}");
    for part in parts {
        assert!(m.contains(part), "{part:?} in {m}");
    }
    m
}

fn summary_and_risk(read: &caseline::domain::Case, summary: &str) -> UpdateCase {
    UpdateCase {
        summary: Some(summary.into()),
        assigned_to: read.assigned_to,
        risk: Some(read.risk),
        safeguarding: Some(read.safeguarding.clone()),
        read: Some(Box::new(read.clone())),
        ..UpdateCase::default()
    }
}

#[test]
fn a_case_saved_after_someone_else_changed_it_names_what_they_changed() {
    let (_tmp, engine) = engine();
    let (admin, priya) = two(&engine);
    let me = admin.actor().id;
    let case: CaseId =
        super::casework_support::open_case(&admin, "hate_crime", |c| c.assigned_to = Some(me));
    let read = admin.case(case).unwrap();
    let priya_id = priya.actor().id;
    let mut hers = summary_and_risk(&priya.case(case).unwrap(), "Priya's summary");
    hers.assigned_to = Some(priya_id);
    priya
        .update_case(case, hers)
        .expect("the first save stands");

    let late = admin.update_case(case, summary_and_risk(&read, "The administrator's"));
    let m = conflict(late, &["this case", "summary", "worker"]);
    assert!(!m.contains("risk"), "risk was not changed: {m}");
    let now = admin.case(case).unwrap();
    assert_eq!(now.summary, "Priya's summary");
    assert_eq!(now.assigned_to, Some(priya_id));

    // A change the form does not carry (the status) is no reason to refuse.
    let read = admin.case(case).unwrap();
    let to = super::casework_support::to(caseline::domain::CaseStatus::Active);
    priya.change_case_status(case, to).expect("status moved");
    admin
        .update_case(case, summary_and_risk(&read, "The administrator's"))
        .expect("saved over a change of status");
    let now = admin.case(case).unwrap();
    assert_eq!(now.summary, "The administrator's");
    assert_eq!(now.status, caseline::domain::CaseStatus::Active);
    assert_eq!(now.assigned_to, Some(priya_id));
}

#[test]
fn a_persons_details_saved_after_someone_else_changed_them_name_the_part() {
    let (_tmp, engine) = engine();
    let (admin, priya) = two(&engine);
    let saved = admin
        .record_intake(common::intake(
            common::person("Amina", Some("Hassan")),
            "Spat at.",
        ))
        .unwrap();
    let id = saved.new_people[0];
    let read = admin.person(id).unwrap().details();
    let mut hers = priya.person(id).unwrap().details();
    hers.contact.phone = Some("07700 900999".into());
    assert!(
        priya
            .change_person(id, Edit::from_read(read.clone(), hers))
            .unwrap()
    );

    let mut mine = read.clone();
    mine.contact.email = Some("amina@example.org".into());
    let m = conflict(
        admin.change_person(id, Edit::from_read(read, mine.clone())),
        &["person's details", "phone"],
    );
    assert!(!m.contains("email"), "{m}");
    let p = admin.person(id).unwrap();
    assert_eq!(p.contact.phone.as_deref(), Some("07700 900999"));
    assert_eq!(p.contact.email, None);
    // Read again, with the typing kept, the save goes in and keeps her phone.
    let again = p.details();
    mine.contact.phone = again.contact.phone.clone();
    assert!(
        admin
            .change_person(id, Edit::from_read(again, mine))
            .unwrap()
    );
    let p = admin.person(id).unwrap();
    assert_eq!(p.contact.phone.as_deref(), Some("07700 900999"));
    assert_eq!(p.contact.email.as_deref(), Some("amina@example.org"));
}

#[test]
fn a_directory_entry_saved_after_someone_else_changed_it_names_the_field() {
    let (_tmp, engine) = engine();
    let (admin, priya) = two(&engine);
    let id = admin
        .add_organisation(NewOrganisation {
            name: "Tolworth Chinese School".into(),
            kind: "community_group".into(),
            ..NewOrganisation::default()
        })
        .unwrap();
    let read = NewOrganisation::of(&admin.organisation(id).unwrap());
    let hers = NewOrganisation {
        phone: Some("020 7946 0000".into()),
        ..read.clone()
    };
    priya
        .change_organisation(id, Edit::from_read(read.clone(), hers))
        .expect("the first save stands");
    let mine = NewOrganisation {
        notes: "Meets in the library.".into(),
        ..read.clone()
    };
    let m = conflict(
        admin.change_organisation(id, Edit::from_read(read, mine)),
        &["directory entry", "phone"],
    );
    assert!(!m.contains("notes"), "{m}");
    let org = admin.organisation(id).unwrap();
    assert_eq!(org.phone.as_deref(), Some("020 7946 0000"));
    assert_eq!(org.notes, "");
}

#[test]
fn a_template_saved_after_someone_else_changed_it_names_the_part() {
    let (_tmp, engine) = engine();
    let (admin, priya) = two(&engine);
    // Templates are the administrators': Priya is made one, and that applies at once.
    admin
        .set_role(priya.actor().id, Role::Administrator)
        .unwrap();
    let t = admin.template("appeal").expect("a built-in template");
    let read = NewTemplate {
        name: t.name.clone(),
        title: Some(t.title.clone()),
        body: t.body.clone(),
    };
    let hers = NewTemplate {
        body: format!("{}\nPriya's closing line.\n", read.body),
        ..read.clone()
    };
    priya
        .change_template(Edit::from_read(read.clone(), hers.clone()))
        .expect("the first save stands");
    let mine = NewTemplate {
        title: Some("Appealing a decision, again".into()),
        ..read.clone()
    };
    let m = conflict(
        admin.change_template(Edit::from_read(read, mine)),
        &["letter template", "the text"],
    );
    assert!(!m.contains("what it is for"), "{m}");
    let now = admin.template("appeal").unwrap();
    assert_eq!(now.body, hers.body);
    assert_eq!(now.title, t.title);
}
