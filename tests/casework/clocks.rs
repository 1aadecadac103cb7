//! Statutory clocks, seen from a caller of the service: the employment tribunal
//! deadline and ACAS reminder, and the chase for a police crime reference.

use crate::casework_support::{
    add_user, assert_clean, d, open_case, police_intake, statutory, store, to,
};
use caseline::domain::{Answer, CaseStatus, Priority, Subject};
use caseline::service::{OpenCase, UpdateCase, tribunal_deadline};
use chrono::NaiveDate;

#[test]
fn an_employment_case_gets_its_tribunal_deadline_and_acas_reminder() {
    let (_tmp, svc) = store();
    let sam = add_user(&svc, "sam");
    let case = open_case(&svc, "employment", |r| {
        r.act_complained_of = Some(d(2026, 1, 10));
        r.assigned_to = Some(sam);
    });
    let clocks = statutory(&svc, case);
    assert_eq!(clocks.len(), 2, "{clocks:#?}");
    let (acas, tribunal) = (&clocks[0], &clocks[1]);
    assert_eq!(tribunal.due, d(2026, 4, 9), "three months less one day");
    assert_eq!(acas.due, d(2026, 3, 12), "28 days before");
    for f in [acas, tribunal] {
        assert_eq!(f.priority, Priority::Urgent);
        assert!(f.action.contains("indicative: check"), "{}", f.action);
        assert_eq!(f.assignee, Some(sam), "the case's worker");
        assert!(f.is_open());
        assert_eq!(f.subject, Subject::Case(case));
    }
    assert!(tribunal.action.contains("Employment Tribunal"));
    assert!(
        tribunal.action.contains("9 April 2026"),
        "{}",
        tribunal.action
    );
    assert!(acas.action.contains("ACAS"));
    let (acas_id, tribunal_id) = (acas.id, tribunal.id);
    assert_clean(&svc);

    // A later date for the act moves both; nothing is duplicated.
    svc.update_case(
        case,
        UpdateCase {
            act_complained_of: Some(Some(d(2026, 2, 1))),
            ..UpdateCase::default()
        },
    )
    .unwrap();
    let clocks = statutory(&svc, case);
    assert_eq!(clocks.len(), 2, "{clocks:#?}");
    assert_eq!((clocks[0].id, clocks[1].id), (acas_id, tribunal_id));
    assert_eq!(clocks[1].due, d(2026, 4, 30));
    assert_eq!(clocks[0].due, d(2026, 4, 2));
    assert!(
        clocks[1].action.contains("30 April 2026"),
        "{}",
        clocks[1].action
    );
    assert_clean(&svc);
    let timeline = svc.timeline(case).unwrap();
    assert_eq!(
        timeline.last().unwrap().text,
        "Date of the act complained of changed"
    );

    // Other changes leave them alone; so does a second update to the same date.
    for update in [
        UpdateCase {
            summary: Some("Grievance letter drafted.".into()),
            ..UpdateCase::default()
        },
        UpdateCase {
            act_complained_of: Some(Some(d(2026, 2, 1))),
            risk: Some(caseline::domain::RiskLevel::High),
            ..UpdateCase::default()
        },
    ] {
        svc.update_case(case, update).unwrap();
        let again = statutory(&svc, case);
        assert_eq!(again, clocks);
    }
    assert_eq!(svc.follow_ups().count(), 2);
    assert_clean(&svc);
}

#[test]
fn an_employment_case_without_a_date_gets_its_clocks_when_the_date_is_known() {
    let (_tmp, svc) = store();
    let case = open_case(&svc, "employment", |_| {});
    assert!(statutory(&svc, case).is_empty());
    svc.update_case(
        case,
        UpdateCase {
            act_complained_of: Some(Some(d(2026, 3, 31))),
            ..UpdateCase::default()
        },
    )
    .unwrap();
    let dues: Vec<NaiveDate> = statutory(&svc, case).iter().map(|f| f.due).collect();
    assert_eq!(dues, [d(2026, 6, 1), d(2026, 6, 29)]);
    assert_clean(&svc);
}

#[test]
fn the_tribunal_deadline_at_month_ends() {
    assert_eq!(tribunal_deadline(d(2026, 1, 10)), Some(d(2026, 4, 9)));
    assert_eq!(tribunal_deadline(d(2026, 11, 30)), Some(d(2027, 2, 27)));
    assert_eq!(tribunal_deadline(d(2026, 3, 31)), Some(d(2026, 6, 29)));
    assert_eq!(tribunal_deadline(d(2026, 12, 31)), Some(d(2027, 3, 30)));
    assert_eq!(tribunal_deadline(NaiveDate::MAX), None);
}

#[test]
fn a_hate_crime_reported_to_police_without_a_crime_reference_gets_one_chase() {
    let (_tmp, svc) = store();
    let reported = police_intake(&svc, Answer::Yes, None);
    let case = svc
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![reported],
            ..OpenCase::default()
        })
        .unwrap()
        .id;
    let chase = statutory(&svc, case);
    assert_eq!(chase.len(), 1, "{chase:#?}");
    let chase = chase[0].clone();
    assert_eq!(chase.priority, Priority::High);
    assert!(
        chase.action.starts_with("Chase the police"),
        "{}",
        chase.action
    );
    assert!(chase.action.contains("indicative: check"));
    assert_eq!(chase.due, d(2026, 1, 12), "seven days after the report");
    assert_clean(&svc);

    // Updating the case, or adding another such intake, makes no second one.
    svc.update_case(
        case,
        UpdateCase {
            summary: Some("Graffiti again.".into()),
            ..UpdateCase::default()
        },
    )
    .unwrap();
    svc.update_case(
        case,
        UpdateCase {
            safeguarding: Some(vec!["adult_safeguarding".into()]),
            ..UpdateCase::default()
        },
    )
    .unwrap();
    let another = police_intake(&svc, Answer::Yes, None);
    svc.attach_incident(case, another).unwrap();
    svc.change_case_status(case, to(CaseStatus::Active))
        .unwrap();
    let after = statutory(&svc, case);
    assert_eq!(after, [chase]);
    assert_eq!(svc.follow_ups().count(), 1);
    assert_clean(&svc);
}

#[test]
fn no_chase_without_a_police_report_with_a_crime_reference_or_for_other_kinds() {
    let (_tmp, svc) = store();
    let open = |kind: &str, incident| {
        svc.open_case(OpenCase {
            kind: kind.into(),
            incidents: vec![incident],
            ..OpenCase::default()
        })
        .unwrap()
        .id
    };
    let with_reference = police_intake(&svc, Answer::Yes, Some("CR/1234/26"));
    let not_reported = police_intake(&svc, Answer::No, None);
    let unknown = police_intake(&svc, Answer::Unknown, None);
    for incident in [with_reference, not_reported, unknown] {
        let case = open("hate_crime", incident);
        assert!(statutory(&svc, case).is_empty());
    }
    for kind in ["housing", "education", "complex", "employment"] {
        let incident = police_intake(&svc, Answer::Yes, None);
        let case = open(kind, incident);
        assert!(statutory(&svc, case).is_empty(), "{kind}");
    }
    // Other kinds with a date of an act get no tribunal deadline either.
    let housing = open_case(&svc, "housing", |r| {
        r.act_complained_of = Some(d(2026, 1, 10))
    });
    assert!(statutory(&svc, housing).is_empty());
    assert_eq!(svc.follow_ups().count(), 0);
    assert_clean(&svc);
}
