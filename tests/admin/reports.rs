//! Monitoring reports through the service: who may run them, working figures for
//! administrators only and audited, every written report audited, and published
//! figures that never show a small count.

use caseline::service::KeyCost;
use std::collections::BTreeSet;

use crate::common::{self, PASSPHRASE};
use caseline::Caseline;
use caseline::domain::report::{Period, ReportName, ReportSettings, Shown, ShownTable};
use caseline::domain::{AuditAction, Role};
use caseline::service::reports::{Figures, ReportRequest, ReportView};
use caseline::service::{AuditQuery, NewUser};

const DEMO_CASES: usize = 400;

/// A store with a demo caseload, a caseworker `cas` and a volunteer `vic`.
pub(crate) fn demo_store() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = common::temp("reports");
    let dir = tmp.path().join("data");
    let admin = common::init_store(&dir);
    let doc = caseline::demo::generate(DEMO_CASES, 7, &admin.actor(), admin.clock().now());
    admin.import(doc).expect("demo import");
    for (login, role) in [("cas", Role::Caseworker), ("vic", Role::Volunteer)] {
        let user = NewUser {
            login: login.into(),
            display_name: login.into(),
            role,
            centre: None,
        };
        admin
            .add_user(
                user,
                &format!("{login} passphrase long enough"),
                KeyCost::CheapForTests,
            )
            .expect("user");
    }
    common::close(admin);
    (tmp, dir)
}

pub(crate) fn open(dir: &std::path::Path, login: &str) -> Caseline {
    let pass = match login {
        "admin" => PASSPHRASE.to_string(),
        other => format!("{other} passphrase long enough"),
    };
    Caseline::open_with_clock(dir, Some(login), &pass, common::clock()).expect("unlock")
}

/// The demo caseload spans the two years before the test clock (November 2026).
pub(crate) fn year() -> Period {
    "2025-11-01..2026-11-30".parse().unwrap()
}

pub(crate) fn request(name: ReportName) -> ReportRequest {
    ReportRequest::new(name, year())
}

fn last_action(svc: &Caseline) -> (AuditAction, String) {
    let rows = svc
        .audit_log(&AuditQuery {
            limit: 1,
            ..AuditQuery::default()
        })
        .unwrap();
    (rows[0].action, rows[0].detail.clone())
}

fn all_cells(t: &ShownTable) -> Vec<Shown> {
    let mut cells: Vec<Shown> = t.cells.iter().flatten().copied().collect();
    cells.extend(t.row_totals.iter().flatten());
    cells.extend(t.column_totals.iter().flatten());
    cells
}

pub(crate) fn column_total(view: &ReportView, title: &str) -> u64 {
    let t = view.tables.iter().find(|t| t.title == title).expect(title);
    match t.column_totals.as_ref().expect("a total row")[0] {
        Shown::Count(n) => n,
        other => panic!("{title} total is {other:?}"),
    }
}

#[test]
fn roles_figures_and_the_audit_log() {
    let (_tmp, dir) = demo_store();
    let vic = open(&dir, "vic");
    let refused = vic.report(&request(ReportName::HateCrime)).unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("caseworker or an administrator"),
        "{refused}"
    );
    common::close(vic);

    let cas = open(&dir, "cas");
    for name in ReportName::ALL {
        let view = cas.report(&request(name)).expect("a published report");
        assert!(view.rule.is_some(), "{name}");
        assert!(view.rule_text.contains("<5"), "{name}: {}", view.rule_text);
        for t in &view.tables {
            for cell in all_cells(t) {
                assert!(
                    !matches!(cell, Shown::Count(1..=4)),
                    "{name}/{}: {cell:?}",
                    t.title
                );
            }
        }
    }
    let working = ReportRequest {
        figures: Figures::Working,
        ..request(ReportName::Casework)
    };
    let refused = cas.report(&working).unwrap_err();
    assert!(refused.to_string().contains("working figures"), "{refused}");
    common::close(cas);

    let admin = open(&dir, "admin");
    let view = admin.report(&working).expect("working figures");
    assert!(view.rule.is_none());
    let hidden = view
        .tables
        .iter()
        .flat_map(all_cells)
        .any(|c| !matches!(c, Shown::Count(_)));
    assert!(!hidden, "working figures hide nothing");
    let (action, detail) = last_action(&admin);
    assert_eq!(action, AuditAction::Report);
    assert!(
        detail.contains("working figures") && detail.contains("casework"),
        "{detail}"
    );

    let written = ReportRequest {
        written_as: Some("csv".into()),
        ..request(ReportName::HateCrime)
    };
    admin.report(&written).expect("a written report");
    let (action, detail) = last_action(&admin);
    assert_eq!(action, AuditAction::Export);
    assert!(
        detail.contains("hate-crime") && detail.contains("csv"),
        "{detail}"
    );
    let refused = admin
        .report(&ReportRequest {
            figures: Figures::Working,
            ..written
        })
        .unwrap_err();
    assert!(refused.to_string().contains("screen only"), "{refused}");
    common::close(admin);
}

#[test]
fn clients_are_counted_once_and_strands_say_they_do_not_add_up() {
    let (_tmp, dir) = demo_store();
    let admin = open(&dir, "admin");
    let working = |name| ReportRequest {
        figures: Figures::Working,
        ..request(name)
    };
    let who = admin.report(&working(ReportName::WhoWeServe)).unwrap();
    let ethnic = column_total(&who, "Ethnic group (2021 Census)");
    assert!(ethnic > 0);
    for t in [
        "Ethnic group, high-level",
        "Religion",
        "Sex",
        "Age band",
        "Disability",
    ] {
        assert_eq!(column_total(&who, t), ethnic, "{t}");
    }
    assert_eq!(
        who.tables[0].rows.len(),
        21,
        "19 Census groups, prefer not to say, not recorded"
    );
    // Sealed buckets of report facts (cases by the day opened, people in 1,024
    // shards), not records: in this small store about one bucket a client, never
    // more than a bucket for each client and each case.
    let cases = admin.cases().count();
    assert!(
        who.records_read > 0 && who.records_read <= ethnic as usize + cases,
        "{} buckets for {ethnic} clients and {cases} cases",
        who.records_read
    );

    let hate = admin.report(&working(ReportName::HateCrime)).unwrap();
    let strands = &hate.tables[0];
    assert!(strands.column_totals.is_none());
    assert!(
        strands
            .note
            .as_deref()
            .unwrap_or_default()
            .contains("not additive")
    );
    let rows: BTreeSet<&str> = strands.rows.iter().map(String::as_str).collect();
    assert!(rows.contains("Race or ethnicity"), "{rows:?}");

    let kind = ReportRequest {
        kind: Some("housing".into()),
        ..request(ReportName::HateCrime)
    };
    let e = admin.report(&kind).unwrap_err().to_string();
    assert!(
        e.contains("does not take --kind") && e.contains("none"),
        "{e}"
    );
    let kind = ReportRequest {
        kind: Some("nonsense".into()),
        ..request(ReportName::Casework)
    };
    let e = admin.report(&kind).unwrap_err().to_string();
    assert!(e.contains("`nonsense`") && e.contains("hate_crime"), "{e}");
    common::close(admin);
}

#[test]
fn the_threshold_and_scorecard_mapping_are_settings() {
    let (_tmp, dir) = demo_store();
    let admin = open(&dir, "admin");
    let mut settings = ReportSettings {
        threshold: 10,
        ..ReportSettings::default()
    };
    settings.scorecard.case_kinds.clear();
    admin
        .set_report_settings(settings.clone())
        .expect("settings");
    common::close(admin);
    let cas = open(&dir, "cas");
    assert_eq!(cas.report_settings(), settings);
    let view = cas.report(&request(ReportName::Scorecard)).unwrap();
    assert!(
        view.rule_text.contains("1 to 9 are shown as <10"),
        "{}",
        view.rule_text
    );
    let t = &view.tables[0];
    let mapped_cases: Vec<Shown> = t.cells[..7].iter().map(|r| r[0]).collect();
    assert!(
        mapped_cases.iter().all(|c| *c == Shown::Count(0)),
        "{mapped_cases:?}"
    );
    assert!(cas.set_report_settings(ReportSettings::default()).is_err());
    common::close(cas);
}

#[test]
fn working_figures_agree_with_the_records_read_one_by_one() {
    let (_tmp, dir) = demo_store();
    let admin = open(&dir, "admin");
    let period = year();
    let scanned: Vec<_> = admin.incidents().map(|i| i.unwrap()).collect();
    let day =
        |i: &caseline::domain::Incident| caseline::domain::clock::local(i.reported_at).date_naive();
    let in_period = scanned.iter().filter(|i| period.contains(day(i))).count() as u64;
    let view = admin
        .report(&ReportRequest {
            figures: Figures::Working,
            ..request(ReportName::HateCrime)
        })
        .unwrap();
    assert!(in_period > 0);
    assert_eq!(column_total(&view, "By month reported"), in_period);
    assert_eq!(column_total(&view, "Reported to police"), in_period);
    // Sealed buckets of report facts for the days with an incident in the period (a
    // day in up to 16 shards): at least one a day, never more than the incidents, and
    // none for the days before or after it.
    let days: std::collections::BTreeSet<_> = scanned
        .iter()
        .map(day)
        .filter(|d| period.contains(*d))
        .collect();
    assert!(
        (days.len()..=in_period as usize).contains(&view.records_read),
        "{} buckets",
        view.records_read
    );
    common::close(admin);
}

#[test]
fn a_period_beyond_what_a_report_covers_is_refused_by_the_service() {
    use caseline::domain::report::PeriodKind;
    use chrono::NaiveDate;
    let tmp = common::temp("reports-far");
    let svc = common::init_store(&tmp.path().join("data"));
    let day = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
    // Periods no one types, as a request could carry them.
    let far = [
        (NaiveDate::MIN, NaiveDate::MAX),
        (day(1800), day(1801)),
        (day(2101), day(2102)),
        (day(1990), day(2020)),
    ];
    for (from, to) in far {
        let period = Period {
            kind: PeriodKind::Span,
            from,
            to,
        };
        let e = svc
            .report(&ReportRequest::new(ReportName::Casework, period))
            .expect_err("refused");
        let said = e.to_string();
        assert!(said.contains("1900") || said.contains("10 years"), "{said}");
    }
    let period = Period {
        kind: PeriodKind::Span,
        from: day(2016),
        to: day(2026).pred_opt().unwrap(),
    };
    svc.report(&ReportRequest::new(ReportName::Casework, period))
        .expect("ten years are covered");
    common::close(svc);
}
