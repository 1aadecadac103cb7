//! The service's behaviour on every storage engine: each test is written once, takes a
//! new store made by one of the constructors below, and runs on sled (a directory,
//! as `caseline init` makes one) and on the in-memory engine. Everything goes through
//! the requests a terminal or a command line sends (`Client::local`), so what is
//! checked is what users see: an intake recorded, a case opened from it, its timeline
//! and follow-ups, the queue and its counts, search, a second worker's session, the
//! audit chain, `check`, two workers saving one case at once, and a backup restored
//! into a directory (a store's data moves between engines that way). An engine to come
//! (PostgreSQL) adds one constructor and one line to the macro.

use chrono::Duration;

use super::views::{ChainCheck, Found};
use super::{
    Bucket, Client, Engine, EntryWith, Error, InitRequest, IntakeRequest, KeyCost, NewEntry,
    NewFollowUp, NewParty, NewPerson, NewUser, OpenCase, PersonRef, QueueRequest, Scope,
    UpdateCase,
};
use crate::domain::{
    Clock, Consent, Consents, EntryKind, PartyRole, PersonId, Priority, Role, Stamp, Subject,
};

const ADMIN_PASSPHRASE: &str = "the administrator's passphrase";
const PRIYA_PASSPHRASE: &str = "priya's own passphrase";

/// A new store on one engine: an engine on it, its administrator signed in, and the
/// clock every time is taken from (tests move it).
struct Made {
    engine: Engine,
    admin: Client,
    clock: Clock,
    /// The directory the store (sled) or only its drafts (in memory) are kept in.
    _dir: tempfile::TempDir,
}

fn request() -> InitRequest {
    InitRequest {
        organisation: "Kingston Race Equality Council".into(),
        admin_login: "admin".into(),
        admin_name: "Sam Okafor".into(),
        passphrase: zeroize::Zeroizing::new(ADMIN_PASSPHRASE.into()),
        key_cost: KeyCost::CheapForTests,
    }
}

fn on_sled() -> Made {
    let dir = tempfile::tempdir().unwrap();
    let clock = crate::ui::testing::test_clock();
    let made = Engine::create(&dir.path().join("data"), request(), clock.clone());
    let (engine, admin, _recovery) = made.expect("a store on sled");
    made_with(engine, admin, clock, dir)
}

fn in_memory() -> Made {
    let dir = tempfile::tempdir().unwrap();
    let clock = crate::ui::testing::test_clock();
    let made = Engine::in_memory(dir.path(), request(), clock.clone());
    let (engine, admin, _recovery) = made.expect("a store in memory");
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(
        files.is_empty(),
        "the in-memory engine writes no files: {files:?}"
    );
    made_with(engine, admin, clock, dir)
}

fn made_with(engine: Engine, admin: super::Caseline, clock: Clock, dir: tempfile::TempDir) -> Made {
    Made {
        engine,
        admin: Client::local(admin).expect("the administrator's client"),
        clock,
        _dir: dir,
    }
}

/// Runs each test on a new store of each engine: one test of the test's name in
/// module `on_sled`, one in module `in_memory`.
macro_rules! on_every_engine {
    ($($test:ident),* $(,)?) => {
        mod on_sled {
            $(#[test]
            fn $test() {
                super::$test(super::on_sled());
            })*
        }
        mod in_memory {
            $(#[test]
            fn $test() {
                super::$test(super::in_memory());
            })*
        }
    };
}

on_every_engine!(
    an_intake_becomes_a_case_with_its_timeline_and_follow_ups,
    a_second_worker_sees_the_first_workers_changes,
    two_saves_of_one_case_conflict_and_lose_nothing,
    a_backup_of_either_engine_restores_into_a_directory,
);

/// A caseworker, Priya, added by the administrator and signed in on the same engine.
fn priya(made: &Made) -> Client {
    made.admin
        .add_user(
            NewUser {
                login: "priya".into(),
                display_name: "Priya Shah".into(),
                role: Role::Caseworker,
                centre: None,
            },
            PRIYA_PASSPHRASE,
        )
        .expect("priya added");
    let stamp = Stamp {
        who: None,
        origin: "pts/2".into(),
        os_user: Some("priya".into()),
    };
    let session = made
        .engine
        .sign_in(Some("priya"), PRIYA_PASSPHRASE, stamp)
        .expect("priya signs in");
    Client::local(session).expect("priya's client")
}

/// An intake reported by a new person, Amina Hassan.
fn amina_reports(client: &Client, made: &Made) -> (super::IntakeSaved, PersonId) {
    let amina = NewPerson {
        given_names: "Amina".into(),
        family_name: Some("Hassan".into()),
        consents: Consents {
            store: Consent::Given {
                on: made.clock.today(),
            },
            ..Consents::default()
        },
        ..NewPerson::default()
    };
    let saved = client
        .record_intake(IntakeRequest {
            parties: vec![NewParty {
                role: PartyRole::Victim,
                person: Some(PersonRef::New(amina)),
                description: String::new(),
            }],
            narrative: "Shouted at on the bus by another passenger.".into(),
            ..IntakeRequest::default()
        })
        .expect("intake recorded");
    assert_eq!(saved.new_people.len(), 1, "one new person: {saved:?}");
    let person = saved.new_people[0];
    (saved, person)
}

fn case_from(client: &Client, saved: &super::IntakeSaved) -> crate::domain::CaseId {
    client
        .open_case(OpenCase {
            kind: "hate_crime".into(),
            incidents: vec![saved.incident],
            summary: "Abuse on the 71 bus.".into(),
            ..OpenCase::default()
        })
        .expect("case opened")
        .id
}

fn note(case: crate::domain::CaseId, text: &str) -> NewEntry {
    NewEntry {
        case,
        at: None,
        kind: EntryKind::Note,
        text: text.into(),
        corrects: None,
    }
}

fn follow_up(due: chrono::NaiveDate, action: &str) -> NewFollowUp {
    NewFollowUp {
        due,
        due_time: None,
        assignee: None,
        priority: Priority::High,
        action: action.into(),
    }
}

/// Every link of the audit chain holds; how many entries it has.
fn audit_entries(client: &Client) -> u64 {
    match client.verify_audit(None).expect("the chain is read") {
        ChainCheck::Verified { entries, .. } => entries,
        ChainCheck::Broken { seq, problem } => panic!("the chain breaks at {seq}: {problem}"),
    }
}

fn assert_clean(client: &Client) {
    let report = client.check().expect("check runs");
    assert!(report.is_clean(), "{:#?}", report.faults);
    assert!(report.records > 0);
}

fn an_intake_becomes_a_case_with_its_timeline_and_follow_ups(made: Made) {
    let admin = &made.admin;
    let today = made.clock.today();
    let before = audit_entries(admin);
    let (saved, amina) = amina_reports(admin, &made);
    let case = case_from(admin, &saved);

    let with = EntryWith {
        follow_up: Some(follow_up(today + Duration::days(2), "Ring Amina back")),
        crime_reference: None,
    };
    let added = admin
        .add_entry_with(
            note(case, "Spoke to Amina; she will keep the ticket."),
            with,
        )
        .expect("entry added");
    assert_eq!(added.due, Some(today + Duration::days(2)));
    admin
        .add_follow_up(
            Subject::Case(case),
            follow_up(today, "Ask the bus company for footage"),
        )
        .expect("follow-up added");

    let detail = admin.case_detail(case).expect("the case");
    let notes: Vec<&str> = detail
        .timeline
        .iter()
        .filter(|e| e.kind == EntryKind::Note)
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(notes, ["Spoke to Amina; she will keep the ticket."]);
    let mut actions: Vec<&str> = detail
        .follow_ups
        .iter()
        .map(|f| f.action.as_str())
        .collect();
    actions.sort();
    assert_eq!(
        actions,
        ["Ask the bus company for footage", "Ring Amina back"]
    );
    assert_eq!(detail.client.as_deref(), Some("Amina Hassan"));

    // The queue and the counts on home see both follow-ups, each in its bucket.
    let queue = admin
        .queue(QueueRequest {
            scope: Scope::Mine,
            buckets: Vec::new(),
            safeguarding_only: false,
            today,
            limit: 50,
        })
        .expect("the queue");
    let count = |b: Bucket| queue.counts.iter().find(|(c, _)| *c == b).map(|(_, n)| *n);
    assert_eq!(count(Bucket::Today), Some(1));
    assert_eq!(count(Bucket::Week), Some(1));
    assert_eq!(count(Bucket::Overdue), Some(0));
    assert_eq!(admin.my_counts(today).expect("counts"), (0, 1));

    let found = admin.search_view("Hassan").expect("search");
    let people: Vec<&Found> = found.people.rows.iter().map(|r| &r.target).collect();
    assert_eq!(people, [&Found::Person(amina)]);
    assert!(admin.search_view("Okonkwo").unwrap().people.rows.is_empty());

    assert!(
        audit_entries(admin) >= before + 4,
        "each save is in the log"
    );
    assert_clean(admin);
}

fn a_second_worker_sees_the_first_workers_changes(made: Made) {
    let priya = priya(&made);
    let admin = &made.admin;
    let (saved, amina) = amina_reports(&priya, &made);

    // What Priya saved, the administrator reads at once, search included.
    let recent = admin.recent_intakes().expect("recent intakes");
    assert!(recent.iter().any(|r| r.id == saved.incident), "{recent:?}");
    let found = admin.search_view("Amina").expect("search");
    assert_eq!(found.people.rows[0].target, Found::Person(amina));

    let case = case_from(admin, &saved);
    priya
        .add_entry_with(note(case, "Called Amina."), EntryWith::default())
        .expect("priya's entry");
    let detail = admin.case_detail(case).expect("the case");
    let by_priya = detail
        .timeline
        .iter()
        .find(|e| e.text == "Called Amina.")
        .expect("priya's entry on the administrator's screen");
    assert_eq!(by_priya.author, priya.actor().id);

    // Each is named in the log for what they did.
    let rows = admin
        .audit_log(super::AuditQuery {
            limit: 100,
            ..super::AuditQuery::default()
        })
        .expect("the log");
    assert!(
        rows.iter().any(|r| r.user.as_deref() == Some("priya")),
        "{rows:?}"
    );
    assert!(rows.iter().any(|r| r.user.as_deref() == Some("admin")));
    audit_entries(admin);
    assert_clean(admin);
    priya.sign_out(false).expect("priya signs out");
    assert!(
        made.engine.unlocked(),
        "the administrator is still signed in"
    );
}

fn two_saves_of_one_case_conflict_and_lose_nothing(made: Made) {
    let priya = priya(&made);
    let admin = &made.admin;
    let (saved, _) = amina_reports(admin, &made);
    let case = case_from(admin, &saved);
    admin
        .add_entry_with(note(case, "First call."), EntryWith::default())
        .expect("entry");

    // Both open the case, then both save a new summary, the administrator first.
    let seen_by_admin = admin.case_detail(case).unwrap().case;
    let seen_by_priya = priya.case_detail(case).unwrap().case;
    made.clock.advance(Duration::minutes(5));
    let summary = |text: &str, read| UpdateCase {
        summary: Some(text.into()),
        read: Some(Box::new(read)),
        ..UpdateCase::default()
    };
    admin
        .update_case(
            case,
            summary("Abuse on the 71 bus; driver saw it.", seen_by_admin),
        )
        .expect("the first save");
    made.clock.advance(Duration::minutes(1));
    let second = priya.update_case(case, summary("Priya's summary.", seen_by_priya));
    assert!(
        matches!(second, Err(Error::Conflict(_))),
        "the second save is refused: {second:?}"
    );

    // Nothing of the first save, or of what came before, is lost.
    let now = priya.case_detail(case).unwrap();
    assert_eq!(now.case.summary, "Abuse on the 71 bus; driver saw it.");
    assert!(now.timeline.iter().any(|e| e.text == "First call."));

    // Priya saves again over the case as it is now.
    priya
        .update_case(case, summary("Priya's summary.", now.case.clone()))
        .expect("a save over the case as it is");
    assert_eq!(
        admin.case_detail(case).unwrap().case.summary,
        "Priya's summary."
    );
    audit_entries(admin);
    assert_clean(admin);
}

fn a_backup_of_either_engine_restores_into_a_directory(made: Made) {
    let (_, amina) = amina_reports(&made.admin, &made);
    let elsewhere = tempfile::tempdir().unwrap();
    let backup = elsewhere.path().join("kingston.backup");
    let written = made.admin.backup_to_file(&backup).expect("backup");
    assert!(written.entries > 0 && written.bytes > 0, "{written:?}");

    let restored = elsewhere.path().join("restored");
    let admin = super::SignIn {
        login: Some("admin"),
        secret: ADMIN_PASSPHRASE,
    };
    let summary = super::restore(&restored, &backup, false, admin, &made.clock).expect("restore");
    assert_eq!(summary.entries, written.entries);
    let session = super::Caseline::open_with_clock(
        &restored,
        Some("admin"),
        ADMIN_PASSPHRASE,
        made.clock.clone(),
    )
    .expect("the restored store opens");
    let client = Client::local(session).unwrap();
    let found = client.search_view("Hassan").expect("search");
    let people: Vec<&Found> = found.people.rows.iter().map(|r| &r.target).collect();
    assert_eq!(people, [&Found::Person(amina)]);
    audit_entries(&client);
    assert_clean(&client);
}
