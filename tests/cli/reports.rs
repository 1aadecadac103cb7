//! `caseline report`: published figures as a table, CSV or JSON, written files audited,
//! and usage mistakes (unknown report, bad period, an option the report does not take)
//! refused with exit 2 and the accepted forms.

use std::path::PathBuf;

use crate::common::{self, PASSPHRASE, cli};
use caseline::Caseline;
use caseline::domain::AuditAction;
use caseline::service::AuditQuery;

/// A demo store of 300 cases made by the binary.
fn demo() -> (tempfile::TempDir, PathBuf) {
    let tmp = common::temp("cli-report");
    let dir = tmp.path().join("data");
    cli(&dir, &["demo", "--cases", "300", "--seed", "3"]).expect(0);
    (tmp, dir)
}

/// Figures that a published report must never show.
fn small(figure: &str) -> bool {
    matches!(figure, "1" | "2" | "3" | "4")
}

#[test]
fn csv_json_and_table_are_published_figures_and_audited() {
    let (tmp, dir) = demo();
    let file = tmp.path().join("hate.csv");
    let f = file.to_str().unwrap();
    let args = [
        "report",
        "hate-crime",
        "--period",
        "2025-11-01..2026-11-30",
        "--format",
        "csv",
    ];
    let r = cli(&dir, &[&args[..], &["--out", f]].concat()).expect(0);
    assert!(r.stderr.contains("published figures"), "{}", r.stderr);
    let bytes = std::fs::read(&file).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a byte-order mark first"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "owner-readable only");
    }
    // Written again to the same file: refused, the file kept, unless --force.
    std::fs::write(&file, "last year's figures").unwrap();
    let r = cli(&dir, &[&args[..], &["--out", f]].concat()).expect(1);
    assert!(r.stderr.contains("is there already"), "{}", r.stderr);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "last year's figures"
    );
    cli(&dir, &[&args[..], &["--out", f, "--force"]].concat()).expect(0);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("Table,Row,Column,Figure")
    );
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "Table,Row,Column,Figure");
    assert_eq!(lines.iter().filter(|l| l.starts_with("Table,")).count(), 1);
    let last = lines.last().unwrap();
    assert!(
        last.starts_with("Note,") && last.contains("shown as <5"),
        "{last}"
    );
    assert!(text.contains("not additive"));
    assert!(text.contains("By strand,Race or ethnicity,Incidents,"));
    for l in &lines[1..] {
        if !l.starts_with("Note,") {
            let figure = l.rsplit(',').next().unwrap();
            assert!(!small(figure), "{l}");
        }
    }
    let svc = Caseline::open_with_clock(&dir, None, PASSPHRASE, common::clock()).unwrap();
    let last = svc
        .audit_log(&AuditQuery {
            limit: 2,
            ..AuditQuery::default()
        })
        .unwrap();
    let export = last
        .iter()
        .find(|e| e.action == AuditAction::Export)
        .expect("audited");
    assert!(
        export.detail.contains("hate-crime") && export.detail.contains("csv"),
        "{}",
        export.detail
    );
    common::close(svc);

    let r = cli(
        &dir,
        &[
            "report", "casework", "--period", "2026-27", "--format", "json",
        ],
    )
    .expect(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["name"], "casework");
    assert!(v["tables"].as_array().unwrap().len() >= 3);
    assert!(v["rule_text"].as_str().unwrap().contains("<5"));

    let r = cli(
        &dir,
        &[
            "report",
            "who-we-serve",
            "--period",
            "2026-27",
            "--kind",
            "housing",
        ],
    )
    .expect(0);
    assert!(
        r.stdout
            .starts_with("Who we serve: Demo Race Equality Council, 2026-27"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Ethnic group (2021 Census)"));
    assert!(r.stdout.contains("shown as <5"));
}

#[test]
fn list_names_every_report_and_its_options() {
    let tmp = common::temp("cli-report-list");
    let r = cli(&tmp.path().join("none"), &["report", "list"]).expect(0);
    for name in [
        "hate-crime",
        "casework",
        "who-we-serve",
        "referrals",
        "third-party",
        "scorecard",
        "directory",
    ] {
        assert!(r.stdout.contains(name), "{name}: {}", r.stdout);
    }
    assert!(r.stdout.contains("--direction in|out") && r.stdout.contains("2026-27Q1"));
}

#[test]
fn usage_mistakes_exit_2_and_say_what_is_accepted() {
    let tmp = common::temp("cli-report-usage");
    let dir = tmp.path().join("none");
    let cases: [(&[&str], &[&str]); 8] = [
        (
            &["report", "crimes", "--period", "2026-27"],
            &["`crimes`", "who-we-serve"],
        ),
        (
            &["report", "casework", "--period", "2026-13"],
            &["`2026-13`", "2026-27Q1", "2026-05"],
        ),
        (&["report", "casework"], &["--period", "2026-27"]),
        (
            &[
                "report",
                "hate-crime",
                "--period",
                "2026-27",
                "--kind",
                "housing",
            ],
            &["does not take --kind", "none"],
        ),
        (
            &[
                "report",
                "referrals",
                "--period",
                "2026",
                "--direction",
                "sideways",
            ],
            &["`in` or `out`"],
        ),
        (
            &["report", "casework", "--period", "2026", "--format", "xml"],
            &["csv"],
        ),
        (
            &[
                "report",
                "casework",
                "--period=-262000-01-01..+262000-12-31",
            ],
            &["1900 to 2100"],
        ),
        (
            &["report", "casework", "--period", "2010-01-01..2026-12-31"],
            &["10 years at most"],
        ),
    ];
    for (args, said) in cases {
        let r = cli(&dir, args).expect(2);
        for s in said {
            assert!(r.stderr.contains(s), "{args:?}: {s} not in {}", r.stderr);
        }
        assert!(!dir.exists(), "a usage mistake makes no store");
    }
}

#[test]
fn the_threshold_rounding_and_scorecard_mapping_are_set_from_the_command_line() {
    let (_tmp, dir) = demo();
    cli(&dir, &["config", "report-threshold", "7"]).expect(0);
    cli(&dir, &["config", "report-rounding", "on"]).expect(0);
    cli(
        &dir,
        &[
            "config",
            "scorecard",
            "case",
            "complex",
            "civic_participation",
        ],
    )
    .expect(0);
    let shown = cli(&dir, &["config", "show"]).expect(0).stdout;
    assert!(shown.contains("report threshold   7"), "{shown}");
    assert!(
        shown.contains("scorecard case     complex -> civic_participation"),
        "{shown}"
    );
    let r = cli(
        &dir,
        &[
            "report",
            "scorecard",
            "--period",
            "2026-27",
            "--format",
            "csv",
        ],
    )
    .expect(0);
    assert!(r.stdout.contains("1 to 6 are shown as <7"), "{}", r.stdout);
    assert!(
        r.stdout.contains("rounded to the nearest 5"),
        "{}",
        r.stdout
    );
    for line in r.stdout.lines().filter(|l| !l.starts_with("Note,")).skip(1) {
        let figure = line.rsplit(',').next().unwrap();
        if let Ok(n) = figure.parse::<u64>() {
            assert!(n == 0 || (n >= 7 && n % 5 == 0), "{line}");
        }
    }
    let r = cli(&dir, &["config", "scorecard", "case", "housing", "sport"]).expect(2);
    assert!(
        r.stderr.contains("`sport`") && r.stderr.contains("criminal_justice"),
        "{}",
        r.stderr
    );
    let r = cli(&dir, &["config", "report-threshold", "1"]).expect(1);
    assert!(r.stderr.contains("2 to 20"), "{}", r.stderr);
}
