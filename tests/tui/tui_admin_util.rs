//! Helpers for the administrator's screens (`admin`, `admin_history`, `admin_users`):
//! users of each role made through the service, signing in as one of them, and the
//! snapshot filter for audit entries, whose terminal or SSH address is the real one of
//! the run (their times are the harness clock's).

#![allow(dead_code)]

use caseline::service::KeyCost;
use std::path::Path;

use caseline::Caseline;
use caseline::domain::{Role, UserId};
use caseline::service::{AuditQuery, AuditRow, NewUser};
use caseline::ui::testing::Harness;

use crate::tui_case_util::wait_for_lock;
use crate::tui_util::PASS;

/// The passphrase of every user these tests add.
pub const WORKER_PASS: &str = "staple ladder orbit";

/// A snapshot with the terminal or SSH address the run has (the last column of an
/// audit table) and the random values filtered out.
macro_rules! admin_snap {
    ($name:expr, $screen:expr) => {
        let f = $crate::tui_admin_util::filters();
        insta::with_settings!({filters => $crate::tui_util::as_pairs(&f)}, {
            insta::assert_snapshot!($name, $screen);
        })
    };
}

pub fn filters() -> Vec<(String, String)> {
    let mut f = crate::tui_util::filters();
    // The origin column starts 62 characters into a row of the table.
    f.push((
        r"(?m)^(│[ >] \d{4}-\d{2}-\d{2} \d{2}:\d{2}.{44})[^│]*│$".into(),
        "${1}ORIGIN          │".into(),
    ));
    f
}

/// Adds a user through the service as the administrator.
pub fn add(dir: &Path, login: &str, name: &str, role: Role) -> UserId {
    wait_for_lock(dir);
    let svc = Caseline::open_with_clock(dir, None, PASS, caseline::ui::testing::test_clock())
        .expect("the store opens");
    let id = svc
        .add_user(
            NewUser {
                login: login.into(),
                display_name: name.into(),
                role,
                centre: None,
            },
            WORKER_PASS,
            KeyCost::CheapForTests,
        )
        .expect("a user is added");
    svc.close().expect("the store closes");
    id
}

/// Signs in through the unlock screen as `login` (with [`WORKER_PASS`]); lands on home.
pub fn sign_in_as(dir: &Path, login: &str) -> Harness {
    wait_for_lock(dir);
    let mut h = Harness::new(dir, 80, 24);
    h.keys(&format!("<S-tab>{login}<enter>{WORKER_PASS}<enter>"));
    let screen = h.screen();
    assert!(screen.contains("What do you want to do?"), "{screen}");
    h
}

/// The audit log as the administrator reads it through the service, newest first.
pub fn audit(dir: &Path, q: AuditQuery) -> Vec<AuditRow> {
    wait_for_lock(dir);
    let svc = Caseline::open_with_clock(dir, None, PASS, caseline::ui::testing::test_clock())
        .expect("the store opens");
    let rows = svc
        .audit_log(&AuditQuery { limit: 10_000, ..q })
        .expect("the administrator reads the log");
    svc.close().expect("the store closes");
    rows
}
