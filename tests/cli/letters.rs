//! `caseline letter` and `caseline template`, run as the real binary: every built-in
//! template makes a DOCX that reads back with the recipient, the chronology's dates
//! and names in any script intact; refusals exit 1 (2 for usage) and write nothing.

use std::io::Read;
use std::path::Path;

use caseline::domain::{Answer, EntryKind};
use caseline::letters::{BUILT_IN, long_date};
use caseline::service::{LinkTo, NewEntry, NewOrganisation, OpenCase, OrganisationRef};
use chrono::Duration;

use crate::common::{self, cli, intake, person};

/// The client's name: Arabic script, and a Latin name with a combining accent.
const CLIENT: &str = "ليلى";
const FAMILY: &str = "Jose\u{301}";
const EMPLOYER: &str = "Riverside Logistics Ltd";

/// A store with one case: a client who may be written to, an employer linked with
/// its address, and two notes; returns the case's reference and the notes' dates.
fn store_with_a_case(dir: &Path) -> (String, Vec<String>) {
    let svc = common::init_store(dir);
    let mut client = person(CLIENT, Some(FAMILY));
    client.safe_contact.write = Answer::Yes;
    client.contact.address = Some("4 Fairfield Road, Kingston KT1 2PY".into());
    let incident = svc
        .record_intake(intake(client, "Called names at work by a manager."))
        .unwrap()
        .incident;
    let opened = svc
        .open_case(OpenCase {
            kind: "employment".into(),
            incidents: vec![incident],
            summary: "Race discrimination at work.".into(),
            act_complained_of: Some(chrono::NaiveDate::from_ymd_opt(2026, 9, 14).unwrap()),
            ..OpenCase::default()
        })
        .unwrap();
    let employer = svc
        .add_organisation(NewOrganisation {
            name: EMPLOYER.into(),
            kind: "employer".into(),
            address: Some("Unit 3, Hook Rise, Surbiton".into()),
            ..NewOrganisation::default()
        })
        .unwrap();
    let to = LinkTo::Organisation(OrganisationRef::Existing(employer));
    svc.link_to_case(opened.id, to, "employer").unwrap();
    let now = svc.clock().now();
    let zone = caseline::domain::clock::zone();
    let mut dates = Vec::new();
    for days in [30, 9] {
        let at = now - Duration::days(days);
        svc.add_timeline_entry(NewEntry {
            case: opened.id,
            at: Some(at),
            kind: EntryKind::Note,
            text: format!("Told us about it {days} days ago."),
            corrects: None,
        })
        .unwrap();
        dates.push(long_date(at.with_timezone(&zone).date_naive()));
    }
    let reference = opened.reference.to_string();
    common::close(svc);
    (reference, dates)
}

/// The text of `word/document.xml` inside a DOCX.
fn document_xml(path: &Path) -> String {
    let file = std::fs::File::open(path).expect("the DOCX was written");
    let mut zip = zip::ZipArchive::new(file).expect("a DOCX is a zip archive");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("a DOCX has word/document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn every_built_in_template_makes_a_docx_that_reads_back() {
    let tmp = common::temp("letters");
    let dir = tmp.path().join("data");
    let (case, dates) = store_with_a_case(&dir);
    for t in BUILT_IN {
        let out = tmp.path().join(format!("{}.docx", t.name));
        let text = tmp.path().join(format!("{}.txt", t.name));
        let (out_s, text_s) = (out.to_str().unwrap(), text.to_str().unwrap());
        cli(
            &dir,
            &[
                "letter",
                &case,
                "--template",
                t.name,
                "--to",
                EMPLOYER,
                "--out",
                out_s,
                "--text",
                text_s,
                "--preview",
            ],
        )
        .expect(0);
        let xml = document_xml(&out);
        assert!(xml.contains(EMPLOYER), "{}: no recipient", t.name);
        assert!(xml.contains(&case), "{}: no reference", t.name);
        assert!(xml.contains(CLIENT), "{}: Arabic name lost", t.name);
        assert!(xml.contains(FAMILY), "{}: combining accent lost", t.name);
        assert!(xml.contains("14 September 2026"), "{}: no act date", t.name);
        if t.body.contains("chronology") {
            for d in &dates {
                assert!(xml.contains(d.as_str()), "{}: no {d}", t.name);
            }
            // Date order: the older entry first.
            assert!(xml.find(&dates[0]) < xml.find(&dates[1]), "{}", t.name);
        }
        let plain = std::fs::read_to_string(&text).unwrap();
        assert!(
            plain.contains(EMPLOYER) && plain.contains(CLIENT),
            "{}",
            t.name
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", t.name);
        }
    }
}

#[test]
fn a_letter_is_kept_with_the_case_unless_previewed() {
    let tmp = common::temp("letters");
    let dir = tmp.path().join("data");
    let (case, _) = store_with_a_case(&dir);
    let head = [
        "config",
        "letterhead",
        "Kingston REC",
        "Working for race equality",
    ];
    cli(&dir, &head).expect(0);
    cli(
        &dir,
        &["config", "signature", "Sam Caseworker", "Advice worker"],
    )
    .expect(0);
    let r = cli(&dir, &["config", "show"]).expect(0);
    assert!(
        r.stdout.contains("Working for race equality"),
        "{}",
        r.stdout
    );
    let out = tmp.path().join("kept.docx");
    let out_s = out.to_str().unwrap();
    let r = cli(
        &dir,
        &[
            "letter",
            &case,
            "--template",
            "appeal",
            "--to",
            EMPLOYER,
            "--out",
            out_s,
            "--entries",
            "note",
        ],
    )
    .expect(0);
    assert!(r.output().contains("kept with"), "{}", r.output());
    let xml = document_xml(&out);
    for framing in [
        "Working for race equality",
        "Sam Caseworker",
        "Advice worker",
    ] {
        assert!(xml.contains(framing), "no {framing}");
    }
    assert_eq!(kept(&dir, &case), 1);
}

#[test]
fn refusals_name_what_is_wrong_and_write_nothing() {
    let tmp = common::temp("letters");
    let dir = tmp.path().join("data");
    let (case, _) = store_with_a_case(&dir);
    let out = tmp.path().join("never.docx");
    let out_s = out.to_str().unwrap();
    let letter = |extra: &[&str]| {
        let mut args = vec!["letter", case.as_str(), "--out", out_s];
        args.extend_from_slice(extra);
        cli(&dir, &args)
    };
    let r = letter(&["--template", "appeal", "--to", "Nobody Ltd"]).expect(1);
    assert!(
        r.stderr.contains("no organisation called \"Nobody Ltd\""),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(EMPLOYER), "{}", r.stderr);
    let r = letter(&["--template", "no-such", "--to", EMPLOYER]).expect(1);
    assert!(r.stderr.contains("no-such"), "{}", r.stderr);
    let r = letter(&[
        "--template",
        "appeal",
        "--to",
        EMPLOYER,
        "--entries",
        "calls",
    ])
    .expect(2);
    assert!(
        r.stderr.contains("\"calls\" is not a kind of entry"),
        "{}",
        r.stderr
    );
    // No meetings on the timeline: a chronology with nothing in it is refused.
    let r = letter(&[
        "--template",
        "appeal",
        "--to",
        EMPLOYER,
        "--entries",
        "meeting",
    ])
    .expect(1);
    assert!(
        r.stderr.contains("no timeline entries were chosen"),
        "{}",
        r.stderr
    );
    let r = letter(&["--template", "appeal", "--to", EMPLOYER, "--fill", "oops"]).expect(2);
    assert!(r.stderr.contains("FIELD=TEXT"), "{}", r.stderr);
    assert!(!out.exists());
}

#[test]
fn templates_are_listed_shown_added_and_a_broken_one_is_refused_by_line() {
    let tmp = common::temp("letters");
    let dir = tmp.path().join("data");
    common::close(common::init_store(&dir));
    let r = cli(&dir, &["template", "list"]).expect(0);
    for t in BUILT_IN {
        assert!(r.stdout.contains(t.name), "{}", r.stdout);
    }
    let r = cli(&dir, &["template", "show", "employer-grievance"]).expect(0);
    assert!(
        r.stdout.contains("{{ recipient.greeting }}"),
        "{}",
        r.stdout
    );
    let file = tmp.path().join("chaser.txt");
    std::fs::write(&file, "Dear {{ recipient.greeting }},\n\n{% if %}\n").unwrap();
    let f = file.to_str().unwrap();
    let r = cli(&dir, &["template", "add", "chaser", f]).expect(1);
    assert!(
        r.stderr.contains("template \"chaser\", line 3"),
        "{}",
        r.stderr
    );
    std::fs::write(&file, "Dear {{ recipient.greeting }},\n\nA reminder.\n").unwrap();
    cli(&dir, &["template", "add", "chaser", f]).expect(0);
    let r = cli(&dir, &["template", "list"]).expect(0);
    assert!(r.stdout.contains("chaser"), "{}", r.stdout);
    cli(&dir, &["template", "edit", "appeal", f]).expect(0);
    let r = cli(&dir, &["template", "show", "appeal"]).expect(0);
    assert!(r.stdout.contains("A reminder."), "{}", r.stdout);
    cli(&dir, &["template", "show", "nothing-here"]).expect(1);
}

#[test]
fn letters_are_listed_and_one_marked_sent_is_fixed() {
    let tmp = common::temp("letters");
    let dir = tmp.path().join("data");
    let (case, _) = store_with_a_case(&dir);
    let out = tmp.path().join("a.docx");
    let out_s = out.to_str().unwrap();
    let args = [
        "letter",
        &case,
        "--template",
        "appeal",
        "--to",
        EMPLOYER,
        "--out",
        out_s,
    ];
    cli(&dir, &args).expect(0);
    let r = cli(&dir, &["letters", &case]).expect(0);
    assert!(r.stdout.contains("drafted"), "{}", r.stdout);
    let id = r
        .stdout
        .lines()
        .nth(1)
        .and_then(|l| l.split_whitespace().next())
        .expect("a letter's id")
        .to_string();
    // Drafted today (22 November): it was not sent the day before.
    let r = cli(
        &dir,
        &["letters", &case, "--sent", &id, "--on", "2026-11-21"],
    )
    .expect(1);
    assert!(r.stderr.contains("before it was drafted"), "{}", r.stderr);
    cli(
        &dir,
        &["letters", &case, "--sent", &id, "--on", "2026-11-22"],
    )
    .expect(0);
    let r = cli(&dir, &["letters", &case]).expect(0);
    assert!(r.stdout.contains("sent 2026-11-22"), "{}", r.stdout);
    let r = cli(&dir, &["letters", &case, "--sent", &id]).expect(1);
    assert!(
        r.stderr.contains("a sent letter cannot be changed"),
        "{}",
        r.stderr
    );
    cli(&dir, &["letters", &case, "--sent", "not-an-id"]).expect(2);
    let svc = common::open_store(&dir);
    let case_id = svc.case_by_ref(case.parse().unwrap()).unwrap().id;
    let sent = svc.timeline(case_id).unwrap().into_iter().any(
        |e| matches!(e.kind, EntryKind::Letter { letter: Some(l), .. } if l.to_string() == id),
    );
    assert!(sent, "a letter sent entry points at it");
    common::close(svc);
}

#[test]
fn a_letter_through_the_stores_server_is_the_same_letter() {
    let tmp = common::temp("letters");
    let dir = tmp.path().join("data");
    let (case, dates) = store_with_a_case(&dir);
    let server = common::server::serve(&dir, &["--idle-exit", "60"]);
    let out = tmp.path().join("served.docx");
    let out_s = out.to_str().unwrap();
    let args = [
        "letter",
        &case,
        "--template",
        "employer-grievance",
        "--to",
        EMPLOYER,
        "--out",
        out_s,
    ];
    cli(&dir, &args).expect(0);
    // A refusal crosses the socket in its own words (and the letter written before is
    // kept, even with --force).
    let r = cli(
        &dir,
        &[
            "letter",
            &case,
            "--template",
            "nope",
            "--to",
            EMPLOYER,
            "--out",
            out_s,
            "--force",
        ],
    )
    .expect(1);
    assert!(r.stderr.contains("nope"), "{}", r.stderr);
    let xml = document_xml(&out);
    assert!(xml.contains(EMPLOYER) && xml.contains(dates[0].as_str()));
    let r = cli(&dir, &["letters", &case]).expect(0);
    assert!(r.stdout.contains("employer-grievance"), "{}", r.stdout);
    server.stop();
}

/// The letters kept with the case.
fn kept(dir: &Path, case: &str) -> usize {
    let svc = common::open_store(dir);
    let case_id = svc.case_by_ref(case.parse().unwrap()).unwrap().id;
    let n = svc.letters_of(case_id).unwrap().len();
    common::close(svc);
    n
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let tmp = common::temp("letters");
    let dir = tmp.path().join("data");
    let (case, _) = store_with_a_case(&dir);
    let out = tmp.path().join("grievance.docx");
    let text = tmp.path().join("grievance.txt");
    let (out_s, text_s) = (out.to_str().unwrap(), text.to_str().unwrap());
    let args = [
        "letter",
        &case,
        "--template",
        "appeal",
        "--to",
        EMPLOYER,
        "--out",
        out_s,
        "--text",
        text_s,
    ];
    for there in [&out, &text] {
        std::fs::write(there, "someone's work").unwrap();
        let r = cli(&dir, &args).expect(1);
        assert!(r.stderr.contains("is there already"), "{}", r.stderr);
        assert!(r.stderr.contains("--force"), "{}", r.stderr);
        assert_eq!(std::fs::read_to_string(there).unwrap(), "someone's work");
        assert_eq!(kept(&dir, &case), 0, "no letter kept");
        std::fs::remove_file(there).unwrap();
        assert!(!out.exists() && !text.exists(), "nothing written");
    }
    std::fs::write(&out, "someone's work").unwrap();
    cli(&dir, &[&args[..], &["--force"]].concat()).expect(0);
    assert!(document_xml(&out).contains(EMPLOYER));
    assert!(std::fs::read_to_string(&text).unwrap().contains(EMPLOYER));
    assert_eq!(kept(&dir, &case), 1);
}

#[test]
fn a_letter_that_cannot_be_kept_or_written_whole_writes_nothing() {
    let tmp = common::temp("letters");
    let dir = tmp.path().join("data");
    let (case, _) = store_with_a_case(&dir);
    let out = tmp.path().join("appeal.docx");
    let out_s = out.to_str().unwrap();
    // An address line longer than a letter may keep: the letter lays out, but keeping
    // it is refused, and no file of it is left.
    let long = format!("recipient.address={}", "Unit 3 Hook Rise ".repeat(40));
    let base = ["letter", &case, "--template", "appeal", "--to", EMPLOYER];
    let r = cli(
        &dir,
        &[&base[..], &["--out", out_s, "--fill", &long]].concat(),
    )
    .expect(1);
    assert!(r.stderr.contains("500 characters"), "{}", r.stderr);
    assert!(!out.exists(), "no DOCX of a letter not kept");
    assert_eq!(kept(&dir, &case), 0);
    // The text file cannot be written: no DOCX either, and no letter kept.
    let nowhere = tmp.path().join("no such folder").join("appeal.txt");
    let text_arg = ["--out", out_s, "--text", nowhere.to_str().unwrap()];
    for preview in [&[][..], &["--preview"][..]] {
        let r = cli(&dir, &[&base[..], &text_arg[..], preview].concat()).expect(1);
        assert!(r.stderr.contains("cannot write"), "{}", r.stderr);
        assert!(!out.exists(), "no DOCX without its text");
    }
    assert_eq!(kept(&dir, &case), 0);
    let stray: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(stray.len(), 1, "only the data directory: {stray:?}");
}
