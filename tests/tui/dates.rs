//! The screens at every moment in `tests/support/moments.rs` (a month's end, 29
//! February, both nights the clocks change, a Sunday, a Friday, New Year's Eve): home's
//! counts, the queue's buckets, dates and lateness, the snooze dialog's days, the case
//! list's dates, and a date typed into the add-entry dialog, each the London day's.

use caseline::Caseline;
use caseline::domain::{Consent, Priority, Subject};
use caseline::service::KeyCost;
use caseline::service::{InitRequest, NewFollowUp, OpenCase};
use caseline::ui::testing::Harness;
use chrono::NaiveDate;

use crate::moments::{Moment, at_every_moment};
use crate::tui_case_util::{status_text, wait_for_lock};
use crate::tui_util::{ORGANISATION, PASS, caller, close, close_service, record};

/// `Mon 30 Nov`, as the queue and the snooze dialog show a day.
fn short(d: NaiveDate) -> String {
    d.format("%a %-d %b").to_string()
}

/// `Mon 30 Nov 2026`.
fn long(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// The screen's line holding `text`.
fn line_with(screen: &str, text: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no {text:?} on the screen:\n{screen}"))
        .to_string()
}

/// A store made at `m` holding Amina Hassan's case, with follow-ups due yesterday,
/// today, tomorrow and in nine days; then the interface at `m`, signed in, on home.
fn at(m: &Moment) -> (tempfile::TempDir, std::path::PathBuf, Harness) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("data");
    let (svc, _key) = Caseline::init_with_clock(
        &dir,
        InitRequest {
            organisation: ORGANISATION.into(),
            admin_login: "admin".into(),
            admin_name: "Asha Patel".into(),
            passphrase: PASS.to_string().into(),
            key_cost: KeyCost::CheapForTests,
        },
        m.clock(),
    )
    .expect("a new store");
    let mut amina = caller("Amina", "Hassan", "07700 900123");
    amina.consents.store = Consent::Given { on: m.today() };
    record(&svc, amina, "bus stop on Clarence Street", "Shouted at.");
    let incident = svc.recent_incidents(1).expect("intakes")[0].id;
    let case = svc
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![incident],
            summary: "Abuse at a bus stop.".into(),
            ..OpenCase::default()
        })
        .expect("the case opens")
        .id;
    for (days, action) in [
        (-1, "Ring the school"),
        (0, "Chase the bus company"),
        (1, "Send the advice letter"),
        (9, "Review the case"),
    ] {
        let due = NewFollowUp {
            due: m.plus(days),
            due_time: None,
            assignee: None,
            priority: Priority::Normal,
            action: action.into(),
        };
        svc.add_follow_up(Subject::Case(case), due)
            .expect("a follow-up");
    }
    close_service(svc);
    wait_for_lock(&dir);
    let mut h = Harness::at(&dir, 80, 24, m.clock());
    h.keys(&format!("{PASS}<enter>"));
    assert!(
        h.screen().contains("What do you want to do?"),
        "{}",
        h.screen()
    );
    (tmp, dir, h)
}

#[test]
fn home_and_the_queue_count_and_show_the_london_day() {
    at_every_moment(|m| {
        let (_tmp, _dir, mut h) = at(m);
        let screen = h.screen();
        assert!(
            screen.contains("Your follow-ups: 1 overdue, 1 due today"),
            "{screen}"
        );
        h.keys("<C-t>");
        let screen = h.screen();
        for bucket in ["[Overdue 1]", "Today 1", "This week 1", "Later 1"] {
            assert!(screen.contains(bucket), "{bucket}:\n{screen}");
        }
        let row = line_with(&screen, "Ring the school");
        assert!(row.contains(&short(m.plus(-1))), "{row}");
        assert!(row.contains(" 1d "), "{row}");
        h.keys("2");
        let row = line_with(&h.screen(), "Chase the bus company");
        assert!(row.contains(&short(m.today())), "{row}");
        assert!(row.contains("today"), "{row}");
        close(h);
    });
}

#[test]
fn snoozing_offers_tomorrow_and_next_week_from_the_london_day() {
    at_every_moment(|m| {
        let (_tmp, _dir, mut h) = at(m);
        h.keys("<C-t>z");
        let screen = h.screen();
        let tomorrow = format!("Tomorrow ({})", short(m.plus(1)));
        let next_week = format!("Next week ({})", short(m.plus(7)));
        assert!(screen.contains(&tomorrow), "{tomorrow}:\n{screen}");
        assert!(screen.contains(&next_week), "{next_week}:\n{screen}");
        h.keys("<enter>");
        assert_eq!(
            status_text(&h),
            format!("Follow-up moved to {}", long(m.plus(1)))
        );
        let screen = h.screen();
        assert!(screen.contains("[Overdue 0]"), "{screen}");
        assert!(screen.contains("This week 2"), "{screen}");
        // Typed instead: the next working day, said as its weekday.
        h.keys("2");
        let working = m.next_working_day();
        let weekday = working.format("%A").to_string().to_lowercase();
        h.keys(&format!("z<down><down><enter>{weekday}"));
        let screen = h.screen();
        assert!(
            screen.contains(&format!("= {}", long(working))),
            "{weekday}:\n{screen}"
        );
        h.keys("<C-s>");
        assert_eq!(
            status_text(&h),
            format!("Follow-up moved to {}", long(working))
        );
        close(h);
    });
}

#[test]
fn the_case_list_shows_the_london_days() {
    at_every_moment(|m| {
        let (_tmp, _dir, mut h) = at(m);
        h.keys("<C-e>");
        let row = line_with(&h.screen(), "Amina Hassan");
        // The next follow-up (yesterday's, still open), then the last activity (now).
        let days = format!(
            "{}  {}",
            m.plus(-1).format("%-d %b"),
            m.today().format("%-d %b")
        );
        let shown: String = row.split_whitespace().collect::<Vec<_>>().join(" ");
        let wanted: String = days.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(shown.contains(&wanted), "{wanted}:\n{row}");
        close(h);
    });
}

/// Reads the store the interface at `m` wrote (it is closed first).
fn service_at(dir: &std::path::Path, m: &Moment) -> Caseline {
    wait_for_lock(dir);
    Caseline::open_with_clock(dir, None, PASS, m.clock()).expect("the store opens")
}

/// The one case in the store.
fn the_case(svc: &Caseline) -> caseline::domain::CaseId {
    svc.cases().next().expect("a case").expect("readable").id
}

/// The instant a London wall-clock time stands for, worked out apart from caseline.
fn london(at: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono_tz::Europe::London
        .from_local_datetime(&at)
        .single()
        .expect("one instant")
        .with_timezone(&chrono::Utc)
}

#[test]
fn dates_typed_in_an_entry_are_read_from_the_london_day() {
    at_every_moment(|m| {
        let (_tmp, dir, mut h) = at(m);
        h.keys("<C-e><enter>a");
        h.keys("Called the school.<S-tab>yesterday 9pm");
        let yesterday = format!("= {}, 21:00", long(m.plus(-1)));
        assert!(
            h.screen().contains(&yesterday),
            "{yesterday}:\n{}",
            h.screen()
        );
        h.keys("<tab><tab>in 3 days");
        let due = format!("= {}", long(m.plus(3)));
        assert!(h.screen().contains(&due), "{due}:\n{}", h.screen());
        h.keys("<C-s>");
        assert_eq!(
            status_text(&h),
            format!("Added to the timeline; follow-up due {}", short(m.plus(3)))
        );
        close(h);
        let svc = service_at(&dir, m);
        let case = the_case(&svc);
        let call = svc.timeline(case).unwrap();
        let call = call.iter().find(|e| e.text == "Called the school.");
        let nine = m.plus(-1).and_hms_opt(21, 0, 0).expect("a time");
        assert_eq!(call.expect("the note").at, london(nine));
        let f = svc.follow_ups_for_case(case).unwrap();
        assert!(f.iter().any(|f| f.due == m.plus(3)), "{f:#?}");
        close_service(svc);
    });
}

#[test]
fn two_hours_ago_at_half_past_three_on_the_night_summer_time_starts_is_half_past_midnight() {
    let m = crate::moments::MOMENTS
        .iter()
        .find(|m| m.utc == "2027-03-28T02:30:00Z")
        .expect("the moment");
    let (_tmp, dir, mut h) = at(m);
    h.keys("<C-e><enter>a");
    h.keys("Called the police.<S-tab>2 hours ago");
    let screen = h.screen();
    assert!(screen.contains("= Sun 28 Mar 2027, 00:30"), "{screen}");
    h.keys("<C-s>");
    assert_eq!(status_text(&h), "Entry added to the timeline");
    close(h);
    let svc = service_at(&dir, m);
    let case = the_case(&svc);
    let e = svc.timeline(case).unwrap();
    let e = e
        .iter()
        .find(|e| e.text == "Called the police.")
        .expect("saved");
    assert_eq!(
        e.at,
        "2027-03-28T00:30:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    );
    close_service(svc);
}
