//! Letters for `docs/benchmarks.md`: a letter whose chronology has 200 entries, made
//! from the case (facts gathered from the store, template rendered) and written as a
//! DOCX file, against the target of 200 ms; and the rendering and DOCX writing alone.
//!
//! ```sh
//! cargo run --release --example bench_letter [-- --entries 200 --runs 50]
//! ```

use caseline::letters::{self, docx};
use caseline::service::KeyCost;
use caseline::service::{Caseline, LetterDraft};

mod support;

use support::timing::{p99_ms, spread, timed};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let entries: usize = support::flag(&args, "--entries").unwrap_or(200);
    let runs: usize = support::flag(&args, "--runs").unwrap_or(50);
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("data");
    let (svc, _) =
        Caseline::init(&dir, support::init_request(KeyCost::CheapForTests)).expect("init");
    let case = support::letters::letter_case(&svc, entries);
    let draft = LetterDraft {
        case: case.id,
        template: "employer-grievance".into(),
        recipient: case.employer,
        entries: svc
            .timeline(case.id)
            .expect("timeline")
            .iter()
            .map(|e| e.id)
            .collect(),
        ..LetterDraft::default()
    };
    let out = tmp.path().join("letter.docx");
    let whole = timed(runs, || {
        let view = svc.preview_letter(&draft).expect("letter");
        let bytes = docx::to_bytes(&view.document).expect("docx");
        std::fs::write(&out, &bytes).expect("write");
        bytes.len()
    });
    let view = svc.preview_letter(&draft).expect("letter");
    let size = std::fs::metadata(&out).expect("written").len();
    let template = svc.template("employer-grievance").expect("template");
    // Rendering alone, on facts already gathered: the template engine's share.
    let facts = sample_facts(entries);
    let facts_free = timed(runs, || {
        letters::compose(&template.name, &template.body, &facts, &Default::default())
            .expect("render")
            .body
            .len()
    });
    let docx_only = timed(runs, || docx::to_bytes(&view.document).expect("docx").len());
    println!(
        "# letter with a {entries}-entry chronology ({} KB DOCX)",
        size / 1024
    );
    println!("from the case to a DOCX file:  {}", spread(&whole));
    println!("rendering the template alone:  {}", spread(&facts_free));
    println!("writing the DOCX alone:        {}", spread(&docx_only));
    let p99 = p99_ms(&whole);
    println!(
        "target < 200 ms: {}",
        if p99 < 200.0 { "met" } else { "MISSED" }
    );
    svc.close().expect("close");
}

/// Facts with an `n`-line chronology, as the service gathers them.
fn sample_facts(n: usize) -> letters::Facts {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
    letters::Facts {
        today: day,
        organisation: "Benchmark REC".into(),
        worker: "Admin".into(),
        case_reference: "C-2026-0001".into(),
        case_kind: "Employment".into(),
        client: Some(letters::Client {
            name: "ليلى Jose\u{301}".into(),
            address: None,
            may_write: caseline::domain::Answer::Yes,
        }),
        recipient: letters::Recipient {
            name: support::letters::EMPLOYER.into(),
            role: "employer".into(),
            address: Some("Unit 3, Hook Rise, Surbiton".into()),
            contact: None,
        },
        acts: vec![day],
        chronology: (0..n)
            .map(|i| letters::ChronologyLine {
                on: day + chrono::Duration::days(i as i64),
                kind: "note".into(),
                text: format!("Spoke with the client about what happened at work ({i})."),
            })
            .collect(),
    }
}
