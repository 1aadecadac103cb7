//! Helpers shared by the integration tests: stores made through the service API, a
//! varied set of casework with known personal data, the `caseline` binary as a child
//! process, and reading everything on disk.
//!
//! The test crates that use it (`tests/store`, `tests/casework`, `tests/search`,
//! `tests/admin`, `tests/cli`) each include it as their module `common`, with `#[path]`.

#![allow(dead_code, unused_imports)]

pub mod crash;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use caseline::Caseline;
use caseline::domain::{
    CaseId, CaseOrganisation, CaseStatus, CentreConsent, CentreReport, Channel, Closure, Consent,
    ConsentMethod, Consents, Contact, Direction, EntryKind, IncidentId, ListKind, MeetingTime,
    Monitoring, OrganisationId, PartyRole, PersonId, Priority, ReferralStatus, ShareConsent,
    Subject, TimelineId,
};
use caseline::service::{
    IntakeRequest, NewEntry, NewFollowUp, NewOrganisation, NewParty, NewPerson, NewReferral,
    OpenCase, OrganisationRef, PersonRef, ReferralMove, StatusChange,
};
use chrono::NaiveDate;

pub use crash::{
    CLOCK_START, PASSPHRASE, clock, close, init_store, init_store_at, is_sled_lock_race,
    open_store, wait_released,
};

/// The organisation every test store is made for.
pub const ORGANISATION: &str = "Kingston Race Equality Council";

/// A fresh temporary directory whose name says which test made it.
pub fn temp(prefix: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("caseline-{prefix}-"))
        .tempdir()
        .expect("a temporary directory")
}

/// A new person with a name, everything else empty.
pub fn person(given: &str, family: Option<&str>) -> NewPerson {
    NewPerson {
        given_names: given.to_string(),
        family_name: family.map(str::to_string),
        consents: Consents {
            store: Consent::Given { on: today() },
            ..Consents::default()
        },
        ..NewPerson::default()
    }
}

/// A direct, non-anonymous report by `victim`.
pub fn intake(victim: NewPerson, narrative: &str) -> IntakeRequest {
    IntakeRequest {
        parties: vec![NewParty {
            role: PartyRole::Victim,
            person: Some(PersonRef::New(victim)),
            description: String::new(),
        }],
        narrative: narrative.to_string(),
        ..IntakeRequest::default()
    }
}

/// The day of [`clock`]'s start: Sunday 22 November 2026. A test that moves its
/// store's clock reads the day from it instead (`svc.clock().today()`).
pub fn today() -> NaiveDate {
    clock().today()
}

pub fn follow_up(action: &str) -> NewFollowUp {
    NewFollowUp {
        due: today() + chrono::Duration::days(2),
        due_time: None,
        assignee: None,
        priority: Priority::High,
        action: action.to_string(),
    }
}

/// Personal data written by [`populate`]: none of it may appear in plain text on disk,
/// in a backup, or in any output that promises to hold nothing personal.
pub const PERSONAL: &[&str] = &[
    "Amina Hassan",
    "Amina",
    "Hassan",
    "王秀英",
    "秀英",
    "Wang Xiuying",
    "Łukasz Wójcik",
    "Łukasz",
    "Wójcik",
    "07700 900123",
    "amina.h@example.org",
    "KT1 2AB",
    "14 Clarence Street",
    "Clarence Street",
    "spat",
    "grey hoodie",
    "Surbiton Polish Saturday School",
    "Grażyna Nowak",
    "020 7946 0991",
    "Tottenham Court",
    "Marchmont",
    "Zanzibar",
];

/// [`PERSONAL`] for checking messages: without "KT1 2AB", which validation messages
/// use as their example of a postcode ("is not a UK postcode (like KT1 2AB)").
pub fn personal_in_messages() -> Vec<&'static str> {
    PERSONAL
        .iter()
        .copied()
        .filter(|s| *s != "KT1 2AB")
        .collect()
}

/// What [`populate`] made.
#[derive(Debug, Clone)]
pub struct Populated {
    pub organisation: OrganisationId,
    pub amina: PersonId,
    pub wang: PersonId,
    pub lukasz: PersonId,
    pub incidents: Vec<IncidentId>,
    pub case: CaseId,
    pub closed_case: CaseId,
    pub note: TimelineId,
    pub correction: TimelineId,
}

/// Fills a store with varied casework through the service API: people in several
/// scripts, an organisation, three intakes (one anonymous), two cases with status
/// changes, timeline entries including a correction, follow-ups, a referral and an
/// administrator's new reference value.
pub fn populate(svc: &mut Caseline) -> Populated {
    svc.add_reference_value(ListKind::CaseKind, "Immigration", None, None)
        .expect("a new case kind");
    let organisation = add_saturday_school(svc);
    let first = svc.record_intake(amina_intake()).expect("first intake");
    let amina = first.new_people[0];
    let second = svc
        .record_intake(wang_intake(organisation))
        .expect("second intake");
    let (wang, lukasz) = (second.new_people[0], second.new_people[1]);
    let third = svc
        .record_intake(IntakeRequest {
            anonymous: true,
            channel: Channel::Referral {
                source: "police".into(),
            },
            narrative: "Anonymous report passed on by police.".into(),
            ..IntakeRequest::default()
        })
        .expect("anonymous intake");

    let (case, note, correction) = amina_case(svc, first.incident, organisation);
    let closed_case = wang_closed_case(svc, second.incident);

    Populated {
        organisation,
        amina,
        wang,
        lukasz,
        incidents: vec![first.incident, second.incident, third.incident],
        case,
        closed_case,
        note,
        correction,
    }
}

/// The organisation [`populate`] adds: a reporting centre with a contact person.
fn add_saturday_school(svc: &Caseline) -> OrganisationId {
    svc.add_organisation(NewOrganisation {
        name: "Surbiton Polish Saturday School".into(),
        kind: "community_group".into(),
        communities: vec!["Polish families in Surbiton".into()],
        services: vec!["Saturday school".into()],
        languages: vec!["polish".into(), "english".into()],
        meets: MeetingTime::parse_list("Sun 14:00-17:00").unwrap(),
        contact_person: Some("Grażyna Nowak".into()),
        phone: Some("020 7946 0991".into()),
        email: Some("grazyna@example.org".into()),
        address: Some("Tottenham Court, Surbiton".into()),
        reporting_centre: true,
        notes: "Takes reports in Polish.".into(),
    })
    .expect("organisation")
}

/// Amina's report: her contact details and monitoring, a described perpetrator, and a
/// follow-up.
fn amina_intake() -> IntakeRequest {
    let mut amina = person("Amina", Some("Hassan"));
    amina.contact = Contact {
        phone: Some("07700 900123".into()),
        email: Some("amina.h@example.org".into()),
        address: Some("14 Clarence Street".into()),
        postcode: Some("kt1 2ab".into()),
    };
    amina.languages = vec!["arabic".into(), "english".into()];
    amina.monitoring = Monitoring {
        ethnic_group: Some("african".into()),
        religion: Some("muslim".into()),
        housing_tenure: Some("council_tenant".into()),
        ..Monitoring::default()
    };
    let mut first = intake(
        amina,
        "A neighbour spat at her at the bus stop on Clarence Street and shouted abuse.",
    );
    first.location = "Bus stop, Clarence Street".into();
    first.postcode = Some("KT1 2AB".into());
    first.strands = vec!["race_or_ethnicity".into(), "religion_or_belief".into()];
    first.characteristics = vec!["race".into(), "religion_or_belief".into()];
    first.evidence = vec!["witness".into()];
    first.parties.push(NewParty {
        role: PartyRole::Perpetrator,
        person: None,
        description: "Man in his 30s, grey hoodie".into(),
    });
    first.follow_up = Some(follow_up("Call Amina back about the Marchmont flats"));
    first
}

/// Wang Xiuying's report through the reporting centre, with Łukasz as a witness.
fn wang_intake(organisation: OrganisationId) -> IntakeRequest {
    let mut wang = person("秀英", Some("王"));
    wang.name_order = Some(caseline::domain::NameOrder::FamilyFirst);
    wang.other_names = vec!["Wang Xiuying".into()];
    wang.languages = vec!["mandarin".into()];
    wang.interpreter_needed = true;
    wang.monitoring.ethnic_group = Some("chinese".into());
    let mut second = intake(
        wang,
        "Shop window of 王秀英 smashed; graffiti said Zanzibar.",
    );
    second.channel = Channel::ReportingCentre(CentreReport {
        centre: Some(organisation),
        reference: Some("SPS-2026-014".into()),
        reported_on: Some(today() - chrono::Duration::days(2)),
        consent: CentreConsent::Full,
    });
    second.parties.push(NewParty {
        role: PartyRole::Witness,
        person: Some(PersonRef::New(person("Łukasz", Some("Wójcik")))),
        description: String::new(),
    });
    second
}

/// The active hate crime case from Amina's report, with a note, a phone call, a
/// correction of the note, a follow-up and a referral. Returns the case, the note and
/// the correction.
fn amina_case(
    svc: &Caseline,
    incident: IncidentId,
    organisation: OrganisationId,
) -> (CaseId, TimelineId, TimelineId) {
    let case = svc
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![incident],
            organisations: vec![CaseOrganisation {
                organisation,
                role: "referrer".into(),
            }],
            summary: "Repeated harassment by a neighbour.".into(),
            safeguarding: vec!["adult_safeguarding".into()],
            ..OpenCase::default()
        })
        .expect("case")
        .id;
    svc.change_case_status(
        case,
        StatusChange {
            to: CaseStatus::Active,
            closure: None,
            note: "Started work".into(),
        },
    )
    .expect("active");
    let note = svc
        .add_timeline_entry(NewEntry {
            case,
            at: None,
            kind: EntryKind::Note,
            text: "Amina says the man lives at Marchmont House.".into(),
            corrects: None,
        })
        .expect("note");
    svc.add_timeline_entry(NewEntry {
        case,
        at: None,
        kind: EntryKind::PhoneCall {
            direction: Direction::Outgoing,
            with: "Kingston police".into(),
            minutes: Some(12),
        },
        text: "Asked about the crime reference.".into(),
        corrects: None,
    })
    .expect("phone call");
    let correction = svc
        .add_timeline_entry(NewEntry {
            case,
            at: None,
            kind: EntryKind::Note,
            text: "Correction: the man lives at Marchmont Court, not House.".into(),
            corrects: Some(note),
        })
        .expect("correction");
    svc.add_follow_up(
        Subject::Case(case),
        follow_up("Write to the housing officer"),
    )
    .expect("case follow-up");
    let referral = svc
        .start_referral(NewReferral {
            case,
            direction: Direction::Outgoing,
            organisation: Some(OrganisationRef::Existing(organisation)),
            agency_kind: "community_group".into(),
            on: today(),
            reason: "Support in Polish for the witness.".into(),
            shared: "Name and phone.".into(),
            their_reference: None,
            consent: Some(consent_to("community_group")),
            signpost: false,
        })
        .expect("referral");
    svc.move_referral(
        referral,
        ReferralMove {
            to: ReferralStatus::Sent,
            note: String::new(),
            override_reason: None,
        },
    )
    .expect("referral sent");
    (case, note, correction)
}

/// The client's verbal consent, today, to share with agencies of one kind.
pub fn consent_to(agency_kind: &str) -> ShareConsent {
    ShareConsent {
        given_by: "the client".into(),
        given_on: today(),
        how: ConsentMethod::Verbal,
        recipients: vec![agency_kind.into()],
        withheld: String::new(),
    }
}

/// The closed immigration case from Wang's report.
fn wang_closed_case(svc: &Caseline, incident: IncidentId) -> CaseId {
    let closed_case = svc
        .open_case(OpenCase {
            kind: "immigration".into(),
            incidents: vec![incident],
            summary: "Advice on status.".into(),
            ..OpenCase::default()
        })
        .expect("second case")
        .id;
    svc.change_case_status(
        closed_case,
        StatusChange {
            to: CaseStatus::Closed,
            closure: Some(Closure {
                on: today(),
                outcome: "advice_given".into(),
                note: "Advice given in Mandarin.".into(),
            }),
            note: "Closed".into(),
        },
    )
    .expect("closed");
    closed_case
}

/// The export as JSON, with `exported_at` removed.
pub fn export_value(svc: &Caseline) -> serde_json::Value {
    let mut v = serde_json::to_value(svc.export().expect("export")).expect("json");
    strip_exported_at(&mut v);
    v
}

pub fn strip_exported_at(v: &mut serde_json::Value) {
    v.as_object_mut()
        .expect("an export is an object")
        .remove("exported_at")
        .expect("an export has exported_at");
}

/// Every file under `dir`, recursively, with its bytes.
pub fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable directory") {
            let path = entry.expect("directory entry").path();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            if meta.is_dir() {
                stack.push(path);
            } else if meta.is_file() {
                let bytes = std::fs::read(&path).expect("readable file");
                out.push((path, bytes));
            }
        }
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The first needle found in `bytes` as UTF-8, or as UTF-16LE (for ASCII needles).
pub fn plain_text_in(bytes: &[u8], needles: &[&str]) -> Option<String> {
    for needle in needles {
        if let Some(at) = find(bytes, needle.as_bytes()) {
            return Some(format!("{needle:?} (UTF-8) at byte {at}"));
        }
        if needle.is_ascii() {
            let wide: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
            if let Some(at) = find(bytes, &wide) {
                return Some(format!("{needle:?} (UTF-16LE) at byte {at}"));
            }
        }
    }
    None
}

/// Fails if any needle occurs in `bytes` as UTF-8, or as UTF-16LE (for ASCII needles).
#[track_caller]
pub fn assert_absent(what: &str, bytes: &[u8], needles: &[&str]) {
    if let Some(found) = plain_text_in(bytes, needles) {
        panic!("{what} holds personal data in plain text: {found}");
    }
}

/// Fails if any needle occurs in `text`.
pub fn assert_text_absent(what: &str, text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            !text.contains(needle),
            "{what} shows personal data {needle:?}:\n{text}"
        );
    }
}

/// How a run of the `caseline` binary ended.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing the output when it is not the one expected.
    #[track_caller]
    pub fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit code {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        assert!(
            !self.stderr.contains("panicked"),
            "the command panicked:\n{}",
            self.stderr
        );
        self
    }

    pub fn output(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// The `caseline` binary with a clean environment: the data directory given, cheap key
/// derivation, the test passphrase in `CASELINE_PASSPHRASE`, the clock started at
/// [`CLOCK_START`], stdin not a terminal.
pub fn caseline(dir: &Path) -> Command {
    let mut c = caseline_bare();
    c.arg("--data-dir")
        .arg(dir)
        .env("CASELINE_PASSPHRASE", PASSPHRASE);
    c
}

/// The `caseline` binary: the one Cargo built for these tests, or (when this module
/// is compiled into an example, where Cargo does not say) the one beside the examples.
pub fn caseline_exe() -> PathBuf {
    match option_env!("CARGO_BIN_EXE_caseline") {
        Some(p) => PathBuf::from(p),
        None => {
            let exe = std::env::current_exe().expect("the running program");
            let dir = exe
                .parent()
                .and_then(Path::parent)
                .expect("target directory");
            dir.join(format!("caseline{}", std::env::consts::EXE_SUFFIX))
        }
    }
}

/// The `caseline` binary with no data directory and no passphrase. With no server
/// running, a command opens the store in its own process (`CASELINE_IN_PROCESS`)
/// rather than starting a server that outlives it: tests open the store themselves
/// right after. `tests/cli/server/on_demand.rs` runs commands as people do.
pub fn caseline_bare() -> Command {
    let mut c = Command::new(caseline_exe());
    c.env("CASELINE_INSECURE_FAST_KDF", "1")
        .env("CASELINE_IN_PROCESS", "1")
        .env_remove("CASELINE_IDLE_EXIT")
        .env(caseline::domain::clock::CLOCK_VAR, CLOCK_START)
        .env_remove("CASELINE_PASSPHRASE")
        .env_remove("CASELINE_DATA_DIR")
        .env_remove("CASELINE_USER")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdin(Stdio::null());
    c
}

/// Runs a command to completion.
pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("the caseline binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `caseline --data-dir DIR ARGS...` with the test passphrase.
pub fn cli(dir: &Path, args: &[&str]) -> Run {
    run(caseline(dir).args(args))
}

/// `caseline export` to standard output, parsed, without `exported_at`.
pub fn cli_export(dir: &Path) -> serde_json::Value {
    let r = cli(dir, &["export"]).expect(0);
    let mut v: serde_json::Value = serde_json::from_str(&r.stdout).expect("export is JSON");
    strip_exported_at(&mut v);
    v
}

/// Makes a store with the binary, as an administrator would.
pub fn cli_init(dir: &Path) -> Run {
    cli_init_with(caseline(dir).args(["init", "--org", ORGANISATION]), dir)
}

/// Runs an `init` command line, expecting success. When init tripped over the sled lock
/// race after the store was complete (see `tests/store/reopen_race.rs`), the store is
/// there and opens: that counts as made.
pub fn cli_init_with(cmd: &mut Command, dir: &Path) -> Run {
    let r = run(cmd);
    if r.code == Some(1) && is_sled_lock_race(&r.stderr) {
        assert!(caseline::store::Store::exists(dir), "{}", r.stderr);
        cli(dir, &["check"]).expect(0);
        return r;
    }
    r.expect(0)
}

/// Runs a command, again when it failed only on the sled lock race in
/// `tests/store/reopen_race.rs` (restore reopens the database it has just unpacked).
pub fn run_retrying(mut make: impl FnMut() -> Command) -> Run {
    for _ in 0..5 {
        let r = run(&mut make());
        if !(r.code == Some(1) && is_sled_lock_race(&r.stderr)) {
            return r;
        }
    }
    panic!("the sled lock race struck five times running");
}

/// `caseline --data-dir DIR ARGS...`, retried on the sled lock race only.
pub fn cli_retrying(dir: &Path, args: &[&str]) -> Run {
    run_retrying(|| {
        let mut c = caseline(dir);
        c.args(args);
        c
    })
}
