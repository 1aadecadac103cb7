//! The tables and figures reports gained: incidents by kind of location, and how long
//! agencies take to answer a referral, overall and by kind of agency.

use crate::common;
use caseline::domain::report::{Period, ReportName, Shown};
use caseline::domain::{Direction, LocationKind, ReferralStatus};
use caseline::service::reports::{Figures, ReportRequest, ReportView};
use caseline::service::{NewReferral, ReferralMove};

fn working(svc: &caseline::Caseline, name: ReportName) -> ReportView {
    let period: Period = "2026-27".parse().unwrap();
    let req = ReportRequest {
        figures: Figures::Working,
        ..ReportRequest::new(name, period)
    };
    svc.report(&req).expect("working figures")
}

fn fact<'a>(view: &'a ReportView, label: &str) -> Option<&'a str> {
    view.facts
        .iter()
        .find(|f| f.label == label)
        .map(|f| f.value.as_str())
}

#[test]
fn incidents_are_counted_by_kind_of_location() {
    let tmp = common::temp("place");
    let mut svc = common::init_store(&tmp.path().join("data"));
    // Three intakes taken before the kind of place was asked: not recorded.
    common::populate(&mut svc);
    for (n, kind) in [
        (1, LocationKind::PublicTransport),
        (2, LocationKind::Online),
    ] {
        for i in 0..n {
            let mut req = common::intake(common::person("Amina", None), &format!("Abuse {i}"));
            req.location_kind = kind;
            svc.record_intake(req).expect("intake");
        }
    }
    let view = working(&svc, ReportName::HateCrime);
    let t = view
        .tables
        .iter()
        .find(|t| t.title == "By kind of location")
        .expect("the table");
    assert_eq!(t.rows.len(), LocationKind::ALL.len());
    let count = |kind: LocationKind| {
        let i = t.rows.iter().position(|r| r == kind.label()).unwrap();
        t.cells[i][0]
    };
    assert_eq!(count(LocationKind::PublicTransport), Shown::Count(1));
    assert_eq!(count(LocationKind::Online), Shown::Count(2));
    assert_eq!(count(LocationKind::NotRecorded), Shown::Count(3));
    assert_eq!(count(LocationKind::Home), Shown::Count(0));
    assert_eq!(t.rows.last().map(String::as_str), Some("Not recorded"));
    common::close(svc);
}

#[test]
fn referral_response_times_run_from_sending_to_the_first_answer() {
    let tmp = common::temp("answer");
    let mut svc = common::init_store(&tmp.path().join("data"));
    let made = common::populate(&mut svc);
    let today = common::today();
    let mut answered = Vec::new();
    for (days_ago, kind, to) in [
        (10, "police", ReferralStatus::Accepted),
        (4, "police", ReferralStatus::Declined),
        (6, "housing_association", ReferralStatus::Accepted),
    ] {
        let id = svc
            .start_referral(NewReferral {
                case: made.case,
                direction: Direction::Incoming,
                organisation: None,
                agency_kind: kind.into(),
                on: today - chrono::Duration::days(days_ago),
                reason: "Harassment by a neighbour.".into(),
                shared: String::new(),
                their_reference: None,
                consent: None,
                signpost: false,
            })
            .expect("referral in");
        svc.move_referral(
            id,
            ReferralMove {
                to,
                note: "Service full.".into(),
                override_reason: None,
            },
        )
        .expect("answered");
        answered.push(id);
    }
    let r = svc.referral(answered[0]).expect("referral");
    assert_eq!(r.answered_on, Some(today));
    // A later move keeps the day of the first answer.
    svc.move_referral(
        answered[0],
        ReferralMove {
            to: ReferralStatus::Completed,
            note: "Seen.".into(),
            override_reason: None,
        },
    )
    .expect("completed");
    assert_eq!(svc.referral(answered[0]).unwrap().answered_on, Some(today));

    let view = working(&svc, ReportName::Referrals);
    assert_eq!(
        fact(&view, "Median time for an agency to answer"),
        Some("6 days")
    );
    assert_eq!(fact(&view, "Median time to answer: Police"), Some("7 days"));
    let housing = view
        .facts
        .iter()
        .find(|f| f.label.starts_with("Median time to answer: Housing"))
        .expect("housing providers");
    assert_eq!(housing.value, "6 days");
    // Published: too few answers behind each median to show it.
    let published = svc
        .report(&ReportRequest::new(
            ReportName::Referrals,
            "2026-27".parse().unwrap(),
        ))
        .unwrap();
    let shown = fact(&published, "Median time to answer: Police").unwrap();
    assert!(shown.starts_with("withheld"), "{shown}");
    common::close(svc);
}
