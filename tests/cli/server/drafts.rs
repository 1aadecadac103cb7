//! One worker at two terminals of one server keeps two drafts: saving the intake at one
//! leaves the other's draft whole, and after the server is killed it is offered again.

use super::{CASEWORKER_PASS, store};
use crate::common::server::serve;
use crate::common::{self};
use caseline::Caseline;
use caseline::service::Draft;
use caseline::service::api::{DeskRequest, Reply};

#[test]
fn a_draft_at_one_terminal_outlives_the_intake_saved_at_the_other_and_a_kill() {
    let tmp = common::temp("server-drafts");
    let dir = store(&tmp);
    let mut server = serve(&dir, &["--idle-exit", "60"]);
    let one = server.client("cas", CASEWORKER_PASS, "desk-a");
    let two = server.client("cas", CASEWORKER_PASS, "desk-b");
    let now = common::clock().now();
    let mut amina = Draft::new("intake", now);
    amina.values.insert("given_names".into(), "Amina".into());
    let mut tunde = Draft::new("intake", now);
    tunde.values.insert("given_names".into(), "Tunde".into());
    // Typing goes on at both: each has written both of its files.
    for _ in 0..3 {
        one.save_draft(&amina).unwrap();
        two.save_draft(&tunde).unwrap();
    }

    let mut intake = common::intake(common::person("Amina", Some("Yusuf")), "Spat at.");
    intake.from_draft = Some(amina.id);
    match one.call(DeskRequest::RecordIntake(Box::new(intake))) {
        Ok(Reply::IntakeSaved(_)) => {}
        other => panic!("recording the intake: {other:?}"),
    }
    tunde.values.insert("family_name".into(), "Bello".into());
    two.save_draft(&tunde).unwrap();
    two.sync_draft().unwrap();
    server.kill();
    drop((one, two));
    common::wait_released(&dir);

    let svc = Caseline::open(&dir, Some("cas"), CASEWORKER_PASS).expect("signs in");
    let found = svc
        .load_draft()
        .unwrap()
        .expect("the draft typed at desk-b");
    assert_eq!((found.id, &found.values), (tunde.id, &tunde.values));
    svc.close().unwrap();
}
