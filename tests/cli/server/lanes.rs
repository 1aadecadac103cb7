//! A connection's lanes, as a terminal uses them: the draft of an intake being typed
//! is kept while a long piece of work asked for on the same connection is still being
//! done, never queued behind it; and everything asked on one lane is answered in the
//! order it was asked.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::common;
use crate::common::server::serve;
use caseline::service::Draft;
use caseline::service::api::{Reply, UpkeepRequest};

/// Cases in the demo caseload: enough for its import to take a good while.
const DEMO_CASES: usize = 600;

#[test]
fn a_draft_is_kept_while_slow_work_on_the_same_connection_runs() {
    let tmp = common::temp("server-lanes");
    // The demo's case references would clash with a store's own casework.
    let dir = tmp.path().join("data");
    common::close(common::init_store(&dir));
    let server = serve(&dir, &["--idle-exit", "60"]);
    let client = Arc::new(server.admin("desk-a"));
    let done = Arc::new(AtomicBool::new(false));
    let importing = {
        let (client, done) = (Arc::clone(&client), Arc::clone(&done));
        std::thread::spawn(move || {
            let reply = client.call(UpkeepRequest::Demo {
                cases: DEMO_CASES,
                seed: 11,
            });
            done.store(true, Ordering::SeqCst);
            reply
        })
    };
    // The import is asked first; then the worker goes on typing.
    std::thread::sleep(std::time::Duration::from_millis(200));
    let mut kept_meanwhile = 0;
    let started = chrono::NaiveDate::from_ymd_opt(2026, 5, 4)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .expect("a time")
        .and_utc();
    let mut draft = Draft::new("intake", started);
    for i in 0..50 {
        draft
            .values
            .insert("given_names".into(), format!("Amina {i}"));
        client.save_draft(&draft).expect("the draft is kept");
        if !done.load(Ordering::SeqCst) {
            kept_meanwhile += 1;
        }
    }
    let reply = importing.join().expect("the import ends");
    assert!(matches!(reply, Ok(Reply::Imported(_))), "{reply:?}");
    assert!(
        kept_meanwhile > 0,
        "every draft waited for the import to finish"
    );
    let kept = client.load_draft().expect("read back").expect("a draft");
    assert_eq!(kept.values["given_names"], "Amina 49");
    Arc::try_unwrap(client)
        .expect("the last handle")
        .close()
        .expect("signed out");
    server.stop();
}
