//! Reads beside writes in one server, as two people working at once make them: a
//! search while an import is being written leaves an index that holds everything
//! imported; a check, a backup and an export made while intakes are recorded see the
//! store as it was between two writes, never half way through one (so the check
//! finds no fault, the backup restores and checks clean, the export imports whole).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use super::{CASEWORKER_PASS, store};
use crate::common::server::{Served, serve};
use crate::common::{self, cli, cli_retrying, crash};
use caseline::service::api::{CaseRequest, DeskRequest, Reply, UpkeepRequest};
use caseline::service::parse_document;

/// Cases in the demo caseload imported: enough for its bulk write to take a while.
const DEMO_CASES: usize = 150;
/// Backups and exports made while another session works.
const COPIES: usize = 4;
/// Views of each new person's card after recording them.
const VIEWS: usize = 10;

#[test]
fn a_search_during_an_import_leaves_an_index_with_everything_imported() {
    let tmp = common::temp("server-search-import");
    // A store of its own casework would share the demo's case references.
    let dir = tmp.path().join("data");
    common::close(common::init_store(&dir));
    let server = serve(&dir, &["--idle-exit", "60"]);
    let importer = server.admin("desk-a");
    let searcher = server.admin("desk-b");
    let done = Arc::new(AtomicBool::new(false));
    let searching = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let mut searches = 0;
            while !done.load(Ordering::SeqCst) || searches == 0 {
                searcher.search_hits("Hassan", 5).expect("a search");
                searches += 1;
            }
            searcher.close().expect("signed out");
        })
    };
    let reply = importer.call(UpkeepRequest::Demo {
        cases: DEMO_CASES,
        seed: 7,
    });
    done.store(true, Ordering::SeqCst);
    searching.join().expect("the searches end");
    assert!(matches!(reply, Ok(Reply::Imported(_))), "{reply:?}");

    let report = importer.check().expect("a check");
    assert!(report.faults.is_empty(), "{:#?}", report.faults);
    importer.close().expect("signed out");
    server.stop();
}

/// A session recording intakes and reading each new person's card (a view, which the
/// audit log records without waiting for other writes) until told to stop; says how
/// many it recorded.
fn keep_working(server: &Served) -> (Arc<AtomicBool>, JoinHandle<usize>) {
    let client = server.client("cas", CASEWORKER_PASS, "desk-w");
    let done = Arc::new(AtomicBool::new(false));
    let stop = Arc::clone(&done);
    let working = std::thread::spawn(move || {
        let mut n = 0;
        while !stop.load(Ordering::SeqCst) {
            let request = DeskRequest::RecordIntake(Box::new(crash::request(n as u64)));
            let person = match client.call(request) {
                Ok(Reply::IntakeSaved(saved)) => saved.new_people[0],
                other => panic!("an intake: {other:?}"),
            };
            n += 1;
            for _ in 0..VIEWS {
                match client.call(CaseRequest::Person(person)) {
                    Ok(Reply::Person(_)) => {}
                    other => panic!("a person's card: {other:?}"),
                }
            }
        }
        client.close().expect("signed out");
        n
    });
    (done, working)
}

/// Stops [`keep_working`]; fails unless it recorded something.
fn stop_working((done, working): (Arc<AtomicBool>, JoinHandle<usize>)) {
    done.store(true, Ordering::SeqCst);
    assert!(working.join().expect("the work ends") > 0);
}

#[test]
fn a_check_while_intakes_are_recorded_finds_no_fault() {
    let tmp = common::temp("server-check-writes");
    let dir = store(&tmp);
    let server = serve(&dir, &["--idle-exit", "60"]);
    let checker = server.admin("desk-b");
    let work = keep_working(&server);
    let mut faults = Vec::new();
    for _ in 0..8 {
        faults.extend(checker.check().expect("a check").faults);
    }
    stop_working(work);
    assert!(faults.is_empty(), "{faults:#?}");
    checker.close().expect("signed out");
    server.stop();
}

#[test]
fn backups_and_exports_made_while_others_work_are_whole() {
    let tmp = common::temp("server-copies");
    let dir = store(&tmp);
    let server = serve(&dir, &["--idle-exit", "60"]);
    let admin = server.admin("desk-b");
    let work = keep_working(&server);
    let mut exports = Vec::new();
    for n in 0..COPIES {
        admin
            .backup_to_file(&tmp.path().join(format!("backup-{n}.clb")))
            .expect("a backup");
        let mut doc = Vec::new();
        admin.export_to(&mut doc).expect("an export");
        exports.push(doc);
    }
    stop_working(work);
    admin.close().expect("signed out");
    server.stop();

    for n in 0..COPIES {
        let backup = tmp.path().join(format!("backup-{n}.clb"));
        let fresh = tmp.path().join(format!("restored-{n}"));
        cli_retrying(&fresh, &["restore", backup.to_str().expect("a path")]).expect(0);
        cli(&fresh, &["check"]).expect(0);
    }
    // Each export holds every record its records refer to: it imports whole.
    for (n, bytes) in exports.iter().enumerate() {
        let doc = parse_document(bytes).expect("an export document");
        let svc = common::init_store(&tmp.path().join(format!("imported-{n}")));
        svc.import(doc)
            .unwrap_or_else(|e| panic!("export {n} does not import: {e}"));
        common::close(svc);
    }
}
