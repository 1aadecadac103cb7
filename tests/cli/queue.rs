//! `caseline queue`: the follow-ups due, for administrators over SSH and for cron.
//!
//! The command counts from its clock (`CASELINE_CLOCK`: the tests' moment unless a test
//! gives another), and the store is filled relative to that day.

use caseline::service::KeyCost;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::common::{self, Run, cli, intake, person, run};
use caseline::Caseline;
use caseline::domain::{IncidentId, Priority, Role, Subject, UserId};
use caseline::service::{CaseOpened, NewFollowUp, NewUser, OpenCase};
use chrono::{Duration, NaiveDate};

const HEADER: [&str; 7] = [
    "DUE", "LATE", "PRIORITY", "CASE", "FLAGS", "WORKER", "ACTION",
];

/// A closed store with follow-ups in every bucket, for two workers.
struct Store {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    today: NaiveDate,
    /// The safeguarding case's reference.
    guarded: String,
    /// The other case's reference.
    plain: String,
    /// The employment case's reference (with statutory follow-ups).
    employment: String,
}

fn store() -> Store {
    let tmp = common::temp("cli-queue");
    let dir = tmp.path().join("data");
    let svc = common::init_store(&dir);
    let sam = svc
        .add_user(
            NewUser {
                login: "sam".into(),
                display_name: "Sam Okafor".into(),
                role: Role::Caseworker,
                centre: None,
            },
            "a long enough passphrase for sam",
            KeyCost::CheapForTests,
        )
        .unwrap();
    let today = common::today();
    let guarded = open(&svc, "hate_crime", |r| {
        r.safeguarding = vec!["child_safeguarding".into()]
    });
    let plain = open(&svc, "housing", |_| {});
    // Statutory follow-ups about 42 and 70 days away: both later.
    let employment = open(&svc, "employment", |r| {
        r.act_complained_of = Some(today - Duration::days(20))
    });
    let intake_only = svc
        .record_intake(intake(person("Wang", None), "Window smashed."))
        .unwrap()
        .incident;
    add_follow_ups(&svc, today, sam, &guarded, &plain, intake_only);
    common::close(svc);
    Store {
        _tmp: tmp,
        dir,
        today,
        guarded: guarded.reference.to_string(),
        plain: plain.reference.to_string(),
        employment: employment.reference.to_string(),
    }
}

/// A case of `kind` opened from a fresh intake, changed by `f` first.
fn open(svc: &Caseline, kind: &str, f: impl FnOnce(&mut OpenCase)) -> CaseOpened {
    let incident = svc
        .record_intake(intake(person("Amina", Some("Hassan")), "Shouted at."))
        .unwrap()
        .incident;
    let mut req = OpenCase {
        kind: kind.into(),
        incidents: vec![incident],
        ..OpenCase::default()
    };
    f(&mut req);
    svc.open_case(req).unwrap()
}

/// One follow-up overdue, one due today (Sam's, safeguarding), one this week (on an
/// intake), one later (Sam's), and one done.
fn add_follow_ups(
    svc: &Caseline,
    today: NaiveDate,
    sam: UserId,
    guarded: &CaseOpened,
    plain: &CaseOpened,
    intake_only: IncidentId,
) {
    let add = |subject, days: i64, priority, who: Option<UserId>, action: &str| {
        svc.add_follow_up(
            subject,
            NewFollowUp {
                due: today + Duration::days(days),
                due_time: None,
                assignee: who,
                priority,
                action: action.into(),
            },
        )
        .unwrap()
    };
    add(
        Subject::Case(plain.id),
        -3,
        Priority::High,
        None,
        "Ring the housing officer",
    );
    add(
        Subject::Case(guarded.id),
        0,
        Priority::Urgent,
        Some(sam),
        "Visit the school",
    );
    add(
        Subject::Incident(intake_only),
        3,
        Priority::Normal,
        None,
        "Call back",
    );
    add(
        Subject::Case(plain.id),
        30,
        Priority::Low,
        Some(sam),
        "Review the case",
    );
    let done = add(
        Subject::Case(plain.id),
        -1,
        Priority::Normal,
        None,
        "Post the letter",
    );
    svc.complete_follow_up(done, Some("Posted.")).unwrap();
}

fn queue(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["queue"];
    all.extend_from_slice(args);
    cli(dir, &all)
}

/// A queue table: rows as column name → cell, and the counts line.
struct Table {
    rows: Vec<HashMap<&'static str, String>>,
    counts: String,
}

/// Reads the table back by the header's column positions (every cell is padded to
/// its column's width, and everything in these stores is ASCII).
fn table(out: &str) -> Table {
    let lines: Vec<&str> = out.lines().collect();
    let header = lines[0];
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        HEADER,
        "the header:\n{out}"
    );
    let starts: Vec<usize> = HEADER.iter().map(|h| header.find(h).unwrap()).collect();
    let blank = lines
        .iter()
        .position(|l| l.is_empty())
        .expect("a blank line before the counts");
    let rows = lines[1..blank]
        .iter()
        .map(|line| {
            HEADER
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let from = starts[i].min(line.len());
                    let to = starts
                        .get(i + 1)
                        .map_or(line.len(), |e| (*e).min(line.len()));
                    (*h, line[from..to].trim().to_string())
                })
                .collect()
        })
        .collect();
    assert_eq!(
        lines.len(),
        blank + 2,
        "only the counts after the rows:\n{out}"
    );
    Table {
        rows,
        counts: lines[blank + 1].to_string(),
    }
}

fn counts_line(overdue: usize, today: usize, week: usize, later: usize, done: usize) -> String {
    format!(
        "{overdue} overdue, {today} today, {week} this week, {later} later, {done} done. \
         Flags: S safeguarding, ! statutory deadline (indicative: check)."
    )
}

fn column(t: &Table, name: &str) -> Vec<String> {
    t.rows.iter().map(|r| r[name].clone()).collect()
}

#[test]
fn the_queue_lists_every_open_follow_up_most_urgent_first() {
    let s = store();
    let r = queue(&s.dir, &[]).expect(0);
    let t = table(&r.stdout);
    assert_eq!(t.counts, counts_line(1, 1, 1, 3, 1));
    assert_eq!(t.rows.len(), 6, "{}", r.stdout);
    let day = |n: i64| (s.today + Duration::days(n)).format("%Y-%m-%d").to_string();

    let first = &t.rows[0];
    assert_eq!(first["DUE"], day(-3));
    assert_eq!(first["LATE"], "3");
    assert_eq!(first["PRIORITY"], "high");
    assert_eq!(first["CASE"], s.plain);
    assert_eq!(first["FLAGS"], "");
    assert_eq!(first["WORKER"], "admin");
    assert_eq!(first["ACTION"], "Ring the housing officer");

    let second = &t.rows[1];
    assert_eq!(second["DUE"], day(0));
    assert_eq!(second["LATE"], "0");
    assert_eq!(second["PRIORITY"], "urgent");
    assert_eq!(second["CASE"], s.guarded);
    assert_eq!(second["FLAGS"], "S");
    assert_eq!(second["WORKER"], "sam");

    let third = &t.rows[2];
    assert_eq!(third["LATE"], "-3");
    assert_eq!(third["CASE"], "intake");
    assert_eq!(third["ACTION"], "Call back");

    assert_eq!(t.rows[3]["ACTION"], "Review the case");
    let statutory: Vec<_> = t.rows[4..].iter().collect();
    for row in &statutory {
        assert_eq!(row["CASE"], s.employment);
        assert_eq!(row["FLAGS"], "!");
        assert_eq!(row["PRIORITY"], "urgent");
        assert!(
            row["ACTION"].contains("indicative: check"),
            "{}",
            row["ACTION"]
        );
    }
    assert!(statutory[0]["ACTION"].contains("ACAS"));
    assert!(statutory[1]["ACTION"].contains("Employment Tribunal"));
    let dues = column(&t, "DUE");
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted, "soonest first");
    assert!(
        !r.stdout.contains("Post the letter"),
        "done ones are counted, not listed"
    );
}

#[test]
fn one_bucket_at_a_time() {
    let s = store();
    let all = counts_line(1, 1, 1, 3, 1);
    let actions = |args: &[&str]| {
        let r = queue(&s.dir, args).expect(0);
        let t = table(&r.stdout);
        assert_eq!(t.counts, all, "{args:?}: counts cover every bucket");
        column(&t, "ACTION")
    };
    assert_eq!(actions(&["--overdue"]), ["Ring the housing officer"]);
    assert_eq!(actions(&["--today"]), ["Visit the school"]);
    assert_eq!(actions(&["--week"]), ["Call back"]);

    for args in [
        &["--overdue", "--today"][..],
        &["--today", "--week"],
        &["--overdue", "--week"],
        &["--overdue", "--today", "--week"],
    ] {
        let r = queue(&s.dir, args).expect(2);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        assert!(
            r.stderr.contains("cannot be used with"),
            "{args:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn one_workers_queue_and_safeguarding_only() {
    let s = store();
    let r = queue(&s.dir, &["--mine", "sam"]).expect(0);
    let t = table(&r.stdout);
    assert_eq!(
        column(&t, "ACTION"),
        ["Visit the school", "Review the case"]
    );
    assert!(column(&t, "WORKER").iter().all(|w| w == "sam"));
    assert_eq!(t.counts, counts_line(0, 1, 0, 1, 0));

    // Logins are matched as they are stored: lower case.
    let r = queue(&s.dir, &["--mine", "ADMIN"]).expect(0);
    let t = table(&r.stdout);
    assert_eq!(t.rows.len(), 4, "{}", r.stdout);
    assert!(column(&t, "WORKER").iter().all(|w| w == "admin"));
    assert_eq!(t.counts, counts_line(1, 0, 1, 2, 1));

    let r = queue(&s.dir, &["--mine", "nobody"]).expect(2);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("there is no user `nobody`"),
        "{}",
        r.stderr
    );

    let r = queue(&s.dir, &["--safeguarding"]).expect(0);
    let t = table(&r.stdout);
    assert_eq!(column(&t, "ACTION"), ["Visit the school"]);
    assert_eq!(column(&t, "CASE"), std::slice::from_ref(&s.guarded));
    assert_eq!(t.counts, counts_line(0, 1, 0, 0, 0));

    let r = queue(&s.dir, &["--mine", "admin", "--safeguarding"]).expect(0);
    let t = table(&r.stdout);
    assert!(t.rows.is_empty(), "{}", r.stdout);
    assert_eq!(t.counts, counts_line(0, 0, 0, 0, 0));

    let r = queue(&s.dir, &["--mine", "sam", "--today", "--safeguarding"]).expect(0);
    assert_eq!(column(&table(&r.stdout), "ACTION"), ["Visit the school"]);
}

#[test]
fn the_queue_as_json() {
    let s = store();
    let r = queue(&s.dir, &["--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let counts: Vec<(String, u64)> = v["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .map(|c| {
            (
                c[0].as_str().expect("bucket").to_string(),
                c[1].as_u64().expect("count"),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("overdue".to_string(), 1),
            ("today".to_string(), 1),
            ("week".to_string(), 1),
            ("later".to_string(), 3),
            ("done".to_string(), 1),
        ]
    );
    let rows = v["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 6);
    let first = &rows[0];
    assert_eq!(first["bucket"], "overdue");
    assert_eq!(first["days_overdue"], 3);
    assert_eq!(first["priority"], "high");
    assert_eq!(first["action"], "Ring the housing officer");
    assert_eq!(first["statutory"], false);
    assert_eq!(first["safeguarding"], false);
    assert_eq!(
        first["due"],
        (s.today - Duration::days(3)).format("%Y-%m-%d").to_string()
    );
    assert_eq!(first["case"][1], s.plain.as_str());
    assert_eq!(rows[1]["safeguarding"], true);
    assert_eq!(rows[2]["case"], serde_json::Value::Null, "an intake's");
    assert_eq!(rows.iter().filter(|r| r["statutory"] == true).count(), 2);

    let r = queue(&s.dir, &["--overdue", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["rows"].as_array().unwrap().len(), 1);
    assert_eq!(v["counts"].as_array().unwrap().len(), 5);

    // --limit caps the rows, not the counts.
    let r = queue(&s.dir, &["--limit", "2", "--format", "json"]).expect(0);
    let limited: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(limited["rows"].as_array().unwrap()[..], rows[..2]);
    assert_eq!(limited["counts"], v["counts"]);
    let r = queue(&s.dir, &["--limit", "1"]).expect(0);
    let t = table(&r.stdout);
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.counts, counts_line(1, 1, 1, 3, 1));
}

#[test]
fn the_queue_needs_the_passphrase() {
    let s = store();
    let r = common::run(
        common::caseline(&s.dir)
            .env("CASELINE_PASSPHRASE", "not the passphrase at all")
            .arg("queue"),
    )
    .expect(1);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains("passphrase is not right"), "{}", r.stderr);
    assert!(!r.stderr.contains("not the passphrase at all"));
    // And a usage mistake is exit 2 before anything is opened.
    let r = queue(&s.dir, &["--format", "yaml"]).expect(2);
    assert!(r.stderr.contains("yaml"), "{}", r.stderr);
}

#[test]
fn the_queue_counts_from_the_london_day_just_after_midnight_in_summer() {
    // 00:30 on 25 October in London, the night summer time ends: still the 24th in UTC.
    let at = "2026-10-24T23:30:00Z";
    let tmp = common::temp("cli-queue-bst");
    let dir = tmp.path().join("data");
    let clock = caseline::domain::Clock::set_at(at.parse().unwrap());
    let svc = common::init_store_at(&dir, clock);
    let case = open(&svc, "housing", |_| {});
    for (day, action) in [(24, "Yesterday's"), (25, "Today's"), (26, "Tomorrow's")] {
        let due = NaiveDate::from_ymd_opt(2026, 10, day).unwrap();
        let f = NewFollowUp {
            due,
            due_time: None,
            assignee: None,
            priority: Priority::Normal,
            action: action.into(),
        };
        svc.add_follow_up(Subject::Case(case.id), f).unwrap();
    }
    common::close(svc);
    let clock_var = caseline::domain::clock::CLOCK_VAR;
    let r = run(common::caseline(&dir).env(clock_var, at).arg("queue")).expect(0);
    let t = table(&r.stdout);
    assert_eq!(t.counts, counts_line(1, 1, 1, 0, 0));
    assert_eq!(column(&t, "LATE"), ["1", "0", "-1"]);
    assert_eq!(
        column(&t, "ACTION"),
        ["Yesterday's", "Today's", "Tomorrow's"]
    );
}
