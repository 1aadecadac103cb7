//! The service's date rules at every moment in `tests/support/moments.rs` (a month's end,
//! 29 February, both nights the clocks change, a Sunday, a Friday, New Year's Eve):
//! which day is today, which bucket a follow-up is in, how far it is overdue, where
//! snoozing may move it, when the police are chased, which day and year a case opens
//! in, and which dates of birth are in the future. Each answer is the London day's.

use caseline::Caseline;
use caseline::domain::{Answer, PoliceReport, Priority, Subject};
use caseline::service::{Bucket, OpenCase, Scope};
use chrono::{Datelike, Duration};

use crate::casework_support::{
    add_fu, assert_clean, assert_invalid, count, counts, note, open_case, queue, queue_req,
    statutory,
};
use crate::common::{self, intake, person};
use crate::moments::{Moment, at_every_moment};

/// A store whose clock stands at `m`.
fn store_at(m: &Moment) -> (tempfile::TempDir, Caseline) {
    let tmp = common::temp("dates");
    let svc = common::init_store_at(&tmp.path().join("data"), m.clock());
    (tmp, svc)
}

#[test]
fn the_clock_says_the_london_day_and_time_at_every_moment() {
    at_every_moment(|m| {
        let clock = m.clock();
        assert_eq!(clock.today(), m.today());
        assert_eq!(clock.local_now().time(), m.time());
        assert_eq!(clock.now(), m.at());
    });
}

#[test]
fn follow_ups_fall_in_the_bucket_of_their_london_day() {
    at_every_moment(|m| {
        let (_tmp, svc) = store_at(m);
        let case = open_case(&svc, "hate_crime", |_| {});
        let due = |n| add_fu(&svc, Subject::Case(case), m.plus(n), Priority::Normal);
        let (yesterday, today, tomorrow, in_a_week, later) =
            (due(-1), due(0), due(1), due(7), due(8));
        let today_is = svc.clock().today();
        assert_eq!(today_is, m.today());

        let v = queue(&svc, &queue_req(Scope::Everyone, today_is));
        assert_eq!(
            counts(&v),
            [1, 1, 2, 1, 0],
            "overdue, today, week, later, done"
        );
        let row = |id| v.rows.iter().find(|r| r.id == id).expect("listed");
        for (id, bucket, late) in [
            (yesterday, Bucket::Overdue, 1),
            (today, Bucket::Today, 0),
            (tomorrow, Bucket::Week, -1),
            (in_a_week, Bucket::Week, -7),
            (later, Bucket::Later, -8),
        ] {
            assert_eq!((row(id).bucket, row(id).days_overdue), (bucket, late));
        }
        assert_eq!(v.rows[0].id, yesterday, "the most overdue first");
        assert_eq!(svc.my_counts(today_is).unwrap(), (1, 1));

        // Done now, it is in the done bucket, and nothing is overdue any more.
        svc.complete_follow_up(yesterday, None).unwrap();
        let v = queue(&svc, &queue_req(Scope::Everyone, today_is));
        assert_eq!(counts(&v), [0, 1, 2, 1, 1]);
        assert_clean(&svc);
    });
}

#[test]
fn done_follow_ups_stay_in_done_for_thirty_london_days() {
    // Closed just after midnight in summer, a follow-up was closed on the London day,
    // not the UTC day before it: the thirtieth day after is still its last in "done".
    at_every_moment(|m| {
        let (_tmp, svc) = store_at(m);
        let case = open_case(&svc, "hate_crime", |_| {});
        let id = add_fu(&svc, Subject::Case(case), m.plus(-2), Priority::Normal);
        svc.complete_follow_up(id, None).unwrap();
        let done_on = |days| {
            let mut req = queue_req(Scope::Everyone, m.plus(days));
            req.buckets = vec![Bucket::Done];
            count(&queue(&svc, &req), Bucket::Done)
        };
        assert_eq!(done_on(0), 1, "done today");
        assert_eq!(done_on(30), 1, "thirty London days on, still listed");
        assert_eq!(done_on(31), 0, "the day after, gone");
        assert_clean(&svc);
    });
}

#[test]
fn snoozing_takes_today_or_later_by_the_london_day() {
    at_every_moment(|m| {
        let (_tmp, svc) = store_at(m);
        let case = open_case(&svc, "hate_crime", |_| {});
        let id = add_fu(&svc, Subject::Case(case), m.plus(-3), Priority::High);
        assert_invalid(svc.snooze_follow_up(id, m.plus(-1)).unwrap_err(), "due");
        svc.snooze_follow_up(id, m.today()).unwrap();
        assert_eq!(svc.follow_up(id).unwrap().due, m.today());
        // To the next working day: Monday after a Friday or a weekend day.
        let monday_to_friday = m.next_working_day();
        svc.snooze_follow_up(id, monday_to_friday).unwrap();
        assert_eq!(svc.follow_up(id).unwrap().due, monday_to_friday);
        let v = queue(&svc, &queue_req(Scope::Everyone, svc.clock().today()));
        assert_eq!(v.rows[0].bucket, Bucket::Week);
        assert_eq!(
            v.rows[0].days_overdue,
            -(monday_to_friday - m.today()).num_days()
        );
    });
}

#[test]
fn the_police_are_chased_a_week_after_the_london_day_of_the_report() {
    at_every_moment(|m| {
        let (_tmp, svc) = store_at(m);
        // Reported to the police, no time given: the report is taken as made now.
        let mut req = intake(person("Bilal", Some("Ahmed")), "Racist graffiti.");
        req.police = PoliceReport {
            reported: Answer::Yes,
            force: Some("Metropolitan Police".into()),
            crime_reference: None,
            reported_at: None,
        };
        let incident = svc.record_intake(req).unwrap().incident;
        let case = svc
            .open_case(OpenCase {
                kind: "hate_crime".into(),
                incidents: vec![incident],
                summary: "Graffiti.".into(),
                ..OpenCase::default()
            })
            .unwrap()
            .id;
        let chase = statutory(&svc, case);
        assert_eq!(chase.len(), 1, "{chase:#?}");
        assert_eq!(chase[0].due, m.plus(7));
    });
}

#[test]
fn a_case_opens_on_the_london_day_and_is_numbered_in_its_year() {
    at_every_moment(|m| {
        let (_tmp, svc) = store_at(m);
        let case = open_case(&svc, "hate_crime", |_| {});
        let c = svc.case(case).unwrap();
        assert_eq!(c.opened_on, m.today());
        assert_eq!(
            c.reference.to_string(),
            format!("C-{}-0001", m.today().year())
        );
        // A note now is written now; one a day ahead is refused.
        let id = svc.add_timeline_entry(note(case, "Called.")).unwrap();
        let e = svc.timeline(case).unwrap();
        let e = e.iter().find(|e| e.id == id).unwrap();
        assert_eq!((e.at, e.recorded_at), (m.at(), m.at()));
        let ahead = caseline::service::NewEntry {
            at: Some(m.at() + Duration::days(1)),
            ..note(case, "Tomorrow.")
        };
        assert_invalid(svc.add_timeline_entry(ahead).unwrap_err(), "at");
    });
}

#[test]
fn a_date_of_birth_is_in_the_future_only_after_the_london_day() {
    at_every_moment(|m| {
        let (_tmp, svc) = store_at(m);
        // A baby born today (a parent reporting for the family) is not in the future.
        let mut born_today = person("Baby", Some("Okafor"));
        born_today.monitoring.date_of_birth = Some(m.today());
        svc.record_intake(intake(born_today, "Abuse at the maternity ward."))
            .unwrap();
        let mut tomorrow = person("Not yet", Some("Okafor"));
        tomorrow.monitoring.date_of_birth = Some(m.plus(1));
        let e = svc
            .record_intake(intake(tomorrow, "A slip of the keyboard."))
            .unwrap_err();
        let problems = e.problems().expect("refused as invalid").to_string();
        assert!(problems.contains("date_of_birth"), "{problems}");
        assert!(problems.contains("is in the future"), "{problems}");
    });
}
