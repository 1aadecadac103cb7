//! Fixtures shared by the casework interface tests (`cases`, `case_screen`,
//! `case_links` and the rest): Amina Hassan's hate-crime case and Mohammed Khan's
//! employment case made through the service, the snapshot filters for casework screens,
//! and reading the status line. The harness clock is Sunday 22 November 2026, 10:15.

#![allow(dead_code)]

use caseline::Caseline;
use caseline::domain::{CaseId, Direction, EntryKind, FollowUpId, Priority, Subject, UserId};
use caseline::service::{Bucket, NewEntry, NewFollowUp, OpenCase, QueueRequest, Scope};
use caseline::ui::testing::Harness;
use chrono::{NaiveDate, TimeZone, Utc};

use crate::tui_util::*;

/// A snapshot with the random values filtered out; its dates are the harness clock's.
macro_rules! snap {
    ($name:expr, $screen:expr) => {
        let f = $crate::tui_util::filters();
        insta::with_settings!({filters => $crate::tui_util::as_pairs(&f)}, {
            insta::assert_snapshot!($name, $screen);
        })
    };
}

pub fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("a November day")
}

pub fn temp() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("data");
    (tmp, dir)
}

/// What a test set up through the service.
pub struct Fixture {
    pub case: CaseId,
    pub overdue: FollowUpId,
    pub me: UserId,
}

/// Amina Hassan's intake, made into a hate-crime case flagged for forced marriage,
/// with a phone call, a note and its correction on the timeline, and follow-ups
/// overdue, due today and due later in the week.
pub fn amina(svc: &Caseline) -> Fixture {
    record(
        svc,
        caller("Amina", "Hassan", "07700 900123"),
        "bus stop on Clarence Street",
        "A man shouted racist and anti-Muslim abuse at her and spat at her.",
    );
    let incident = svc.recent_incidents(1).expect("intakes")[0].id;
    let opened = svc
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![incident],
            safeguarding: vec!["forced_marriage".into()],
            summary: "Abuse at a bus stop; may be CCTV on the bus.".into(),
            opened_on: Some(day(20)),
            ..OpenCase::default()
        })
        .expect("the case opens");
    let at = |d, h| Some(Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap());
    svc.add_timeline_entry(NewEntry {
        case: opened.id,
        at: at(20, 14),
        kind: EntryKind::PhoneCall {
            direction: Direction::Outgoing,
            with: "Amina Hassan".into(),
            minutes: None,
        },
        text: "Called Amina back. She wants advice before going to the police; \
               safe to call on weekday evenings, not safe for voicemail."
            .into(),
        corrects: None,
    })
    .expect("a call");
    let note = svc
        .add_timeline_entry(NewEntry {
            case: opened.id,
            at: at(21, 9),
            kind: EntryKind::Note,
            text: "Asked the bus company for CCTV from the 93.".into(),
            corrects: None,
        })
        .expect("a note");
    svc.add_timeline_entry(NewEntry {
        case: opened.id,
        at: at(21, 11),
        kind: EntryKind::Note,
        text: "Asked the bus company for CCTV from the 85, not the 93.".into(),
        corrects: Some(note),
    })
    .expect("a correction");
    let follow = |due, priority, action: &str| {
        svc.add_follow_up(
            Subject::Case(opened.id),
            NewFollowUp {
                due,
                due_time: None,
                assignee: None,
                priority,
                action: action.into(),
            },
        )
        .expect("a follow-up")
    };
    let overdue = follow(day(20), Priority::High, "Call Amina about the CCTV request");
    follow(day(22), Priority::Normal, "Chase the bus company");
    follow(day(25), Priority::Low, "Send the advice letter");
    Fixture {
        case: opened.id,
        overdue,
        me: svc.actor().id,
    }
}

/// A store with Amina's case, unlocked on home.
pub fn with_case() -> (tempfile::TempDir, std::path::PathBuf, Harness, Fixture) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    let fx = amina(&svc);
    close_service(svc);
    let h = unlock_free(&dir);
    (tmp, dir, h, fx)
}

pub fn status_text(h: &Harness) -> String {
    match h.app.status() {
        Some(
            caseline::ui::component::Status::Info(t)
            | caseline::ui::component::Status::Done(t)
            | caseline::ui::component::Status::Error(t),
        ) => t.clone(),
        None => String::new(),
    }
}

pub fn queue(svc: &Caseline, bucket: Bucket) -> Vec<FollowUpId> {
    svc.queue(&QueueRequest {
        scope: Scope::Everyone,
        buckets: vec![bucket],
        safeguarding_only: false,
        today: day(22),
        limit: 100,
    })
    .expect("a queue")
    .rows
    .into_iter()
    .map(|r| r.id)
    .collect()
}

/// Mohammed Khan's employment case: the act complained of on 15 September starts the
/// tribunal clock, whose ACAS reminder (statutory, urgent) is already overdue.
pub fn khan(svc: &Caseline) -> CaseId {
    record(
        svc,
        caller("Mohammed", "Khan", "07700 900456"),
        "his workplace",
        "His manager made racist remarks and then cut his shifts.",
    );
    let incident = svc.recent_incidents(1).expect("intakes")[0].id;
    svc.open_case(OpenCase {
        kind: "employment".into(),
        incidents: vec![incident],
        act_complained_of: Some(NaiveDate::from_ymd_opt(2026, 9, 15).unwrap()),
        opened_on: Some(day(21)),
        ..OpenCase::default()
    })
    .expect("the case opens")
    .id
}

/// Both cases, unlocked on home.
pub fn with_two_cases() -> (tempfile::TempDir, std::path::PathBuf, Harness, Fixture) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    let fx = amina(&svc);
    // Mohammed's case is recorded after Amina's, so it is first by last activity.
    svc.clock().advance(chrono::Duration::minutes(5));
    khan(&svc);
    close_service(svc);
    let h = unlock_free(&dir);
    (tmp, dir, h, fx)
}

/// Amina's case with one organisation (`name`, of agency kind `kind`) in the directory,
/// open on its screen.
pub fn amina_with_organisation(
    name: &str,
    kind: &str,
) -> (tempfile::TempDir, std::path::PathBuf, Harness, Fixture) {
    let (tmp, dir) = temp();
    init_store(&dir);
    let svc = service_free(&dir);
    let fx = amina(&svc);
    svc.add_organisation(caseline::service::NewOrganisation {
        name: name.into(),
        kind: kind.into(),
        ..caseline::service::NewOrganisation::default()
    })
    .unwrap();
    close_service(svc);
    let mut h = unlock_free(&dir);
    open_amina(&mut h);
    (tmp, dir, h, fx)
}

/// Opens Amina's case from the case list (the only case, or the first by last activity).
pub fn open_amina(h: &mut Harness) {
    h.keys("<C-e>");
    let screen = h.screen();
    let row = screen
        .lines()
        .position(|l| l.contains("Amina Hassan"))
        .unwrap_or_else(|| panic!("Amina's case is listed:\n{screen}"));
    let first = screen
        .lines()
        .position(|l| l.contains("C-2026-"))
        .expect("a case row");
    for _ in first..row {
        h.keys("<down>");
    }
    h.keys("<enter>");
    assert_eq!(h.app.top_title(), "Case C-2026-0001", "{}", h.screen());
}

/// Waits until nothing holds the store's lock. A test binary that takes snapshots has
/// insta start `cargo metadata` once, and for a moment that child holds copies of the
/// files open at the time, the store's lock among them; opening straight after
/// closing can land in that moment.
pub fn wait_for_lock(dir: &std::path::Path) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while let Err(caseline::store::StoreError::InUse { .. }) = caseline::store::Store::open(dir) {
        if std::time::Instant::now() > deadline {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// [`unlock`] once the lock is free.
pub fn unlock_free(dir: &std::path::Path) -> Harness {
    wait_for_lock(dir);
    unlock(dir)
}

/// [`service`] once the lock is free.
pub fn service_free(dir: &std::path::Path) -> Caseline {
    wait_for_lock(dir);
    service(dir)
}
